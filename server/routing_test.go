package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
)

func demoAPI(t *testing.T, s graph.Store, cfg Config) *api {
	t.Helper()
	if _, err := s.Batch(context.Background(), seed.Demo()); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	cfg.Version = "test"
	cfg.Fallback = routing.Fallback{Name: "Vorstand", Email: "vorstand@example.com"}
	return newAPIWith(t, s, cfg)
}

// The seed story: customers who know the network specialist get him as
// sender; the leaver's only customer falls back to the account owner; an
// account without owner and ties falls back to the board.
func TestRouteTellsTheDemoStory(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := demoAPI(t, s, Config{})
		type route struct {
			Reason string `json:"reason"`
			Sender struct {
				ID   *string `json:"id"`
				Name string  `json:"name"`
			} `json:"sender"`
			Path []string `json:"path"`
		}
		got := mustJSON[route](a, "GET", "/api/v1/customers/c-stadtwerke-1/route", "", http.StatusOK)
		if got.Reason != routing.ReasonTrustedPath || got.Sender.ID == nil || *got.Sender.ID != seed.DemoNetworkSpecialist {
			t.Errorf("c-stadtwerke-1 route = %+v, want the network specialist by trusted_path", got)
		}
		got = mustJSON[route](a, "GET", "/api/v1/customers/"+seed.DemoLeaversCustomer+"/route", "", http.StatusOK)
		if got.Reason != routing.ReasonAccountOwner || got.Sender.ID == nil || *got.Sender.ID != "claudia.schwarz" {
			t.Errorf("leaver's customer route = %+v, want the account owner", got)
		}
		got = mustJSON[route](a, "GET", "/api/v1/customers/c-schulen-1/route", "", http.StatusOK)
		if got.Reason != routing.ReasonFallback || got.Sender.ID != nil || got.Sender.Name != "Vorstand" {
			t.Errorf("c-schulen-1 route = %+v, want the fallback", got)
		}
		contacts := mustJSON[routing.ContactsResult](a, "GET", "/api/v1/customers/c-stadtwerke-1/contacts?maxHops=2&limit=10", "", http.StatusOK)
		if len(contacts.Contacts) == 0 || contacts.Contacts[0].Employee.ID != seed.DemoNetworkSpecialist {
			t.Fatalf("contacts of c-stadtwerke-1 = %+v, want the network specialist first", contacts.Contacts)
		}
		for _, c := range contacts.Contacts {
			if c.Employee.ID == seed.DemoLeaver {
				t.Errorf("the leaver is listed as a contact")
			}
			if c.Hops > 2 || len(c.Path) != c.Hops+1 || len(c.Edges) != c.Hops {
				t.Errorf("contact %+v: hops, path and edges disagree", c)
			}
		}
		paths := mustJSON[routing.PathsResult](a, "GET", "/api/v1/paths?from=c-stadtwerke-1&to=claudia.schwarz&limit=3", "", http.StatusOK)
		if len(paths.Paths) == 0 || paths.Paths[0].Nodes[0] != "c-stadtwerke-1" {
			t.Errorf("paths = %+v", paths)
		}
		ho := mustJSON[routing.HandoverResult](a, "GET", "/api/v1/employees/"+seed.DemoNetworkSpecialist+"/handover", "", http.StatusOK)
		if len(ho.Customers) < 5 {
			t.Errorf("handover of the network specialist lists %d customers, want his customers", len(ho.Customers))
		}
	})
}

func TestRoutingAnswersEqualOnBothStores(t *testing.T) {
	var answers []string
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := demoAPI(t, s, Config{})
		var b strings.Builder
		asOf := "&asOf=2026-12-01T00:00:00Z"
		for _, c := range []string{"c-stadtwerke-1", "c-hafen-2", "c-bank-nord-1", seed.DemoLeaversCustomer, "c-messe-3"} {
			b.Write(a.must("GET", "/api/v1/customers/"+c+"/contacts?maxHops=3&limit=20"+asOf, "", http.StatusOK))
			b.Write(a.must("GET", "/api/v1/customers/"+c+"/route?maxHops=2"+asOf, "", http.StatusOK))
			b.Write(a.must("GET", "/api/v1/paths?from="+c+"&to=maria.keller&limit=5&maxHops=4"+asOf, "", http.StatusOK))
		}
		b.Write(a.must("GET", "/api/v1/employees/jonas.weber/handover?maxHops=2"+asOf, "", http.StatusOK))
		answers = append(answers, b.String())
	})
	if len(answers) == 2 && answers[0] != answers[1] {
		t.Errorf("embedded and Neo4j answer differently:\n%s\n---\n%s", answers[0], answers[1])
	}
}

