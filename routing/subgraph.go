package routing

import "github.com/contactgraph/contactgraph/graph"

// subgraph is the part of the network an operation has learned from a
// View (learn.go), with dense node numbers and a compressed adjacency (CSR)
// for the search. It keeps the view's node of each of its nodes and the
// view's relationship of each of its own, and reads persons and
// relationships only for what it describes.
type subgraph struct {
	view     graph.View
	ids      []string // node → person id
	nodeIn   []int32  // node → the view's node
	interior []bool   // graph.Traits.Interior of each node

	ends  [][2]int32 // node numbers of relationship i's ends
	trust []float64  // effective trust of relationship i
	relIn []int32    // relationship i → the view's relationship

	// off and arcs are the adjacency: node v's arcs are
	// arcs[off[v]:off[v+1]].
	off  []int32
	arcs []arc
}

// arc is one direction of a relationship.
type arc struct {
	to  int32
	rel int32
	w   float64
}

// local returns the node of the view's node v in a subgraph learned from a
// View.
func (g *subgraph) local(v int32) (int32, bool) {
	if v < 0 {
		return 0, false
	}
	for i, u := range g.nodeIn {
		if u == v {
			return int32(i), true
		}
	}
	return 0, false
}

// id returns the person id of node v.
func (g *subgraph) id(v int32) string { return g.ids[v] }

// len returns the number of nodes.
func (g *subgraph) len() int { return len(g.ids) }

// person returns the person of node v.
func (g *subgraph) person(v int32) graph.Person { return g.view.Person(g.nodeIn[v]) }

// rel returns relationship i.
func (g *subgraph) rel(i int32) graph.Relationship { return g.view.Relationship(g.relIn[i]) }

// adj returns the arcs of node v.
func (g *subgraph) adj(v int32) []arc { return g.arcs[g.off[v]:g.off[v+1]] }

// between returns the relationship from u to v with the highest effective
// trust; a store keeps at most one per pair.
func (g *subgraph) between(u, v int32) (arc, bool) {
	var best arc
	found := false
	for _, a := range g.adj(u) {
		if a.to == v && (!found || a.w > best.w) {
			best, found = a, true
		}
	}
	return best, found
}

// build makes the adjacency of the relationships learned.
func (g *subgraph) build() {
	n := g.len()
	off := make([]int32, n+1)
	for _, e := range g.ends {
		off[e[0]+1]++
		off[e[1]+1]++
	}
	for i := 1; i <= n; i++ {
		off[i] += off[i-1]
	}
	arcs := make([]arc, 2*len(g.ends))
	fill := make([]int32, n)
	copy(fill, off[:n])
	for i, e := range g.ends {
		w := g.trust[i]
		arcs[fill[e[0]]] = arc{to: e[1], rel: int32(i), w: w}
		fill[e[0]]++
		arcs[fill[e[1]]] = arc{to: e[0], rel: int32(i), w: w}
		fill[e[1]]++
	}
	g.off, g.arcs = off, arcs
}

// idsOf returns the person ids of nodes.
func (g *subgraph) idsOf(nodes []int32) []string {
	out := make([]string, len(nodes))
	for i, v := range nodes {
		out[i] = g.id(v)
	}
	return out
}

// describe returns the persons and relationships along nodes.
func (g *subgraph) describe(nodes []int32) ([]Node, []Edge) {
	ns := make([]Node, len(nodes))
	for i, v := range nodes {
		ns[i] = toNode(g.person(v))
	}
	es := make([]Edge, 0, len(nodes)-1)
	for i := 1; i < len(nodes); i++ {
		a, _ := g.between(nodes[i-1], nodes[i])
		r := g.rel(a.rel)
		trust, eff := r.Trust, a.w
		es = append(es, Edge{Trust: &trust, EffectiveTrust: &eff, Visibility: r.Visibility, LastContact: r.LastContact})
	}
	return ns, es
}

// score returns the product of the effective trusts along nodes, from the
// start, as the search computes it.
func (g *subgraph) score(nodes []int32) float64 {
	s := 1.0
	for i := 1; i < len(nodes); i++ {
		a, _ := g.between(nodes[i-1], nodes[i])
		s *= a.w
	}
	return s
}
