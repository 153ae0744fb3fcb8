package server

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// The privacy scan: every route, called by every role with parameters that
// make the private relationships matter, on both stores; every answer
// (body, headers, the files of a zip) is searched for the private ties'
// data. privacy.go states the rules it checks.

// privateTie is a private relationship of the scan's network, with data
// that appears nowhere else.
type privateTie struct {
	a, b        string
	trust       float64
	lastContact time.Time
	since       time.Time
	source      string
}

var privateTies = []privateTie{
	// c1's only relationship: its only route.
	{"c1", "e1", 0.417293, time.Date(1997, 3, 14, 9, 26, 53, 0, time.UTC), time.Date(1996, 8, 21, 0, 0, 0, 0, time.UTC), "confidential-ledger-p1"},
	// e2's only relationship to a customer.
	{"c2", "e2", 0.638291, time.Date(1995, 11, 7, 16, 42, 8, 0, time.UTC), time.Date(1994, 2, 28, 0, 0, 0, 0, time.UTC), "confidential-ledger-p2"},
	// Between two employees: the interior hop of c3's best route to e5.
	{"e3", "e5", 0.529174, time.Date(1993, 5, 19, 11, 7, 31, 0, time.UTC), time.Date(1992, 10, 3, 0, 0, 0, 0, time.UTC), "confidential-ledger-p3"},
}

func (p privateTie) json() string {
	return fmt.Sprintf(`{"a": %q, "b": %q, "trust": %v, "lastContact": %q, "since": %q, "visibility": "private", "source": %q}`,
		p.a, p.b, p.trust, p.lastContact.Format(time.RFC3339), p.since.Format("2006-01-02"), p.source)
}

// markers are the ways the tie's trust, dates and source could be printed.
func (p privateTie) markers() []string {
	out := []string{p.source,
		strconv.FormatFloat(p.trust, 'f', -1, 64), strconv.FormatFloat(p.trust, 'f', 5, 64),
		strconv.FormatFloat(p.trust*100, 'f', 4, 64)}
	for _, t := range []time.Time{p.lastContact, p.since} {
		out = append(out, t.Format(time.RFC3339), t.Format("2006-01-02"), t.Format("20060102"),
			t.Format("02.01.2006"), t.Format("01/02/2006"), strconv.FormatInt(t.Unix(), 10))
	}
	return out
}

// privacyNetwork: units u1 > u2; employees e1…e5 (e3 brokers but does not
// send); customers c1, c2 at a1 (owner e4), c3, c4 at a2 (owner e4); public
// ties e1–e4, c2–e4, c3–e3, c3–c4, c4–e4 and the private ties above.
func privacyNetwork() string {
	rels := []string{
		`{"a": "e1", "b": "e4", "trust": 0.6}`,
		`{"a": "c2", "b": "e4", "trust": 0.55}`,
		`{"a": "c3", "b": "e3", "trust": 0.9, "lastContact": "2026-01-02T03:04:05Z"}`,
		`{"a": "c3", "b": "c4", "trust": 0.35}`,
		`{"a": "c4", "b": "e4", "trust": 0.75}`,
	}
	for _, p := range privateTies {
		rels = append(rels, p.json())
	}
	return `{
		"units": [{"id": "u1", "name": "Sales"}, {"id": "u2", "name": "Service", "parent": "u1"}],
		"employees": [{"id": "e1", "name": "Erika One", "email": "e1@example.com", "unit": "u1"},
		              {"id": "e2", "name": "Emil Two", "email": "e2@example.com", "unit": "u1"},
		              {"id": "e3", "name": "Eva Three", "email": "e3@example.com", "unit": "u2", "sender": false},
		              {"id": "e4", "name": "Egon Four", "email": "e4@example.com", "unit": "u2"},
		              {"id": "e5", "name": "Elke Five", "email": "e5@example.com", "unit": "u1"}],
		"accounts": [{"id": "a1", "name": "Account 1", "owner": "e4"}, {"id": "a2", "name": "Account 2", "owner": "e4"}],
		"customers": [{"id": "c1", "name": "Carla One", "email": "c1@customer.example", "account": "a1"},
		              {"id": "c2", "name": "Carl Two", "email": "c2@customer.example", "account": "a1"},
		              {"id": "c3", "name": "Clara Three", "email": "c3@customer.example", "account": "a2"},
		              {"id": "c4", "name": "Conrad Four", "email": "c4@customer.example", "account": "a2"}],
		"relationships": [` + strings.Join(rels, ",\n") + `]}`
}

