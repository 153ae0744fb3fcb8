package neo4jstore_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
)

// Races that the conformance suite leaves out because an in-process store
// avoids them with one lock, while Neo4j reads committed state without
// locks: checks and writes of concurrent transactions interleave.

// Four writers each add one edge of the cycle a→b→c→d→a; all four may read
// a tree without cycle, so the unit lock must let at most three succeed.
func TestRaceUnitCycle(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := t.Context()
	ids := []string{"a", "b", "c", "d"}
	for round := range 10 {
		for _, id := range ids {
			if _, err := s.PutUnit(ctx, graph.Unit{ID: id, Name: id}); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, len(ids))
		for i, id := range ids {
			wg.Go(func() {
				_, errs[i] = s.PutUnit(ctx, graph.Unit{ID: id, Name: id, Parent: ids[(i+1)%len(ids)]})
			})
		}
		wg.Wait()
		failed := 0
		for _, err := range errs {
			switch graph.ErrorCode(err) {
			case "":
			case graph.EINVALID:
				failed++
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if failed != 1 {
			t.Fatalf("round %d: %d of 4 cycle edges rejected, want exactly 1 (errors %v)", round, failed, errs)
		}
		for _, id := range ids { // back to four roots
			if _, err := s.PutUnit(ctx, graph.Unit{ID: id, Name: id}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A delete without cascade and a write that refers to the deleted entity:
// one of them must fail, and no reference may point at nothing or vanish.
func TestRaceDeleteReferenced(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := t.Context()
	for round := range 20 {
		u, a, owner := fmt.Sprintf("u%d", round), fmt.Sprintf("a%d", round), fmt.Sprintf("o%d", round)
		if _, err := s.PutUnit(ctx, graph.Unit{ID: u, Name: "U"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutEmployee(ctx, graph.Employee{ID: owner, Name: "O", Email: "o@example.com"}); err != nil {
			t.Fatal(err)
		}
		e := graph.Employee{ID: fmt.Sprintf("e%d", round), Name: "E", Email: "e@example.com", Unit: u}
		acc := graph.Account{ID: a, Name: "A", Owner: owner}
		var wg sync.WaitGroup
		var errPut, errDel, errAcc, errDelOwner error
		wg.Go(func() { _, errPut = s.PutEmployee(ctx, e) })
		wg.Go(func() { errDel = s.DeleteUnit(ctx, u, false) })
		wg.Go(func() { _, errAcc = s.PutAccount(ctx, acc) })
		wg.Go(func() { errDelOwner = s.DeleteEmployee(ctx, owner, false) })
		wg.Wait()

		oneOf := func(what string, write, del error, writeCode, delCode string) {
			t.Helper()
			okWrite := write == nil && graph.ErrorCode(del) == delCode
			okDel := del == nil && graph.ErrorCode(write) == writeCode
			if !okWrite && !okDel {
				t.Fatalf("round %d, %s: write %v, delete %v; want one to succeed and the other to fail", round, what, write, del)
			}
		}
		oneOf("employee in a deleted unit", errPut, errDel, graph.EINVALID, graph.ECONFLICT)
		oneOf("account of a deleted owner", errAcc, errDelOwner, graph.EINVALID, graph.ECONFLICT)
		if errPut == nil {
			got, err := s.Employee(ctx, e.ID)
			if err != nil || got.Unit != u {
				t.Fatalf("round %d: employee %+v, %v; want unit %s", round, got, err, u)
			}
		}
		if errAcc == nil {
			got, err := s.Account(ctx, a)
			if err != nil || got.Owner != owner {
				t.Fatalf("round %d: account %+v, %v; want owner %s", round, got, err, owner)
			}
		}
	}
}
