package routing

import "strings"

// label is the best walk of one layer (hop count) to node: its score and
// the index of its predecessor's label in the previous layer.
type label struct {
	node  int32
	pred  int32
	score float64
}

// ref locates a label: its layer (= hops) and index.
type ref struct{ hops, idx int32 }

// search runs the exact hop-layered best-route programme of the package
// comment over a subgraph. Its per-node arrays are reused across runs; a run
// touches only the nodes it reaches.
type search struct {
	g      *subgraph
	end    []bool // may end a route (unless a target is given)
	layers [][]label
	slot   []int32   // node → index in the layer being built, −1
	best   []float64 // best kept score per node, −1 for none
	at     []ref     // the label of best
	seen   []int32   // nodes with best set
	// blocked nodes may not be on a route at all (Yen's root, a leaver).
	blocked []bool
}

// newSearch prepares a search over g whose routes may end at the nodes
// marked in end (nil when every run names a target).
func newSearch(g *subgraph, end []bool) *search {
	n := g.len()
	s := &search{g: g, end: end, slot: make([]int32, n), best: make([]float64, n), at: make([]ref, n), blocked: make([]bool, n)}
	for i := range s.slot {
		s.slot[i] = -1
		s.best[i] = -1
	}
	return s
}

// run finds, for every node the routes may end at, the best route from src
// of at most hops relationships. With target ≥ 0 only routes to target
// count and target is never interior. The first hop may not lead to a node
// in forbid.
func (s *search) run(src int32, hops int, target int32, forbid []int32) {
	for _, v := range s.seen {
		s.best[v] = -1
	}
	s.seen = s.seen[:0]
	for len(s.layers) <= hops {
		s.layers = append(s.layers, nil)
	}
	s.layers[0] = append(s.layers[0][:0], label{node: src, pred: -1, score: 1})
	s.best[src], s.at[src] = 1, ref{}
	s.seen = append(s.seen, src)
	g := s.g
	for h := 1; h <= hops; h++ {
		prev, cur := s.layers[h-1], s.layers[h][:0]
		last := h == hops
		for pi := range prev {
			u, score := prev[pi].node, prev[pi].score
			if h > 1 && (!g.interior[u] || u == target) {
				continue
			}
		arcs:
			for _, a := range g.adj(u) {
				v := a.to
				if v == src || s.blocked[v] {
					continue
				}
				if target >= 0 {
					if v != target && (last || !g.interior[v]) {
						continue
					}
				} else if !s.end[v] && (last || !g.interior[v]) {
					continue
				}
				if h == 1 {
					for _, f := range forbid {
						if v == f {
							continue arcs
						}
					}
				}
				sc := score * a.w
				if j := s.slot[v]; j >= 0 {
					if c := &cur[j]; s.better(h-1, sc, int32(pi), c.score, c.pred) {
						c.score, c.pred = sc, int32(pi)
					}
					continue
				}
				s.slot[v] = int32(len(cur))
				cur = append(cur, label{node: v, pred: int32(pi), score: sc})
			}
		}
		// Drop labels that an earlier layer matched or beat: they lie on no
		// best route (package comment).
		k := 0
		for _, l := range cur {
			s.slot[l.node] = -1
			if b := s.best[l.node]; b >= 0 && (l.score < b || ScoresEqual(l.score, b)) {
				continue
			} else if b < 0 {
				s.seen = append(s.seen, l.node)
			}
			s.best[l.node], s.at[l.node] = l.score, ref{int32(h), int32(k)}
			cur[k] = l
			k++
		}
		s.layers[h] = cur[:k]
		if k == 0 {
			for i := h + 1; i <= hops; i++ {
				s.layers[i] = s.layers[i][:0]
			}
			break
		}
	}
}

// better reports whether a walk with score a whose prefix is label pa of
// layer is better than one with score b and prefix pb (same hops, same
// last node): higher score, then the smaller id sequence.
func (s *search) better(layer int, a float64, pa int32, b float64, pb int32) bool {
	if !ScoresEqual(a, b) {
		return a > b
	}
	// Walk both prefixes back to where they merge; the last difference seen
	// is the first one from the start.
	c := 0
	for j := layer; j >= 0 && pa != pb; j-- {
		la, lb := s.layers[j][pa], s.layers[j][pb]
		if la.node != lb.node {
			c = strings.Compare(s.g.id(la.node), s.g.id(lb.node))
		}
		pa, pb = la.pred, lb.pred
	}
	return c < 0
}

// result returns the best route the last run found to v.
func (s *search) result(v int32) (score float64, at ref, ok bool) {
	if int(v) >= len(s.best) || s.best[v] < 0 {
		return 0, ref{}, false
	}
	return s.best[v], s.at[v], true
}

// path returns the nodes of the route at r, start first.
func (s *search) path(r ref) []int32 {
	p := make([]int32, r.hops+1)
	idx := r.idx
	for h := r.hops; h >= 0; h-- {
		l := s.layers[h][idx]
		p[h] = l.node
		idx = l.pred
	}
	return p
}
