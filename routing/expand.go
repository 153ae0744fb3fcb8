package routing

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// expander learns a subgraph from a Network hop by hop.
type expander struct {
	net graph.Network
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
}

func newExpander(net graph.Network, s settings) *expander {
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
// With known non-nil (a Neighbours answer) it takes the persons from
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
// It returns every node reached, sources included.
func (x *expander) bfs(ctx context.Context, sources []int32, depth int, last graph.Ends) ([]int32, error) {
	if x.partial {
		panic("routing: bfs after a bfs that left out persons")
	}
	x.partial = last != graph.AnyEnds
	w := x.wave(sources)
	for level := 0; level < depth && len(w.frontier) > 0; level++ {
		only := last
		if level < depth-1 {
			only = graph.AnyEnds
		}
		if err := w.step(ctx, only); err != nil {
			return nil, err
		}
	}
	x.g.build()
	return w.reached, nil
}

// wave is a breadth-first expansion in progress.
type wave struct {
	x        *expander
	level    int
	seen     []bool
	reached  []int32 // every node seen, in order
	frontier []int32 // the nodes of the current level
}

// wave starts a breadth-first expansion from sources.
func (x *expander) wave(sources []int32) *wave {
	w := &wave{x: x, seen: make([]bool, len(x.g.persons))}
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
// node that is a source (level 0) or may be interior, and the persons at
// their other ends that only accepts, with one Neighbours call. Nodes whose
// relationships were learned before are expanded from memory, rebuilding
// the adjacency first if need be.
func (w *wave) step(ctx context.Context, only graph.Ends) error {
	x := w.x
	start := len(w.reached)
	var ids []string
	var fresh, known []int32
	for _, v := range w.frontier {
		if w.level > 0 && !x.g.interior[v] {
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
		if err := x.fetch(ctx, graph.Level{IDs: ids, Only: only}, fresh, w.visit); err != nil {
			return err
		}
	}
	w.frontier = w.reached[start:]
	w.level++
	return nil
}

// fetch learns the relationships of nodes (named q.IDs) and the persons at
// their other ends that q.Only accepts, in one Neighbours call, which may
// leave out what q says is not needed, and visits every end.
func (x *expander) fetch(ctx context.Context, q graph.Level, nodes []int32, visit func(int32)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	q.AsOf, q.HalfLifeDays = x.set.asOf, x.set.halfLife
	near, err := x.net.Neighbours(ctx, q)
	ties, persons := near.Ties, near.Persons
	if persons == nil {
		persons = []graph.Person{}
	}
	if err != nil {
		return fmt.Errorf("routing: neighbours: %w", err)
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
	added, err := x.ask(ctx, unknown, slot, keep(q.Only), persons)
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
			g.trust = append(g.trust, graph.EffectiveTrust(*r, x.set.asOf, x.set.halfLife))
		}
		visit(u)
		visit(v)
	}
	return nil
}

// isNew reports whether the relationship between u and v, returned by call,
// is not learned yet: neither end was fetched by an earlier call.
func (x *expander) isNew(u, v, call int32) bool {
	fu, fv := x.fetched[u], x.fetched[v]
	return (fu == 0 || fu == call) && (fv == 0 || fv == call)
}

// keep is Ends.Accepts as a filter of the expander, nil for everyone.
func keep(e graph.Ends) func(graph.Person) bool {
	if e == graph.AnyEnds {
		return nil
	}
	return e.Accepts
}
