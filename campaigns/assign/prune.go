package assign

import (
	"maps"
	"slices"
)

// pruned says which capacities can bind, which options are ruled out and
// which recipients need the solver (see assign.go, The method).
type pruned struct {
	// binding tells, per sender, whether its capacity can bind.
	binding []bool
	// lim is, per recipient, the index of its first usable option whose
	// sender cannot bind, or the number of its options if there is none;
	// every usable option before it has a binding sender.
	lim []int32
	// first is, per recipient, the index of its first usable option (its
	// choice unless it is in the solver), or of its outside option if it
	// was shed; −1 for none.
	first []int32
	// solver lists the recipients whose first usable option binds.
	solver []int32
	// off and dropped mark options ruled out: option j of recipient r is
	// dropped[off[r]+j].
	off     []int32
	dropped []bool
}

// usable reports whether option j of recipient r can be taken: its sender
// has places and the option was not ruled out.
func (p *Problem) usable(pr *pruned, r, j int32) bool {
	return p.Caps[p.Opts[r][j].Sender] != 0 && !pr.dropped[pr.off[r]+j]
}

// pruner finds the binding capacities and settles what is certain before
// the solver runs.
type pruner struct {
	p      *Problem
	pr     pruned
	demand []int     // per binding sender: recipients that may end there
	by     [][]place // per sender: where it appears in recipients' lists
	shed   []bool    // per recipient: certain to take its outside option
	queue  []int32   // senders whose demand may fit their capacity
}

type place struct{ r, pos int32 }

// maxPruneRounds bounds the rounds of shedding and dropping; whatever is
// left is the solver's, which is exact either way.
const maxPruneRounds = 8

// prune settles everything that needs no optimisation:
//
//   - Capacities that cannot bind. A sender's demand counts the recipients
//     for whom it ranks before their first unlimited option; a sender whose
//     demand fits its capacity is never over-full, so it becomes unlimited,
//     which ends those recipients' lists earlier and lowers other demands.
//   - Recipients certain to lose (shedSimple): of the recipients whose only
//     binding option is sender s, at most cap(s) keep s in any optimal
//     assignment, those who lose most by leaving (cost of the outside option
//     minus cost of s; on a tie the lower recipient number); the others
//     take their outside option at once.
//   - Options certain to be lost (dropWeak): recipient r cannot keep s if
//     cap(s) other recipients would each lose more by leaving s, even to
//     their best alternative, than r loses at worst, by taking its outside
//     option (a swap would cost less), so s is struck from r's options.
//
// These spare the solver most of the excess of popular senders.
func (p *Problem) prune() pruned {
	n, m := len(p.Opts), len(p.Caps)
	x := &pruner{p: p, demand: make([]int, m), by: make([][]place, m), shed: make([]bool, n),
		pr: pruned{binding: make([]bool, m), lim: make([]int32, n), first: make([]int32, n), off: make([]int32, n+1)}}
	for r, opts := range p.Opts {
		x.pr.off[r+1] = x.pr.off[r] + int32(len(opts))
	}
	x.pr.dropped = make([]bool, x.pr.off[n])
	for s, c := range p.Caps {
		x.pr.binding[s] = c > 0
	}
	for r, opts := range p.Opts {
		x.pr.first[r], x.pr.lim[r] = -1, int32(len(opts))
		for j, o := range opts {
			if p.Caps[o.Sender] == 0 {
				continue
			}
			if x.pr.first[r] < 0 {
				x.pr.first[r] = int32(j)
			}
			if !x.pr.binding[o.Sender] {
				x.pr.lim[r] = int32(j)
				break
			}
			x.demand[o.Sender]++
			x.by[o.Sender] = append(x.by[o.Sender], place{int32(r), int32(j)})
		}
	}
	for s := range p.Caps {
		x.check(int32(s))
	}
	x.settle()
	for round := 0; round < maxPruneRounds; round++ {
		shed := x.shedSimple()
		x.settle()
		dropped := x.dropWeak()
		x.settle()
		if !shed && !dropped {
			break
		}
	}
	for r := range p.Opts {
		if f := x.pr.first[r]; !x.shed[r] && f >= 0 && f < x.pr.lim[r] {
			x.pr.solver = append(x.pr.solver, int32(r))
		}
	}
	return x.pr
}

// check queues binding sender s if its demand fits its capacity.
func (x *pruner) check(s int32) {
	if x.pr.binding[s] && x.demand[s] <= x.p.Caps[s] {
		x.queue = append(x.queue, s)
	}
}

// contested reports whether option j of recipient r counts in its
// sender's demand.
func (x *pruner) contested(r, j int32) bool {
	return !x.shed[r] && j < x.pr.lim[r] && x.p.usable(&x.pr, r, j) && x.pr.binding[x.p.Opts[r][j].Sender]
}