// The scan's callers: every role, and two employee keys, one bound to an end
// of a private tie (e1), one to nobody's (e4).
var privacyCallers = []struct{ name, role, key string }{
	{"admin", "admin", "privacy-admin-0001"},
	{"manager", "manager", "privacy-manager-0001"},
	{"account_manager", "account_manager", "privacy-am-0001"},
	// An account manager bound to e2, who asks e1 for an introduction to c1
	// over e1's private tie.
	{"account_manager:e2", "account_manager:e2", "privacy-am-e2"},
	{"marketing", "marketing", "privacy-marketing-0001"},
	{"employee:e1", "employee:e1", "privacy-employee-e1"},
	{"employee:e4", "employee:e4", "privacy-employee-e4"},
}

func privacyAPI(t *testing.T, s graph.Store) *api {
	t.Helper()
	var list []string
	for _, c := range privacyCallers {
		list = append(list, c.role+"="+c.key)
	}
	keys, err := ParseKeys(strings.Join(list, ","))
	if err != nil {
		t.Fatal(err)
	}
	return newAPIWith(t, s, Config{Version: "test", Keys: keys})
}

// asAdmin sends a request as admin and fails unless it answers want.
func (a *api) asAdmin(method, path, body string, want int) {
	a.t.Helper()
	if w := a.do(method, path, body, "Authorization", "Bearer "+privacyCallers[0].key); w.Code != want {
		a.t.Fatalf("admin %s %s = %d, want %d\n%s", method, path, w.Code, want, w.Body)
	}
}

// probe is one request of the scan. before runs as admin ahead of each
// caller's request (to create what a DELETE removes); restore re-loads the
// network after it.
type probe struct {
	path    string
	body    string
	header  []string
	before  func(a *api)
	restore bool
	// noMail: the scan's server sends no mail, so 503 is this probe's
	// answer to callers the route lets through (its body is checked all
	// the same).
	noMail bool
	// check, if set, makes assertions of its own on a caller's answer.
	check func(t *testing.T, a *api, caller string, w *httptest.ResponseRecorder)
}

// routingAnswers are the routes whose answers may show the persons on a route
// through a private tie (never its data).
var routingAnswers = map[string]bool{
	"GET /api/v1/customers/:id/contacts": true,
	"GET /api/v1/customers/:id/route":    true,
	"GET /api/v1/paths":                  true,
	"GET /api/v1/employees/:id/handover": true,
	"POST /api/v1/campaigns/resolve":     true,
	// Saved campaigns and the campaigns in an employee's name show the
	// routes of their rows.
	"POST /api/v1/campaigns":              true,
	"GET /api/v1/campaigns/:id":           true,
	"POST /api/v1/campaigns/:id/sent":     true,
	"POST /api/v1/campaigns/:id/decline":  true,
	"GET /api/v1/me/campaigns":            true,
	"GET /api/v1/employees/:id/campaigns": true,
}

// privacyCampaign is the id of the saved campaign that probe paths name as
// {campaign}: saved when the scan starts and anew by probes that change it.
var privacyCampaign string

// scanCampaignBody is the saved campaign of the scan: every customer, routes
// of up to three hops, asOf before every last contact.
const scanCampaignBody = `{"name": "Privacy scan", "recipients": ["c1", "c2", "c3", "c4", "cX"], "maxHops": 3, "minTrust": 0.1,
	"asOf": "1990-01-01T00:00:00Z", "fallback": {"name": "Board", "email": "board@example.com"}}`

// saveScanCampaign saves the scan's campaign as admin and makes it the one
// {campaign} names.
func saveScanCampaign(a *api) {
	a.t.Helper()
	w := a.do("POST", "/api/v1/campaigns", scanCampaignBody, "Authorization", "Bearer "+privacyCallers[0].key)
	if w.Code != http.StatusCreated {
		a.t.Fatalf("save the scan's campaign = %d\n%s", w.Code, w.Body)
	}
	var saved struct{ ID string }
	if err := json.Unmarshal(w.Body.Bytes(), &saved); err != nil || saved.ID == "" {
		a.t.Fatalf("saved campaign %s: %v", w.Body, err)
	}
	privacyCampaign = saved.ID
}

// scanLetter is the letter of the scan's campaign.
const scanLetter = `{"subject": "Hello {{.Recipient.Name}}", "text": "{{.Sender.Name}} {{.Sender.Title}}"}`

// writeScanLetter saves the scan's campaign with a letter.
func writeScanLetter(a *api) {
	a.t.Helper()
	saveScanCampaign(a)
	scratch("PUT", "/api/v1/campaigns/"+privacyCampaign+"/letter", scanLetter)(a)
}

const asOf1990 = "asOf=1990-01-01T00:00:00Z" // before every last contact: no decay

// scratch creates something for a DELETE to remove; it may exist already.
func scratch(method, path, body string) func(a *api) {
	return func(a *api) {
		a.t.Helper()
		if w := a.do(method, path, body, "Authorization", "Bearer "+privacyCallers[0].key); w.Code >= 300 {
			a.t.Fatalf("admin %s %s = %d\n%s", method, path, w.Code, w.Body)
		}
	}
}

