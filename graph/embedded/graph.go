package embedded

import (
	"context"

	"github.com/contactgraph/contactgraph/graph"
)

// The store holds the graph in memory: routing reads it (ReadGraph)
// directly, following only the relationships that can change its answer.
var _ graph.Network = (*Store)(nil)

// ReadGraph calls read with a view of the graph, under the read lock: the
// view stays consistent until read returns, and writes wait for it.
func (s *Store) ReadGraph(ctx context.Context, read func(graph.View) error) error {
	unlock, err := s.read(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return read(graphView{s.mem})
}

// graphView is memory as a graph.View.
type graphView struct{ m *memory }

func (g graphView) Node(id string) (int32, bool) {
	v, ok := g.m.net.nodeOf[id]
	return v, ok
}

func (g graphView) ID(v int32) string                         { return g.m.net.ids[v] }
func (g graphView) Traits() []graph.Traits                    { return g.m.net.traits }
func (g graphView) Arcs(v int32) []graph.Arc                  { return g.m.net.adj.of[v] }
func (g graphView) EmployeeArcs(v int32) []graph.Arc          { return g.m.net.toEmployees.of[v] }
func (g graphView) Relationship(rel int32) graph.Relationship { return g.m.net.relationship(rel) }

func (g graphView) Person(v int32) graph.Person {
	id := g.m.net.ids[v]
	if e, ok := g.m.employees.get(id); ok {
		p := e.Person()
		p.Capacity = cloneInt(p.Capacity)
		return p
	}
	if c, ok := g.m.customers.get(id); ok {
		return c.Person()
	}
	return graph.Person{}
}
