package embedded_test

import (
	"slices"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
)

// A person's arcs to employees are exactly those of its arcs whose other
// end is an employee, in order, whether the person knows only employees or
// others too, through writes, deletes and a reopen (which builds the lists
// in one pass, network.index).
func TestEmployeeArcs(t *testing.T) {
	dir := t.TempDir()
	s := mustOpen(t, dir)
	ctx := t.Context()
	b := graph.Batch{
		Employees:     []graph.Employee{{ID: "e1", Name: "e1", Email: "e1@x.example", Active: true}, {ID: "e2", Name: "e2", Email: "e2@x.example", Active: true}},
		Customers:     []graph.Customer{{ID: "c1", Name: "c1", Email: "c1@y.example"}, {ID: "c2", Name: "c2", Email: "c2@y.example"}},
		Relationships: []graph.Relationship{{A: "c1", B: "e1", Trust: 0.4}, {A: "c1", B: "e2", Trust: 0.9}},
	}
	if _, err := s.Batch(ctx, b); err != nil {
		t.Fatal(err)
	}
	check := func(s *embedded.Store, what string, want []string) {
		t.Helper()
		err := s.ReadGraph(ctx, func(v graph.View) error {
			c1, ok := v.Node("c1")
			if !ok {
				t.Fatalf("%s: c1 is no node", what)
			}
			var all, emp []string
			for _, a := range v.Arcs(c1) {
				if v.Traits()[a.To].Employee() {
					all = append(all, v.ID(a.To))
				}
			}
			for _, a := range v.EmployeeArcs(c1) {
				emp = append(emp, v.ID(a.To))
			}
			if !slices.Equal(emp, all) || !slices.Equal(emp, want) {
				t.Errorf("%s: employee arcs %v, arcs to employees %v, want %v", what, emp, all, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check(s, "only employees", []string{"e2", "e1"})
	if _, err := s.PutRelationship(ctx, graph.Relationship{A: "c1", B: "c2", Trust: 0.95}); err != nil {
		t.Fatal(err)
	}
	check(s, "and a customer", []string{"e2", "e1"})
	if _, err := s.PutRelationship(ctx, graph.Relationship{A: "c1", B: "e1", Trust: 1}); err != nil {
		t.Fatal(err)
	}
	check(s, "e1 now trusted most", []string{"e1", "e2"})
	if err := s.DeleteRelationship(ctx, "c1", "e2"); err != nil {
		t.Fatal(err)
	}
	check(s, "e2 gone", []string{"e1"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, dir)
	check(s, "reopened", []string{"e1"})
	if err := s.DeleteRelationship(ctx, "c1", "c2"); err != nil {
		t.Fatal(err)
	}
	check(s, "only employees again", []string{"e1"})
}
