package routing

import "github.com/contactgraph/contactgraph/graph"

// noHops marks a node without a settled label in scratch.hops.
const noHops int8 = 127

// tauMargin puts the threshold of bestFirst just below the limit-th end's
// score, so that the search certainly counts that end (see contactsIn).
const tauMargin = 5e-9

// bestFirst learns, from src, what the best limit ends (end) within hops
// relationships need: it settles labels (a node, a number of hops, a score)
// in the order of their scores, highest first, and reads a node's arcs
// lazily, one trust at a time (a cursor per trust, whose bound is the
// score times the trust, or times the last effective trust read of that
// trust: within one trust it never grows). A label is skipped when its node
// has a settled label with as few hops or fewer, whose score is at least as
// high since it was settled first. Once limit ends are settled, the
// threshold lo rises to just below the last one's score; the search stops
// when nothing left can score lo or more, and lo never falls below floor.
//
// It returns the subgraph of the arcs read that lead to a score of at least
// the final lo, and lo. Every relationship of every route of at most hops
// relationships from src, scoring at least lo, whose interior nodes may be
// interior and whose end is an end, is in it: by induction along the route,
// each of its nodes has a settled label with no more hops than the route
// takes to it and a score at least the route's prefix (a skipped label's
// node has such a label), and that label's cursor reads the route's next arc
// before the search stops, since the bound stays at least the prefix times
// the arc's effective trust until then.
func (l *learner) bestFirst(src int32, hops, limit int, floor float64, end func(graph.Traits) bool) (*subgraph, float64) {
	sc, traits, asOf, hl := l.sc, l.traits, l.set.asOf, l.set.halfLife
	sc.resetHops()
	sc.arcs = sc.arcs[:0]
	q := &sc.queue
	*q = (*q)[:0]
	q.push(entry{bound: 1, score: 1, node: src, arc: -1})
	lo, ends := floor, 0
	for len(*q) > 0 {
		e := q.pop()
		if e.bound < lo {
			break
		}
		if e.arc < 0 { // a label
			v := e.node
			h := sc.hops[v]
			if h <= int8(e.hops) {
				continue
			}
			if h == noHops {
				sc.hoped = append(sc.hoped, v)
				if v != src && end(traits[v]) {
					if ends++; ends == limit {
						lo = max(lo, e.score*(1-tauMargin))
					}
				}
			}
			sc.hops[v] = int8(e.hops)
			if int(e.hops) == hops || (e.hops > 0 && !traits[v].Interior()) {
				continue
			}
			if int(e.hops) == hops-1 {
				// The last hop leads to ends only, which are employees:
				// read them at once, without cursors.
				l.lastHop(v, e.score, lo, src, end)
				continue
			}
			if arcs := l.view.Arcs(v); len(arcs) > 0 {
				q.push(entry{bound: e.score * arcs[0].Trust, score: e.score, node: v, hops: e.hops, arc: 0})
			}
			continue
		}
		arcs := l.view.Arcs(e.node)
		i, groupEnd := e.arc, e.end
		if groupEnd == 0 { // the first arc of its trust: the next trust gets a cursor
			groupEnd = int32(nextTrust(arcs, int(i)))
			if int(groupEnd) < len(arcs) {
				q.push(entry{bound: e.score * arcs[groupEnd].Trust, score: e.score, node: e.node, hops: e.hops, arc: groupEnd})
			}
		}
		a := &arcs[i]
		w := a.Effective(asOf, hl)
		s := e.score * w
		if i+1 < groupEnd {
			q.push(entry{bound: min(e.score*a.Trust, s*(1+groupSlack)), score: e.score, node: e.node, hops: e.hops, arc: i + 1, end: groupEnd})
		}
		v := a.To
		t := traits[v]
		if s < lo || v == src || t == 0 || (!end(t) && (int(e.hops)+1 == hops || !t.Interior())) {
			continue
		}
		sc.arcs = append(sc.arcs, learnedArc{u: e.node, v: v, rel: a.Rel, w: w, score: s})
		if int8(e.hops+1) < sc.hops[v] {
			q.push(entry{bound: s, score: s, node: v, hops: e.hops + 1, arc: -1})
		}
	}
	k := 0
	for _, a := range sc.arcs {
		if a.score >= lo {
			sc.arcs[k] = a
			k++
		}
	}
	sc.arcs = sc.arcs[:k]
	return l.subgraph([]int32{src}), lo
}

// lastHop pushes the labels of the ends that node u, settled at score with
// one hop left, leads to with a score of at least lo. Ends are employees.
func (l *learner) lastHop(u int32, score, lo float64, src int32, end func(graph.Traits) bool) {
	sc, traits, asOf, hl := l.sc, l.traits, l.set.asOf, l.set.halfLife
	arcs := l.view.EmployeeArcs(u)
	for i := 0; i < len(arcs); i++ {
		a := &arcs[i]
		if score*a.Trust < lo {
			break
		}
		v := a.To
		if v == src || !end(traits[v]) {
			continue
		}
		w := a.Effective(asOf, hl)
		s := score * w
		if s < lo {
			if s < lo*(1-groupSlack) {
				i = nextTrust(arcs, i) - 1
			}
			continue
		}
		hops := sc.hops[u] + 1
		sc.arcs = append(sc.arcs, learnedArc{u: u, v: v, rel: a.Rel, w: w, score: s})
		if hops < sc.hops[v] {
			sc.queue.push(entry{bound: s, score: s, node: v, hops: int32(hops), arc: -1})
		}
	}
}

// entry is a label to settle (arc < 0) or a cursor over the arcs of a
// settled label's node, from arc to the end of its trust (end; 0 while
// unknown).
type entry struct {
	bound, score float64
	node, hops   int32
	arc, end     int32
}

// queue is a max-heap of entries by bound.
type queue []entry

func (q *queue) push(e entry) {
	h := append(*q, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].bound >= e.bound {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
	*q = h
}

func (q *queue) pop() entry {
	h := *q
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1].bound > h[c].bound {
			c++
		}
		if h[c].bound <= last.bound {
			break
		}
		h[i] = h[c]
		i = c
	}
	if n > 0 {
		h[i] = last
	}
	*q = h
	return top
}
