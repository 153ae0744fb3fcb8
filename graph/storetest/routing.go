package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// routingTests run the routing operations over the store and over an
// in-memory copy of the same network (routingtest.Network, which routing's
// property tests check against brute-force enumeration) and require the
// same answers: hop limits, decay, inactive and non-broker employees,
// private ties and exact ties included.
var routingTests = []storeTest{
	{"RandomNetworksMatchReference", testRoutingRandom},
	{"HopLimitChangesTheAnswer", testRoutingHopLimit},
}

var routingAsOf = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// randomNetwork draws a small company network whose ties use few trust
// values, so that exact score ties happen.
func randomNetwork(seed uint64) graph.Batch {
	rng := rand.New(rand.NewPCG(seed, 17))
	var b graph.Batch
	b.Accounts = []graph.Account{{ID: "acc", Name: "Account"}}
	var persons []string
	for i := 0; i < 5+rng.IntN(4); i++ {
		id := fmt.Sprintf("e%d", i)
		b.Employees = append(b.Employees, graph.Employee{ID: id, Name: "Employee " + id, Email: id + "@x.example",
			Active: rng.IntN(6) != 0, Sender: rng.IntN(5) != 0, Broker: rng.IntN(4) != 0})
		persons = append(persons, id)
	}
	b.Accounts[0].Owner = "e0"
	for i := 0; i < 5+rng.IntN(4); i++ {
		id := fmt.Sprintf("c%d", i)
		c := graph.Customer{ID: id, Name: "Customer " + id, Email: id + "@y.example", OptOut: rng.IntN(8) == 0}
		if rng.IntN(2) == 0 {
			c.Account = "acc"
		}
		b.Customers = append(b.Customers, c)
		persons = append(persons, id)
	}
	trusts := []float64{0.25, 0.5, 0.8, 1}
	seen := map[[2]string]bool{}
	for n := len(persons) * 2; n > 0; n-- {
		a, z := persons[rng.IntN(len(persons))], persons[rng.IntN(len(persons))]
		r := graph.Relationship{A: a, B: z, Trust: trusts[rng.IntN(len(trusts))], Visibility: graph.Public}.Canonical()
		if a == z || seen[[2]string{r.A, r.B}] {
			continue
		}
		seen[[2]string{r.A, r.B}] = true
		if rng.IntN(4) == 0 {
			r.Visibility = graph.Private
		}
		if age := rng.IntN(3); age > 0 {
			lc := routingAsOf.AddDate(-age, 0, 0)
			r.LastContact = &lc
		}
		b.Relationships = append(b.Relationships, r)
	}
	return b
}

func memNetwork(b graph.Batch) *routingtest.Network {
	m := routingtest.New()
	for _, e := range b.Employees {
		m.PutPerson(e.Person())
	}
	for _, c := range b.Customers {
		m.PutPerson(c.Person())
	}
	for _, a := range b.Accounts {
		m.PutAccount(a)
	}
	for _, r := range b.Relationships {
		if err := m.PutRelationship(r); err != nil {
			panic(err)
		}
	}
	return m
}

// answers runs every routing operation on every person of b and returns the
// answers as JSON lines.
func answers(ctx context.Context, net graph.Network, acc routing.Accounts, b graph.Batch) ([]string, error) {
	var out []string
	add := func(what string, v any, err error) {
		if err != nil {
			out = append(out, what+": error "+graph.ErrorCode(err))
			return
		}
		j, _ := json.Marshal(v)
		out = append(out, what+": "+string(j))
	}
	zero := 0.0
	for _, c := range b.Customers {
		for hops := 1; hops <= 4; hops++ {
			p := routing.Params{AsOf: routingAsOf, MaxHops: hops, Limit: 20, MinTrust: &zero}
			res, err := routing.Contacts(ctx, net, c.ID, p)
			add(fmt.Sprintf("contacts %s %d", c.ID, hops), res, err)
			rp := routing.RouteParams{Params: routing.Params{AsOf: routingAsOf, MaxHops: hops},
				Fallback: routing.Fallback{Name: "Board", Email: "board@x.example"}}
			a, err := routing.Route(ctx, net, acc, c.ID, rp)
			add(fmt.Sprintf("route %s %d", c.ID, hops), a, err)
		}
		for _, e := range b.Employees {
			p := routing.Params{AsOf: routingAsOf, MaxHops: 3, Limit: 4}
			res, err := routing.Paths(ctx, net, c.ID, e.ID, p)
			add(fmt.Sprintf("paths %s %s", c.ID, e.ID), res, err)
		}
	}
	for _, e := range b.Employees {
		res, err := routing.Handover(ctx, net, e.ID, routing.Params{AsOf: routingAsOf, MaxHops: 2})
		add("handover "+e.ID, res, err)
	}
	return out, nil
}

