// Package assign solves the trusted_path step of a campaign under
// capacities, a transportation problem (a b-matching): every recipient
// gets at most one of its ranked candidates, every sender at most its
// capacity of recipients, and the sum of the scores is to be as large as
// possible.
//
// # The canonical optimum
//
// Among several optimal assignments the one returned is fixed by comparing
// assignments on a cost vector, lexicographically, smallest first:
//
//  1. minus the total score, with each score rounded to a multiple of
//     2^-40 (and, along a recipient's ranked candidates, never above the
//     score of an earlier one, so that candidates equal within the
//     tolerance of routing.ScoresEqual keep their rank order);
//  2. minus 2^32 per recipient who gets a trusted sender, plus the rank of
//     the candidate each gets (0 for their best): more recipients with a
//     trusted sender first, then each recipient as high in their own ranking
//     as possible;
//  3. the sum of h(customer, sender) over the pairs assigned, h being the
//     top 30 bits of FNV-1a (64 bit) of customer id, a zero byte and sender
//     id: a fixed pseudo-random priority that decides between recipients
//     competing for the last place of a sender, the same whatever order the
//     recipients were given in.
//
// Level 3 leaves ties only between assignments whose hash sums coincide;
// those go to the deterministic order of the solver, which processes
// recipients and senders in id order. The answer therefore depends only on
// the recipients, their candidates and the capacities, never on the order
// of the request.
//
// # The method
//
// Senders whose capacity cannot bind need no optimisation: a recipient
// whose best usable candidate is unlimited takes it (any other choice costs
// score or capacity). A capacity binds only if more recipients could reach
// the sender than it has places, counting only recipients for whom the
// sender ranks before their first unlimited candidate; senders that cannot
// bind are treated as unlimited, which can release others, until nothing
// changes. Only the recipients left, whose best candidate is a binding
// sender, go to the solver, with their binding candidates ranked before
// their first unlimited one and an outside option: that unlimited candidate,
// or no trusted sender.
// Before that, exchange arguments settle much of a popular sender's excess
// (assign_prune.go): recipients who can only lose it, and options that a
// recipient cannot keep in any optimal assignment, leave the problem.
//
// The solver is min-cost flow by successive shortest paths with potentials
// (Johnson's reweighting, so that Dijkstra's algorithm applies). It starts
// from every recipient at its best candidate, which is optimal without
// capacities, and moves the excess of over-full senders along shortest
// paths to senders with room or to the outside option. A path runs over
// senders: the arc x→y moves one recipient from x to y and costs the least
// c(r, y) − c(r, x) over the recipients r at x that can go to y (a heap per
// pair of senders); the recipients' potentials cancel out along a path, so
// only senders carry potentials. Each round runs Dijkstra's algorithm once,
// backwards from the sink, which gives every sender its shortest path, and
// then moves excess along every path that still costs nothing, many
// senders' excess per round. Every move keeps the flow optimal for the
// capacities met so far, so the final flow is optimal.
package assign

import (
	"context"
	"hash/fnv"
	"math"
)

// Cost is a point of the lexicographic cost of a (partial) assignment.
type Cost struct{ a, b, c int64 }

func (x Cost) add(y Cost) Cost { return Cost{x.a + y.a, x.b + y.b, x.c + y.c} }
func (x Cost) sub(y Cost) Cost { return Cost{x.a - y.a, x.b - y.b, x.c - y.c} }

func (x Cost) less(y Cost) bool {
	switch {
	case x.a != y.a:
		return x.a < y.a
	case x.b != y.b:
		return x.b < y.b
	}
	return x.c < y.c
}

// Scales of the cost levels.
const (
	scoreScale = 1 << 40 // a score of 1 is worth 2^40 at level 1
	servedBase = 1 << 32 // worth more than any sum of ranks at level 2
)

// Candidate is a sender a recipient may get, with the score of the best
// route from the recipient to them.
type Candidate struct {
	Sender string
	Score  float64
}

// Costs returns the cost of assigning customer to each of its ranked
// candidates.
func Costs(customer string, cands []Candidate) []Cost {
	out := make([]Cost, len(cands))
	prev := int64(math.MaxInt64)
	for i, c := range cands {
		q := min(int64(math.Round(min(max(c.Score, 0), 1)*scoreScale)), prev)
		prev = q
		out[i] = Cost{a: -q, b: int64(i) - servedBase, c: tieHash(customer, c.Sender)}
	}
	return out
}

// tieHash is h of level 3.
func tieHash(customer, sender string) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(customer))
	_, _ = h.Write([]byte{0})
	_, _ = h.Write([]byte(sender))
	return int64(h.Sum64() >> 34)
}

// Unlimited is the capacity of a sender without a limit.
const Unlimited = -1

// Option is one candidate of a recipient: a sender and its cost.
type Option struct {
	Sender int32
	Cost   Cost
}

// Problem is a trusted_path assignment to solve. Recipients and
// senders are numbered; the numbering should follow id order, which makes
// the remaining ties canonical (see above).
type Problem struct {
	Caps []int      // per sender: places, or unlimited
	Opts [][]Option // per recipient: candidates ranked, best first, distinct senders, costs increasing
}

// Solve returns, per recipient, the index into its options of the sender
// it gets, or −1 for none.
func (p *Problem) Solve(ctx context.Context) ([]int32, error) {
	choice := make([]int32, len(p.Opts))
	pr := p.prune()
	for r := range p.Opts {
		choice[r] = pr.first[r]
	}
	if len(pr.solver) == 0 {
		return choice, nil
	}
	f := newFlow(p, pr)
	if err := f.run(ctx); err != nil {
		return nil, err
	}
	for i, r := range pr.solver {
		x := f.at(int32(i))
		switch {
		case x < f.outside:
			choice[r] = f.optionOf(i, x)
		case pr.lim[r] < int32(len(p.Opts[r])):
			choice[r] = pr.lim[r]
		default:
			choice[r] = -1
		}
	}
	return choice, nil
}