// scanIntroduction is the introduction the probes name as int-scan: asked
// by e2 of e1 about c1, whose only tie (to e1) is private, reset to state
// before each caller's request. A done one recorded the interaction e2–c1,
// which goes again.
func scanIntroduction(state string) func(a *api) {
	return func(a *api) {
		a.t.Helper()
		ctx := a.t.Context()
		_ = a.store.DeleteIntroduction(ctx, "int-scan")
		_ = a.store.DeleteRelationship(ctx, "e2", "c1")
		in := graph.Introduction{ID: "int-scan", Customer: "c1", Via: "e1", Requester: "e2", Note: "scan note",
			State: state, CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
		if state != graph.IntroductionRequested {
			at := in.CreatedAt.Add(time.Hour)
			in.AnsweredAt = &at
		}
		if err := a.store.CreateIntroduction(ctx, in); err != nil {
			a.t.Fatal(err)
		}
	}
}

// privacyProbes lists the requests of every route, by "METHOD template".
func privacyProbes() map[string][]probe {
	gets := func(paths ...string) []probe {
		var out []probe
		for _, p := range paths {
			out = append(out, probe{path: p})
		}
		return out
	}
	withAsOf := func(paths ...string) []probe {
		var out []probe
		for _, p := range paths {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			out = append(out, probe{path: p}, probe{path: p + sep + asOf1990})
		}
		return out
	}
	p1 := privateTies[0]
	campaign := `{"recipients": ["c1", "c2", "c3", "c4", "cX"], "maxHops": 3, "minTrust": 0.1, "asOf": "1990-01-01T00:00:00Z",
		"fallback": {"name": "Board", "email": "board@example.com"}}`
	campaignNow := `{"recipients": ["c1", "c2", "c3", "c4"], "maxHops": 3, "minTrust": 0}`
	return map[string][]probe{
		"GET /":              gets("/"),
		"GET /ui/*file":      gets("/ui/app.js", "/ui/api.js", "/ui/views/customer.js", "/ui/views/dashboard.js"),
		"GET /healthz":       gets("/healthz"),
		"GET /readyz":        gets("/readyz"),
		"GET /metrics":       gets("/metrics"),
		"GET /openapi.json":  gets("/openapi.json"),
		"GET /api/v1/whoami": gets("/api/v1/whoami"),

		"GET /api/v1/employees":        gets("/api/v1/employees?limit=1000"),
		"GET /api/v1/employees/:id":    gets("/api/v1/employees/e1", "/api/v1/employees/e2", "/api/v1/employees/e4", "/api/v1/employees/e5"),
		"PUT /api/v1/employees/:id":    {{path: "/api/v1/employees/x9", body: `{"name": "Scratch", "email": "x9@example.com"}`}, {path: "/api/v1/employees/e2", body: `{"name": "Emil Two", "email": "e2@example.com", "unit": "u1"}`}},
		"DELETE /api/v1/employees/:id": {{path: "/api/v1/employees/x9", before: scratch("PUT", "/api/v1/employees/x9", `{"name": "Scratch", "email": "x9@example.com"}`)}},
		"GET /api/v1/customers":        gets("/api/v1/customers?limit=1000", "/api/v1/customers?account=a1"),
		"GET /api/v1/customers/:id":    gets("/api/v1/customers/c1", "/api/v1/customers/c2"),
		"PUT /api/v1/customers/:id":    {{path: "/api/v1/customers/x8", body: `{"name": "Scratch"}`}},
		"DELETE /api/v1/customers/:id": {{path: "/api/v1/customers/x8", before: scratch("PUT", "/api/v1/customers/x8", `{"name": "Scratch"}`)}},
		"GET /api/v1/accounts":         gets("/api/v1/accounts"),
		"GET /api/v1/accounts/:id":     gets("/api/v1/accounts/a1"),
		"PUT /api/v1/accounts/:id":     {{path: "/api/v1/accounts/xa", body: `{"name": "Scratch"}`}},
		"DELETE /api/v1/accounts/:id":  {{path: "/api/v1/accounts/xa", before: scratch("PUT", "/api/v1/accounts/xa", `{"name": "Scratch"}`)}},
		"GET /api/v1/units":            gets("/api/v1/units"),
		"GET /api/v1/units/:id":        gets("/api/v1/units/u1"),
		"PUT /api/v1/units/:id":        {{path: "/api/v1/units/xu", body: `{"name": "Scratch"}`}},
		"DELETE /api/v1/units/:id":     {{path: "/api/v1/units/xu", before: scratch("PUT", "/api/v1/units/xu", `{"name": "Scratch"}`)}},

		"GET /api/v1/relationships/:a/:b": {
			{path: "/api/v1/relationships/e1/c1", check: wantHidden(p1, "e1", "c1")},
			{path: "/api/v1/relationships/c1/e1", check: wantHidden(p1, "c1", "e1")},
			{path: "/api/v1/relationships/e2/c2"}, {path: "/api/v1/relationships/e3/e5"}, {path: "/api/v1/relationships/e5/e3"},
			{path: "/api/v1/relationships/e1/e4"}, {path: "/api/v1/relationships/e1/c4"}},
		"GET /api/v1/relationships/:a/:b/history": {
			{path: "/api/v1/relationships/e1/c1/history", check: wantHidden(p1, "e1", "c1")},
			{path: "/api/v1/relationships/c1/e1/history?limit=5", check: wantHidden(p1, "c1", "e1")},
			{path: "/api/v1/relationships/e2/c2/history"}, {path: "/api/v1/relationships/e3/e5/history"}},
		"PUT /api/v1/relationships/:a/:b": {
			{path: "/api/v1/relationships/e1/c1", body: p1.json()},
			{path: "/api/v1/relationships/e3/e5", body: privateTies[2].json()}},
		"DELETE /api/v1/relationships/:a/:b": {
			{path: "/api/v1/relationships/e1/c1", restore: true},
			{path: "/api/v1/relationships/e3/e5", restore: true}},
		"GET /api/v1/persons/:id/relationships": gets("/api/v1/persons/e1/relationships", "/api/v1/persons/c1/relationships",
			"/api/v1/persons/e2/relationships", "/api/v1/persons/c2/relationships", "/api/v1/persons/e3/relationships",
			"/api/v1/persons/e4/relationships", "/api/v1/persons/e5/relationships"),
		"POST /api/v1/interactions": {{path: "/api/v1/interactions", body: `{"a": "e1", "b": "c1", "at": "1980-01-01T00:00:00Z", "kind": "call"}`, restore: true}},
		"POST /api/v1/batch":        {{path: "/api/v1/batch", body: privacyNetwork()}},
		"POST /api/v1/import":       {importProbe()},
		"POST /api/v1/capture":      {captureProbe()},
		"GET /api/v1/export":        gets("/api/v1/export", "/api/v1/export?includePrivate=true"),

		"GET /api/v1/customers/:id/contacts": append(withAsOf("/api/v1/customers/c1/contacts?limit=100&maxHops=3",
			"/api/v1/customers/c2/contacts?limit=100", "/api/v1/customers/c3/contacts?limit=100&maxHops=3"),
			probe{path: "/api/v1/customers/c1/contacts?" + asOf1990, check: wantWithheld("e1")}),
		"GET /api/v1/customers/:id/interactions": gets("/api/v1/customers/c1/interactions", "/api/v1/customers/c2/interactions?limit=3",
			"/api/v1/customers/c3/interactions", "/api/v1/customers/c4/interactions"),
		"GET /api/v1/customers/:id/route": withAsOf("/api/v1/customers/c1/route", "/api/v1/customers/c2/route",
			"/api/v1/customers/c3/route?maxHops=2&minTrust=0.1"),
		"GET /api/v1/paths": withAsOf("/api/v1/paths?from=c1&to=e1", "/api/v1/paths?from=e1&to=c1&limit=10&maxHops=6",
			"/api/v1/paths?from=e2&to=c2", "/api/v1/paths?from=c3&to=e5&limit=10", "/api/v1/paths?from=e3&to=e5",
			"/api/v1/paths?from=c1&to=c4&limit=10&maxHops=6"),
		"GET /api/v1/employees/:id/handover": withAsOf("/api/v1/employees/e1/handover?maxHops=3&minTrust=0",
			"/api/v1/employees/e2/handover", "/api/v1/employees/e5/handover?maxHops=2&minTrust=0",
			"/api/v1/employees/e4/handover?maxHops=3&minTrust=0"),
		"POST /api/v1/campaigns/resolve": {
			{path: "/api/v1/campaigns/resolve", body: campaign},
			{path: "/api/v1/campaigns/resolve", body: campaign, header: []string{"Accept", "text/csv"}, check: sameAsJSONCampaign(campaign)},
			{path: "/api/v1/campaigns/resolve", body: campaignNow},
			{path: "/api/v1/campaigns/resolve", body: campaignNow, header: []string{"Accept", "text/csv"}}},
		"POST /api/v1/campaigns": {{path: "/api/v1/campaigns", body: scanCampaignBody}},
		"GET /api/v1/campaigns":  gets("/api/v1/campaigns"),
		"GET /api/v1/campaigns/:id": {{path: "/api/v1/campaigns/{campaign}"},
			{path: "/api/v1/campaigns/{campaign}", header: []string{"Accept", "text/csv"}}},
		"POST /api/v1/campaigns/:id/sent": {{path: "/api/v1/campaigns/{campaign}/sent", before: saveScanCampaign}},
		// e1 sends to c1 over its private tie and declines; the others may
		// not, or name no recipient of theirs.
		"POST /api/v1/campaigns/:id/decline": {
			{path: "/api/v1/campaigns/{campaign}/decline", body: `{"recipients": ["c1"]}`, before: saveScanCampaign},
			{path: "/api/v1/campaigns/{campaign}/decline", body: `{"employee": "e1", "recipients": ["c1"]}`, before: saveScanCampaign}},
		// Letters and their delivery: a preview shows a sender's name and
		// address, as the CSV does, and no trust; this server sends no mail,
		// so deliver and pause answer 503 and the outbox is empty.
		"PUT /api/v1/campaigns/:id/letter": {{path: "/api/v1/campaigns/{campaign}/letter", body: scanLetter, before: saveScanCampaign}},
		"GET /api/v1/campaigns/:id/letter": {{path: "/api/v1/campaigns/{campaign}/letter", before: writeScanLetter}},
		"GET /api/v1/campaigns/:id/preview": {{path: "/api/v1/campaigns/{campaign}/preview?recipient=c1", before: writeScanLetter},
			{path: "/api/v1/campaigns/{campaign}/preview?recipient=c3"}},
		"POST /api/v1/campaigns/:id/deliver": {{path: "/api/v1/campaigns/{campaign}/deliver", body: `{}`, noMail: true}},
		"POST /api/v1/campaigns/:id/pause":   {{path: "/api/v1/campaigns/{campaign}/pause", noMail: true}},
		"GET /api/v1/campaigns/:id/delivery": gets("/api/v1/campaigns/{campaign}/delivery"),
		"GET /unsubscribe":                   {{path: "/unsubscribe?t=x.y", noMail: true}},
		"POST /unsubscribe":                  {{path: "/unsubscribe?t=x.y", noMail: true}},
		"GET /api/v1/me":                     gets("/api/v1/me"),
		"PATCH /api/v1/me":                   {{path: "/api/v1/me", body: `{"broker": true}`}},
		"GET /api/v1/me/network":             withAsOf("/api/v1/me/network"),
		"GET /api/v1/me/campaigns":           gets("/api/v1/me/campaigns"),
		"POST /api/v1/me/interactions":       {{path: "/api/v1/me/interactions", body: `{"with": "c1", "at": "1980-01-01T00:00:00Z", "kind": "note"}`, restore: true}},
		"POST /api/v1/introductions": {{path: "/api/v1/introductions", body: `{"customer": "c1", "via": "e1", "note": "through a private tie"}`,
			before: func(a *api) {
				page, _ := a.store.Introductions(a.t.Context(), graph.IntroductionQuery{Customer: "c1", Via: "e1", Requester: "e2", Limit: 1000})
				for _, in := range page.Items {
					_ = a.store.DeleteIntroduction(a.t.Context(), in.ID)
				}
			}, check: wantStatusFor("account_manager:e2", http.StatusCreated)}},
		"GET /api/v1/introductions":     {{path: "/api/v1/introductions", before: scanIntroduction(graph.IntroductionRequested)}, {path: "/api/v1/introductions?customer=c1"}},
		"GET /api/v1/introductions/:id": {{path: "/api/v1/introductions/int-scan", before: scanIntroduction(graph.IntroductionAccepted)}},
		"GET /api/v1/me/introductions":  {{path: "/api/v1/me/introductions", before: scanIntroduction(graph.IntroductionRequested)}},
		"POST /api/v1/me/introductions/:id/accept": {{path: "/api/v1/me/introductions/int-scan/accept", body: `{"message": "yes"}`,
			before: scanIntroduction(graph.IntroductionRequested)}},
		"POST /api/v1/me/introductions/:id/decline": {{path: "/api/v1/me/introductions/int-scan/decline",
			before: scanIntroduction(graph.IntroductionRequested)}},
		"POST /api/v1/me/introductions/:id/done": {{path: "/api/v1/me/introductions/int-scan/done",
			before: scanIntroduction(graph.IntroductionAccepted), check: wantStatusFor("employee:e1", http.StatusOK)}},
		"GET /api/v1/employees/:id/campaigns": gets("/api/v1/employees/e1/campaigns", "/api/v1/employees/e4/campaigns",
			"/api/v1/employees/e2/campaigns"),

		"GET /api/v1/analytics/coverage":   withAsOf("/api/v1/analytics/coverage", "/api/v1/analytics/coverage?maxHops=3&minTrust=0.1"),
		"GET /api/v1/analytics/key-people": withAsOf("/api/v1/analytics/key-people", "/api/v1/analytics/key-people?maxHops=3&minTrust=0.1&limit=100"),
		"GET /api/v1/graph": withAsOf("/api/v1/graph?focus=e1&depth=3", "/api/v1/graph?focus=c1&depth=3",
			"/api/v1/graph?focus=e3&depth=3", "/api/v1/graph?focus=e5&depth=3", "/api/v1/graph?focus=c2&depth=3",
			"/api/v1/graph?focus=a1&depth=3", "/api/v1/graph?focus=u1&depth=3"),
	}
}

// wantStatusFor: caller's request is answered status (the probe does reach
// the private tie's data path for them).
func wantStatusFor(caller string, status int) func(*testing.T, *api, string, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *api, who string, w *httptest.ResponseRecorder) {
		if who == caller && w.Code != status {
			t.Errorf("as %s: %d, want %d\n%s", who, w.Code, status, w.Body)
		}
	}
}

