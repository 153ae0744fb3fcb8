package assign

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// BenchmarkAssign solves campaign-sized assignments alone, 100,000
// recipients each:
//   - tenth-limited: one to three candidates among 5,000 senders of skewed
//     popularity (Zipf, s = 1.1), every tenth sender limited to 50;
//   - all-limited: one to four candidates among 5,000 senders, a third of
//     the draws from the 250 most popular, every sender limited to 10 (half
//     the recipients cannot get a trusted sender), scores uniform in
//     [0.3, 1), so that nearly every capacity binds.
func BenchmarkAssign(b *testing.B) {
	b.Run("tenth-limited", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 2))
		zipf := newZipfDraw(5_000, 1.1, rng)
		benchAssign(b, drawProblem(rng, 100_000, 5_000, 3, zipf, func(s int) int {
			if s%10 == 0 {
				return 50
			}
			return Unlimited
		}, func() float64 { return scoreSet[rng.IntN(len(scoreSet))] }))
	})
	b.Run("all-limited", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(3, 4))
		draw := func() int {
			if rng.IntN(3) == 0 {
				return rng.IntN(250)
			}
			return rng.IntN(5_000)
		}
		benchAssign(b, drawProblem(rng, 100_000, 5_000, 4, draw, func(int) int { return 10 },
			func() float64 { return 0.3 + 0.7*rng.Float64() }))
	})
}

func benchAssign(b *testing.B, p *Problem) {
	for b.Loop() {
		if _, err := p.Solve(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(p.prune().solver)), "solver-recipients")
}

// drawProblem draws recipients with one to k candidates (senders from
// draw, scores from score) and the capacities of capOf.
func drawProblem(rng *rand.Rand, recipients, senders, k int, draw func() int, capOf func(int) int, score func() float64) *Problem {
	p := &Problem{Caps: make([]int, senders), Opts: make([][]Option, recipients)}
	for s := range p.Caps {
		p.Caps[s] = capOf(s)
	}
	for r := range p.Opts {
		var cs []Candidate
		seen := map[int]bool{}
		for n := 1 + rng.IntN(k); n > 0; n-- {
			if s := draw(); !seen[s] {
				seen[s] = true
				cs = append(cs, Candidate{Sender: fmt.Sprintf("e%05d", s), Score: score()})
			}
		}
		slices.SortFunc(cs, ranked)
		costs := Costs(fmt.Sprintf("c%07d", r), cs)
		for j, c := range cs {
			var s int32
			_, _ = fmt.Sscanf(c.Sender, "e%05d", &s)
			p.Opts[r] = append(p.Opts[r], Option{Sender: s, Cost: costs[j]})
		}
	}
	return p
}

// newZipfDraw draws 0 … n−1 with probability proportional to 1/(i+1)^s.
func newZipfDraw(n int, s float64, rng *rand.Rand) func() int {
	cum := make([]float64, n)
	sum := 0.0
	for i := range cum {
		sum += 1 / math.Pow(float64(i+1), s)
		cum[i] = sum
	}
	return func() int {
		i, _ := slices.BinarySearch(cum, rng.Float64()*sum)
		return min(i, n-1)
	}
}
