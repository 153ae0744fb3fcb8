package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
)

// savedCampaignPage is the answer of GET /campaigns.
type savedCampaignPage struct {
	Items []campaignItem `json:"items"`
	Next  *string        `json:"next"`
}

// inMyNamePage is the answer of GET /me/campaigns.
type inMyNamePage struct {
	Items []struct {
		Campaign   campaignItem    `json:"campaign"`
		Recipients []campaigns.Row `json:"recipients"`
		Declined   []struct {
			Customer string `json:"customer"`
			Employee string `json:"employee"`
			Reason   string `json:"reason"`
		} `json:"declined"`
	} `json:"items"`
}

// The life of a saved campaign over HTTP: marketing saves it, the network
// specialist sees it in his name and declines a recipient, the graph
// changes without touching it, marketing marks it sent and it changes no
// more. Every step is audited.
func TestSavedCampaignOverHTTP(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := inControlAPI(t, s, seed.DemoNetworkSpecialist, true)
		body := `{"name": "Winter letter", "segments": ["Energie", "Logistik", "Gesundheit", "Bildung", "Öffentlich"], "asOf": "` + campaignAsOf + `"}`
		w := a.as(RoleMarketing, "POST", "/api/v1/campaigns", body)
		if w.Code != http.StatusCreated {
			t.Fatalf("save = %d %s", w.Code, w.Body)
		}
		saved := asJSON[savedCampaignResponse](a, RoleAdmin, "GET", w.Header().Get("Location"), "", 200)
		if saved.Name != "Winter letter" || saved.Status != graph.CampaignPending || saved.Revision != 1 ||
			saved.AsOf.Format("2006-01-02") != "2026-12-01" || len(saved.Assignments) == 0 {
			t.Fatalf("saved campaign: %+v", saved.campaignFields)
		}
		list := asJSON[savedCampaignPage](a, RoleManager, "GET", "/api/v1/campaigns", "", 200)
		if len(list.Items) != 1 || list.Items[0].ID != saved.ID || list.Items[0].Recipients != saved.Summary.Recipients {
			t.Errorf("list: %+v", list)
		}
		csv := a.do("GET", "/api/v1/campaigns/"+saved.ID, "", "Accept", "text/csv")
		if csv.Code != 200 || !strings.HasPrefix(csv.Body.String(), strings.Join(campaigns.CSVHeader, ",")) ||
			strings.Count(csv.Body.String(), "\r\n") != saved.Summary.Recipients+1 {
			t.Errorf("CSV: %d %.200s", csv.Code, csv.Body)
		}

		// In his name.
		mine := asJSON[inMyNamePage](a, RoleEmployee, "GET", "/api/v1/me/campaigns", "", 200)
		if len(mine.Items) != 1 || len(mine.Items[0].Recipients) < 2 {
			t.Fatalf("/me/campaigns: %+v", mine)
		}
		for _, r := range mine.Items[0].Recipients {
			if r.Sender == nil || r.Sender.ID == nil || *r.Sender.ID != seed.DemoNetworkSpecialist {
				t.Errorf("/me/campaigns lists %s, sent by %+v", r.Customer, r.Sender)
			}
		}
		same := asJSON[inMyNamePage](a, RoleAdmin, "GET", "/api/v1/employees/"+seed.DemoNetworkSpecialist+"/campaigns", "", 200)
		if len(same.Items) != 1 || len(same.Items[0].Recipients) != len(mine.Items[0].Recipients) {
			t.Errorf("/employees/{id}/campaigns differs from /me/campaigns")
		}

		// Declining one recipient changes that one row only.
		declined := mine.Items[0].Recipients[0].Customer
		res := asJSON[declineResponse](a, RoleEmployee, "POST", "/api/v1/campaigns/"+saved.ID+"/decline",
			`{"recipients": ["`+declined+`"]}`, 200)
		if len(res.Reassigned) != 1 || res.Reassigned[0].Customer != declined || res.Revision != 2 {
			t.Fatalf("decline: %+v", res)
		}
		if s := res.Reassigned[0].Sender; s != nil && s.ID != nil && *s.ID == seed.DemoNetworkSpecialist {
			t.Error("the declining sender kept the recipient")
		}
		after := asJSON[savedCampaignResponse](a, RoleAdmin, "GET", "/api/v1/campaigns/"+saved.ID, "", 200)
		changed := 0
		for i, row := range after.Assignments {
			if !sameRow(row.Assignment, saved.Assignments[i].Assignment) {
				changed++
				if row.Customer != declined {
					t.Errorf("%s changed, but only %s was declined", row.Customer, declined)
				}
			}
		}
		if changed != 1 || len(after.Declines) != 1 || after.Declines[0].Employee != seed.DemoNetworkSpecialist {
			t.Errorf("%d rows changed, declines %+v", changed, after.Declines)
		}

		// Refused declines: someone else's recipient, one declined already,
		// an admin who names no employee, an unknown campaign.
		other := ""
		for _, row := range saved.Assignments {
			if row.Sender != nil && row.Sender.ID != nil && *row.Sender.ID != seed.DemoNetworkSpecialist {
				other = row.Customer
				break
			}
		}
		for _, tc := range []struct {
			role, path, body string
			status           int
			field            string
		}{
			{RoleEmployee, "/api/v1/campaigns/" + saved.ID + "/decline", `{"recipients": ["` + other + `"]}`, 400, "recipients[0]"},
			{RoleEmployee, "/api/v1/campaigns/" + saved.ID + "/decline", `{"recipients": ["` + declined + `"]}`, 400, "recipients[0]"},
			{RoleEmployee, "/api/v1/campaigns/" + saved.ID + "/decline", `{"recipients": []}`, 400, "recipients"},
			{RoleEmployee, "/api/v1/campaigns/" + saved.ID + "/decline", `{"recipients": ["bad id"]}`, 400, "recipients[0]"},
			{RoleAdmin, "/api/v1/campaigns/" + saved.ID + "/decline", `{"recipients": ["` + other + `"]}`, 400, "employee"},
			{RoleEmployee, "/api/v1/campaigns/cmp-none/decline", `{"recipients": ["` + other + `"]}`, 404, ""},
			{RoleMarketing, "/api/v1/campaigns", `{"recipients": ["c-hafen-1"]}`, 400, "name"},
			{RoleMarketing, "/api/v1/campaigns", `{"name": " ", "recipients": ["c-hafen-1"], "maxHops": 9}`, 400, "maxHops"},
		} {
			p := problem(t, a.as(tc.role, "POST", tc.path, tc.body), tc.status)
			if tc.field != "" && !hasField(p, tc.field) {
				t.Errorf("%s %s: problem %+v does not name %s", tc.path, tc.body, p, tc.field)
			}
		}

		// The graph changes; the campaign does not.
		for _, row := range after.Assignments {
			if row.Reason == routing.ReasonTrustedPath && len(row.Path) == 2 {
				a.must("DELETE", "/api/v1/relationships/"+row.Path[0]+"/"+row.Path[1], "", http.StatusNoContent)
			}
		}
		unchanged := a.must("GET", "/api/v1/campaigns/"+saved.ID, "", 200)
		if again := a.must("GET", "/api/v1/campaigns/"+saved.ID, "", 200); string(again) != string(unchanged) {
			t.Error("two reads of a campaign differ")
		}
		if got := asJSON[savedCampaignResponse](a, RoleAdmin, "GET", "/api/v1/campaigns/"+saved.ID, "", 200); len(got.Assignments) != len(after.Assignments) ||
			!sameRow(got.Assignments[0].Assignment, after.Assignments[0].Assignment) || got.Revision != 2 {
			t.Error("the campaign changed with the graph")
		}

		// Sent: final.
		sent := asJSON[savedCampaignResponse](a, RoleMarketing, "POST", "/api/v1/campaigns/"+saved.ID+"/sent", "", 200)
		if sent.Status != graph.CampaignSent || sent.SentAt == nil {
			t.Errorf("sent: %+v", sent.campaignFields)
		}
		// Sent, it cared for the ties it went through, and made none.
		cared, letters := 0, 0
		for _, row := range after.Assignments {
			if row.Sender == nil || row.Sender.ID == nil {
				continue
			}
			letters++
			w := a.do("GET", "/api/v1/relationships/"+*row.Sender.ID+"/"+row.Customer+"/history", "")
			if row.Reason == routing.ReasonTrustedPath && len(row.Path) == 2 && w.Code != http.StatusNotFound {
				t.Errorf("the campaign made the deleted tie %s–%s again: %d", *row.Sender.ID, row.Customer, w.Code)
			}
			if w.Code != http.StatusOK {
				continue
			}
			var h historyResponse
			mustUnmarshal(t, w.Body.Bytes(), &h)
			if h.Last == nil || h.Last.Kind != graph.InteractionCampaign || h.Last.By != *row.Sender.ID || !h.Last.At.Equal(*sent.SentAt) {
				t.Errorf("%s–%s after the campaign: last interaction %+v, want the campaign at %v", *row.Sender.ID, row.Customer, h.Last, sent.SentAt)
			}
			cared++
		}
		if rec := a.auditEvents(auditCampaignSent); cared == 0 || len(rec) != 1 || rec[0]["letters"] != float64(letters) {
			t.Errorf("%d ties cared for, %d letters in an employee's name; sent audit %v", cared, letters, rec)
		}
		rest := mine.Items[0].Recipients[1].Customer
		problem(t, a.as(RoleEmployee, "POST", "/api/v1/campaigns/"+saved.ID+"/decline", `{"recipients": ["`+rest+`"]}`), http.StatusConflict)

		for event, n := range map[string]int{auditCampaignSaved: 1, auditCampaignDeclined: 1, auditCampaignSent: 1} {
			if got := a.auditEvents(event); len(got) != n {
				t.Errorf("%d %s audit records, want %d", len(got), event, n)
			}
		}
		if rec := a.auditEvents(auditCampaignDeclined); len(rec) == 1 &&
			(rec[0]["customer"] != declined || rec[0]["employee"] != seed.DemoNetworkSpecialist || rec[0]["campaign"] != saved.ID) {
			t.Errorf("decline audit record: %v", rec[0])
		}
	})
}