// importProbe uploads the private ties, unchanged, as relationships.csv.
func importProbe() probe {
	var csvRows strings.Builder
	csvRows.WriteString("a,b,trust,last_contact,since,visibility,source\n")
	for _, p := range privateTies {
		fmt.Fprintf(&csvRows, "%s,%s,%v,%s,%s,private,%s\n", p.a, p.b, p.trust, p.lastContact.Format(time.RFC3339), p.since.Format("2006-01-02"), p.source)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	f, _ := mw.CreateFormFile("files", "relationships.csv")
	_, _ = f.Write([]byte(csvRows.String()))
	_ = mw.Close()
	return probe{path: "/api/v1/import", body: body.String(), header: []string{"Content-Type", mw.FormDataContentType()}}
}

// captureProbe uploads a message between two addresses nobody has: the
// answer is counts only.
func captureProbe() probe {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	f, _ := mw.CreateFormFile("files", "one.eml")
	_, _ = f.Write([]byte("From: a@unknown.example\r\nTo: b@unknown.example\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\nMessage-ID: <p@x>\r\n\r\nbody\r\n"))
	_ = mw.Close()
	return probe{path: "/api/v1/capture", body: body.String(), header: []string{"Content-Type", mw.FormDataContentType()}}
}

// wantHidden: the private tie is 404 to everyone who may read relationships
// but is neither admin nor its end, and whole to those.
func wantHidden(p privateTie, a, b string) func(*testing.T, *api, string, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *api, caller string, w *httptest.ResponseRecorder) {
		switch caller {
		case "admin", "employee:" + a, "employee:" + b:
			var r relationshipResponse
			if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &r) != nil || r.Trust != p.trust {
				t.Errorf("%s: own or admin view of the private tie = %d %s, want it whole", caller, w.Code, w.Body)
			}
		case "manager":
			// The same words as for two persons who have no relationship.
			pr := problem(t, w, http.StatusNotFound)
			if want := fmt.Sprintf("no relationship between %q and %q", a, b); pr.Detail != want {
				t.Errorf("manager: 404 detail %q, want %q as for a missing relationship", pr.Detail, want)
			}
		}
	}
}

