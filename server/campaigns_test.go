package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
)

// campaignAsOf fixes the moment of the campaign tests, so that a campaign
// and the routes it is compared with decay trust alike.
const campaignAsOf = "2026-12-01T00:00:00Z"

// campaignAnswer is the JSON answer of POST /campaigns/resolve.
type campaignAnswer struct {
	AsOf        string                `json:"asOf"`
	Assignments []routing.Assignment  `json:"assignments"`
	Excluded    []campaigns.Exclusion `json:"excluded"`
	Unresolved  []campaigns.Exclusion `json:"unresolved"`
	Duplicates  []string              `json:"duplicates"`
	Summary     campaigns.Summary
}

// demoCustomers returns the ids of the demo company's customers as a JSON
// list.
func demoCustomers() []string {
	var ids []string
	for _, c := range seed.Demo().Customers {
		ids = append(ids, c.ID)
	}
	return ids
}

func campaignBody(t *testing.T, fields map[string]any) string {
	t.Helper()
	b, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (ans campaignAnswer) byCustomer() map[string]routing.Assignment {
	out := map[string]routing.Assignment{}
	for _, a := range ans.Assignments {
		out[a.Customer] = a
	}
	return out
}

// The seed story at campaign scale: without capacities every customer gets
// what GET /route gives them; the network specialist is the sender of the
// customers who know him, opt-outs and customers without email are
// excluded, and where nobody is trusted enough the account owner or the
// board steps in.
func TestCampaignTellsTheDemoStory(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := demoAPI(t, s, Config{})
		ids := append(demoCustomers(), "nobody", seed.DemoNetworkSpecialist)
		ans := mustJSON[campaignAnswer](a, "POST", "/api/v1/campaigns/resolve",
			campaignBody(t, map[string]any{"recipients": ids, "asOf": campaignAsOf}), http.StatusOK)

		got := ans.byCustomer()
		specialist := 0
		for _, c := range seed.Demo().Customers {
			w := a.do("GET", "/api/v1/customers/"+c.ID+"/route?asOf="+campaignAsOf, "")
			var route routing.Assignment
			if err := json.Unmarshal(w.Body.Bytes(), &route); err != nil || w.Code != http.StatusOK {
				t.Fatalf("route %s = %d %s", c.ID, w.Code, w.Body)
			}
			if route.Sender == nil {
				if _, ok := got[c.ID]; ok {
					t.Errorf("%s is %s on its route but assigned in the campaign", c.ID, route.Reason)
				}
				continue
			}
			ca, ok := got[c.ID]
			if !ok {
				t.Errorf("%s: not assigned, route says %+v", c.ID, route)
				continue
			}
			if ca.Reason != route.Reason || fmt.Sprint(ca.Sender.ID) != fmt.Sprint(route.Sender.ID) && (ca.Sender.ID == nil || route.Sender.ID == nil || *ca.Sender.ID != *route.Sender.ID) ||
				ca.Score != route.Score || strings.Join(ca.Path, ",") != strings.Join(route.Path, ",") {
				t.Errorf("%s: campaign %+v, route %+v", c.ID, ca, route)
			}
			if ca.Sender.ID != nil && *ca.Sender.ID == seed.DemoNetworkSpecialist {
				specialist++
			}
		}
		if specialist < 5 {
			t.Errorf("the network specialist sends to %d customers, want those who know him (at least 5)", specialist)
		}
		if got[seed.DemoLeaversCustomer].Reason != routing.ReasonAccountOwner || *got[seed.DemoLeaversCustomer].Sender.ID != "claudia.schwarz" {
			t.Errorf("the leaver's customer gets %+v, want the account owner", got[seed.DemoLeaversCustomer])
		}
		if fb := got["c-schulen-1"]; fb.Reason != routing.ReasonFallback || fb.Sender.ID != nil || fb.Sender.Name != "Vorstand" || fb.Score != 0 {
			t.Errorf("c-schulen-1 gets %+v, want the board as fallback", fb)
		}
		wantExcluded := map[string]string{}
		for _, c := range seed.Demo().Customers {
			switch {
			case c.OptOut:
				wantExcluded[c.ID] = routing.ReasonOptOut
			case c.Email == "":
				wantExcluded[c.ID] = routing.ReasonNoEmail
			}
		}
		if len(ans.Excluded) != len(wantExcluded) || len(wantExcluded) == 0 {
			t.Errorf("excluded %v, want %v", ans.Excluded, wantExcluded)
		}
		for _, e := range ans.Excluded {
			if wantExcluded[e.Customer] != e.Reason {
				t.Errorf("excluded %+v, want reason %q", e, wantExcluded[e.Customer])
			}
		}
		if len(ans.Unresolved) != 2 || ans.Unresolved[0].Customer != "nobody" || ans.Unresolved[1].Customer != seed.DemoNetworkSpecialist {
			t.Errorf("unresolved = %+v, want nobody and the employee's id", ans.Unresolved)
		}
		sum := ans.Summary
		if sum.Recipients != len(ids) || sum.Assigned != len(ans.Assignments) ||
			sum.ByReason[routing.ReasonTrustedPath]+sum.ByReason[routing.ReasonAccountOwner]+sum.ByReason[routing.ReasonFallback] != sum.Assigned ||
			sum.BySender[seed.DemoNetworkSpecialist] != specialist || sum.Excluded[routing.ReasonOptOut] == 0 {
			t.Errorf("summary %+v does not add up", sum)
		}
		if ans.AsOf != campaignAsOf {
			t.Errorf("asOf = %s, want %s", ans.AsOf, campaignAsOf)
		}
	})
}

