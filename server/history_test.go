package server

import (
	"math"
	"net/http"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// Interactions recorded over HTTP, by id and by email address, build the
// history that GET …/history shows, with the learned trust and its
// arithmetic; the learned trust routes once the relationship says so.
func TestRelationshipHistory(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := inControlAPI(t, s, "e1", false)
		a.seedBase()
		// e1–c1 is declared at 0.9. c1 writes (by email address), e1
		// answers, and they meet, 180 days after the first mail.
		a.must("POST", "/api/v1/interactions", `{"a": "C1@customer.example", "b": "e1", "at": "2026-01-01T09:00:00Z", "kind": "email_sent"}`, http.StatusOK)
		if w := a.as(RoleEmployee, "POST", "/api/v1/me/interactions", `{"with": "c1", "at": "2026-01-01T10:00:00Z", "kind": "email_sent"}`); w.Code != http.StatusOK {
			t.Fatalf("POST /me/interactions = %d\n%s", w.Code, w.Body)
		}
		if w := a.as(RoleEmployee, "POST", "/api/v1/me/interactions", `{"with": "c1@customer.example", "at": "2026-06-30T09:00:00Z", "kind": "meeting"}`); w.Code != http.StatusOK {
			t.Fatalf("POST /me/interactions by email = %d\n%s", w.Code, w.Body)
		}
		h := mustJSON[historyResponse](a.api, "GET", "/api/v1/relationships/e1/c1/history", "", http.StatusOK)
		if h.Trust != 0.9 || h.TrustSource != graph.TrustDeclared || h.Interactions != 3 || len(h.Events) != 3 || h.More {
			t.Fatalf("history: %+v", h)
		}
		if h.Last == nil || h.Last.Kind != graph.InteractionMeeting || h.Last.By != "e1" || h.Events[0] != *h.Last || h.Events[2].By != "c1" {
			t.Errorf("last %+v, events %+v: want e1's meeting last and c1's mail first", h.Last, h.Events)
		}
		if c := h.Counts; c["email"] != (graph.EndCounts{A: 1, B: 1}) || c["meeting"] != (graph.EndCounts{B: 1}) {
			t.Errorf("counts %+v", c)
		}
		// By hand: c1's mail is 180 days (one half-life) older than the
		// meeting, e1's answer an hour less.
		byC1, byE1 := 0.5, math.Exp2(-(179.0+23.0/24)/180)
		factor := 0.5 + 0.5*byC1/byE1
		want := 1 - math.Exp(-(3+(byC1+byE1)*factor)/10)
		if h.LearnedTrust == nil || math.Abs(*h.LearnedTrust-want) > 1e-12 || h.Learning == nil || math.Abs(h.Learning.Trust-want) > 1e-12 || math.Abs(h.Learning.Reciprocity-byC1/byE1) > 1e-12 {
			t.Errorf("learned %v, learning %+v; want %v", h.LearnedTrust, h.Learning, want)
		}
		if p := mustJSON[historyResponse](a.api, "GET", "/api/v1/relationships/c1/e1/history?limit=1", "", http.StatusOK); len(p.Events) != 1 || !p.More {
			t.Errorf("limit=1: %d events, more %v", len(p.Events), p.More)
		}
		// The relationship's setting lets the learned trust route.
		r := mustJSON[relationshipResponse](a.api, "PUT", "/api/v1/relationships/e1/c1", `{"trust": 0.9, "trustSource": "learned"}`, http.StatusOK)
		if r.TrustSource != graph.TrustLearned || math.Abs(r.Trust-want) > 1e-12 {
			t.Errorf("learned routes: %+v, want trust %v", r, want)
		}
	})
}