// wantWithheld: the route through the private tie is shown to non-admins,
// with its edge data and score null.
func wantWithheld(employee string) func(*testing.T, *api, string, *httptest.ResponseRecorder) {
	return func(t *testing.T, _ *api, caller string, w *httptest.ResponseRecorder) {
		if w.Code != http.StatusOK {
			return
		}
		var res struct {
			Contacts []struct {
				Employee struct{ ID string }
				Score    *float64
				Edges    []struct{ Trust *float64 }
			}
		}
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || len(res.Contacts) == 0 || res.Contacts[0].Employee.ID != employee {
			t.Fatalf("%s: contacts = %s, want %s first (the route through the private tie)", caller, w.Body, employee)
		}
		got := res.Contacts[0]
		if hidden := got.Score == nil && got.Edges[0].Trust == nil; hidden != (caller != "admin") {
			t.Errorf("%s: score %v, trust %v: withheld = %v, want %v", caller, got.Score, got.Edges[0].Trust, hidden, caller != "admin")
		}
	}
}

// sameAsJSONCampaign: a CSV score cell is empty exactly when the JSON answer
// withholds the score, and the total header is the JSON total.
func sameAsJSONCampaign(body string) func(*testing.T, *api, string, *httptest.ResponseRecorder) {
	return func(t *testing.T, a *api, caller string, w *httptest.ResponseRecorder) {
		if w.Code != http.StatusOK {
			return
		}
		key := callerKey(caller)
		var res struct {
			Assignments []struct {
				Customer string
				Reason   string
				Score    *float64
			}
			Summary struct{ TotalScore float64 }
		}
		jw := a.do("POST", "/api/v1/campaigns/resolve", body, "Authorization", "Bearer "+key)
		if err := json.Unmarshal(jw.Body.Bytes(), &res); err != nil {
			t.Fatalf("%s: campaign JSON %s: %v", caller, jw.Body, err)
		}
		withheld := map[string]bool{}
		for _, as := range res.Assignments {
			withheld[as.Customer] = as.Score == nil
		}
		if len(withheld) == 0 || (caller != "admin") != (withheld["c1"] && withheld["c2"] && withheld["c3"]) {
			t.Errorf("%s: withheld scores %v, want c1, c2 and c3 withheld for non-admins only", caller, withheld)
		}
		rows, err := csv.NewReader(bytes.NewReader(w.Body.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[1:] {
			if row[6] == "trusted_path" && (row[7] == "") != withheld[row[0]] {
				t.Errorf("%s: CSV row %v: score withheld %v, JSON says %v", caller, row, row[7] == "", withheld[row[0]])
			}
		}
		if got := w.Header().Get("X-Campaign-Total-Score"); got != strconv.FormatFloat(res.Summary.TotalScore, 'f', -1, 64) {
			t.Errorf("%s: X-Campaign-Total-Score %s, JSON totalScore %v", caller, got, res.Summary.TotalScore)
		}
	}
}

func callerKey(name string) string {
	for _, c := range privacyCallers {
		if c.name == name {
			return c.key
		}
	}
	return ""
}

func TestPrivacyScanCoversRoutes(t *testing.T) {
	a := privacyAPI(t, newEmbedded(t))
	probes := privacyProbes()
	routes := map[string]bool{}
	for _, r := range a.srv.Routes() {
		key := r.Method + " " + r.Path
		routes[key] = true
		if len(probes[key]) == 0 {
			t.Errorf("route %s is not in the privacy scan: add probes for it to privacyProbes", key)
		}
	}
	for key := range probes {
		if !routes[key] {
			t.Errorf("privacy probe for %s, which is no route", key)
		}
	}
}

func TestPrivacyScan(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := privacyAPI(t, s)
		a.asAdmin("POST", "/api/v1/batch", privacyNetwork(), http.StatusOK)
		saveScanCampaign(a)
		probes := privacyProbes()
		seen := map[string]int{} // marker → how often admin saw it: the scan finds what is there
		scanned := 0
		for _, r := range a.srv.Routes() {
			key := r.Method + " " + r.Path
			for _, pr := range probes[key] {
				for _, caller := range privacyCallers {
					t.Run(key+"/"+caller.name, func(t *testing.T) {
						a := a.in(t)
						if pr.before != nil {
							pr.before(a)
						}
						header := append([]string{"Authorization", "Bearer " + caller.key}, pr.header...)
						path := strings.ReplaceAll(pr.path, "{campaign}", privacyCampaign)
						w := a.do(r.Method, path, pr.body, header...)
						if w.Code >= 500 && !(pr.noMail && w.Code == http.StatusServiceUnavailable) {
							t.Fatalf("%s %s = %d\n%s", r.Method, path, w.Code, w.Body)
						}
						scanned++
						for _, leak := range scanAnswer(t, w, caller.name, routingAnswers[key], seen) {
							t.Errorf("%s %s as %s (%d): %s", r.Method, pr.path, caller.name, w.Code, leak)
						}
						if pr.check != nil {
							pr.check(t, a, caller.name, w)
						}
						if pr.restore {
							a.asAdmin("POST", "/api/v1/batch", privacyNetwork(), http.StatusOK)
						}
					})
				}
			}
		}
		for _, p := range privateTies {
			for _, m := range []string{strconv.FormatFloat(p.trust, 'f', -1, 64), p.lastContact.Format(time.RFC3339), p.source, "pair " + p.a + "–" + p.b} {
				if seen[m] == 0 {
					t.Errorf("admin never saw %s: the scan would not notice its leak", m)
				}
			}
		}
		t.Logf("privacy scan: %d answers scanned", scanned)
	})
}