func TestRoutingBadInput(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := demoAPI(t, s, Config{})
		before := a.snapshot()
		cases := []struct{ path, field string }{
			{"/api/v1/customers/c-stadtwerke-1/contacts?maxHops=0", "maxHops"},
			{"/api/v1/customers/c-stadtwerke-1/contacts?maxHops=7", "maxHops"},
			{"/api/v1/customers/c-stadtwerke-1/contacts?limit=0", "limit"},
			{"/api/v1/customers/c-stadtwerke-1/contacts?limit=101", "limit"},
			{"/api/v1/customers/c-stadtwerke-1/contacts?minTrust=2", "minTrust"},
			{"/api/v1/customers/c-stadtwerke-1/contacts?minTrust=NaN", "minTrust"},
			{"/api/v1/customers/c-stadtwerke-1/contacts?asOf=yesterday", "asOf"},
			{"/api/v1/customers/c-stadtwerke-1/contacts?halfLifeDays=-3", "halfLifeDays"},
			{"/api/v1/customers/c-stadtwerke-1/contacts?hops=2", "hops"},
			{"/api/v1/customers/c-stadtwerke-1/route?maxHops=7", "maxHops"},
			{"/api/v1/customers/c-stadtwerke-1/route?minTrust=-0.1", "minTrust"},
			{"/api/v1/customers/c-stadtwerke-1/route?asOf=2026-13-01", "asOf"},
			{"/api/v1/customers/bad%20id/contacts", "id"},
			{"/api/v1/paths?from=c-stadtwerke-1", "to"},
			{"/api/v1/paths?from=c-stadtwerke-1&to=jonas.weber&limit=11", "limit"},
			{"/api/v1/paths?from=c-stadtwerke-1&to=c-stadtwerke-1", "to"},
			{"/api/v1/employees/jonas.weber/handover?maxHops=9", "maxHops"},
		}
		for _, tc := range cases {
			p := problem(t, a.do("GET", tc.path, ""), http.StatusBadRequest)
			if !hasField(p, tc.field) {
				t.Errorf("GET %s: errors %v, want field %q", tc.path, fields(p), tc.field)
			}
		}
		for _, path := range []string{
			"/api/v1/customers/nobody/contacts", "/api/v1/customers/nobody/route",
			"/api/v1/customers/jonas.weber/route", "/api/v1/employees/nobody/handover",
			"/api/v1/paths?from=nobody&to=jonas.weber",
		} {
			problem(t, a.do("GET", path, ""), http.StatusNotFound)
		}
		if after := a.snapshot(); after != before {
			t.Error("a rejected routing request changed the store")
		}
	})
}

// Private relationships count for routing, but only admins see their trust
// and dates.
func TestPrivateTiesAreRedactedForNonAdmins(t *testing.T) {
	keys, err := ParseKeys("admin=admin-key-0001,manager=manager-key-0001")
	if err != nil {
		t.Fatal(err)
	}
	a := demoAPI(t, newEmbedded(t), Config{Keys: keys})
	get := func(key string) routing.ContactsResult {
		w := a.do("GET", "/api/v1/customers/c-bank-nord-1/contacts?maxHops=1", "", "Authorization", "Bearer "+key)
		if w.Code != http.StatusOK {
			t.Fatalf("contacts = %d %s", w.Code, w.Body)
		}
		var res routing.ContactsResult
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		return res
	}
	private := func(res routing.ContactsResult) *routing.Edge {
		for _, c := range res.Contacts {
			if c.Employee.ID == seed.DemoNetworkSpecialist {
				return &c.Edges[0]
			}
		}
		t.Fatalf("the private tie to the network specialist is not used for routing: %+v", res)
		return nil
	}
	if e := private(get("manager-key-0001")); e.Visibility != graph.Private || e.Trust != nil || e.EffectiveTrust != nil || e.LastContact != nil {
		t.Errorf("manager sees the private edge as %+v, want it redacted", fmt.Sprint(*e))
	}
	if e := private(get("admin-key-0001")); e.Trust == nil || e.LastContact == nil {
		t.Errorf("admin sees the private edge as %+v, want its details", *e)
	}
}
