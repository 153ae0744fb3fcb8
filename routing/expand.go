package routing

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// expander learns a subgraph from a Network hop by hop.
type expander struct {
	net Network
	set settings
	g   subgraph
	// fetched holds, per node, the number of the Ties call that first
	// returned its relationships (0: never). A relationship is new in call c
	// unless one of its ends was fetched by an earlier call.
	fetched []int32
	calls   int32
	missing map[string]struct{} // ids Persons did not know
	// partial is set once a bfs has left out persons at its last level:
	// the nodes it expanded then lack relationships, so no further bfs may
	// rely on them.
	partial bool
	// pairs, if not nil, holds the ends of every relationship learned: set
	// from the start by an operation that fetches a node's relationships
	// in parts (a MinTrust), so that a node fetched before may lack one
	// that a later fetch returns.
	pairs map[[2]int32]bool
	// degree, if not nil, collects the numbers of relationships a
	// Neighbourhood tells of the persons it returns.
	degree map[string]int
}

func newExpander(net Network, s settings) *expander {
	return &expander{net: net, set: s, g: subgraph{index: map[string]int32{}}, missing: map[string]struct{}{}}
}

// learn asks the network about the ids it does not know yet.
func (x *expander) learn(ctx context.Context, ids []string) error {
	var ask []string
	asked := map[string]bool{}
	for _, id := range ids {
		if _, ok := x.g.index[id]; ok {
			continue
		}
		if _, ok := x.missing[id]; ok || asked[id] {
			continue
		}
		asked[id] = true
		ask = append(ask, id)
	}
	_, err := x.ask(ctx, ask, nil, nil, nil)
	return err
}

// ask calls Persons for ids, which are new and distinct, and adds the
// persons that keep accepts (all for nil). pos maps each id to its index in
// ids (nil: ask builds it). It returns the node number of each id, −1 for
// persons left out; ids Persons does not know are remembered as missing.
// With known non-nil (a Neighbourhood's answer) it takes the persons from
// known instead of calling Persons.
func (x *expander) ask(ctx context.Context, ids []string, pos map[string]int32, keep func(graph.Person) bool, known []graph.Person) ([]int32, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ps := known
	if ps == nil {
		var err error
		if ps, err = x.net.Persons(ctx, ids); err != nil {
			return nil, fmt.Errorf("routing: persons: %w", err)
		}
	}
	if pos == nil {
		pos = make(map[string]int32, len(ids))
		for i, id := range ids {
			pos[id] = int32(i)
		}
	}
	nodes := make([]int32, len(ids))
	found := make([]bool, len(ids))
	for i := range nodes {
		nodes[i] = -1
	}
	for _, p := range ps {
		i, ok := pos[p.ID]
		if !ok || found[i] {
			continue // not asked for, or a repeat
		}
		found[i] = true
		if keep != nil && !keep(p) {
			continue
		}
		nodes[i] = x.add(p)
	}
	for i, ok := range found {
		if !ok {
			x.missing[ids[i]] = struct{}{}
		}
	}
	return nodes, nil
}

// add makes p a node and returns its number.
func (x *expander) add(p graph.Person) int32 {
	v := int32(len(x.g.persons))
	x.g.index[p.ID] = v
	x.g.ids = append(x.g.ids, p.ID)
	x.g.persons = append(x.g.persons, p)
	x.g.interior = append(x.g.interior, Interior(p))
	x.fetched = append(x.fetched, 0)
	return v
}

// person learns one person and returns its node number.
func (x *expander) person(ctx context.Context, id string) (int32, bool, error) {
	if err := x.learn(ctx, []string{id}); err != nil {
		return 0, false, err
	}
	v, ok := x.g.node(id)
	return v, ok, nil
}

// bfs expands breadth first from sources for depth levels (see wave) and
// rebuilds the adjacency. At the last level only persons that last accepts
// are learned, and relationships to them, since a route can only end
// there; unless last is AnyEnds, such a bfs must be the operation's last.
// prune, if not nil, is asked before every level but the first which nodes
// of the frontier to expand; a bfs with prune must be the operation's last.
// It returns every node reached, sources included.
func (x *expander) bfs(ctx context.Context, sources []int32, depth int, stop int32, last Ends, prune func(level int, frontier []int32) []int32) ([]int32, error) {
	if x.partial {
		panic("routing: bfs after a bfs that left out persons")
	}
	x.partial = last != AnyEnds || prune != nil
	w := x.wave(sources, stop)
	for level := 0; level < depth && len(w.frontier) > 0; level++ {
		only := last
		if level < depth-1 {
			only = AnyEnds
		}
		if prune != nil && level > 0 {
			w.frontier = prune(level, w.frontier)
		}
		if err := w.step(ctx, only, nil); err != nil {
			return nil, err
		}
	}
	x.g.build()
	return w.reached, nil
}

// wave is a breadth-first expansion in progress.
type wave struct {
	x        *expander
	stop     int32
	level    int
	seen     []bool
	reached  []int32 // every node seen, in order
	frontier []int32 // the nodes of the current level
}