// A popular sender with fewer places than customers who trust him: he gets
// exactly his capacity, the customers he keeps are those he matters most
// to, and the others fall through to another trusted sender, the owner or
// the board.
func TestCampaignCapacityFallsThrough(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := demoAPI(t, s, Config{})
		free := mustJSON[campaignAnswer](a, "POST", "/api/v1/campaigns/resolve",
			campaignBody(t, map[string]any{"recipients": demoCustomers(), "asOf": campaignAsOf}), http.StatusOK)
		capped := mustJSON[campaignAnswer](a, "POST", "/api/v1/campaigns/resolve",
			campaignBody(t, map[string]any{"recipients": demoCustomers(), "asOf": campaignAsOf,
				"capacity": map[string]int{seed.DemoNetworkSpecialist: 2}}), http.StatusOK)
		if n := free.Summary.BySender[seed.DemoNetworkSpecialist]; n <= 2 {
			t.Fatalf("the specialist has %d recipients without a cap; the test needs more than 2", n)
		}
		if n := capped.Summary.BySender[seed.DemoNetworkSpecialist]; n != 2 {
			t.Errorf("capped specialist has %d recipients, want 2", n)
		}
		if capped.Summary.TotalScore > free.Summary.TotalScore {
			t.Errorf("capped total %v above uncapped %v", capped.Summary.TotalScore, free.Summary.TotalScore)
		}
		before := free.byCustomer()
		for _, ca := range capped.Assignments {
			b := before[ca.Customer]
			if b.Sender.ID == nil || *b.Sender.ID != seed.DemoNetworkSpecialist {
				continue
			}
			if ca.Sender.ID != nil && *ca.Sender.ID == seed.DemoNetworkSpecialist {
				continue
			}
			// Displaced: no one he kept scores less with him, unless the
			// displaced customer has another trusted sender.
			for _, kept := range capped.Assignments {
				if kept.Sender.ID != nil && *kept.Sender.ID == seed.DemoNetworkSpecialist && before[kept.Customer].Score < b.Score && ca.Reason != routing.ReasonTrustedPath {
					t.Errorf("%s (score %v with him) lost the specialist to %s (score %v)", ca.Customer, b.Score, kept.Customer, before[kept.Customer].Score)
				}
			}
			if ca.Reason == routing.ReasonAccountOwner && *ca.Sender.ID == seed.DemoNetworkSpecialist {
				t.Errorf("%s got the full specialist as account owner", ca.Customer)
			}
		}
	})
}

func TestCampaignSelectsByAccountAndSegment(t *testing.T) {
	a := demoAPI(t, newEmbedded(t), Config{})
	ans := mustJSON[campaignAnswer](a, "POST", "/api/v1/campaigns/resolve", campaignBody(t, map[string]any{
		"recipients": []string{"c-hafen-1", "c-stadtwerke-2", "c-stadtwerke-2", "c-stadtwerke-2"},
		"accounts":   []string{"stadtwerke"},
		"segments":   []string{"Logistik"},
		"asOf":       campaignAsOf,
	}), http.StatusOK)
	want := map[string]bool{}
	for _, c := range seed.Demo().Customers {
		if c.Account == "stadtwerke" || c.Account == "hafen" || c.Account == "reederei" || c.Account == "logistik-sued" {
			want[c.ID] = true
		}
	}
	var order []string
	for _, a := range ans.Assignments {
		order = append(order, a.Customer)
	}
	for _, e := range append(ans.Excluded, ans.Unresolved...) {
		order = append(order, e.Customer)
	}
	if ans.Summary.Recipients != len(want) || len(order) != len(want) {
		t.Fatalf("%d recipients (%v), want %d", ans.Summary.Recipients, order, len(want))
	}
	for _, id := range order {
		if !want[id] {
			t.Errorf("%s selected, is in none of the accounts", id)
		}
	}
	if ans.Assignments[0].Customer != "c-hafen-1" || ans.Assignments[1].Customer != "c-stadtwerke-2" {
		t.Errorf("order starts %v, want the recipients as given first", order[:2])
	}
	if strings.Join(ans.Duplicates, ",") != "c-stadtwerke-2" || ans.Summary.Duplicates != 1 {
		t.Errorf("duplicates = %v (%d), want c-stadtwerke-2 once", ans.Duplicates, ans.Summary.Duplicates)
	}
}

