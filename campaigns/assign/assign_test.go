package assign

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// scoreSet is drawn from so that equal scores, and so ties, are common.
var scoreSet = []float64{0.3, 0.35, 0.5, 0.6, 0.6, 0.9, 1.0}

// instance is a drawn assignment problem in the terms of the campaign:
// recipients with ranked candidates, senders with capacities.
type instance struct {
	recipients []string
	senders    []string
	caps       []int
	cands      [][]Candidate
}

func drawInstance(t *rapid.T, maxRecipients, maxSenders int) instance {
	in := instance{}
	m := rapid.SampledFrom(downFrom(maxSenders, 1)).Draw(t, "senders")
	for s := 0; s < m; s++ {
		in.senders = append(in.senders, fmt.Sprintf("e%d", s))
		in.caps = append(in.caps, rapid.SampledFrom([]int{Unlimited, 0, 1, 1, 2, 3}).Draw(t, "cap"))
	}
	n := rapid.SampledFrom(downFrom(maxRecipients, 0)).Draw(t, "recipients")
	for r := 0; r < n; r++ {
		in.recipients = append(in.recipients, fmt.Sprintf("c%02d", r))
		var cs []Candidate
		for _, s := range rapid.Permutation(in.senders).Draw(t, "order")[:rapid.SampledFrom(downFrom(m, 0)).Draw(t, "k")] {
			cs = append(cs, Candidate{Sender: s, Score: rapid.SampledFrom(scoreSet).Draw(t, "score")})
		}
		slices.SortFunc(cs, func(a, b Candidate) int {
			return ranked(a, b)
		})
		in.cands = append(in.cands, cs)
	}
	return in
}

func (in instance) problem() *Problem {
	p := &Problem{Caps: in.caps}
	for r, cs := range in.cands {
		costs := Costs(in.recipients[r], cs)
		var os []Option
		for j, c := range cs {
			os = append(os, Option{Sender: int32(slices.Index(in.senders, c.Sender)), Cost: costs[j]})
		}
		p.Opts = append(p.Opts, os)
	}
	return p
}

// evaluate checks the capacities of choice and returns its cost and score.
func (in instance) evaluate(p *Problem, choice []int32) (Cost, float64, bool) {
	load := make([]int, len(in.senders))
	var total Cost
	score := 0.0
	for r, j := range choice {
		if j < 0 {
			continue
		}
		o := p.Opts[r][j]
		load[o.Sender]++
		if c := in.caps[o.Sender]; c != Unlimited && load[o.Sender] > c {
			return Cost{}, 0, false
		}
		total = total.add(o.Cost)
		score += in.cands[r][j].Score
	}
	return total, score, true
}

// bruteForce enumerates every assignment: the least cost vector, the
// assignments reaching it, and the highest total score.
func (in instance) bruteForce(p *Problem) (best Cost, argmins [][]int32, maxScore float64) {
	choice := make([]int32, len(p.Opts))
	first := true
	var rec func(r int)
	rec = func(r int) {
		if r == len(p.Opts) {
			c, s, ok := in.evaluate(p, choice)
			if !ok {
				return
			}
			maxScore = math.Max(maxScore, s)
			switch {
			case first || c.less(best):
				best, argmins, first = c, [][]int32{slices.Clone(choice)}, false
			case c == best:
				argmins = append(argmins, slices.Clone(choice))
			}
			return
		}
		for j := int32(-1); j < int32(len(p.Opts[r])); j++ {
			choice[r] = j
			rec(r + 1)
		}
	}
	rec(0)
	return best, argmins, maxScore
}

// The solver finds the canonical optimum that enumerating every assignment
// finds, and the highest total score.
func TestAssignMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInstance(t, 7, 4)
		p := in.problem()
		got, err := p.Solve(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		gotCost, gotScore, ok := in.evaluate(p, got)
		if !ok {
			t.Fatalf("assignment %v breaks a capacity %v", got, in.caps)
		}
		wantCost, argmins, maxScore := in.bruteForce(p)
		if math.Abs(gotScore-maxScore) > 1e-9 {
			t.Fatalf("total score %v, brute force %v (assignment %v)", gotScore, maxScore, got)
		}
		if gotCost != wantCost {
			t.Fatalf("cost %+v, canonical optimum %+v (%v), assignment %v", gotCost, wantCost, argmins, got)
		}
		if len(argmins) == 1 && !slices.Equal(got, argmins[0]) {
			t.Fatalf("assignment %v, canonical %v", got, argmins[0])
		}
	})
}

// Renumbering recipients and senders changes nothing but the numbers when
// the canonical optimum is unique.
func TestAssignIgnoresOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInstance(t, 7, 4)
		p := in.problem()
		want, _ := p.Solve(context.Background())
		_, argmins, _ := in.bruteForce(p)

		perm := rapid.Permutation(seq(len(in.recipients))).Draw(t, "recipient order")
		sperm := rapid.Permutation(seq(len(in.senders))).Draw(t, "sender order")
		sh := instance{}
		for _, s := range sperm {
			sh.senders = append(sh.senders, in.senders[s])
			sh.caps = append(sh.caps, in.caps[s])
		}
		for _, r := range perm {
			sh.recipients = append(sh.recipients, in.recipients[r])
			sh.cands = append(sh.cands, in.cands[r])
		}
		got, _ := sh.problem().Solve(context.Background())
		if len(argmins) != 1 {
			return
		}
		for i, r := range perm {
			if got[i] != want[r] {
				t.Fatalf("recipient %s: option %d after reordering, %d before", in.recipients[r], got[i], want[r])
			}
		}
	})
}

// downFrom lists hi down to lo: rapid leans towards the first values of a
// sample, and larger instances find more.
func downFrom(hi, lo int) []int {
	var out []int
	for n := hi; n >= lo; n-- {
		out = append(out, n)
	}
	return out
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// ranked orders candidates as routing ranks senders of one hop: score
// descending, then id.
func ranked(a, b Candidate) int {
	if a.Score != b.Score {
		return cmp.Compare(b.Score, a.Score)
	}
	return strings.Compare(a.Sender, b.Sender)
}
