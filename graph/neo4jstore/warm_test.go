package neo4jstore_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/neo4jstore"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// Warming fetches the busiest persons' relationships, biggest first, and
// answers stay those over a copy read from Neo4j directly.
func TestWarmRoutingCache(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := t.Context()
	var b graph.Batch
	for _, id := range []string{"hub", "mid", "e1"} {
		b.Employees = append(b.Employees, graph.Employee{ID: id, Name: id, Email: id + "@x.example", Active: true, Sender: true, Broker: true})
	}
	for i := range 40 {
		c := fmt.Sprintf("c%02d", i)
		b.Customers = append(b.Customers, graph.Customer{ID: c, Name: c, Email: c + "@y.example"})
		b.Relationships = append(b.Relationships, graph.Relationship{A: c, B: "hub", Trust: 0.5 + float64(i%5)/10})
		if i < 10 {
			b.Relationships = append(b.Relationships, graph.Relationship{A: c, B: "mid", Trust: 0.9})
		}
	}
	b.Relationships = append(b.Relationships, graph.Relationship{A: "c00", B: "e1", Trust: 0.3})
	if _, err := s.Batch(ctx, b); err != nil {
		t.Fatal(err)
	}
	fresh, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: os.Getenv("NEO4J_TEST_URI"), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fresh.Close() })
	if persons, arcs := fresh.RoutingCacheSize(); persons+arcs != 0 {
		t.Fatalf("a new store's cache holds %d persons, %d ends", persons, arcs)
	}
	n, err := fresh.WarmRoutingCache(ctx, 2)
	if err != nil || n != 2 {
		t.Fatalf("WarmRoutingCache = %d, %v", n, err)
	}
	if _, arcs := fresh.RoutingCacheSize(); arcs < 50 {
		t.Errorf("after warming hub (40) and mid (10) the cache holds %d relationship ends", arcs)
	}
	p := routing.Params{AsOf: cacheAsOf, MaxHops: 3, Limit: 10}
	plain, err := routingtest.CopyOf(ctx, s) // read from Neo4j directly
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"c00", "c07", "c33"} {
		got, err := routing.Contacts(ctx, fresh, c, p)
		want, wantErr := routing.Contacts(ctx, plain, c, p)
		sameAnswer(t, "contacts "+c+" after warming", got, err, want, wantErr)
	}
	none, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: os.Getenv("NEO4J_TEST_URI"), Logger: zerolog.Nop(), RoutingCacheArcs: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { none.Close() })
	if n, err := none.WarmRoutingCache(ctx, 2); err != nil || n != 0 {
		t.Errorf("warming a store that keeps nothing: %d, %v", n, err)
	}
}