// scanAnswer returns what w gives away of the private ties that caller may
// not see. For admin it finds nothing but counts what it saw into seen.
func scanAnswer(t *testing.T, w *httptest.ResponseRecorder, caller string, routingAnswer bool, seen map[string]int) []string {
	t.Helper()
	var leaks []string
	for _, p := range privateTies {
		if caller == "admin" || caller == "employee:"+p.a || caller == "employee:"+p.b {
			if caller == "admin" {
				for _, m := range p.markers() {
					if strings.Contains(w.Body.String(), m) {
						seen[m]++
					}
				}
				if len(pairsIn(t, w, p)) > 0 {
					seen["pair "+p.a+"–"+p.b]++
				}
			}
			continue
		}
		for _, text := range texts(t, w) {
			for _, m := range p.markers() {
				if i := strings.Index(text, m); i >= 0 {
					leaks = append(leaks, fmt.Sprintf("private tie %s–%s: %q in …%s…", p.a, p.b, m, clip(text, i)))
				}
			}
		}
		if !routingAnswer {
			for _, where := range pairsIn(t, w, p) {
				leaks = append(leaks, fmt.Sprintf("private tie %s–%s shown as a pair in %s", p.a, p.b, where))
			}
		} else {
			leaks = append(leaks, withheldScores(t, w, p)...)
		}
	}
	return leaks
}