// settle makes the queued senders unlimited, and those that become
// unlimited in turn.
func (x *pruner) settle() {
	p, pr := x.p, &x.pr
	for len(x.queue) > 0 {
		s := x.queue[len(x.queue)-1]
		x.queue = x.queue[:len(x.queue)-1]
		if !pr.binding[s] {
			continue
		}
		pr.binding[s] = false
		for _, at := range x.by[s] {
			r := at.r
			if x.shed[r] || at.pos >= pr.lim[r] || !p.usable(pr, r, at.pos) {
				continue // decided, ended earlier, or ruled out
			}
			for j := at.pos + 1; j < pr.lim[r]; j++ {
				if x.contested(r, j) {
					s := p.Opts[r][j].Sender
					x.demand[s]--
					x.check(s)
				}
			}
			pr.lim[r] = at.pos
		}
		x.by[s] = nil
	}
}

// outsideCost is the cost of recipient r's outside option: its first
// unlimited option, or no trusted sender.
func (x *pruner) outsideCost(r int32) Cost {
	if l := x.pr.lim[r]; l < int32(len(x.p.Opts[r])) {
		return x.p.Opts[r][l].Cost
	}
	return Cost{}
}

// outside returns the index of r's outside option, −1 for none.
func (x *pruner) outside(r int32) int32 {
	if l := x.pr.lim[r]; l < int32(len(x.p.Opts[r])) {
		return l
	}
	return -1
}

// shedSimple sheds the recipients certain to lose (see prune) and reports
// whether it shed any.
func (x *pruner) shedSimple() bool {
	p, pr := x.p, &x.pr
	simple := make(map[int32][]int32)
	for r := range int32(len(p.Opts)) {
		f := pr.first[r]
		if x.shed[r] || f < 0 || f >= pr.lim[r] {
			continue
		}
		only := true
		for j := f + 1; j < pr.lim[r] && only; j++ {
			only = !p.usable(pr, r, j)
		}
		if only {
			s := p.Opts[r][f].Sender
			simple[s] = append(simple[s], r)
		}
	}
	any := false
	for _, s := range slices.Sorted(maps.Keys(simple)) {
		rs := simple[s]
		if !pr.binding[s] || len(rs) <= p.Caps[s] {
			continue
		}
		loss := func(r int32) Cost { return x.outsideCost(r).sub(p.Opts[r][pr.first[r]].Cost) }
		slices.SortFunc(rs, func(a, b int32) int {
			la, lb := loss(a), loss(b)
			switch {
			case lb.less(la):
				return -1
			case la.less(lb):
				return 1
			}
			return int(a - b)
		})
		for _, r := range rs[p.Caps[s]:] {
			x.shed[r] = true
			pr.first[r] = x.outside(r)
			x.demand[s]--
			any = true
		}
		x.check(s)
	}
	return any
}

// dropWeak strikes binding senders from the options of recipients certain
// not to keep them (see prune) and reports whether it struck any.
func (x *pruner) dropWeak() bool {
	p, pr := x.p, &x.pr
	any := false
	type entry struct {
		at        place
		best, out Cost // least and outside loss of leaving s
	}
	var es []entry
	var bests []Cost
	for s := range int32(len(p.Caps)) {
		if !pr.binding[s] {
			continue
		}
		es, bests = es[:0], bests[:0]
		for _, at := range x.by[s] {
			if !x.contested(at.r, at.pos) {
				continue
			}
			here := p.Opts[at.r][at.pos].Cost
			out := x.outsideCost(at.r).sub(here)
			best := out
			for j := int32(0); j < pr.lim[at.r]; j++ {
				if j != at.pos && p.usable(pr, at.r, j) {
					if l := p.Opts[at.r][j].Cost.sub(here); l.less(best) {
						best = l
					}
				}
			}
			es = append(es, entry{at, best, out})
			bests = append(bests, best)
		}
		c := p.Caps[s]
		if len(es) <= c {
			continue
		}
		// The c-th largest least loss: c recipients lose at least this much.
		slices.SortFunc(bests, func(a, b Cost) int {
			switch {
			case b.less(a):
				return -1
			case a.less(b):
				return 1
			}
			return 0
		})
		bar := bests[c-1]
		for _, e := range es {
			if !e.out.less(bar) {
				continue
			}
			r := e.at.r
			pr.dropped[pr.off[r]+e.at.pos] = true
			x.demand[s]--
			any = true
			if pr.first[r] == e.at.pos {
				pr.first[r] = x.next(r, e.at.pos+1)
			}
		}
		x.check(s)
	}
	return any
}

// next returns r's first usable option from index j on, its outside option
// if none is left before it, or −1.
func (x *pruner) next(r, j int32) int32 {
	for ; j < x.pr.lim[r]; j++ {
		if x.p.usable(&x.pr, r, j) {
			return j
		}
	}
	return x.outside(r)
}
