package routing_test

import (
	"context"
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// The tests of this file check that routing's answers do not depend on how
// much a Network's Neighbours leaves out: the reference network's filter
// (routingtest), the embedded store's (graph.NeighboursIn over a View) and
// none at all give the same answers, to the bit.

// inView answers Neighbours with graph.NeighboursIn over the network's
// snapshot, as the embedded store does.
type inView struct{ *routingtest.Network }

func (n inView) Neighbours(ctx context.Context, q graph.Level) (graph.Near, error) {
	var out graph.Near
	err := n.ReadGraph(ctx, func(v graph.View) error {
		out = graph.NeighboursIn(v, q)
		return nil
	})
	return out, err
}

// unfiltered answers Neighbours with every relationship of q.IDs and every
// person at their other ends: what a store that leaves nothing out returns.
type unfiltered struct{ *routingtest.Network }

func (n unfiltered) Neighbours(ctx context.Context, q graph.Level) (graph.Near, error) {
	ties, err := n.Ties(ctx, q.IDs)
	if err != nil {
		return graph.Near{}, err
	}
	var ids []string
	for _, r := range ties {
		ids = append(ids, r.A, r.B)
	}
	persons, err := n.Persons(ctx, ids)
	if err != nil {
		return graph.Near{}, err
	}
	degrees := make([]int, len(persons))
	for i, p := range persons {
		rs, err := n.Ties(ctx, []string{p.ID})
		if err != nil {
			return graph.Near{}, err
		}
		degrees[i] = len(rs)
	}
	return graph.Near{Ties: ties, Persons: persons, Degrees: degrees}, nil
}

func TestAnswersDoNotDependOnWhatNeighboursLeavesOut(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := routingtest.DrawFixture(t, 9)
		m := f.Network(t, 1).Network
		maxHops := rapid.IntRange(1, 4).Draw(t, "maxHops")
		minTrust := rapid.SampledFrom(routingtest.MinTrusts).Draw(t, "minTrust")
		p := routing.Params{AsOf: routingtest.AsOf, HalfLifeDays: f.HalfLife, MaxHops: maxHops, MinTrust: &minTrust}
		ctx := context.Background()
		ids := append(f.IDs(""), "nobody")
		id := rapid.SampledFrom(ids).Draw(t, "person")
		rp := routing.RouteParams{Params: p, Fallback: routing.Fallback{Name: "Board", Email: "board@example.com"}}
		want := func(net graph.Network) []any {
			s, err1 := routing.Senders(ctx, net, ids, p)
			a, err2 := routing.Route(ctx, net, m, id, rp)
			h, err3 := routing.Handover(ctx, net, id, p)
			return []any{s, graph.ErrorCode(err1), a, graph.ErrorCode(err2), h, graph.ErrorCode(err3)}
		}
		ref := want(m)
		sameJSON(t, "graph.NeighboursIn", want(inView{m}), ref)
		sameJSON(t, "nothing left out", want(unfiltered{m}), ref)
	})
}

// TestMissingPersons: unknown persons and relationships to persons that
// are gone.
func TestMissingPersons(t *testing.T) {
	ctx := context.Background()
	m := newNet(t, []graph.Person{cust("c"), emp("e")}, "c-e:0.5", "c-gone:1", "e-gone:1")
	for _, tc := range []struct {
		name string
		run  func() (any, error)
		want string // the error code, or the number of answers
	}{
		{"ContactsOfEmployee", func() (any, error) { return routing.Contacts(ctx, m, "e", params(3)) }, graph.ENOTFOUND},
		{"ContactsOfUnknown", func() (any, error) { return routing.Contacts(ctx, m, "gone", params(3)) }, graph.ENOTFOUND},
		{"PathsFromUnknown", func() (any, error) { return routing.Paths(ctx, m, "gone", "e", params(3)) }, graph.ENOTFOUND},
		{"PathsToUnknown", func() (any, error) { return routing.Paths(ctx, m, "c", "gone", params(3)) }, graph.ENOTFOUND},
		{"ContactsThroughGone", func() (any, error) {
			r, err := routing.Contacts(ctx, m, "c", params(3))
			return len(r.Contacts), err
		}, "1"},
		{"PathsThroughGone", func() (any, error) {
			r, err := routing.Paths(ctx, m, "c", "e", params(3))
			return len(r.Paths), err
		}, "1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.run()
			if err != nil {
				if code := graph.ErrorCode(err); code != tc.want {
					t.Fatalf("error %v, want %s", err, tc.want)
				}
				return
			}
			if g, _ := json.Marshal(got); string(g) != tc.want {
				t.Errorf("%s answers, want %s", g, tc.want)
			}
		})
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := routing.Contacts(cancelled, m, "c", params(3)); err == nil {
		t.Error("Contacts with a cancelled context: no error")
	}
}

func TestTraitsFollowTheRules(t *testing.T) {
	for _, p := range []graph.Person{
		cust("c"),
		{ID: "x", Kind: "robot", Active: true, Broker: true, Sender: true},
	} {
		checkTraits(t, p)
	}
	for i := range 8 {
		e := emp("e")
		e.Active, e.Broker, e.Sender = i&1 != 0, i&2 != 0, i&4 != 0
		checkTraits(t, e)
	}
}

func checkTraits(t *testing.T, p graph.Person) {
	t.Helper()
	tr := graph.TraitsOf(p)
	if got := tr != 0; got != (p.Kind == graph.KindEmployee || p.Kind == graph.KindCustomer) {
		t.Errorf("%+v: traits %b", p, tr)
	}
	if got, want := tr.Interior(), routing.Interior(p); got != want {
		t.Errorf("%+v: interior by traits %v, Interior %v", p, got, want)
	}
	if got, want := tr.Contactable(), routing.Contactable(p); got != want {
		t.Errorf("%+v: contactable by traits %v, Contactable %v", p, got, want)
	}
	if got, want := tr.CanSend(), routing.CanSend(p); got != want {
		t.Errorf("%+v: can send by traits %v, CanSend %v", p, got, want)
	}
}

func sameJSON(t *rapid.T, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("%s:\n  %s\nreference:\n  %s", what, g, w)
	}
}