func TestCampaignCSV(t *testing.T) {
	a := demoAPI(t, newEmbedded(t), Config{})
	body := campaignBody(t, map[string]any{"recipients": append(demoCustomers(), "nobody"), "asOf": campaignAsOf})
	w := a.do("POST", "/api/v1/campaigns/resolve", body, "Accept", "text/csv")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV = %d %s\n%s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	lines := strings.Split(strings.TrimSuffix(w.Body.String(), "\r\n"), "\r\n")
	if lines[0] != "customer_id,customer_name,customer_email,sender_name,sender_email,sender_id,reason,score" {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != 1+len(demoCustomers())+1 {
		t.Errorf("%d lines, want a header and one per recipient", len(lines))
	}
	ans := mustJSON[campaignAnswer](a, "POST", "/api/v1/campaigns/resolve", body, http.StatusOK)
	if h := w.Header().Get("X-Campaign-Assigned"); h != fmt.Sprint(ans.Summary.Assigned) {
		t.Errorf("X-Campaign-Assigned = %q, want %d", h, ans.Summary.Assigned)
	}
	if h := w.Header().Get("X-Campaign-Trusted-Path"); h != fmt.Sprint(ans.Summary.ByReason[routing.ReasonTrustedPath]) {
		t.Errorf("X-Campaign-Trusted-Path = %q", h)
	}
	if !strings.Contains(w.Body.String(), ",jonas.weber,trusted_path,") || !strings.HasSuffix(lines[len(lines)-1], "nobody,,,,,,unknown_customer,") {
		t.Errorf("CSV lacks the specialist or ends %q", lines[len(lines)-1])
	}
	if !strings.Contains(w.Body.String(), ",Vorstand,vorstand@example.com,,fallback,0\r\n") {
		t.Error("CSV lacks a fallback row with an empty sender_id and score 0")
	}
	for _, accept := range []string{"text/html", "application/xml, text/plain;q=0.5"} {
		problem(t, a.do("POST", "/api/v1/campaigns/resolve", body, "Accept", accept), http.StatusNotAcceptable)
	}
	for accept, want := range map[string]string{"": "application/json", "*/*": "application/json",
		"text/*": "text/csv", "text/csv;q=0.9, application/json;q=0.5": "text/csv", "text/csv;q=0, */*": "application/json"} {
		w := a.do("POST", "/api/v1/campaigns/resolve", body, "Accept", accept)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), want) {
			t.Errorf("Accept %q: %d %s, want %s", accept, w.Code, w.Header().Get("Content-Type"), want)
		}
	}
}