func clip(s string, i int) string {
	return s[max(0, i-60):min(len(s), i+60)]
}

// texts returns the answer as text to search: the headers, the body and,
// for a zip, each of its files.
func texts(t *testing.T, w *httptest.ResponseRecorder) []string {
	var h []string
	for name, vs := range w.Header() {
		h = append(h, name+": "+strings.Join(vs, ", "))
	}
	sort.Strings(h)
	out := []string{strings.Join(h, "\n"), w.Body.String()}
	for _, f := range zipFiles(t, w) {
		out = append(out, f)
	}
	return out
}

// zipFiles returns the files of a zip answer by name.
func zipFiles(t *testing.T, w *httptest.ResponseRecorder) map[string]string {
	if w.Header().Get("Content-Type") != "application/zip" {
		return nil
	}
	z, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
	if err != nil {
		t.Fatalf("unreadable zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(b)
	}
	return out
}

// pairsIn returns where the answer shows the tie p as a pair: a JSON object
// with both ends as a and b, source and target or from and to, a JSON list
// of just the two, or a CSV row holding both.
func pairsIn(t *testing.T, w *httptest.ResponseRecorder, p privateTie) []string {
	var out []string
	isPair := func(x, y any) bool {
		xs, ok1 := x.(string)
		ys, ok2 := y.(string)
		return ok1 && ok2 && (xs == p.a && ys == p.b || xs == p.b && ys == p.a)
	}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range [][2]string{{"a", "b"}, {"source", "target"}, {"from", "to"}} {
				if isPair(v[k[0]], v[k[1]]) {
					out = append(out, at+" {"+k[0]+", "+k[1]+"}")
				}
			}
			for k, x := range v {
				walk(x, at+"."+k)
			}
		case []any:
			if len(v) == 2 && isPair(v[0], v[1]) {
				out = append(out, at)
			}
			for i, x := range v {
				walk(x, fmt.Sprintf("%s[%d]", at, i))
			}
		}
	}
	if strings.Contains(w.Header().Get("Content-Type"), "json") {
		var v any
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
			t.Fatalf("unreadable JSON answer: %v\n%s", err, w.Body)
		}
		walk(v, "$")
	}
	files := zipFiles(t, w)
	if strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
		files = map[string]string{"body": w.Body.String()}
	}
	for name, f := range files {
		rows, err := csv.NewReader(strings.NewReader(f)).ReadAll()
		if err != nil {
			t.Fatalf("unreadable CSV %s: %v", name, err)
		}
		for i, row := range rows {
			if contains(row, p.a) && contains(row, p.b) {
				out = append(out, fmt.Sprintf("%s line %d", name, i+1))
			}
		}
	}
	return out
}