func testRoutingRandom(t *testing.T, s graph.Store) {
	ctx := context.Background()
	found := 0
	for seed := uint64(1); seed <= 12; seed++ {
		b := randomNetwork(seed)
		if seed > 1 {
			wipeBatch(t, s, randomNetwork(seed-1))
		}
		if _, err := s.Batch(ctx, b); err != nil {
			t.Fatalf("seed %d: batch: %v", seed, err)
		}
		want, _ := answers(ctx, memNetwork(b), memNetwork(b), b)
		got, _ := answers(ctx, s, s, b)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("seed %d: the store answers\n  %s\nthe reference\n  %s", seed, got[i], want[i])
			}
			if strings.Contains(want[i], `"hops":2`) {
				found++
			}
		}
	}
	if found < 50 {
		t.Errorf("only %d answers with two-hop routes: the networks are too thin to test anything", found)
	}
}

// wipeBatch deletes what b wrote, so the next network starts clean.
func wipeBatch(t *testing.T, s graph.Store, b graph.Batch) {
	t.Helper()
	ctx := context.Background()
	for _, c := range b.Customers {
		if err := s.DeleteCustomer(ctx, c.ID); err != nil {
			t.Fatalf("delete %s: %v", c.ID, err)
		}
	}
	for _, a := range b.Accounts {
		if err := s.DeleteAccount(ctx, a.ID, true); err != nil {
			t.Fatalf("delete %s: %v", a.ID, err)
		}
	}
	for _, e := range b.Employees {
		if err := s.DeleteEmployee(ctx, e.ID, true); err != nil {
			t.Fatalf("delete %s: %v", e.ID, err)
		}
	}
}

// testRoutingHopLimit: the best route within two hops is not a prefix of
// the best unlimited route.
//
//	c —0.5— e1 (sender)
//	c —1.0— x1 —1.0— x2 —1.0— e1
func testRoutingHopLimit(t *testing.T, s graph.Store) {
	ctx := context.Background()
	b := graph.Batch{
		Employees: []graph.Employee{{ID: "e1", Name: "E1", Email: "e1@x.example", Active: true, Sender: true, Broker: true}},
		Customers: []graph.Customer{{ID: "c", Name: "C", Email: "c@y.example"}, {ID: "x1", Name: "X1"}, {ID: "x2", Name: "X2"}},
		Relationships: []graph.Relationship{
			{A: "c", B: "e1", Trust: 0.5, Visibility: graph.Public},
			{A: "c", B: "x1", Trust: 1, Visibility: graph.Public},
			{A: "x1", B: "x2", Trust: 1, Visibility: graph.Public},
			{A: "x2", B: "e1", Trust: 1, Visibility: graph.Public},
		},
	}
	if _, err := s.Batch(ctx, b); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		hops      int
		wantScore float64
		wantHops  int
	}{{1, 0.5, 1}, {2, 0.5, 1}, {3, 1, 3}} {
		res, err := routing.Contacts(ctx, s, "c", routing.Params{AsOf: routingAsOf, MaxHops: tc.hops})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Contacts) != 1 || res.Contacts[0].Score != tc.wantScore || res.Contacts[0].Hops != tc.wantHops {
			t.Errorf("maxHops %d: contacts %+v, want score %v in %d hops", tc.hops, res.Contacts, tc.wantScore, tc.wantHops)
		}
	}
}