func sameRow(x, y routing.Assignment) bool {
	sx, sy := "", ""
	if x.Sender != nil && x.Sender.ID != nil {
		sx = *x.Sender.ID
	}
	if y.Sender != nil && y.Sender.ID != nil {
		sy = *y.Sender.ID
	}
	return x.Customer == y.Customer && sx == sy && x.Reason == y.Reason && x.Score == y.Score
}

// Who read whose contacts and paths, an erasure, and what an employee
// changed are audited, each with who, when and the request.
func TestAuditRecords(t *testing.T) {
	a := inControlAPI(t, newEmbedded(t), seed.DemoNetworkSpecialist, true)
	w := a.as(RoleAccountManager, "GET", "/api/v1/customers/c-hafen-1/contacts", "")
	if w.Code != 200 {
		t.Fatalf("contacts = %d", w.Code)
	}
	a.as(RoleAccountManager, "GET", "/api/v1/paths?from="+seed.DemoNetworkSpecialist+"&to=c-hafen-1", "")
	if w := a.as(RoleAdmin, "DELETE", "/api/v1/customers/c-hafen-2", ""); w.Code != http.StatusNoContent {
		t.Fatalf("erase = %d", w.Code)
	}
	me := seed.DemoNetworkSpecialist
	a.as(RoleEmployee, "PUT", "/api/v1/relationships/"+me+"/c-hafen-3", `{"trust": 0.7}`)
	a.as(RoleEmployee, "PUT", "/api/v1/relationships/"+me+"/c-hafen-3", `{"trust": 0.7, "visibility": "private"}`)
	a.as(RoleEmployee, "DELETE", "/api/v1/relationships/"+me+"/c-hafen-3", "")
	a.as(RoleEmployee, "PATCH", "/api/v1/me", `{"sender": false, "broker": true}`)

	check := func(event string, want map[string]any) {
		t.Helper()
		recs := a.auditEvents(event)
		if len(recs) == 0 {
			t.Errorf("no %s audit record", event)
			return
		}
		rec := recs[len(recs)-1]
		for k, v := range want {
			if got := rec[k]; !equalJSON(got, v) {
				t.Errorf("%s %s = %v, want %v (%v)", event, k, got, v, rec)
			}
		}
		for _, k := range []string{"at", "key_id", "role", "request_id"} {
			if rec[k] == nil || rec[k] == "" {
				t.Errorf("%s record lacks %s: %v", event, k, rec)
			}
		}
	}
	check(auditContactsRead, map[string]any{"customer": "c-hafen-1", "role": RoleAccountManager})
	check(auditPathsRead, map[string]any{"from": me, "to": "c-hafen-1"})
	check(auditCustomerErased, map[string]any{"customer": "c-hafen-2", "role": RoleAdmin})
	if recs := a.auditEvents(auditRelationshipPut); len(recs) != 2 {
		t.Errorf("%d relationship records, want 2", len(recs))
	} else if f := recs[1]["fields"]; !equalJSON(f, []any{"visibility"}) || recs[1]["employee"] != me {
		t.Errorf("second change names fields %v by %v, want [visibility] by %s", f, recs[1]["employee"], me)
	}
	check(auditRelationshipDel, map[string]any{"employee": me})
	check(auditConsentChanged, map[string]any{"fields": []any{"sender"}, "sender": false, "employee": me})
	erased := a.auditEvents(auditCustomerErased)[0]
	for _, v := range erased {
		if s, ok := v.(string); ok && strings.Contains(s, "@") {
			t.Errorf("the erasure record holds personal data: %v", erased)
		}
	}
}