func TestInteractionInputIsChecked(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := inControlAPI(t, s, "e1", false)
		a.seedBase()
		for _, c := range []struct{ body, field string }{
			{`{"a": "e1", "b": "c1", "at": "2026-01-01", "kind": "fax"}`, "kind"},
			{`{"a": "e1", "b": "c1", "at": "2026-01-01"}`, "kind"},
			{`{"a": "e1", "b": "nobody@nowhere.example", "at": "2026-01-01", "kind": "call"}`, "b"},
		} {
			if p := problem(t, a.do("POST", "/api/v1/interactions", c.body), http.StatusBadRequest); len(p.Errors) == 0 || p.Errors[0].Field != c.field {
				t.Errorf("%s: %+v, want a problem with %s", c.body, p, c.field)
			}
		}
		problem(t, a.do("POST", "/api/v1/interactions", `{"a": "e1", "b": "c2", "at": "2026-01-01", "kind": "campaign"}`), http.StatusNotFound)
		for _, c := range []struct{ body, field string }{
			{`{"with": "c1", "at": "2026-01-01", "kind": "campaign"}`, "kind"},
			{`{"at": "2026-01-01", "kind": "call"}`, "with"},
			{`{"with": "e1", "at": "2026-01-01", "kind": "call"}`, "with"},
			{`{"with": "x@nowhere.example", "at": "2026-01-01", "kind": "call"}`, "with"},
		} {
			w := a.as(RoleEmployee, "POST", "/api/v1/me/interactions", c.body)
			if p := problem(t, w, http.StatusBadRequest); len(p.Errors) == 0 || p.Errors[0].Field != c.field {
				t.Errorf("/me %s: %+v, want a problem with %s", c.body, p, c.field)
			}
		}
		if r := mustJSON[relationshipResponse](a.api, "GET", "/api/v1/relationships/e1/c1", "", http.StatusOK); r.Interactions != 0 {
			t.Errorf("refused interactions were counted: %+v", r)
		}
	})
}

// Who last spoke to the customer: per contact, and the customer's list;
// a private tie's history shows to admins and its ends only.
func TestWhoLastSpokeToTheCustomer(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := inControlAPI(t, s, "e1", false)
		a.seedBase()
		a.must("PUT", "/api/v1/relationships/e2/c1", `{"trust": 0.4, "visibility": "private"}`, http.StatusCreated)
		for _, body := range []string{
			`{"a": "e1", "b": "c1", "at": "2026-03-01T10:00:00Z", "kind": "call"}`,
			`{"a": "c1", "b": "e1", "at": "2026-03-02T10:00:00Z", "kind": "email_sent"}`,
			`{"a": "e2", "b": "c1", "at": "2026-03-03T10:00:00Z", "kind": "meeting"}`,
		} {
			a.must("POST", "/api/v1/interactions", body, http.StatusOK)
		}
		type contacts struct {
			Contacts []struct {
				Employee        struct{ ID string }
				LastInteraction *eventResponse
			}
		}
		last := func(role string) map[string]*eventResponse {
			w := a.as(role, "GET", "/api/v1/customers/c1/contacts?maxHops=1", "")
			if w.Code != http.StatusOK {
				t.Fatalf("%s: contacts = %d\n%s", role, w.Code, w.Body)
			}
			var res contacts
			mustUnmarshal(t, w.Body.Bytes(), &res)
			out := map[string]*eventResponse{}
			for _, ct := range res.Contacts {
				out[ct.Employee.ID] = ct.LastInteraction
			}
			return out
		}
		admin := last(RoleAdmin)
		if e := admin["e1"]; e == nil || e.Kind != "email" || e.By != "c1" || admin["e2"] == nil || admin["e2"].Kind != "meeting" {
			t.Errorf("admin: last interactions %+v", admin)
		}
		if m := last(RoleManager); m["e1"] == nil || m["e2"] != nil {
			t.Errorf("manager: %+v, want e1's and nothing of e2's private tie", m)
		}
		list := func(role string) customerInteractionsResponse {
			w := a.as(role, "GET", "/api/v1/customers/c1/interactions?limit=2", "")
			var res customerInteractionsResponse
			if w.Code != http.StatusOK {
				t.Fatalf("%s: interactions = %d\n%s", role, w.Code, w.Body)
			}
			mustUnmarshal(t, w.Body.Bytes(), &res)
			return res
		}
		got := list(RoleAdmin)
		if len(got.Interactions) != 2 || !got.More || got.Interactions[0].With.ID != "e2" || got.Interactions[0].Kind != "meeting" ||
			got.Interactions[1].With != (personRef{ID: "e1", Name: "Erika One", Kind: graph.KindEmployee}) {
			t.Errorf("admin: %+v", got)
		}
		got = list(RoleAccountManager)
		if len(got.Interactions) != 2 || got.More || got.Interactions[0].With.ID != "e1" || got.Interactions[0].By != "c1" {
			t.Errorf("account manager: %+v, want e1's two and nothing of the private tie", got)
		}
		problem(t, a.do("GET", "/api/v1/customers/nobody/interactions", ""), http.StatusNotFound)
		problem(t, a.do("GET", "/api/v1/customers/c1/interactions?limit=0", ""), http.StatusBadRequest)
	})
}