func TestCampaignBadInput(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := demoAPI(t, s, Config{MaxRecipients: 3})
		before := a.snapshot()
		cases := []struct{ body, field string }{
			{`{}`, "recipients"},
			{`{"recipients": []}`, "recipients"},
			{`{"recipients": ["a", "b", "c", "d"]}`, "recipients"},
			{`{"accounts": ["stadtwerke"]}`, "recipients"}, // selects more than 3
			{`{"recipients": ["bad id"]}`, "recipients[0]"},
			{`{"recipients": ["c-hafen-1"], "capacity": {"jonas.weber": -1}}`, "capacity.jonas.weber"},
			{`{"recipients": ["c-hafen-1"], "capacity": {"bad id": 1}}`, "capacity"},
			{`{"recipients": ["c-hafen-1"], "defaultCapacity": -1}`, "defaultCapacity"},
			{`{"recipients": ["c-hafen-1"], "fallback": {"name": "Vorstand"}}`, "fallback.email"},
			{`{"recipients": ["c-hafen-1"], "fallback": {"name": "Vorstand", "email": "not-an-email"}}`, "fallback.email"},
			{`{"recipients": ["c-hafen-1"], "fallback": {"email": "v@example.com"}}`, "fallback.name"},
			{`{"recipients": ["c-hafen-1"], "fallback": {"name": "V", "email": "v@example.com", "phone": "1"}}`, "phone"},
			{`{"recipients": ["c-hafen-1"], "recipient": ["c-hafen-2"]}`, "recipient"},
			{`{"recipients": ["c-hafen-1"], "asOf": "yesterday"}`, "asOf"},
			{`{"recipients": ["c-hafen-1"], "maxHops": 0}`, "maxHops"},
			{`{"recipients": ["c-hafen-1"], "maxHops": 7}`, "maxHops"},
			{`{"recipients": ["c-hafen-1"], "minTrust": 1.5}`, "minTrust"},
			{`{"recipients": ["c-hafen-1"], "halfLifeDays": 0}`, "halfLifeDays"},
			{`{"recipients": "c-hafen-1"}`, "recipients"},
			{`{"recipients": ["c-hafen-1"], "capacity": {"jonas.weber": 1.5}}`, "capacity"},
			{`{"accounts": ["no-such-account"]}`, "accounts[0]"},
			{`{"segments": ["Raumfahrt"]}`, "segments[0]"},
			{`{"segments": [""]}`, "segments[0]"},
		}
		for _, tc := range cases {
			p := problem(t, a.do("POST", "/api/v1/campaigns/resolve", tc.body), http.StatusBadRequest)
			if !hasField(p, tc.field) {
				t.Errorf("%s: errors %v (%s), want field %q", tc.body, fields(p), p.Detail, tc.field)
			}
		}
		// Every problem at once.
		p := problem(t, a.do("POST", "/api/v1/campaigns/resolve", `{"recipients": ["c-hafen-1"], "asOf": "x", "maxHops": 9, "defaultCapacity": -2}`), http.StatusBadRequest)
		for _, f := range []string{"asOf", "maxHops", "defaultCapacity"} {
			if !hasField(p, f) {
				t.Errorf("combined errors %v lack %s", fields(p), f)
			}
		}
		// Duplicates are no error: resolved once, reported.
		ans := mustJSON[campaignAnswer](a, "POST", "/api/v1/campaigns/resolve", `{"recipients": ["c-hafen-1", "c-hafen-1", "c-hafen-1"]}`, http.StatusOK)
		if len(ans.Assignments) != 1 || len(ans.Duplicates) != 1 || ans.Summary.Recipients != 1 {
			t.Errorf("duplicates: %+v", ans)
		}
		problem(t, a.do("POST", "/api/v1/campaigns/resolve?dryRun=1", `{"recipients": ["c-hafen-1"]}`), http.StatusBadRequest)
		problem(t, a.do("POST", "/api/v1/campaigns/resolve", `{"recipients": ["c-hafen-1"]}`, "Content-Type", "text/plain"), http.StatusUnsupportedMediaType)
		if after := a.snapshot(); after != before {
			t.Error("a campaign changed the store")
		}
	})
}

// Every resolved campaign leaves one audit record: who asked, when and how
// many recipients went which way.
func TestCampaignAudit(t *testing.T) {
	keys, err := ParseKeys("marketing=marketing-key-0001,account_manager=am-key-0001")
	if err != nil {
		t.Fatal(err)
	}
	audit := &syncBuffer{}
	cfg := Config{Keys: keys}
	cfg.Audit = zerolog.New(audit)
	a := demoAPI(t, newEmbedded(t), cfg)
	body := `{"recipients": ["c-stadtwerke-1", "c-schulen-1", "nobody", "c-stadtwerke-1"], "asOf": "` + campaignAsOf + `"}`
	if w := a.do("POST", "/api/v1/campaigns/resolve", body, "Authorization", "Bearer am-key-0001"); w.Code != http.StatusForbidden {
		t.Fatalf("account manager may resolve a campaign: %d", w.Code)
	}
	w := a.do("POST", "/api/v1/campaigns/resolve", body, "Authorization", "Bearer marketing-key-0001")
	if w.Code != http.StatusOK {
		t.Fatalf("marketing resolve = %d %s", w.Code, w.Body)
	}
	lines := strings.Split(strings.TrimSpace(audit.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("audit has %d records, want 1: %s", len(lines), audit)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	who, _ := keys.lookup("marketing-key-0001")
	want := map[string]any{"event": "campaign_resolved", "role": "marketing", "key_id": who.KeyID,
		"recipients": 3.0, "assigned": 2.0, "trusted_path": 1.0, "fallback": 1.0, "unknown_customer": 1.0, "duplicates": 1.0,
		"request_id": w.Header().Get(RequestIDHeader)}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("audit %s = %v, want %v (%s)", k, rec[k], v, lines[0])
		}
	}
	if _, ok := rec["at"].(string); !ok {
		t.Errorf("audit record has no time: %s", lines[0])
	}
	if strings.Contains(a.logs.String(), "campaign_resolved") {
		t.Error("the audit record went to the request log")
	}
}
