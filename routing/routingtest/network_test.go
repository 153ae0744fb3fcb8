package routingtest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

func TestNetwork(t *testing.T) {
	ctx := context.Background()
	m := routingtest.New()
	m.PutPerson(graph.Customer{ID: "a", Name: "A", Account: "acc1"}.Person())
	m.PutPerson(graph.Customer{ID: "b", Name: "B", Account: "acc1"}.Person())
	m.PutPerson(graph.Employee{ID: "c", Name: "C", Unit: "u1", Active: true}.Person())
	for _, r := range []graph.Relationship{{A: "a", B: "b", Trust: 0.5}, {A: "b", B: "c", Trust: 0.5}, {A: "c", B: "a", Trust: 0.5}} {
		if err := m.PutRelationship(r); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("TiesOnceEach", func(t *testing.T) {
		got, err := m.Ties(ctx, []string{"a", "b", "a"})
		if err != nil {
			t.Fatal(err)
		}
		var pairs []string
		for _, r := range got {
			pairs = append(pairs, r.A+r.B)
		}
		slices.Sort(pairs)
		if want := []string{"ab", "ac", "bc"}; !slices.Equal(pairs, want) {
			t.Errorf("got %v, want %v (canonical, once each)", pairs, want)
		}
	})
	t.Run("ReplaceInEitherOrder", func(t *testing.T) {
		if err := m.PutRelationship(graph.Relationship{A: "b", B: "a", Trust: 0.9}); err != nil {
			t.Fatal(err)
		}
		got, _ := m.Ties(ctx, []string{"b"})
		if _, r := m.Len(); r != 3 || len(got) != 2 {
			t.Fatalf("%d relationships, ties of b %v", r, got)
		}
		for _, r := range got {
			if r.A == "a" && r.Trust != 0.9 {
				t.Errorf("a–b trust %v, want 0.9", r.Trust)
			}
		}
	})
	t.Run("SelfLoop", func(t *testing.T) {
		if err := m.PutRelationship(graph.Relationship{A: "a", B: "a", Trust: 1}); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("self-loop: %v, want EINVALID", err)
		}
	})
	t.Run("PersonsSkipsUnknown", func(t *testing.T) {
		got, err := m.Persons(ctx, []string{"c", "nobody", "c"})
		if err != nil || len(got) != 1 || got[0].ID != "c" {
			t.Errorf("got %v %v, want c once", got, err)
		}
	})
	t.Run("Account", func(t *testing.T) {
		m.PutAccount(graph.Account{ID: "acc1", Owner: "c"})
		if a, err := m.Account(ctx, "acc1"); err != nil || a.Owner != "c" {
			t.Errorf("got %+v %v", a, err)
		}
		if _, err := m.Account(ctx, "nope"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("unknown account: %v", err)
		}
	})
	var _ graph.Network = m
}
