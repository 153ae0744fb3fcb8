package storetest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var concurrencyTests = []storeTest{
	{"SameIDs", testConcurrentSameIDs},
	{"PersonKindRace", testConcurrentPersonKindRace},
}

const (
	workers = 8
	rounds  = 20
)

// Many writers upsert the same employees and the same relationship (in both
// orders, by PutRelationship and by RecordInteraction) while a reader lists.
// Afterwards there is exactly one of each, every interaction was counted,
// and exactly one writer heard created=true per entity.
func testConcurrentSameIDs(t *testing.T, s graph.Store) {
	ctx := t.Context()
	var createdE1, createdE2, createdRel atomic.Int32
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

	var readers sync.WaitGroup
	done := make(chan struct{})
	readers.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, err := s.Ties(ctx, []string{"e1", "e2"}); err != nil {
				t.Errorf("reader: Ties: %v", err)
				return
			}
			if _, err := s.Employees(ctx, graph.ListQuery{}); err != nil {
				t.Errorf("reader: Employees: %v", err)
				return
			}
			if _, err := s.PersonRelationships(ctx, "e1"); err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
				t.Errorf("reader: PersonRelationships: %v", err)
				return
			}
			time.Sleep(time.Millisecond)
		}
	})

	var writers sync.WaitGroup
	for w := range workers {
		writers.Go(func() {
			a, b := "e1", "e2"
			if w%2 == 1 {
				a, b = b, a
			}
			for r := range rounds {
				count := func(c *atomic.Int32, created bool, err error, what string) bool {
					if err != nil {
						t.Errorf("worker %d round %d: %s: %v", w, r, what, err)
						return false
					}
					if created {
						c.Add(1)
					}
					return true
				}
				e1 := employee("e1")
				e1.Title = fmt.Sprintf("worker %d round %d", w, r)
				created, err := s.PutEmployee(ctx, e1)
				if !count(&createdE1, created, err, "PutEmployee(e1)") {
					return
				}
				created, err = s.PutEmployee(ctx, employee("e2"))
				if !count(&createdE2, created, err, "PutEmployee(e2)") {
					return
				}
				created, err = s.PutRelationship(ctx, rel(a, b, float64(w+1)/workers))
				if !count(&createdRel, created, err, "PutRelationship") {
					return
				}
				_, created, err = s.RecordInteraction(ctx, graph.Interaction{A: b, B: a, At: at.Add(time.Duration(r) * time.Hour), Kind: "call"}, FixedTrust(0.5))
				if !count(&createdRel, created, err, "RecordInteraction") {
					return
				}
			}
		})
	}
	writers.Wait()
	close(done)
	readers.Wait()
	if t.Failed() {
		t.FailNow()
	}

	for what, c := range map[string]*atomic.Int32{"e1": &createdE1, "e2": &createdE2, "e1–e2": &createdRel} {
		if n := c.Load(); n != 1 {
			t.Errorf("%s: %d writers heard created=true, want exactly 1", what, n)
		}
	}
	wantIDs(t, "employees", walk(t, "employees", s.Employees, graph.ListQuery{}, employeeID), []string{"e1", "e2"})
	ties := mustTies(t, s, "e1", "e2")
	wantIDs(t, "ties", pairs(ties), []string{"e1-e2"})
	if got := ties[0].Interactions; got != workers*rounds {
		t.Errorf("interactions: %d, want %d (lost updates?)", got, workers*rounds)
	}
	if got, want := *ties[0].LastContact, at.Add((rounds-1)*time.Hour); !got.Equal(want) {
		t.Errorf("lastContact %v, want the latest %v", got, want)
	}
	wantIDs(t, "relationships of e1", others(mustPersonRelationships(t, s, "e1"), "e1"), []string{"e2"})
}

// PutEmployee and PutCustomer race for the same fresh id: exactly one wins,
// the other gets ECONFLICT, and the stored person is the winner's kind.
func testConcurrentPersonKindRace(t *testing.T, s graph.Store) {
	ctx := t.Context()
	for i := range rounds {
		id := fmt.Sprintf("p%02d", i)
		start := make(chan struct{})
		var errE, errC error
		var wg sync.WaitGroup
		wg.Go(func() { <-start; _, errE = s.PutEmployee(ctx, employee(id)) })
		wg.Go(func() { <-start; _, errC = s.PutCustomer(ctx, customer(id)) })
		close(start)
		wg.Wait()
		switch {
		case errE == nil && graph.ErrorCode(errC) == graph.ECONFLICT:
			mustEmployee(t, s, id)
			_, err := s.Customer(ctx, id)
			wantCode(t, id+": customer after the employee won", err, graph.ENOTFOUND)
		case errC == nil && graph.ErrorCode(errE) == graph.ECONFLICT:
			mustCustomer(t, s, id)
			_, err := s.Employee(ctx, id)
			wantCode(t, id+": employee after the customer won", err, graph.ENOTFOUND)
		default:
			t.Fatalf("%s: PutEmployee: %v, PutCustomer: %v; want one success and one conflict", id, errE, errC)
		}
	}
}
