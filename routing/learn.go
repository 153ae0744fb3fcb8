package routing

import (
	"slices"
	"sync"

	"github.com/contactgraph/contactgraph/graph"
)

// This file learns subgraphs from a graph.View (ReadGraph): instead of
// whole levels of the neighbourhood it follows only the relationships that
// can still matter, reading the graph directly. See the package comment,
// Fewer relationships, for why the answers stay exact.

// scratch holds per-node arrays of one operation over a View, sized to the
// graph and reused through scratchPool: operations touch a few thousand of
// half a million nodes, so the arrays are reset entry by entry, never
// allocated or cleared whole.
type scratch struct {
	local []int32   // graph node → subgraph node, −1
	slot  []int32   // graph node → index in the layer being built, −1
	best  []float64 // graph node → best score of a kept label, −1
	seen  []int32   // nodes with best set
	mark  []uint8   // graph node → the sides of Paths that reached it
	marks []int32   // nodes with mark set
	hops  []int8    // graph node → fewest hops of a settled label, noHops
	hoped []int32   // nodes with hops set
	queue queue

	arcs   []learnedArc
	byRel  []uint64     // subgraph: relationship << 32 | index in arcs
	unique []learnedArc // subgraph: arcs by relationship, each once
	cur    []vlabel
	next   []vlabel
}

// learnedArc is a relationship an operation learned, between graph nodes.
type learnedArc struct {
	u, v, rel int32
	w         float64
	score     float64 // of the walk it was read for (bestFirst)
}

// vlabel is the best walk of one layer to a graph node (its score only).
type vlabel struct {
	node  int32
	score float64
}

var scratchPool sync.Pool

// getScratch returns a scratch for a graph of n nodes, every entry reset.
func getScratch(n int) *scratch {
	sc, _ := scratchPool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	if k := n - len(sc.local); k > 0 {
		sc.local = append(sc.local, filled(k, int32(-1))...)
		sc.slot = append(sc.slot, filled(k, int32(-1))...)
		sc.best = append(sc.best, filled(k, -1.0)...)
		sc.mark = append(sc.mark, make([]uint8, k)...)
		sc.hops = append(sc.hops, filled(k, noHops)...)
	}
	return sc
}

func filled[T any](n int, v T) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// release resets what sc's operation set and returns sc to the pool.
func (sc *scratch) release() {
	sc.resetBest()
	for _, v := range sc.marks {
		sc.mark[v] = 0
	}
	sc.marks = sc.marks[:0]
	sc.resetHops()
	sc.arcs = sc.arcs[:0]
	sc.queue = sc.queue[:0]
	scratchPool.Put(sc)
}

func (sc *scratch) resetHops() {
	for _, v := range sc.hoped {
		sc.hops[v] = noHops
	}
	sc.hoped = sc.hoped[:0]
}

func (sc *scratch) resetBest() {
	for _, v := range sc.seen {
		sc.best[v] = -1
	}
	sc.seen = sc.seen[:0]
}

// learner learns subgraphs of one View for one operation.
type learner struct {
	view   graph.View
	traits []graph.Traits
	set    settings
	sc     *scratch
}

func newLearner(view graph.View, s settings) *learner {
	traits := view.Traits()
	return &learner{view: view, traits: traits, set: s, sc: getScratch(len(traits))}
}

func (l *learner) release() { l.sc.release() }

// groupSlack keeps the skip to the next trust group safe should the
// effective trust not fall strictly monotonically with age in floating
// point: a group is left only when its next arc misses the threshold by
// more than rounding could make up.
const groupSlack = 1e-12

