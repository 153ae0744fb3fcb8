package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

// The pictures of the demo company: the nodes within depth, the public
// relationships between them and nothing private; the same on both stores.
func TestGraphDrawsPublicTiesOnly(t *testing.T) {
	var answers []string
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := demoAPI(t, s, Config{})
		ctx := context.Background()
		var all strings.Builder
		for _, q := range []string{
			"focus=jonas.weber", "focus=jonas.weber&depth=2", "focus=c-bank-nord-1&kind=person&depth=3",
			"focus=stadtwerke", "focus=it-services&kind=unit&depth=2", "focus=board&depth=3&limit=60",
		} {
			body := a.must("GET", "/api/v1/graph?"+q+"&asOf=2026-12-01T00:00:00Z", "", http.StatusOK)
			all.Write(body)
			pic := mustJSON[analytics.PictureResult](a, "GET", "/api/v1/graph?"+q, "", http.StatusOK)
			drawn := map[string]analytics.PictureNode{}
			for _, n := range pic.Nodes {
				if n.Depth > pic.Depth {
					t.Errorf("%s: %s at depth %d beyond %d", q, n.ID, n.Depth, pic.Depth)
				}
				drawn[n.ID] = n
			}
			if pic.Truncated != (len(pic.Nodes) == pic.Limit) || len(pic.Nodes) > pic.Limit {
				t.Errorf("%s: %d nodes, limit %d, truncated %v", q, len(pic.Nodes), pic.Limit, pic.Truncated)
			}
			for _, e := range pic.Edges {
				r, err := s.Relationship(ctx, e.A, e.B)
				if err != nil || r.Visibility != graph.Public {
					t.Errorf("%s: edge %s–%s is %+v, %v: want a public relationship", q, e.A, e.B, r, err)
				}
			}
			// Degree counts the public relationships, and every one between
			// two drawn nodes is drawn.
			edges := map[[2]string]bool{}
			for _, e := range pic.Edges {
				edges[[2]string{e.A, e.B}] = true
			}
			for id, n := range drawn {
				rels, err := s.PersonRelationships(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				public := 0
				for _, r := range rels {
					if r.Visibility != graph.Public {
						continue
					}
					public++
					if _, ok := drawn[r.Other(id)]; ok && !edges[[2]string{r.A, r.B}] {
						t.Errorf("%s: the public tie %s–%s between drawn nodes is missing", q, r.A, r.B)
					}
				}
				if n.Degree != public {
					t.Errorf("%s: %s has degree %d, want %d public relationships", q, id, n.Degree, public)
				}
			}
		}
		answers = append(answers, all.String())
	})
	if len(answers) == 2 && answers[0] != answers[1] {
		t.Errorf("embedded and Neo4j draw differently:\n%s\n---\n%s", answers[0], answers[1])
	}
}

func TestGraphFocusKinds(t *testing.T) {
	a := demoAPI(t, newEmbedded(t), Config{})
	for _, tc := range []struct{ query, kind, label string }{
		{"focus=" + seed.DemoNetworkSpecialist, analytics.FocusPerson, "Jonas Weber"},
		{"focus=stadtwerke", analytics.FocusAccount, "Stadtwerke Kiel"},
		{"focus=it-network", analytics.FocusUnit, "Netzwerk & Infrastruktur"},
		{"focus=it-network&kind=unit", analytics.FocusUnit, "Netzwerk & Infrastruktur"},
	} {
		pic := mustJSON[analytics.PictureResult](a, "GET", "/api/v1/graph?"+tc.query, "", http.StatusOK)
		if pic.Focus.Kind != tc.kind || pic.Focus.Label != tc.label || pic.Focus.Members == 0 {
			t.Errorf("%s: focus %+v, want a %s %q with members", tc.query, pic.Focus, tc.kind, tc.label)
		}
	}
	// The unit with its sub-units: every employee of IT services.
	pic := mustJSON[analytics.PictureResult](a, "GET", "/api/v1/graph?focus=it-services&kind=unit", "", http.StatusOK)
	for _, id := range []string{"thomas.roth", seed.DemoNetworkSpecialist, "anna.becker"} {
		found := false
		for _, n := range pic.Nodes {
			found = found || n.ID == id && n.Depth == 0
		}
		if !found {
			t.Errorf("unit it-services does not draw %s as a member", id)
		}
	}
}

