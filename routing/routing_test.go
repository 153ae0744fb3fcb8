package routing_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// newNet builds a routingtest.Network: persons by id prefix (c… customer, e… active
// sender broker employee), then relationships "a-b:trust".
func newNet(t *testing.T, persons []graph.Person, rels ...string) *routingtest.Network {
	t.Helper()
	m := routingtest.New()
	for _, p := range persons {
		m.PutPerson(p)
	}
	for _, r := range rels {
		ends, trust, _ := strings.Cut(r, ":")
		a, b, _ := strings.Cut(ends, "-")
		var w float64
		if err := json.Unmarshal([]byte(trust), &w); err != nil {
			t.Fatalf("relationship %q: %v", r, err)
		}
		if err := m.PutRelationship(graph.Relationship{A: a, B: b, Trust: w}); err != nil {
			t.Fatalf("relationship %q: %v", r, err)
		}
	}
	return m
}

func cust(id string) graph.Person {
	return graph.Customer{ID: id, Name: "Customer " + id, Email: id + "@example.com", Account: "acc1"}.Person()
}

func emp(id string) graph.Person {
	return graph.Employee{ID: id, Name: "Employee " + id, Email: id + "@example.com", Unit: "u1", Active: true, Sender: true, Broker: true}.Person()
}

func params(hops int) routing.Params {
	return routing.Params{AsOf: routingtest.AsOf, MaxHops: hops, Limit: 10}
}

