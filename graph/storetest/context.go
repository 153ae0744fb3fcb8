package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var contextTests = []storeTest{
	{"Ping", testPing},
	{"Cancelled", testCancelled},
}

func testPing(t *testing.T, s graph.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

// A call with a cancelled context fails rather than hangs, and a write that
// failed that way did not happen.
func testCancelled(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := []struct {
		name string
		call func() error
	}{
		{"PutEmployee", func() error { _, err := s.PutEmployee(ctx, employee("e2")); return err }},
		{"PutCustomer", func() error { _, err := s.PutCustomer(ctx, customer("c2")); return err }},
		{"Batch", func() error { _, err := s.Batch(ctx, graph.Batch{Units: []graph.Unit{unit("u1")}}); return err }},
		{"Employee", func() error { _, err := s.Employee(ctx, "e1"); return err }},
		{"Employees", func() error { _, err := s.Employees(ctx, graph.ListQuery{}); return err }},
		{"Ties", func() error { _, err := s.Ties(ctx, []string{"e1"}); return err }},
	}
	for _, c := range calls {
		errc := make(chan error, 1)
		go func() { errc <- c.call() }()
		select {
		case err := <-errc:
			if err == nil {
				t.Errorf("%s with a cancelled context: no error", c.name)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s with a cancelled context hangs", c.name)
		}
	}
	bg := context.Background()
	if _, err := s.Employee(bg, "e2"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("employee written with a cancelled context: %v", err)
	}
	if _, err := s.Customer(bg, "c2"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("customer written with a cancelled context: %v", err)
	}
	if _, err := s.Unit(bg, "u1"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("batch written with a cancelled context: %v", err)
	}
}