func equalJSON(x, y any) bool {
	switch y := y.(type) {
	case []any:
		xs, ok := x.([]any)
		if !ok || len(xs) != len(y) {
			return false
		}
		for i := range y {
			if xs[i] != y[i] {
				return false
			}
		}
		return true
	}
	return x == y
}

// savedCampaignResponse is a saved campaign in full, as clients decode it.
type savedCampaignResponse struct {
	savedCampaignHead
	*campaigns.Result
}

// Erasing a customer erases them from saved campaigns too, and the audit
// record says how many campaigns it touched.
func TestErasureReachesSavedCampaigns(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := inControlAPI(t, s, seed.DemoNetworkSpecialist, true)
		saved := asJSON[savedCampaignResponse](a, RoleMarketing, "POST", "/api/v1/campaigns",
			`{"name": "Erasure", "recipients": ["c-hafen-1", "c-hafen-2"]}`, http.StatusCreated)
		a.must("DELETE", "/api/v1/customers/c-hafen-1", "", http.StatusNoContent)
		body := string(a.must("GET", "/api/v1/campaigns/"+saved.ID, "", http.StatusOK))
		if strings.Contains(body, `"c-hafen-1"`) {
			t.Errorf("the saved campaign still names the erased customer: %s", body)
		}
		after := asJSON[savedCampaignResponse](a, RoleAdmin, "GET", "/api/v1/campaigns/"+saved.ID, "", 200)
		if after.Summary.Recipients != 1 || after.Recipients != 1 {
			t.Errorf("after the erasure: %d recipients in the summary, %d recorded", after.Summary.Recipients, after.Recipients)
		}
		rec := a.auditEvents(auditCustomerErased)
		if len(rec) != 1 || rec[0]["campaigns"] != 1.0 {
			t.Errorf("erasure audit: %v", rec)
		}
		problem(t, a.do("DELETE", "/api/v1/customers/c-hafen-1", ""), http.StatusNotFound)
	})
}