// withheldScores checks a routing answer: every score of a route through
// p (a list of ids or of nodes under path or nodes) is null, so is the
// scoreLost of a succession whose route or successor runs through it, and
// a campaign's totalScore sums only the scores shown.
func withheldScores(t *testing.T, w *httptest.ResponseRecorder, p privateTie) []string {
	if !strings.Contains(w.Header().Get("Content-Type"), "json") || w.Code != http.StatusOK {
		return nil
	}
	var v any
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("unreadable JSON answer: %v", err)
	}
	through := func(m map[string]any) bool {
		route, _ := m["path"].([]any)
		if route == nil {
			route, _ = m["nodes"].([]any)
		}
		var ids []string
		for _, n := range route {
			switch n := n.(type) {
			case string:
				ids = append(ids, n)
			case map[string]any:
				id, _ := n["id"].(string)
				ids = append(ids, id)
			}
		}
		for i := 0; i+1 < len(ids); i++ {
			if ids[i] == p.a && ids[i+1] == p.b || ids[i] == p.b && ids[i+1] == p.a {
				return true
			}
		}
		return false
	}
	var leaks []string
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			hidden := through(v)
			if hidden && v["score"] != nil {
				leaks = append(leaks, fmt.Sprintf("score %v of a route through private tie %s–%s at %s", v["score"], p.a, p.b, at))
			}
			if s, ok := v["successor"].(map[string]any); ok && through(s) {
				hidden = true
			}
			if hidden && v["scoreLost"] != nil {
				leaks = append(leaks, fmt.Sprintf("scoreLost %v of a route through private tie %s–%s at %s", v["scoreLost"], p.a, p.b, at))
			}
			if as, ok := v["assignments"].([]any); ok {
				total := 0.0
				for _, x := range as {
					if s, ok := x.(map[string]any)["score"].(float64); ok {
						total += s
					}
				}
				if got, _ := v["summary"].(map[string]any)["totalScore"].(float64); math.Abs(got-total) > 1e-9 {
					leaks = append(leaks, fmt.Sprintf("totalScore %v is not the sum of the scores shown, %v", got, total))
				}
			}
			for k, x := range v {
				walk(x, at+"."+k)
			}
		case []any:
			for i, x := range v {
				walk(x, fmt.Sprintf("%s[%d]", at, i))
			}
		}
	}
	walk(v, "$")
	return leaks
}