// scored learns, from src, every relationship of every walk of at most hops
// relationships whose score is at least lo, whose interior nodes may be
// interior and whose last node is interior or an end (end, unless it is the
// last hop, where it must be an end): a layered search like search.run that
// drops every label scoring below lo. Since every effective trust is at most
// 1, each prefix of such a walk scores at least as much as the walk, so the
// walk's labels are all kept (or beaten by a label of an earlier layer with
// a score at least as high, which then learns the same relationships) and
// every one of its relationships is learned. The arcs of a node are read in
// the order of View.Arcs: the rest of a node's arcs is skipped once the
// label's score times the trust falls below lo, and the rest of one trust's
// arcs once the effective trust does.
func (l *learner) scored(src int32, hops int, lo float64, end func(graph.Traits) bool) *subgraph {
	sc, traits, asOf, hl := l.sc, l.traits, l.set.asOf, l.set.halfLife
	sc.resetBest()
	sc.arcs = sc.arcs[:0]
	cur := append(sc.cur[:0], vlabel{node: src, score: 1})
	next := sc.next[:0]
	sc.best[src] = 1
	sc.seen = append(sc.seen, src)
	for h := 1; h <= hops && len(cur) > 0; h++ {
		last := h == hops
		next = next[:0]
		for _, lb := range cur {
			u, score := lb.node, lb.score
			if h > 1 && !traits[u].Interior() {
				continue
			}
			arcs := l.view.Arcs(u)
			for i := 0; i < len(arcs); i++ {
				a := &arcs[i]
				if score*a.Trust < lo {
					break
				}
				w := a.Effective(asOf, hl)
				s := score * w
				if s < lo {
					if s < lo*(1-groupSlack) {
						i = nextTrust(arcs, i) - 1
					}
					continue
				}
				v := a.To
				t := traits[v]
				if v == src || t == 0 || (!end(t) && (last || !t.Interior())) {
					continue
				}
				sc.arcs = append(sc.arcs, learnedArc{u: u, v: v, rel: a.Rel, w: w})
				if j := sc.slot[v]; j >= 0 {
					next[j].score = max(next[j].score, s)
					continue
				}
				sc.slot[v] = int32(len(next))
				next = append(next, vlabel{node: v, score: s})
			}
		}
		// Keep a label only if no earlier layer reached its node with a
		// score at least as high (exactly: the earlier label must learn
		// everything the dropped one would have).
		k := 0
		for _, lb := range next {
			sc.slot[lb.node] = -1
			b := sc.best[lb.node]
			if b >= lb.score {
				continue
			}
			if b < 0 {
				sc.seen = append(sc.seen, lb.node)
			}
			sc.best[lb.node] = lb.score
			next[k] = lb
			k++
		}
		cur, next = next[:k], cur
	}
	sc.cur, sc.next = cur, next
	return l.subgraph([]int32{src})
}

// nextTrust returns the index of the first arc after i with a lower trust.
func nextTrust(arcs []graph.Arc, i int) int {
	t := arcs[i].Trust
	j, _ := slices.BinarySearchFunc(arcs[i+1:], t, func(a graph.Arc, t float64) int {
		if a.Trust >= t {
			return -1
		}
		return 1
	})
	return i + 1 + j
}

// Sides of a two-ended expansion, as bits of scratch.mark.
const (
	fromSide uint8 = 1
	toSide   uint8 = 2
)

// side is one end of a two-ended expansion.
type side struct {
	bit      uint8
	source   int32
	stop     int32 // never expanded: the other end
	level    int
	frontier []int32
}