func TestEffectiveTrust(t *testing.T) {
	at := func(d time.Duration) *time.Time { v := routingtest.AsOf.Add(-d); return &v }
	day := 24 * time.Hour
	for _, tc := range []struct {
		name     string
		last     *time.Time
		halfLife float64
		want     float64
	}{
		{"NoLastContact", nil, 365, 0.8},
		{"Now", at(0), 365, 0.8},
		{"Future", at(-10 * day), 365, 0.8},
		{"OneHalfLife", at(365 * day), 365, 0.4},
		{"TwoHalfLives", at(730 * day), 365, 0.2},
		{"HalfADay", at(12 * time.Hour), 1, 0.8 * math.Sqrt(0.5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := graph.EffectiveTrust(graph.Relationship{Trust: 0.8, LastContact: tc.last}, routingtest.AsOf, tc.halfLife)
			if math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestScoresEqual(t *testing.T) {
	if !routing.ScoresEqual(0.6*0.5, 0.3) || !routing.ScoresEqual(0, 0) {
		t.Error("rounded products must count as equal")
	}
	if routing.ScoresEqual(0.3, 0.3000001) {
		t.Error("0.3 and 0.3000001 differ")
	}
}

// TestHopLimitChangesAnswer: c reaches e through x (0.5 × 0.5, 2 hops) or
// through a and b (1.0, 3 hops), and f lies one hop behind e. Within 3 hops
// the best route to f goes through x and is no extension of the best route
// to e; a search keeping one label per node would miss it.
func TestHopLimitChangesAnswer(t *testing.T) {
	m := newNet(t, []graph.Person{cust("c"), cust("x"), cust("a"), cust("b"), emp("e"), emp("f")},
		"c-x:0.5", "x-e:0.5", "c-a:1", "a-b:1", "b-e:1", "e-f:0.8")
	ctx := context.Background()
	for _, tc := range []struct {
		hops int
		want map[string][]string
	}{
		{2, map[string][]string{"e": {"c", "x", "e"}}},
		{3, map[string][]string{"e": {"c", "a", "b", "e"}, "f": {"c", "x", "e", "f"}}},
		{4, map[string][]string{"e": {"c", "a", "b", "e"}, "f": {"c", "a", "b", "e", "f"}}},
	} {
		got, err := routing.Contacts(ctx, m, "c", params(tc.hops))
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Contacts) != len(tc.want) {
			t.Fatalf("hops %d: %d contacts, want %d", tc.hops, len(got.Contacts), len(tc.want))
		}
		for _, c := range got.Contacts {
			if p := nodeIDs(c.Path); !slices.Equal(p, tc.want[c.Employee.ID]) {
				t.Errorf("hops %d: route to %s %v, want %v", tc.hops, c.Employee.ID, p, tc.want[c.Employee.ID])
			}
		}
		paths, err := routing.Paths(ctx, m, "c", "f", params(tc.hops))
		if err != nil {
			t.Fatal(err)
		}
		if want := tc.want["f"]; want == nil && len(paths.Paths) != 0 || want != nil && !slices.Equal(paths.Paths[0].Nodes, want) {
			t.Errorf("hops %d: paths c→f %+v, want %v", tc.hops, paths.Paths, want)
		}
	}
}

// TestTieBreaks: equal scores go to fewer hops, then to the smaller id
// sequence; contacts with equal score and hops go by employee id.
func TestTieBreaks(t *testing.T) {
	m := newNet(t, []graph.Person{cust("c"), cust("m1"), cust("m2"), emp("e2"), emp("e1"), emp("e3")},
		"c-m2:1", "c-m1:1", "m1-e2:0.5", "m2-e2:0.5", "c-e3:0.5", "m1-e1:0.5")
	got, err := routing.Contacts(context.Background(), m, "c", params(3))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range got.Contacts {
		order = append(order, strings.Join(nodeIDs(c.Path), ">"))
	}
	want := []string{"c>e3", "c>m1>e1", "c>m1>e2"}
	if !slices.Equal(order, want) {
		t.Errorf("got %v, want %v", order, want)
	}
	paths, err := routing.Paths(context.Background(), m, "c", "e2", routing.Params{AsOf: routingtest.AsOf, MaxHops: 3, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var ps []string
	for _, p := range paths.Paths {
		ps = append(ps, strings.Join(p.Nodes, ">"))
	}
	if want := []string{"c>m1>e2", "c>m2>e2", "c>m1>e1>e2"}; len(ps) < 2 || !slices.Equal(ps[:2], want[:2]) {
		t.Errorf("paths %v, want to start with %v", ps, want[:2])
	}
}

func TestInactiveAndNonBrokers(t *testing.T) {
	gone := emp("gone")
	gone.Active = false
	shy := emp("shy")
	shy.Broker = false
	m := newNet(t, []graph.Person{cust("c"), gone, shy, emp("e")}, "c-gone:1", "gone-e:1", "c-shy:1", "shy-e:1")
	got, err := routing.Contacts(context.Background(), m, "c", params(2))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Contacts) != 1 || got.Contacts[0].Employee.ID != "shy" {
		t.Errorf("contacts %+v, want only shy (the leaver is neither end nor interior)", got.Contacts)
	}
	// Paths may end at a leaver but never pass through one.
	paths, err := routing.Paths(context.Background(), m, "c", "gone", params(2))
	if err != nil || len(paths.Paths) != 1 || paths.Paths[0].Hops != 1 {
		t.Errorf("paths c→gone: %+v %v, want the direct one", paths.Paths, err)
	}
	paths, err = routing.Paths(context.Background(), m, "c", "e", params(2))
	if err != nil || len(paths.Paths) != 0 {
		t.Errorf("paths c→e: %+v %v, want none", paths.Paths, err)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	m := newNet(t, []graph.Person{cust("c"), emp("e")}, "c-e:0.9")
	bad := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name  string
		call  func() error
		code  string
		field string
	}{
		{"ContactsUnknown", func() error { _, err := routing.Contacts(ctx, m, "nobody", params(0)); return err }, graph.ENOTFOUND, ""},
		{"ContactsOfEmployee", func() error { _, err := routing.Contacts(ctx, m, "e", params(0)); return err }, graph.ENOTFOUND, ""},
		{"ContactsMaxHops", func() error { _, err := routing.Contacts(ctx, m, "c", params(7)); return err }, graph.EINVALID, "maxHops"},
		{"ContactsNegativeHops", func() error { _, err := routing.Contacts(ctx, m, "c", params(-1)); return err }, graph.EINVALID, "maxHops"},
		{"ContactsLimit", func() error {
			_, err := routing.Contacts(ctx, m, "c", routing.Params{Limit: 101})
			return err
		}, graph.EINVALID, "limit"},
		{"ContactsMinTrust", func() error {
			_, err := routing.Contacts(ctx, m, "c", routing.Params{MinTrust: bad(1.5)})
			return err
		}, graph.EINVALID, "minTrust"},
		{"ContactsHalfLife", func() error {
			_, err := routing.Contacts(ctx, m, "c", routing.Params{HalfLifeDays: -1})
			return err
		}, graph.EINVALID, "halfLifeDays"},
		{"PathsLimit", func() error { _, err := routing.Paths(ctx, m, "c", "e", routing.Params{Limit: 11}); return err }, graph.EINVALID, "limit"},
		{"PathsSameEnds", func() error { _, err := routing.Paths(ctx, m, "c", "c", routing.Params{}); return err }, graph.EINVALID, "to"},
		{"PathsUnknownFrom", func() error { _, err := routing.Paths(ctx, m, "x", "e", routing.Params{}); return err }, graph.ENOTFOUND, ""},
		{"PathsUnknownTo", func() error { _, err := routing.Paths(ctx, m, "c", "x", routing.Params{}); return err }, graph.ENOTFOUND, ""},
		{"RouteUnknown", func() error {
			_, err := routing.Route(ctx, m, m, "x", routing.RouteParams{})
			return err
		}, graph.ENOTFOUND, ""},
		{"HandoverOfCustomer", func() error { _, err := routing.Handover(ctx, m, "c", routing.Params{}); return err }, graph.ENOTFOUND, ""},
		{"HandoverMaxHops", func() error {
			_, err := routing.Handover(ctx, m, "e", routing.Params{MaxHops: 9})
			return err
		}, graph.EINVALID, "maxHops"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if got := graph.ErrorCode(err); got != tc.code {
				t.Fatalf("error %v, want code %s", err, tc.code)
			}
			if tc.field != "" {
				if fs := graph.ErrorFields(err); len(fs) != 1 || fs[0].Field != tc.field {
					t.Errorf("fields %+v, want %s", fs, tc.field)
				}
			}
		})
	}
}

// failing is a Network whose reads of relationships fail.
type failing struct{ *routingtest.Network }

var errDown = errors.New("store down")

func (failing) Ties(context.Context, []string) ([]graph.Relationship, error) { return nil, errDown }

func (failing) ReadGraph(context.Context, func(graph.View) error) error { return errDown }

func TestStoreErrorsPassThrough(t *testing.T) {
	m := newNet(t, []graph.Person{cust("c"), emp("e")}, "c-e:0.9")
	ctx := context.Background()
	_, err := routing.Contacts(ctx, failing{m}, "c", routing.Params{})
	if !errors.Is(err, errDown) {
		t.Errorf("Contacts: error %v, want it to wrap %v", err, errDown)
	}
	_, err = routing.Route(ctx, failing{m}, m, "c", routing.RouteParams{})
	if !errors.Is(err, errDown) {
		t.Errorf("Route: error %v, want it to wrap %v", err, errDown)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := routing.Contacts(ctx, m, "c", routing.Params{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: error %v", err)
	}
}

func TestRouteChain(t *testing.T) {
	ctx := context.Background()
	owner := emp("owner")
	quiet := emp("quiet")
	quiet.Sender = false
	optOut := cust("optout")
	optOut.OptOut = true
	noMail := cust("nomail")
	noMail.Email = ""
	orphan := cust("orphan")
	orphan.Account = "acc2"
	m := newNet(t, []graph.Person{cust("c"), cust("weak"), orphan, optOut, noMail, owner, quiet, emp("e")},
		"c-e:0.9", "c-quiet:1", "weak-e:0.2", "optout-e:1", "nomail-e:1", "orphan-quiet:1")
	m.PutAccount(graph.Account{ID: "acc1", Owner: "owner"})
	m.PutAccount(graph.Account{ID: "acc2", Owner: "quiet"})
	fallback := routing.Fallback{Name: "Vorstand", Email: "vorstand@example.com"}
	p := routing.RouteParams{Params: routing.Params{AsOf: routingtest.AsOf}, Fallback: fallback}
	for _, tc := range []struct {
		customer, reason, sender string
		accounts                 routing.Accounts
	}{
		{"c", routing.ReasonTrustedPath, "e", m},
		{"weak", routing.ReasonAccountOwner, "owner", m},
		{"weak", routing.ReasonFallback, "", nil},
		{"orphan", routing.ReasonFallback, "", m},
		{"optout", routing.ReasonOptOut, "", m},
		{"nomail", routing.ReasonNoEmail, "", m},
	} {
		got, err := routing.Route(ctx, m, tc.accounts, tc.customer, p)
		if err != nil {
			t.Fatal(err)
		}
		var sender string
		if got.Sender != nil && got.Sender.ID != nil {
			sender = *got.Sender.ID
		}
		if got.Reason != tc.reason || sender != tc.sender {
			t.Errorf("Route(%s): %s %q, want %s %q", tc.customer, got.Reason, sender, tc.reason, tc.sender)
		}
	}
}

func TestHandoverOrder(t *testing.T) {
	// e is the only sender of c1 and c4 (who loses more), the best of c2 (f
	// close behind) and of c3 (g far behind). Uncovered customers come
	// first, then the larger loss.
	m := newNet(t, []graph.Person{cust("c1"), cust("c2"), cust("c3"), cust("c4"), emp("e"), emp("f"), emp("g")},
		"c1-e:0.9", "c2-e:0.9", "c2-f:0.8", "c3-e:1", "c3-g:0.5", "c4-e:1", "e-f:0.5")
	got, err := routing.Handover(context.Background(), m, "e", routing.Params{AsOf: routingtest.AsOf, MaxHops: 1})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, s := range got.Customers {
		order = append(order, s.Customer.ID)
	}
	if want := []string{"c4", "c1", "c3", "c2"}; !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if s := got.Customers[2]; s.Successor == nil || s.Successor.Employee.ID != "g" || math.Abs(s.ScoreLost-0.5) > 1e-12 {
		t.Errorf("c3: %+v", s)
	}
}

func TestJSONShapes(t *testing.T) {
	m := newNet(t, []graph.Person{cust("c1"), emp("e1")})
	lc := routingtest.AsOf.Add(-365 * 24 * time.Hour)
	if err := m.PutRelationship(graph.Relationship{A: "c1", B: "e1", Trust: 0.9, LastContact: &lc, Visibility: graph.Private}); err != nil {
		t.Fatal(err)
	}
	got, err := routing.Contacts(context.Background(), m, "c1", routing.Params{AsOf: routingtest.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	got.Contacts[0].Edges[0] = got.Contacts[0].Edges[0].Redacted()
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"customer":{"id":"c1","name":"Customer c1","account":"acc1"},"asOf":"2025-06-01T12:00:00Z",` +
		`"contacts":[{"employee":{"id":"e1","name":"Employee e1","email":"e1@example.com","unit":"u1"},"score":0.45,"hops":1,` +
		`"path":[{"id":"c1","kind":"customer","name":"Customer c1"},{"id":"e1","kind":"employee","name":"Employee e1"}],` +
		`"edges":[{"trust":null,"effectiveTrust":null,"visibility":"private","lastContact":null}]}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	fallback, err := json.Marshal(routing.Assignment{Customer: "c1", Email: "c1@example.com", Reason: routing.ReasonFallback,
		Sender: &routing.Sender{Name: "Vorstand", Email: "v@example.com"}, Path: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"customer":"c1","email":"c1@example.com","sender":{"id":null,"name":"Vorstand","email":"v@example.com"},"reason":"fallback","score":0,"hops":0,"path":[]}`; string(fallback) != want {
		t.Errorf("got  %s\nwant %s", fallback, want)
	}
}
