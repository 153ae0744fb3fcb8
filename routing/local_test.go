package routing_test

import (
	"context"
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// The tests of this file check Contacts and Paths over the optional
// interfaces of a Network, a Local one (a Graph: learn.go, localops.go) and
// a Neighbourhood, against the brute-force oracle, and against the answers
// over the same network as a plain Network, to the bit.

// fastPaths are the ways of a MemNetwork to be more than a Network.
var fastPaths = []struct {
	name string
	of   func(*routing.MemNetwork) routing.Network
}{
	{"Local", func(m *routing.MemNetwork) routing.Network { return m.Local() }},
	{"Neighbourhood", func(m *routing.MemNetwork) routing.Network { return m.Neighbourhood() }},
}

func TestContactsFastPathsMatchOracle(t *testing.T) {
	for _, fp := range fastPaths {
		t.Run(fp.name, func(t *testing.T) { testContactsFastPath(t, fp.of) })
	}
}

func TestPathsFastPathsMatchOracle(t *testing.T) {
	for _, fp := range fastPaths {
		t.Run(fp.name, func(t *testing.T) { testPathsFastPath(t, fp.of) })
	}
}

func testContactsFastPath(t *testing.T, fast func(*routing.MemNetwork) routing.Network) {
	rapid.Check(t, func(t *rapid.T) {
		f := drawFixture(t, 9)
		m := f.network(t, 1).MemNetwork
		id := rapid.SampledFrom(f.ids("")).Draw(t, "customer")
		maxHops := rapid.IntRange(1, 4).Draw(t, "maxHops")
		minTrust := rapid.SampledFrom(minTrusts).Draw(t, "minTrust")
		limit := rapid.IntRange(1, 10).Draw(t, "limit")
		p := routing.Params{AsOf: asOf, HalfLifeDays: f.halfLife, MaxHops: maxHops, MinTrust: &minTrust, Limit: limit}

		got, err := routing.Contacts(context.Background(), fast(m), id, p)
		want, ok := f.oracle().contacts(id, maxHops, minTrust, limit)
		if !ok {
			if code := graph.ErrorCode(err); code != graph.ENOTFOUND {
				t.Fatalf("Contacts(%s) of a non-customer: error %v, want ENOTFOUND", id, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Contacts(%s): %v", id, err)
		}
		if len(got.Contacts) != len(want) {
			t.Fatalf("Contacts(%s, hops %d, min %v, limit %d): %d contacts %v, want %d %v\n%v", id, maxHops, minTrust, limit, len(got.Contacts), contactPaths(got), len(want), want, f)
		}
		for i, c := range got.Contacts {
			checkRoute(t, f, c.Score, c.Hops, nodeIDs(c.Path), want[i])
			if c.Employee.ID != want[i].end() || len(c.Edges) != c.Hops {
				t.Fatalf("contact %d: employee %s with %d edges, want %s", i, c.Employee.ID, len(c.Edges), want[i].end())
			}
		}
		sameJSON(t, got, must(routing.Contacts(context.Background(), m, id, p)))
	})
}

func testPathsFastPath(t *testing.T, fast func(*routing.MemNetwork) routing.Network) {
	rapid.Check(t, func(t *rapid.T) {
		f := drawFixture(t, 9)
		m := f.network(t, 1).MemNetwork
		ids := rapid.Permutation(f.ids("")).Draw(t, "ends")
		from, to := ids[0], ids[1]
		maxHops := rapid.IntRange(1, 4).Draw(t, "maxHops")
		limit := rapid.IntRange(1, 5).Draw(t, "limit")
		minTrust := rapid.SampledFrom([]float64{0, 0, 0.3}).Draw(t, "minTrust")
		p := routing.Params{AsOf: asOf, HalfLifeDays: f.halfLife, MaxHops: maxHops, Limit: limit, MinTrust: &minTrust}

		got, err := routing.Paths(context.Background(), fast(m), from, to, p)
		if err != nil {
			t.Fatalf("Paths(%s, %s): %v", from, to, err)
		}
		want := f.oracle().paths(from, to, maxHops, limit, minTrust)
		if len(got.Paths) != len(want) {
			t.Fatalf("Paths(%s, %s, hops %d, limit %d): got %v, want %v\n%v", from, to, maxHops, limit, got.Paths, want, f)
		}
		for i, p := range got.Paths {
			checkRoute(t, f, p.Score, p.Hops, p.Nodes, want[i])
		}
		sameJSON(t, got, must(routing.Paths(context.Background(), m, from, to, p)))
	})
}

// TestFastPathErrors: unknown persons and relationships to persons that
// are gone are handled as over a Network.
func TestFastPathErrors(t *testing.T) {
	ctx := context.Background()
	m := newNet(t, []graph.Person{cust("c"), emp("e")}, "c-e:0.5", "c-gone:1", "e-gone:1")
	for _, tc := range []struct {
		name string
		run  func(routing.Network) (any, error)
	}{
		{"ContactsOfEmployee", func(n routing.Network) (any, error) { return routing.Contacts(ctx, n, "e", params(3)) }},
		{"ContactsOfUnknown", func(n routing.Network) (any, error) { return routing.Contacts(ctx, n, "gone", params(3)) }},
		{"ContactsThroughGone", func(n routing.Network) (any, error) { return routing.Contacts(ctx, n, "c", params(3)) }},
		{"PathsFromUnknown", func(n routing.Network) (any, error) { return routing.Paths(ctx, n, "gone", "e", params(3)) }},
		{"PathsToUnknown", func(n routing.Network) (any, error) { return routing.Paths(ctx, n, "c", "gone", params(3)) }},
		{"PathsThroughGone", func(n routing.Network) (any, error) { return routing.Paths(ctx, n, "c", "e", params(3)) }},
	} {
		for _, fp := range fastPaths {
			t.Run(tc.name+"/"+fp.name, func(t *testing.T) {
				want, wantErr := tc.run(m)
				got, err := tc.run(fp.of(m))
				if graph.ErrorCode(err) != graph.ErrorCode(wantErr) || (err == nil) != (wantErr == nil) {
					t.Fatalf("error %v, want %v", err, wantErr)
				}
				if err == nil {
					g, _ := json.Marshal(got)
					w, _ := json.Marshal(want)
					if string(g) != string(w) {
						t.Errorf("got %s\nwant %s", g, w)
					}
				}
			})
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := routing.Contacts(cancelled, m.Local(), "c", params(3)); err == nil {
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
	tr := routing.TraitsOf(p)
	if got := tr != 0; got != (p.Kind == graph.KindEmployee || p.Kind == graph.KindCustomer) {
		t.Errorf("%+v: traits %b", p, tr)
	}
	if got, want := tr&routing.TraitEmployee != 0 && tr&routing.TraitActive != 0 && tr&routing.TraitBroker != 0 || tr != 0 && tr&routing.TraitEmployee == 0, routing.Interior(p); got != want {
		t.Errorf("%+v: interior by traits %v, Interior %v", p, got, want)
	}
	if got, want := tr&routing.TraitEmployee != 0 && tr&routing.TraitActive != 0, routing.Contactable(p); got != want {
		t.Errorf("%+v: contactable by traits %v, Contactable %v", p, got, want)
	}
}

func sameJSON(t *rapid.T, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("over a Graph:\n  %s\nover a Network:\n  %s", g, w)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSendersOverNeighbourhood: Route, Senders and Handover, which expand
// with the last level filtered to senders, answer over a Neighbourhood as
// over a plain Network.
func TestSendersOverNeighbourhood(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := drawFixture(t, 9)
		m := f.network(t, 1).MemNetwork
		nb := m.Neighbourhood()
		maxHops := rapid.IntRange(1, 4).Draw(t, "maxHops")
		minTrust := rapid.SampledFrom(minTrusts).Draw(t, "minTrust")
		p := routing.Params{AsOf: asOf, HalfLifeDays: f.halfLife, MaxHops: maxHops, MinTrust: &minTrust}
		ctx := context.Background()
		ids := append(f.ids(""), "nobody")
		got, err := routing.Senders(ctx, nb, ids, p)
		want, wantErr := routing.Senders(ctx, m, ids, p)
		sameAnswer(t, "Senders", got, err, want, wantErr)
		id := rapid.SampledFrom(ids).Draw(t, "person")
		rp := routing.RouteParams{Params: p, Fallback: routing.Fallback{Name: "Board", Email: "board@example.com"}}
		a, err := routing.Route(ctx, nb, m, id, rp)
		wa, wantErr := routing.Route(ctx, m, m, id, rp)
		sameAnswer(t, "Route", a, err, wa, wantErr)
		h, err := routing.Handover(ctx, nb, id, p)
		wh, wantErr := routing.Handover(ctx, m, id, p)
		sameAnswer(t, "Handover", h, err, wh, wantErr)
	})
}

func sameAnswer(t *rapid.T, op string, got any, err error, want any, wantErr error) {
	t.Helper()
	if graph.ErrorCode(err) != graph.ErrorCode(wantErr) || (err == nil) != (wantErr == nil) {
		t.Fatalf("%s: error %v, want %v", op, err, wantErr)
	}
	if err == nil {
		sameJSON(t, got, want)
	}
}
