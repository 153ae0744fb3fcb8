package routing

import "github.com/contactgraph/contactgraph/graph"

// subgraph is the part of the network an operation has learned, with dense
// node numbers and a compressed adjacency (CSR) for the search.
type subgraph struct {
	index    map[string]int32
	persons  []graph.Person
	interior []bool // Interior(persons[i])

	rels  []*graph.Relationship // into the slices Ties returned
	ends  [][2]int32            // node numbers of rels[i]'s ends
	trust []float64             // effective trust of rels[i]

	// off and arcs are the adjacency of the first built nodes: node v's
	// arcs are arcs[off[v]:off[v+1]].
	off   []int32
	arcs  []arc
	built int // nodes covered by off
}

// arc is one direction of a relationship.
type arc struct {
	to  int32
	rel int32
	w   float64
}

// node returns the number of the person with id.
func (g *subgraph) node(id string) (int32, bool) {
	v, ok := g.index[id]
	return v, ok
}

// id returns the person id of node v.
func (g *subgraph) id(v int32) string { return g.persons[v].ID }

// adj returns the arcs of node v (none for a node added after the last build).
func (g *subgraph) adj(v int32) []arc {
	if int(v) >= g.built {
		return nil
	}
	return g.arcs[g.off[v]:g.off[v+1]]
}

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

// build rebuilds the adjacency from the relationships learned so far.
func (g *subgraph) build() {
	n := len(g.persons)
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
	g.off, g.arcs, g.built = off, arcs, n
}

// ids returns the person ids of nodes.
func (g *subgraph) ids(nodes []int32) []string {
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
		ns[i] = toNode(g.persons[v])
	}
	es := make([]Edge, 0, len(nodes)-1)
	for i := 1; i < len(nodes); i++ {
		a, _ := g.between(nodes[i-1], nodes[i])
		r := g.rels[a.rel]
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
