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

// A question whose search meets more persons missing from the cache than
// one round of ReadGraph notes (neo4jstore.MissBatch) takes several rounds
// of fetches on a cold cache and still answers exactly as routing over a
// copy read from Neo4j directly: customer c knows the hub, the hub knows
// three times MissBatch customers, each of whom knows an employee of
// their own, so contacts at 3 hops through the hub meet them all. A
// question that needs only the best of them fetches only those.
func TestReadGraphFetchesInRounds(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := t.Context()
	n := 3 * neo4jstore.MissBatch
	b := graph.Batch{
		Customers: []graph.Customer{{ID: "c", Name: "c", Email: "c@y.example"}},
		Employees: []graph.Employee{{ID: "hub", Name: "hub", Email: "hub@x.example", Active: true, Sender: true, Broker: true}},
	}
	b.Relationships = append(b.Relationships, graph.Relationship{A: "c", B: "hub", Trust: 0.95})
	for i := range n {
		k, e := fmt.Sprintf("k%04d", i), fmt.Sprintf("e%04d", i)
		b.Customers = append(b.Customers, graph.Customer{ID: k, Name: k, Email: k + "@y.example"})
		b.Employees = append(b.Employees, graph.Employee{ID: e, Name: e, Email: e + "@x.example", Active: true, Sender: i%3 != 0})
		b.Relationships = append(b.Relationships,
			graph.Relationship{A: k, B: "hub", Trust: 0.3 + 0.6*float64(i%97)/97},
			graph.Relationship{A: k, B: e, Trust: 0.2 + 0.7*float64(i%89)/89})
	}
	if _, err := s.Batch(ctx, b); err != nil {
		t.Fatal(err)
	}
	plain, err := routingtest.CopyOf(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	minTrust := 0.1
	for _, p := range []routing.Params{
		{AsOf: cacheAsOf, MaxHops: 3, Limit: 100},
		{AsOf: cacheAsOf, MaxHops: 3, Limit: 5, MinTrust: &minTrust},
	} {
		cold, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: os.Getenv("NEO4J_TEST_URI"), Logger: zerolog.Nop()})
		if err != nil {
			t.Fatal(err)
		}
		got, err := routing.Contacts(ctx, cold, "c", p)
		want, wantErr := routing.Contacts(ctx, plain, "c", p)
		sameAnswer(t, fmt.Sprintf("contacts at 3 hops, limit %d", p.Limit), got, err, want, wantErr)
		// The customer, the hub, the customers behind it (limit 100:
		// in more than one batch), and the employees described; limit 5
		// needs only the best of the customers behind the hub.
		persons, _ := cold.RoutingCacheSize()
		if r := neo4jstore.FetchRounds(cold); p.Limit == 100 && r < 5 {
			t.Errorf("limit %d: %d rounds of fetches, want at least 5", p.Limit, r)
		}
		if p.Limit == 5 && persons > n/2 {
			t.Errorf("limit 5: %d persons fetched of the %d behind the hub", persons, n)
		}
		senders, err := routing.Senders(ctx, cold, []string{"c", "k0001", "k0002"}, routing.Params{AsOf: cacheAsOf, MaxHops: 3, MinTrust: &minTrust})
		wantSenders, wantErr := routing.Senders(ctx, plain, []string{"c", "k0001", "k0002"}, routing.Params{AsOf: cacheAsOf, MaxHops: 3, MinTrust: &minTrust})
		sameAnswer(t, "senders at 3 hops", senders, err, wantSenders, wantErr)
		cold.Close()
	}
}