// between learns every relationship of every route of at most hops
// relationships from src to dst, expanding from both ends as the package
// comment describes (Expansion): a levels from one end and b from the other
// with a + b = hops, each time from the end whose frontier has fewer
// relationships to read. Two things need not be learned: persons that can
// be neither interior nor an end, and, at the last level, persons the
// other end has not reached, since the rest of a route from there would
// have been learned from the other end.
func (l *learner) between(src, dst int32, hops int) *subgraph {
	sc, traits, asOf, hl := l.sc, l.traits, l.set.asOf, l.set.halfLife
	sc.arcs = sc.arcs[:0]
	fw := &side{bit: fromSide, source: src, stop: dst, frontier: []int32{src}}
	bw := &side{bit: toSide, source: dst, stop: src, frontier: []int32{dst}}
	l.reach(src, fromSide)
	l.reach(dst, toSide)
	for step := range hops {
		w, other := fw, bw
		if l.cost(bw) < l.cost(fw) {
			w, other = bw, fw
		}
		if len(w.frontier) == 0 {
			break // everything reachable from that end is learned
		}
		last := step == hops-1
		var next []int32
		for _, u := range w.frontier {
			if u == w.stop || (w.level > 0 && !traits[u].Interior()) {
				continue
			}
			arcs := l.view.Arcs(u)
			for i := range arcs {
				a := &arcs[i]
				v := a.To
				t := traits[v]
				if t == 0 {
					continue
				}
				if last {
					if sc.mark[v]&other.bit == 0 {
						continue
					}
				} else if v != dst && v != src && !t.Interior() {
					continue
				}
				sc.arcs = append(sc.arcs, learnedArc{u: u, v: v, rel: a.Rel, w: a.Effective(asOf, hl)})
				if sc.mark[v]&w.bit == 0 {
					l.reach(v, w.bit)
					next = append(next, v)
				}
			}
		}
		w.frontier = next
		w.level++
	}
	return l.subgraph([]int32{src, dst})
}

// reach marks v as reached by a side.
func (l *learner) reach(v int32, bit uint8) {
	if l.sc.mark[v] == 0 {
		l.sc.marks = append(l.sc.marks, v)
	}
	l.sc.mark[v] |= bit
}

// cost is the number of relationships expanding s's frontier reads.
func (l *learner) cost(s *side) int {
	n := 0
	for _, u := range s.frontier {
		if u != s.stop && (s.level == 0 || l.traits[u].Interior()) {
			n += len(l.view.Arcs(u))
		}
	}
	return n
}

// subgraph makes the learned arcs a subgraph whose first nodes are first,
// each relationship once.
func (l *learner) subgraph(first []int32) *subgraph {
	sc := l.sc
	arcs := sc.uniqueArcs()
	g := &subgraph{view: l.view}
	node := func(v int32) int32 {
		if x := sc.local[v]; x >= 0 {
			return x
		}
		x := int32(len(g.ids))
		sc.local[v] = x
		g.ids = append(g.ids, l.view.ID(v))
		g.nodeIn = append(g.nodeIn, v)
		g.interior = append(g.interior, l.traits[v].Interior())
		return x
	}
	for _, v := range first {
		node(v)
	}
	g.ends = make([][2]int32, len(arcs))
	g.trust = make([]float64, len(arcs))
	g.relIn = make([]int32, len(arcs))
	for i, a := range arcs {
		g.ends[i] = [2]int32{node(a.u), node(a.v)}
		g.trust[i] = a.w
		g.relIn[i] = a.rel
	}
	for _, v := range g.nodeIn {
		sc.local[v] = -1
	}
	sc.arcs = sc.arcs[:0]
	g.build()
	return g
}

// uniqueArcs returns the learned arcs ordered by relationship, each
// relationship once (as first learned). Sorting integer keys is several
// times faster than sorting the arcs themselves with a comparison.
func (sc *scratch) uniqueArcs() []learnedArc {
	keys := sc.byRel[:0]
	for i, a := range sc.arcs {
		keys = append(keys, uint64(uint32(a.rel))<<32|uint64(i))
	}
	slices.Sort(keys)
	out := sc.unique[:0]
	for i, k := range keys {
		if i > 0 && k>>32 == keys[i-1]>>32 {
			continue
		}
		out = append(out, sc.arcs[uint32(k)])
	}
	sc.byRel, sc.unique = keys, out
	return out
}

// endsWhere marks the nodes of g (learned from a View) whose traits ok
// accepts.
func (l *learner) endsWhere(g *subgraph, ok func(graph.Traits) bool) []bool {
	m := make([]bool, g.len())
	for i, v := range g.nodeIn {
		m[i] = ok(l.traits[v])
	}
	return m
}
