package routing_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// synthetic is a skewed company network: 2,000 employees in account teams,
// 50,000 customers who mostly know one to four people of their account's
// team and a colleague, and 20 hubs who know 2,000 customers each; about
// 200,000 relationships.
type synthetic struct {
	net       *routingtest.Network
	customers []string
	employees []string
	hubs      []string
}

var (
	syntheticOnce sync.Once
	syntheticNet  *synthetic
)

func syntheticNetwork(b *testing.B) *synthetic {
	syntheticOnce.Do(func() { syntheticNet = buildSynthetic(b) })
	return syntheticNet
}

func buildSynthetic(b *testing.B) *synthetic {
	const (
		employees = 2000
		customers = 50000
		accounts  = 5000
		hubs      = 20
	)
	start := time.Now()
	rng := rand.New(rand.NewPCG(42, 42))
	s := &synthetic{net: routingtest.New()}
	for i := range employees {
		e := graph.Employee{ID: fmt.Sprintf("e%04d", i), Name: fmt.Sprintf("Employee %d", i), Email: fmt.Sprintf("e%d@example.com", i),
			Active: rng.IntN(20) > 0, Sender: rng.IntN(10) > 0, Broker: rng.IntN(7) > 0}
		s.employees = append(s.employees, e.ID)
		s.net.PutPerson(e.Person())
	}
	s.hubs = s.employees[:hubs]
	// Account teams of 3 to 6, drawn with a skew so that some employees
	// serve many accounts.
	teams := make([][]string, accounts)
	for a := range teams {
		for range 3 + rng.IntN(4) {
			i := int(float64(employees) * rng.Float64() * rng.Float64())
			teams[a] = append(teams[a], s.employees[i])
		}
	}
	asOf := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	link := func(x, y string) {
		if x == y {
			return
		}
		r := graph.Relationship{A: x, B: y, Trust: 0.3 + 0.7*rng.Float64()}
		if rng.IntN(3) > 0 {
			lc := asOf.Add(-time.Duration(rng.IntN(3*365*24)) * time.Hour)
			r.LastContact = &lc
		}
		if err := s.net.PutRelationship(r); err != nil {
			b.Fatal(err)
		}
	}
	byAccount := make([][]string, accounts)
	for i := range customers {
		a := rng.IntN(accounts)
		c := graph.Customer{ID: fmt.Sprintf("c%05d", i), Name: fmt.Sprintf("Customer %d", i), Email: fmt.Sprintf("c%d@example.com", i),
			Account: fmt.Sprintf("a%04d", a), OptOut: rng.IntN(20) == 0}
		s.customers = append(s.customers, c.ID)
		s.net.PutPerson(c.Person())
		for range 1 + rng.IntN(4) {
			link(c.ID, teams[a][rng.IntN(len(teams[a]))])
		}
		if peers := byAccount[a]; len(peers) > 0 {
			link(c.ID, peers[rng.IntN(len(peers))])
		}
		byAccount[a] = append(byAccount[a], c.ID)
	}
	for _, h := range s.hubs {
		for range 2000 {
			link(h, s.customers[rng.IntN(customers)])
		}
	}
	for _, e := range s.employees {
		for range 5 {
			link(e, s.employees[rng.IntN(employees)])
		}
	}
	for a, team := range teams {
		s.net.PutAccount(graph.Account{ID: fmt.Sprintf("a%04d", a), Owner: team[0]})
	}
	p, r := s.net.Len()
	b.Logf("synthetic network: %d persons, %d relationships, built in %v", p, r, time.Since(start).Round(time.Millisecond))
	return s
}

func BenchmarkContacts(b *testing.B) {
	s := syntheticNetwork(b)
	ctx := context.Background()
	for hops := 1; hops <= 3; hops++ {
		b.Run(fmt.Sprintf("hops=%d", hops), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, uint64(hops)))
			p := routing.Params{AsOf: routingtest.AsOf, MaxHops: hops, Limit: 10}
			found := 0
			for b.Loop() {
				got, err := routing.Contacts(ctx, s.net, s.customers[rng.IntN(len(s.customers))], p)
				if err != nil {
					b.Fatal(err)
				}
				found += len(got.Contacts)
			}
			b.ReportMetric(float64(found)/float64(b.N), "contacts/op")
		})
	}
}

func BenchmarkRoute(b *testing.B) {
	s := syntheticNetwork(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(2, 2))
	p := routing.RouteParams{Params: routing.Params{AsOf: routingtest.AsOf}, Fallback: routing.Fallback{Name: "Vorstand", Email: "v@example.com"}}
	for b.Loop() {
		if _, err := routing.Route(ctx, s.net, s.net, s.customers[rng.IntN(len(s.customers))], p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSenders ranks the senders of 10,000 customers in one call, as a
// campaign does.
func BenchmarkSenders(b *testing.B) {
	s := syntheticNetwork(b)
	ctx := context.Background()
	ids := s.customers[:10000]
	for b.Loop() {
		if _, err := routing.Senders(ctx, s.net, ids, routing.Params{AsOf: routingtest.AsOf}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPaths(b *testing.B) {
	s := syntheticNetwork(b)
	ctx := context.Background()
	for _, hops := range []int{2, 4} {
		b.Run(fmt.Sprintf("hops=%d/limit=5", hops), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, uint64(hops)))
			for b.Loop() {
				from, to := s.customers[rng.IntN(len(s.customers))], s.employees[rng.IntN(len(s.employees))]
				if _, err := routing.Paths(ctx, s.net, from, to, routing.Params{AsOf: routingtest.AsOf, MaxHops: hops, Limit: 5}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkHandover hands over a hub, who knows 2,000 customers.
func BenchmarkHandover(b *testing.B) {
	s := syntheticNetwork(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := routing.Handover(ctx, s.net, s.hubs[1], routing.Params{AsOf: routingtest.AsOf}); err != nil {
			b.Fatal(err)
		}
	}
}
