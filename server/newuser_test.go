package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// What a new user trips over (issue 19), at the HTTP boundary.

// GET on the campaign resolution is a method the path does not take, not
// a saved campaign named "resolve".
func TestGetCampaignResolveIsMethodNotAllowed(t *testing.T) {
	a := newAPI(t, newEmbedded(t))
	w := a.do("GET", "/api/v1/campaigns/resolve", "")
	p := problem(t, w, http.StatusMethodNotAllowed)
	if allow := w.Header().Get("Allow"); allow != "POST" {
		t.Errorf("Allow = %q, want POST", allow)
	}
	if p.Type != "about:blank" || !strings.Contains(p.Detail, "GET") || !strings.Contains(p.Detail, "POST") {
		t.Errorf("problem %+v: want about:blank naming GET and POST", p)
	}
}

// A number too large for an int is out of range, and every limit is worded
// one way: "must be between A and B".
func TestLimitsAreWordedOneWay(t *testing.T) {
	a := newAPI(t, newEmbedded(t))
	a.seedBase()
	for _, tc := range []struct{ path, field, want string }{
		{"/api/v1/customers/c1/contacts?maxHops=999999999999999999999", "maxHops", "must be between 1 and 6"},
		{"/api/v1/customers/c1/contacts?limit=999999999999999999999", "limit", "must be between 1 and 100"},
		{"/api/v1/customers/c1/contacts?maxHops=two", "maxHops", `"two" is not a whole number`},
		{"/api/v1/graph?focus=e1&depth=999999999999999999999", "depth", "must be between 1 and 3"},
		{"/api/v1/employees?limit=0", "limit", "must be between 1 and 1000"},
		{"/api/v1/employees?limit=x", "limit", "must be between 1 and 1000"},
		{"/api/v1/analytics/key-people?limit=5000", "limit", "must be between 1 and 1000"},
	} {
		p := problem(t, a.do("GET", tc.path, ""), http.StatusBadRequest)
		if len(p.Errors) == 0 || p.Errors[0].Field != tc.field || !strings.HasPrefix(p.Errors[0].Message, tc.want) {
			t.Errorf("GET %s: errors %+v, want %s: %s", tc.path, p.Errors, tc.field, tc.want)
		}
	}
}

// A saved campaign records the parameters it was resolved with, defaults
// included, not the zero values of the request.
func TestSavedCampaignRecordsTheEffectiveParameters(t *testing.T) {
	a := newAPI(t, newEmbedded(t))
	a.seedBase()
	body := a.must("POST", "/api/v1/campaigns", `{"name": "Winter letter", "recipients": ["c1", "c2"]}`, http.StatusCreated)
	var saved struct {
		Params struct {
			MaxHops      int      `json:"maxHops"`
			MinTrust     *float64 `json:"minTrust"`
			HalfLifeDays float64  `json:"halfLifeDays"`
		} `json:"params"`
	}
	if err := json.Unmarshal(body, &saved); err != nil {
		t.Fatal(err)
	}
	if p := saved.Params; p.MaxHops != 1 || p.MinTrust == nil || *p.MinTrust != 0.3 || p.HalfLifeDays != 365 {
		t.Errorf("saved params %s, want maxHops 1, minTrust 0.3, halfLifeDays 365", body)
	}
}

// A campaign to every customer names no ids: {"recipients": {"all": true}}.
func TestCampaignToAllCustomers(t *testing.T) {
	forEachStore(t, func(t *testing.T, st graph.Store) {
		a := newAPI(t, st)
		a.seedBase()
		var res struct {
			Summary struct {
				Recipients int `json:"recipients"`
			} `json:"summary"`
		}
		body := a.must("POST", "/api/v1/campaigns/resolve", `{"recipients": {"all": true}}`, http.StatusOK)
		if err := json.Unmarshal(body, &res); err != nil || res.Summary.Recipients != 2 {
			t.Errorf("all customers: %s", body)
		}
		for _, bad := range []string{`{"recipients": {"all": true}, "accounts": ["a1"]}`, `{"recipients": {"all": false}}`,
			`{"recipients": {"al": true}}`, `{"recipients": "all"}`} {
			p := problem(t, a.do("POST", "/api/v1/campaigns/resolve", bad), http.StatusBadRequest)
			if len(p.Errors) == 0 || !strings.HasPrefix(p.Errors[0].Field, "recipients") {
				t.Errorf("%s: errors %+v, want one naming recipients", bad, p.Errors)
			}
		}
		body = a.must("POST", "/api/v1/campaigns", `{"name": "Everyone", "recipients": {"all": true}}`, http.StatusCreated)
		if !strings.Contains(string(body), `"recipients":2`) {
			t.Errorf("saved to all: %s", body)
		}
	})
}

// The HTTP import takes the zip the export gives, as the import command
// does.
func TestImportTakesTheExportZip(t *testing.T) {
	src := newAPI(t, newEmbedded(t))
	src.seedBase()
	zipped := src.must("GET", "/api/v1/export", "", http.StatusOK)
	dst := newAPI(t, newEmbedded(t))
	w := upload(dst, "", map[string]string{"contactgraph-export.zip": string(zipped)})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"name":"customers.csv"`) {
		t.Fatalf("import of the export zip = %d\n%s", w.Code, w.Body.String())
	}
	if src.snapshot() != dst.snapshot() {
		t.Error("the imported store differs from the exported one")
	}
}

// A campaign to a unit's customers: those of the accounts its employees
// (sub-units included) own.
func TestCampaignToAUnitsCustomers(t *testing.T) {
	forEachStore(t, func(t *testing.T, st graph.Store) {
		a := newAPI(t, st)
		a.seedBase()
		a.must("PUT", "/api/v1/accounts/a2", `{"name": "Account 2", "owner": "e2"}`, http.StatusOK)
		a.must("PUT", "/api/v1/customers/c2", `{"name": "Carl Two", "account": "a2"}`, http.StatusOK)
		for body, want := range map[string]int{`{"units": ["u1"]}`: 2, `{"units": ["u2"]}`: 1, `{"units": ["u2"], "accounts": ["a1"]}`: 2} {
			var res struct {
				Summary struct {
					Recipients int `json:"recipients"`
				} `json:"summary"`
			}
			out := a.must("POST", "/api/v1/campaigns/resolve", body, http.StatusOK)
			if err := json.Unmarshal(out, &res); err != nil || res.Summary.Recipients != want {
				t.Errorf("%s: %s, want %d recipients", body, out, want)
			}
		}
		p := problem(t, a.do("POST", "/api/v1/campaigns/resolve", `{"units": ["nowhere"]}`), http.StatusBadRequest)
		if len(p.Errors) == 0 || p.Errors[0].Field != "units[0]" {
			t.Errorf("unknown unit: %+v", p.Errors)
		}
	})
}