// wave starts a breadth-first expansion from sources that never expands
// stop (−1 for none).
func (x *expander) wave(sources []int32, stop int32) *wave {
	w := &wave{x: x, stop: stop, seen: make([]bool, len(x.g.persons))}
	for _, v := range sources {
		w.visit(v)
	}
	w.frontier = w.reached
	return w
}

func (w *wave) visit(v int32) {
	if int(v) >= len(w.seen) {
		w.seen = append(w.seen, make([]bool, len(w.x.g.persons)-len(w.seen))...)
	}
	if !w.seen[v] {
		w.seen[v] = true
		w.reached = append(w.reached, v)
	}
}

// step expands the frontier: it learns the relationships of every frontier
// node that is a source (level 0) or may be interior, except stop, and the
// persons at their other ends that only accepts, with one Ties and at most
// one Persons call (or one Neighbours call, which may leave out the
// relationships to persons not among to, unless it is nil). Nodes whose
// relationships were learned before are expanded from memory, rebuilding
// the adjacency first if need be.
func (w *wave) step(ctx context.Context, only Ends, to []string) error {
	x := w.x
	start := len(w.reached)
	var ids []string
	var fresh, known []int32
	for _, v := range w.frontier {
		if v == w.stop || (w.level > 0 && !x.g.interior[v]) {
			continue
		}
		if x.fetched[v] != 0 {
			known = append(known, v)
		} else {
			fresh = append(fresh, v)
			ids = append(ids, x.g.id(v))
		}
	}
	if len(known) > 0 && len(x.g.arcs) != 2*len(x.g.ends) {
		x.g.build()
	}
	for _, v := range known {
		for _, a := range x.g.adj(v) {
			w.visit(a.to)
		}
	}
	if len(ids) > 0 {
		if err := x.fetch(ctx, Level{IDs: ids, Only: only, To: to}, fresh, w.visit); err != nil {
			return err
		}
	}
	w.frontier = w.reached[start:]
	w.level++
	return nil
}

// fetch learns the relationships of nodes (named q.IDs) and the persons at
// their other ends that q.Only accepts, and visits every end. A
// Neighbourhood answers in one call and may leave out what q says is not
// needed; otherwise fetch calls Ties and Persons.
func (x *expander) fetch(ctx context.Context, q Level, nodes []int32, visit func(int32)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ids, only := q.IDs, q.Only
	var ties []graph.Relationship
	var persons []graph.Person
	var err error
	if nb, ok := x.net.(Neighbourhood); ok {
		q.AsOf, q.HalfLifeDays = x.set.asOf, x.set.halfLife
		var near Near
		near, err = nb.Neighbours(ctx, q)
		ties, persons = near.Ties, near.Persons
		if persons == nil {
			persons = []graph.Person{}
		}
		if x.degree != nil {
			for i, p := range near.Persons {
				x.degree[p.ID] = near.Degrees[i]
			}
		}
	} else {
		ties, err = x.net.Ties(ctx, ids)
	}
	if err != nil {
		return fmt.Errorf("routing: ties: %w", err)
	}
	x.calls++
	call := x.calls
	for _, v := range nodes {
		x.fetched[v] = call
	}
	// ends holds the node numbers of the ends, or −2−i for the i-th
	// unknown id, resolved once Persons has answered.
	ends := make([]int32, 2*len(ties))
	var unknown []string
	slot := map[string]int32{}
	for i := range ties {
		for k, id := range [2]string{ties[i].A, ties[i].B} {
			v, ok := x.g.index[id]
			if !ok {
				j, queued := slot[id]
				if !queued {
					j = int32(len(unknown))
					slot[id] = j
					unknown = append(unknown, id)
				}
				v = -2 - j
			}
			ends[2*i+k] = v
		}
	}
	added, err := x.ask(ctx, unknown, slot, only.keep(), persons)
	if err != nil {
		return err
	}
	g := &x.g
	g.ends = slices.Grow(g.ends, len(ties))
	g.rels = slices.Grow(g.rels, len(ties))
	g.trust = slices.Grow(g.trust, len(ties))
	for i := range ties {
		u, v := ends[2*i], ends[2*i+1]
		if u < 0 {
			u = added[-2-u]
		}
		if v < 0 {
			v = added[-2-v]
		}
		if u < 0 || v < 0 || u == v {
			continue
		}
		if x.isNew(u, v, call) {
			r := &ties[i]
			g.ends = append(g.ends, [2]int32{u, v})
			g.rels = append(g.rels, r)
			g.trust = append(g.trust, EffectiveTrust(*r, x.set.asOf, x.set.halfLife))
		}
		visit(u)
		visit(v)
	}
	return nil
}

// isNew reports whether the relationship between u and v, returned by call,
// is not learned yet: neither end was fetched by an earlier call, or, once
// fetches may leave relationships out, it is not among pairs.
func (x *expander) isNew(u, v, call int32) bool {
	if x.pairs != nil {
		k := pairKey(u, v)
		if x.pairs[k] {
			return false
		}
		x.pairs[k] = true
		return true
	}
	fu, fv := x.fetched[u], x.fetched[v]
	return (fu == 0 || fu == call) && (fv == 0 || fv == call)
}

func pairKey(u, v int32) [2]int32 {
	if v < u {
		u, v = v, u
	}
	return [2]int32{u, v}
}
