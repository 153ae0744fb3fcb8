package routing_test

import (
	"context"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

func TestContactsMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := routingtest.DrawFixture(t, 9)
		net := f.Network(t, rapid.Uint64().Draw(t, "seed"))
		id := rapid.SampledFrom(f.IDs("")).Draw(t, "customer")
		maxHops := rapid.IntRange(1, 4).Draw(t, "maxHops")
		minTrust := rapid.SampledFrom(routingtest.MinTrusts).Draw(t, "minTrust")
		limit := rapid.IntRange(1, 10).Draw(t, "limit")

		got, err := routing.Contacts(context.Background(), net, id, routing.Params{
			AsOf: routingtest.AsOf, HalfLifeDays: f.HalfLife, MaxHops: maxHops, MinTrust: &minTrust, Limit: limit})
		o := f.Oracle()
		want, ok := o.Contacts(id, maxHops, minTrust, limit)
		if !ok {
			if code := graph.ErrorCode(err); code != graph.ENOTFOUND {
				t.Fatalf("Contacts(%s) of a non-customer: error %v, want ENOTFOUND", id, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Contacts(%s): %v", id, err)
		}
		if net.TiesCalls+net.PersonsCalls != 0 {
			t.Errorf("%d Ties and %d Persons calls: routing reads through ReadGraph only", net.TiesCalls, net.PersonsCalls)
		}
		if got.Customer.ID != id || !got.AsOf.Equal(routingtest.AsOf) {
			t.Errorf("customer %q asOf %v", got.Customer.ID, got.AsOf)
		}
		if len(got.Contacts) != len(want) {
			t.Fatalf("Contacts(%s, hops %d, min %v): %d contacts %v, want %d %v\n%v", id, maxHops, minTrust, len(got.Contacts), contactPaths(got), len(want), want, f)
		}
		for i, c := range got.Contacts {
			w := want[i]
			checkRoute(t, f, c.Score, c.Hops, nodeIDs(c.Path), w)
			if c.Employee.ID != w.End() {
				t.Errorf("contact %d: employee %s, want %s", i, c.Employee.ID, w.End())
			}
			if len(c.Edges) != c.Hops {
				t.Fatalf("contact %d: %d edges for %d hops", i, len(c.Edges), c.Hops)
			}
			product := 1.0
			for _, e := range c.Edges {
				product *= *e.EffectiveTrust
			}
			if !routing.ScoresEqual(product, c.Score) {
				t.Errorf("contact %d: edges multiply to %v, score %v", i, product, c.Score)
			}
		}
	})
}

func TestPathsMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := routingtest.DrawFixture(t, 9)
		net := f.Network(t, rapid.Uint64().Draw(t, "seed"))
		ids := rapid.Permutation(f.IDs("")).Draw(t, "ends")
		from, to := ids[0], ids[1]
		maxHops := rapid.IntRange(1, 4).Draw(t, "maxHops")
		limit := rapid.IntRange(1, 5).Draw(t, "limit")
		minTrust := rapid.SampledFrom([]float64{0, 0, 0.3}).Draw(t, "minTrust")

		got, err := routing.Paths(context.Background(), net, from, to, routing.Params{
			AsOf: routingtest.AsOf, HalfLifeDays: f.HalfLife, MaxHops: maxHops, Limit: limit, MinTrust: &minTrust})
		if err != nil {
			t.Fatalf("Paths(%s, %s): %v", from, to, err)
		}
		want := f.Oracle().Paths(from, to, maxHops, limit, minTrust)
		if len(got.Paths) != len(want) {
			t.Fatalf("Paths(%s, %s, hops %d, limit %d): got %v, want %v\n%v", from, to, maxHops, limit, got.Paths, want, f)
		}
		for i, p := range got.Paths {
			checkRoute(t, f, p.Score, p.Hops, p.Nodes, want[i])
		}
	})
}

func TestRouteMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := routingtest.DrawFixture(t, 9)
		net := f.Network(t, rapid.Uint64().Draw(t, "seed"))
		id := rapid.SampledFrom(append(f.IDs(""), "nobody")).Draw(t, "customer")
		maxHops := rapid.IntRange(1, 4).Draw(t, "maxHops")
		minTrust := rapid.SampledFrom(routingtest.MinTrusts).Draw(t, "minTrust")
		fallback := routing.Fallback{Name: "Vorstand", Email: "vorstand@example.com"}

		got, err := routing.Route(context.Background(), net, net, id, routing.RouteParams{
			Params:   routing.Params{AsOf: routingtest.AsOf, HalfLifeDays: f.HalfLife, MaxHops: maxHops, MinTrust: &minTrust},
			Fallback: fallback})
		want, ok := f.Oracle().Route(id, maxHops, minTrust)
		if !ok {
			if code := graph.ErrorCode(err); code != graph.ENOTFOUND {
				t.Fatalf("Route(%s) of a non-customer: error %v, want ENOTFOUND", id, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Route(%s): %v", id, err)
		}
		if got.Reason != want.Reason || got.Customer != id {
			t.Fatalf("Route(%s): %s %+v, want %s %v\n%v", id, got.Reason, got.Sender, want.Reason, want.Sender, f)
		}
		switch want.Reason {
		case routing.ReasonOptOut, routing.ReasonNoEmail:
			if got.Sender != nil {
				t.Errorf("excluded customer got sender %+v", got.Sender)
			}
		case routing.ReasonFallback:
			if got.Sender == nil || got.Sender.ID != nil || got.Sender.Name != fallback.Name || got.Sender.Email != fallback.Email || got.Score != 0 {
				t.Errorf("fallback sender %+v score %v", got.Sender, got.Score)
			}
		case routing.ReasonAccountOwner:
			if got.Sender == nil || got.Sender.ID == nil || *got.Sender.ID != want.Sender || got.Score != 0 {
				t.Errorf("account owner %+v, want %s", got.Sender, want.Sender)
			}
		case routing.ReasonTrustedPath:
			if got.Sender == nil || got.Sender.ID == nil || *got.Sender.ID != want.Sender {
				t.Fatalf("sender %+v, want %s\n%v", got.Sender, want.Sender, f)
			}
			checkRoute(t, f, got.Score, got.Hops, got.Path, want.Path)
		}
	})
}

func TestSendersMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := routingtest.DrawFixture(t, 9)
		net := f.Network(t, rapid.Uint64().Draw(t, "seed"))
		ids := append(f.IDs(""), "nobody")
		maxHops := rapid.IntRange(1, 4).Draw(t, "maxHops")
		minTrust := rapid.SampledFrom(routingtest.MinTrusts).Draw(t, "minTrust")
		got, err := routing.Senders(context.Background(), net, ids, routing.Params{
			AsOf: routingtest.AsOf, HalfLifeDays: f.HalfLife, MaxHops: maxHops, MinTrust: &minTrust})
		if err != nil {
			t.Fatalf("Senders: %v", err)
		}
		if net.TiesCalls+net.PersonsCalls != 0 {
			t.Errorf("%d Ties and %d Persons calls: routing reads through ReadGraph only", net.TiesCalls, net.PersonsCalls)
		}
		o := f.Oracle()
		customers := f.IDs(graph.KindCustomer)
		if len(got) != len(customers) {
			t.Fatalf("senders for %d customers, want %d", len(got), len(customers))
		}
		for _, c := range customers {
			want := o.Senders(c, maxHops, minTrust, "")
			if len(got[c]) != len(want) {
				t.Fatalf("Senders[%s]: %v, want %v\n%v", c, got[c], want, f)
			}
			for i, cand := range got[c] {
				checkRoute(t, f, cand.Score, cand.Hops, cand.Path, want[i])
			}
		}
	})
}

func TestHandoverMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := routingtest.DrawFixture(t, 9)
		net := f.Network(t, rapid.Uint64().Draw(t, "seed"))
		id := rapid.SampledFrom(append(f.IDs(""), "nobody")).Draw(t, "employee")
		maxHops := rapid.IntRange(1, 4).Draw(t, "maxHops")
		minTrust := rapid.SampledFrom(routingtest.MinTrusts).Draw(t, "minTrust")

		got, err := routing.Handover(context.Background(), net, id, routing.Params{
			AsOf: routingtest.AsOf, HalfLifeDays: f.HalfLife, MaxHops: maxHops, MinTrust: &minTrust})
		want, ok := f.Oracle().Handover(id, maxHops, minTrust)
		if !ok {
			if code := graph.ErrorCode(err); code != graph.ENOTFOUND {
				t.Fatalf("Handover(%s) of a non-employee: error %v, want ENOTFOUND", id, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Handover(%s): %v", id, err)
		}
		if len(got.Customers) != len(want) {
			t.Fatalf("Handover(%s, hops %d, min %v): %d customers %+v, want %d %+v\n%v", id, maxHops, minTrust, len(got.Customers), got.Customers, len(want), want, f)
		}
		for i, s := range got.Customers {
			w := want[i]
			if s.Customer.ID != w.Customer {
				t.Fatalf("row %d: customer %s, want %s\n%v", i, s.Customer.ID, w.Customer, f)
			}
			checkRoute(t, f, s.Score, s.Hops, s.Path, w.Mine)
			if (s.Successor == nil) != (w.Successor == nil) {
				t.Fatalf("row %d (%s): successor %+v, want %v\n%v", i, w.Customer, s.Successor, w.Successor, f)
			}
			if s.Successor != nil {
				checkRoute(t, f, s.Successor.Score, s.Successor.Hops, s.Successor.Path, *w.Successor)
			}
			if !routing.ScoresEqual(s.ScoreLost, w.Lost) {
				t.Errorf("row %d: score lost %v, want %v", i, s.ScoreLost, w.Lost)
			}
		}
	})
}

// checkRoute compares a route the package returned with the oracle's.
func checkRoute(t *rapid.T, f routingtest.Fixture, score float64, hops int, nodes []string, want routingtest.Route) {
	t.Helper()
	if !slices.Equal(nodes, want.Nodes) || hops != want.Hops() || !routing.ScoresEqual(score, want.Score) {
		t.Fatalf("route %v (hops %d, score %v), want %v (score %v)\n%v", nodes, hops, score, want.Nodes, want.Score, f)
	}
}

func nodeIDs(ns []routing.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.ID
	}
	return out
}

func contactPaths(r routing.ContactsResult) [][]string {
	var out [][]string
	for _, c := range r.Contacts {
		out = append(out, nodeIDs(c.Path))
	}
	return out
}
