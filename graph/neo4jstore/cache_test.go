package neo4jstore_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/neo4jstore"
	"github.com/contactgraph/contactgraph/graph/storetest"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

var cacheAsOf = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// TestRoutingCacheNeverStale writes through one store and asks through
// another on the same database (two processes, as far as the caches go),
// and through the writer itself, after every kind of write that changes
// routing: each answer must be the one routing gives over a copy of the
// graph read from Neo4j directly (routingtest.CopyOf). Both caches are warm before
// every write, so a missed invalidation shows as a different answer.
func TestRoutingCacheNeverStale(t *testing.T) {
	writer := neo4jtest.Open(t)
	ctx := t.Context()
	names := map[int]string{0: "DefaultBudget", -1: "NoBudget", 3: "TinyBudget"}
	for _, budget := range []int{0, -1, 3} { // the default, nothing kept, evictions all the time
		other, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: os.Getenv("NEO4J_TEST_URI"), Logger: zerolog.Nop(), RoutingCacheArcs: budget})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { other.Close() })
		t.Run(names[budget], func(t *testing.T) {
			if err := writer.Wipe(ctx); err != nil {
				t.Fatal(err)
			}
			testNeverStale(t, writer, other)
		})
	}
}

func testNeverStale(t *testing.T, writer, other *neo4jstore.Store) {
	ctx := t.Context()
	old := cacheAsOf.AddDate(-1, 0, 0)
	if _, err := writer.PutUnit(ctx, graph.Unit{ID: "u1", Name: "Sales"}); err != nil {
		t.Fatal(err)
	}
	emp := func(id string, active bool) graph.Employee {
		return graph.Employee{ID: id, Name: "Employee " + id, Email: id + "@x.example", Unit: "u1", Active: active, Sender: true, Broker: true}
	}
	cust := func(id string) graph.Customer {
		return graph.Customer{ID: id, Name: "Customer " + id, Email: id + "@y.example"}
	}
	rel := func(a, b string, trust float64) graph.Relationship {
		return graph.Relationship{A: a, B: b, Trust: trust, LastContact: &old}
	}
	_, err := writer.Batch(ctx, graph.Batch{
		Employees: []graph.Employee{emp("e1", true), emp("e2", true), emp("e3", true), emp("e4", true)},
		Customers: []graph.Customer{cust("c1"), cust("c2"), cust("c3")},
		Relationships: []graph.Relationship{
			rel("c1", "e1", 0.9), rel("c1", "e2", 0.6), rel("c1", "c2", 0.8), rel("c2", "e3", 0.9),
			rel("c2", "c3", 0.7), rel("c3", "e4", 0.95), rel("e1", "e4", 0.5), rel("e2", "c3", 0.4),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	customers := []string{"c1", "c2", "c3", "c4"}
	pairs := [][2]string{{"c1", "e4"}, {"c3", "e1"}, {"e2", "c2"}, {"c4", "e1"}}
	check := func(step string) {
		t.Helper()
		for _, st := range []*neo4jstore.Store{other, writer} {
			if err := neo4jstore.CheckRoutingCache(ctx, st); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			plain, err := routingtest.CopyOf(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			for hops := 1; hops <= 3; hops++ {
				p := routing.Params{AsOf: cacheAsOf, MaxHops: hops, Limit: 10}
				for _, c := range customers {
					got, err := routing.Contacts(ctx, st, c, p)
					want, wantErr := routing.Contacts(ctx, plain, c, p)
					sameAnswer(t, step+": contacts "+c, got, err, want, wantErr)
				}
				p.Limit = 3
				for _, pr := range pairs {
					got, err := routing.Paths(ctx, st, pr[0], pr[1], p)
					want, wantErr := routing.Paths(ctx, plain, pr[0], pr[1], p)
					sameAnswer(t, step+": paths "+pr[0]+" "+pr[1], got, err, want, wantErr)
				}
			}
		}
	}
	check("start")
	steps := []struct {
		name  string
		write func() error
	}{
		{"stronger relationship", func() error { _, err := writer.PutRelationship(ctx, rel("e2", "c1", 0.99)); return err }},
		{"interaction", func() error {
			_, _, err := writer.RecordInteraction(ctx, graph.Interaction{A: "c1", B: "e1", At: cacheAsOf, Kind: "call"}, storetest.FixedTrust(0.5))
			return err
		}},
		{"new relationship by interaction", func() error {
			_, _, err := writer.RecordInteraction(ctx, graph.Interaction{A: "c3", B: "e3", At: cacheAsOf, Kind: "call"}, storetest.FixedTrust(0.5))
			return err
		}},
		{"employee leaves", func() error { _, err := writer.PutEmployee(ctx, emp("e1", false)); return err }},
		{"employee renamed", func() error {
			e := emp("e2", true)
			e.Name = "Renamed"
			_, err := writer.PutEmployee(ctx, e)
			return err
		}},
		{"employee stops brokering", func() error {
			e := emp("e4", true)
			e.Broker = false
			_, err := writer.PutEmployee(ctx, e)
			return err
		}},
		{"relationship deleted", func() error { return writer.DeleteRelationship(ctx, "e2", "c1") }},
		{"employee deleted", func() error { return writer.DeleteEmployee(ctx, "e3", false) }},
		{"customer created", func() error {
			_, err := writer.Batch(ctx, graph.Batch{Customers: []graph.Customer{cust("c4")},
				Relationships: []graph.Relationship{rel("c4", "e4", 0.7), rel("c4", "c1", 0.9)}})
			return err
		}},
		{"unit deleted with cascade", func() error { return writer.DeleteUnit(ctx, "u1", true) }},
		{"customer deleted", func() error { return writer.DeleteCustomer(ctx, "c2") }},
		{"wiped", func() error { return writer.Wipe(ctx) }},
	}
	for _, s := range steps {
		if err := s.write(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		check(s.name)
	}
}

// sameAnswer requires the same answer, or errors of the same code.
func sameAnswer(t *testing.T, what string, got any, err error, want any, wantErr error) {
	t.Helper()
	if err != nil || wantErr != nil {
		if graph.ErrorCode(err) != graph.ErrorCode(wantErr) || (err == nil) != (wantErr == nil) {
			t.Fatalf("%s: error %v, want %v", what, err, wantErr)
		}
		return
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("%s:\n  got  %s\n  want %s", what, g, w)
	}
}

// TestRoutingCacheUnderWrites asks through one store while another writes,
// for the race detector and for answers that match those over a copy read
// from Neo4j directly once the writes are done.
func TestRoutingCacheUnderWrites(t *testing.T) {
	writer := neo4jtest.Open(t)
	ctx := t.Context()
	other, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: os.Getenv("NEO4J_TEST_URI"), Logger: zerolog.Nop(), RoutingCacheArcs: 40})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var b graph.Batch
	for i := range 6 {
		b.Employees = append(b.Employees, graph.Employee{ID: fmt.Sprintf("e%d", i), Name: "E", Email: "e@x.example", Active: true, Sender: true, Broker: true})
	}
	for i := range 12 {
		c := fmt.Sprintf("c%02d", i)
		b.Customers = append(b.Customers, graph.Customer{ID: c, Name: "C"})
		b.Relationships = append(b.Relationships,
			graph.Relationship{A: c, B: fmt.Sprintf("e%d", i%6), Trust: 0.5},
			graph.Relationship{A: c, B: fmt.Sprintf("c%02d", (i+1)%12), Trust: 0.7})
	}
	if _, err := writer.Batch(ctx, b); err != nil {
		t.Fatal(err)
	}
	p := routing.Params{AsOf: cacheAsOf, MaxHops: 3, Limit: 5}
	done := make(chan struct{})
	errs := make(chan error, 3)
	for r := range 2 {
		go func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				c := fmt.Sprintf("c%02d", (i+r)%12)
				if _, err := routing.Contacts(ctx, other, c, p); err != nil {
					errs <- err
					return
				}
				if _, err := routing.Paths(ctx, other, c, fmt.Sprintf("e%d", i%6), p); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 30 {
		var err error
		switch i % 3 {
		case 0:
			_, err = writer.PutRelationship(ctx, graph.Relationship{A: fmt.Sprintf("c%02d", i%12), B: fmt.Sprintf("e%d", (i+2)%6), Trust: 0.1 + float64(i)/40})
		case 1:
			_, _, err = writer.RecordInteraction(ctx, graph.Interaction{A: fmt.Sprintf("c%02d", i%12), B: fmt.Sprintf("c%02d", (i+5)%12), At: cacheAsOf, Kind: "call"}, storetest.FixedTrust(0.9))
		case 2:
			_, err = writer.PutEmployee(ctx, graph.Employee{ID: fmt.Sprintf("e%d", i%6), Name: "E", Email: "e@x.example", Active: i%2 == 0, Sender: true, Broker: i%4 != 0})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	plain, err := routingtest.CopyOf(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		c := fmt.Sprintf("c%02d", i)
		got, err := routing.Contacts(ctx, other, c, p)
		want, wantErr := routing.Contacts(ctx, plain, c, p)
		sameAnswer(t, "contacts "+c, got, err, want, wantErr)
		gotP, err := routing.Paths(ctx, other, c, "e1", p)
		wantP, wantErr := routing.Paths(ctx, plain, c, "e1", p)
		sameAnswer(t, "paths "+c, gotP, err, wantP, wantErr)
	}
}