// /graph refuses depth beyond 3 and limit beyond 5000, and every other bad
// query, with 400 naming the parameter; unknown foci are 404.
func TestGraphBadInput(t *testing.T) {
	a := demoAPI(t, newEmbedded(t), Config{})
	for _, tc := range []struct{ query, field string }{
		{"focus=jonas.weber&depth=4", "depth"},
		{"focus=jonas.weber&depth=0", "depth"},
		{"focus=jonas.weber&depth=two", "depth"},
		{"focus=jonas.weber&limit=5001", "limit"},
		{"focus=jonas.weber&limit=0", "limit"},
		{"focus=jonas.weber&kind=team", "kind"},
		{"focus=jonas.weber&asOf=soon", "asOf"},
		{"focus=jonas.weber&halfLifeDays=-1", "halfLifeDays"},
		{"focus=jonas.weber&color=red", "color"},
		{"", "focus"},
		{"focus=bad%20id", "focus"},
	} {
		p := problem(t, a.do("GET", "/api/v1/graph?"+tc.query, ""), http.StatusBadRequest)
		if !hasField(p, tc.field) {
			t.Errorf("GET /graph?%s: errors %v, want field %q", tc.query, fields(p), tc.field)
		}
	}
	for _, q := range []string{"focus=nobody", "focus=jonas.weber&kind=account", "focus=stadtwerke&kind=unit"} {
		problem(t, a.do("GET", "/api/v1/graph?"+q, ""), http.StatusNotFound)
	}
	mustJSON[analytics.PictureResult](a, "GET", "/api/v1/graph?focus=jonas.weber&depth=3&limit=5000", "", http.StatusOK)
}

// The analytics of the demo company tell its story, and refuse bad input.
func TestAnalyticsOfTheDemo(t *testing.T) {
	a := demoAPI(t, newEmbedded(t), Config{})
	cov := mustJSON[analytics.CoverageResult](a, "GET", "/api/v1/analytics/coverage", "", http.StatusOK)
	if cov.Overall.Customers != 150 || cov.Overall.Covered+cov.Overall.Uncovered != 150 || cov.MinTrust != 0.3 || cov.MaxHops != 1 {
		t.Errorf("overall %+v (minTrust %v, maxHops %d)", cov.Overall, cov.MinTrust, cov.MaxHops)
	}
	covered, accounts := 0, 0
	for _, u := range cov.Units {
		covered += u.Covered
	}
	for _, ac := range cov.Accounts {
		accounts += ac.Customers
	}
	if covered != cov.Overall.Covered || accounts != cov.Overall.Customers {
		t.Errorf("units cover %d and accounts hold %d, want %d and %d", covered, accounts, cov.Overall.Covered, cov.Overall.Customers)
	}
	kp := mustJSON[analytics.KeyPeopleResult](a, "GET", "/api/v1/analytics/key-people?limit=3", "", http.StatusOK)
	if len(kp.KeyPeople) != 3 || kp.KeyPeople[0].Employee.ID != seed.DemoNetworkSpecialist {
		t.Errorf("key people %+v, want the network specialist first", kp.KeyPeople)
	}
	for _, tc := range []struct{ path, field string }{
		{"/api/v1/analytics/coverage?maxHops=7", "maxHops"},
		{"/api/v1/analytics/coverage?minTrust=1.5", "minTrust"},
		{"/api/v1/analytics/coverage?limit=3", "limit"},
		{"/api/v1/analytics/key-people?limit=1001", "limit"},
		{"/api/v1/analytics/key-people?limit=0", "limit"},
		{"/api/v1/analytics/key-people?asOf=later", "asOf"},
	} {
		p := problem(t, a.do("GET", tc.path, ""), http.StatusBadRequest)
		if !hasField(p, tc.field) {
			t.Errorf("GET %s: errors %v, want field %q", tc.path, fields(p), tc.field)
		}
	}
}
