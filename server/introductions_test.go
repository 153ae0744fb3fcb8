package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
)

// introAPI: the base network plus e3 (has left), e4 (no broker consent) and
// a private tie e1–c2; keys for an account manager bound to e2, one bound
// to nobody, and the employees e1 and e2.
func introAPI(t *testing.T, s graph.Store, with ...func(*Config)) (*api, *syncBuffer) {
	t.Helper()
	keys, err := ParseKeys("admin=intro-admin-1,manager=intro-manager-1,account_manager:e2=intro-am-e2,account_manager=intro-am-none," +
		"employee:e1=intro-emp-e1,employee:e2=intro-emp-e2")
	if err != nil {
		t.Fatal(err)
	}
	audit := &syncBuffer{}
	cfg := Config{Version: "test", Keys: keys, Audit: zerolog.New(audit)}
	for _, f := range with {
		f(&cfg)
	}
	a := newAPIWith(t, s, cfg)
	a.auth = "Bearer intro-admin-1"
	a.seedBase()
	a.must("POST", "/api/v1/batch", `{"employees": [
		{"id": "e3", "name": "Eva Three", "email": "e3@example.com", "active": false},
		{"id": "e4", "name": "Egon Four", "email": "e4@example.com", "broker": false}],
		"relationships": [{"a": "e3", "b": "c1", "trust": 0.8}, {"a": "e4", "b": "c1", "trust": 0.8},
		                  {"a": "e1", "b": "c2", "trust": 0.417293, "visibility": "private", "source": "confidential-x"}]}`, http.StatusOK)
	return a, audit
}

func introAs[T any](t *testing.T, a *api, key, method, path, body string, want int) T {
	t.Helper()
	w := a.do(method, path, body, "Authorization", "Bearer "+key)
	if w.Code != want {
		t.Fatalf("%s %s as %s = %d, want %d\n%s", method, path, key, w.Code, want, w.Body)
	}
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", w.Body, err)
	}
	return v
}

func auditCount(t *testing.T, audit *syncBuffer, event string) int {
	t.Helper()
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(audit.String()), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["event"] == event {
			n++
			if s := line; strings.Contains(s, "Thursday") || strings.Contains(s, "fair") {
				t.Errorf("audit record %s quotes a note or message", s)
			}
		}
	}
	return n
}

// The whole flow on both stores: an account manager asks, the broker
// accepts and marks it done, the requester follows the state, and the
// done introduction recorded an interaction; every step is audited.
func TestIntroductionFlow(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a, audit := introAPI(t, s)
		const am, broker, other = "intro-am-e2", "intro-emp-e1", "intro-emp-e2"
		w := a.do("POST", "/api/v1/introductions", `{"customer": "c1", "via": "e1", "note": "We meet at the fair."}`, "Authorization", "Bearer "+am)
		if w.Code != http.StatusCreated {
			t.Fatalf("POST /introductions = %d\n%s", w.Code, w.Body)
		}
		var in introductionResponse
		if err := json.Unmarshal(w.Body.Bytes(), &in); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(in.ID, "int-") || w.Header().Get("Location") != "/api/v1/introductions/"+in.ID ||
			in.State != graph.IntroductionRequested || in.Customer.Name != "Carla One" || in.Customer.AccountName != "Account 1" ||
			in.Via.Name != "Erika One" || in.Requester.ID != "e2" || in.Note != "We meet at the fair." || in.AnsweredAt != nil || in.DoneAt != nil {
			t.Errorf("created %+v (Location %q)", in, w.Header().Get("Location"))
		}
		path := "/api/v1/me/introductions/" + in.ID

		mine := introAs[introductionPage](t, a, broker, "GET", "/api/v1/me/introductions", "", 200)
		if len(mine.Items) != 1 || mine.Items[0].ID != in.ID || mine.Items[0].Note != in.Note {
			t.Errorf("the broker's introductions: %+v", mine.Items)
		}
		if none := introAs[introductionPage](t, a, other, "GET", "/api/v1/me/introductions", "", 200); len(none.Items) != 0 {
			t.Errorf("e2's introductions as broker: %+v", none.Items)
		}
		problem(t, a.do("POST", path+"/accept", "", "Authorization", "Bearer "+other), http.StatusForbidden)
		if p := problem(t, a.do("POST", path+"/done", "", "Authorization", "Bearer "+broker), http.StatusConflict); !strings.Contains(p.Detail, "only an accepted one") {
			t.Errorf("done before accept: %q", p.Detail)
		}
		acc := introAs[introductionResponse](t, a, broker, "POST", path+"/accept", `{"message": "Gladly: Thursday."}`, 200)
		if acc.State != graph.IntroductionAccepted || acc.Message != "Gladly: Thursday." || acc.AnsweredAt == nil || acc.Revision != 2 {
			t.Errorf("accepted: %+v", acc)
		}
		problem(t, a.do("POST", path+"/accept", "", "Authorization", "Bearer "+broker), http.StatusConflict)
		problem(t, a.do("POST", path+"/decline", "", "Authorization", "Bearer "+broker), http.StatusConflict)

		seen := introAs[introductionResponse](t, a, am, "GET", "/api/v1/introductions/"+in.ID, "", 200)
		if seen.State != graph.IntroductionAccepted || seen.Message != "Gladly: Thursday." {
			t.Errorf("the requester sees %+v", seen)
		}
		if list := introAs[introductionPage](t, a, am, "GET", "/api/v1/introductions", "", 200); len(list.Items) != 1 {
			t.Errorf("the requester's list: %+v", list.Items)
		}
		if _, err := s.Relationship(t.Context(), "e2", "c1"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Fatalf("e2–c1 before done: %v", err)
		}
		done := introAs[introductionResponse](t, a, broker, "POST", path+"/done", "", 200)
		if done.State != graph.IntroductionDone || done.DoneAt == nil || done.AnsweredAt == nil || !done.AnsweredAt.Equal(*acc.AnsweredAt) {
			t.Errorf("done: %+v", done)
		}
		r, err := s.Relationship(t.Context(), "e2", "c1")
		if err != nil || r.Interactions != 1 || r.LastContact == nil || !r.LastContact.Equal(*done.DoneAt) {
			t.Errorf("the interaction of the done introduction: %+v, %v", r, err)
		}
		problem(t, a.do("POST", path+"/done", "", "Authorization", "Bearer "+broker), http.StatusConflict)
		for event, want := range map[string]int{auditIntroductionRequested: 1, auditIntroductionAccepted: 1, auditIntroductionDone: 1, auditIntroductionDeclined: 0} {
			if got := auditCount(t, audit, event); got != want {
				t.Errorf("%d %s audit records, want %d", got, event, want)
			}
		}

		// Done, it no longer blocks a new request; that one is declined.
		again := introAs[introductionResponse](t, a, am, "POST", "/api/v1/introductions", `{"customer": "c1", "via": "e1"}`, 201)
		dec := introAs[introductionResponse](t, a, broker, "POST", "/api/v1/me/introductions/"+again.ID+"/decline", "{}", 200)
		if dec.State != graph.IntroductionDeclined || dec.Message != "" || dec.AnsweredAt == nil {
			t.Errorf("declined: %+v", dec)
		}
		problem(t, a.do("POST", "/api/v1/me/introductions/"+again.ID+"/done", "", "Authorization", "Bearer "+broker), http.StatusConflict)
		if got := auditCount(t, audit, auditIntroductionDeclined); got != 1 {
			t.Errorf("%d declined audit records, want 1", got)
		}
		all := introAs[introductionPage](t, a, "intro-manager-1", "GET", "/api/v1/introductions?customer=c1&limit=1", "", 200)
		if len(all.Items) != 1 || all.Items[0].ID != again.ID || all.Next == nil {
			t.Errorf("a manager's first page of c1's: %+v", all)
		}

		// Erasing the customer erases their introductions.
		a.must("DELETE", "/api/v1/customers/c1", "", http.StatusNoContent)
		problem(t, a.do("GET", "/api/v1/introductions/"+in.ID, "", "Authorization", "Bearer "+am), http.StatusNotFound)
		if left := introAs[introductionPage](t, a, "intro-admin-1", "GET", "/api/v1/introductions", "", 200); len(left.Items) != 0 {
			t.Errorf("after the erasure: %+v", left.Items)
		}
	})
}

// Bad requests are 4xx problems naming the field, and store nothing.
func TestIntroductionBadInput(t *testing.T) {
	a, _ := introAPI(t, newEmbedded(t))
	const am = "intro-am-e2"
	for _, tc := range []struct {
		body        string
		status      int
		field, text string
	}{
		{`{"via": "e1"}`, 400, "customer", "is required"},
		{`{"customer": "c1"}`, 400, "via", "is required"},
		{`{"customer": "bad id", "via": "e1"}`, 400, "customer", ""},
		{`{"customer": "c9", "via": "e1"}`, 400, "customer", `no customer "c9"`},
		{`{"customer": "e1", "via": "e1"}`, 400, "customer", `no customer "e1"`},
		{`{"customer": "c1", "via": "e9"}`, 400, "via", `no employee "e9"`},
		{`{"customer": "c1", "via": "c2"}`, 400, "via", `no employee "c2"`},
		{`{"customer": "c1", "via": "e2"}`, 400, "via", "is you"},
		{`{"customer": "c1", "via": "e3"}`, 400, "via", "has left"},
		{`{"customer": "c1", "via": "e4"}`, 400, "via", "broker consent"},
		{`{"customer": "c2", "via": "e1", "note": "` + strings.Repeat("x", graph.MaxIntroductionText+1) + `"}`, 400, "note", "at most"},
		{`{"customer": "c1", "via": "e1", "note": "a\u0007b"}`, 400, "note", "control characters"},
		{`{"customer": "c1", "via": "e1", "trust": 1}`, 400, "trust", ""},
		{`{"customer": "c1", "via": "e1", "note": null, "x": 1}`, 400, "x", ""},
	} {
		w := a.do("POST", "/api/v1/introductions", tc.body, "Authorization", "Bearer "+am)
		p := problem(t, w, tc.status)
		found := false
		for _, e := range p.Errors {
			if e.Field == tc.field && strings.Contains(e.Message, tc.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: %+v, want %s: …%s…", clip(tc.body, 80), p.Errors, tc.field, tc.text)
		}
	}
	// Via who does not know the customer; c2's only tie to e1 is private
	// and does count (the broker knows), but c2–e2 is e2's own.
	p := problem(t, a.do("POST", "/api/v1/introductions", `{"customer": "c1", "via": "e1"}`, "Authorization", "Bearer intro-am-none"), http.StatusForbidden)
	if !strings.Contains(p.Detail, "account_manager:<employee id>") {
		t.Errorf("an unbound account manager: %q", p.Detail)
	}
	problem(t, a.do("POST", "/api/v1/introductions", `{"customer": "c1", "via": "e1"}`, "Authorization", "Bearer intro-admin-1"), http.StatusForbidden)
	if list := introAs[introductionPage](t, a, "intro-admin-1", "GET", "/api/v1/introductions", "", 200); len(list.Items) != 0 {
		t.Fatalf("bad requests stored %+v", list.Items)
	}
	// A private tie is a way in: the request reaches the broker.
	in := introAs[introductionResponse](t, a, am, "POST", "/api/v1/introductions", `{"customer": "c2", "via": "e1"}`, 201)
	if strings.Contains(mustString(t, in), "0.417") || strings.Contains(mustString(t, in), "confidential") {
		t.Errorf("the answer shows the private tie: %+v", in)
	}
	if p := problem(t, a.do("POST", "/api/v1/introductions", `{"customer": "c2", "via": "e1"}`, "Authorization", "Bearer "+am), http.StatusConflict); !strings.Contains(p.Detail, in.ID) {
		t.Errorf("a second open request: %q", p.Detail)
	}
	for _, bad := range []struct{ path, body, field string }{
		{"/api/v1/me/introductions/" + in.ID + "/accept", `{"message": 5}`, "message"},
		{"/api/v1/me/introductions/" + in.ID + "/accept", `{"msg": "x"}`, "msg"},
		{"/api/v1/me/introductions/" + in.ID + "/decline", `{"message": "` + strings.Repeat("y", graph.MaxIntroductionText+1) + `"}`, "message"},
		{"/api/v1/me/introductions/" + in.ID + "/done", `{"at": "2026-01-01"}`, "at"},
		{"/api/v1/me/introductions/bad%20id/accept", ``, "id"},
	} {
		p := problem(t, a.do("POST", bad.path, bad.body, "Authorization", "Bearer intro-emp-e1"), http.StatusBadRequest)
		if len(p.Errors) == 0 || p.Errors[0].Field != bad.field {
			t.Errorf("POST %s %s: %+v, want field %s", bad.path, clip(bad.body, 40), p.Errors, bad.field)
		}
	}
	problem(t, a.do("POST", "/api/v1/me/introductions/int-none/accept", "", "Authorization", "Bearer intro-emp-e1"), http.StatusNotFound)
	problem(t, a.do("GET", "/api/v1/introductions?mine=1", "", "Authorization", "Bearer "+am), http.StatusBadRequest)
	problem(t, a.do("GET", "/api/v1/introductions?customer=bad%20id", "", "Authorization", "Bearer "+am), http.StatusBadRequest)
	// Still requested: nothing changed.
	if got := introAs[introductionResponse](t, a, am, "GET", "/api/v1/introductions/"+in.ID, "", 200); got.State != graph.IntroductionRequested || got.Revision != 1 {
		t.Errorf("after the bad answers: %+v", got)
	}
	// Someone else's introduction is not the requester's to read.
	problem(t, a.do("GET", "/api/v1/introductions/"+in.ID, "", "Authorization", "Bearer intro-am-none"), http.StatusForbidden)
}

func mustString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// My network names the accounts of the customers an employee sends to: an
// employee key may not read accounts itself (issue 19's leftover).
func TestMyNetworkNamesAccounts(t *testing.T) {
	a, _ := introAPI(t, newEmbedded(t))
	net := introAs[myNetworkResponse](t, a, "intro-emp-e1", "GET", "/api/v1/me/network", "", 200)
	found := false
	for _, x := range net.Sending {
		if x.Customer.ID == "c1" {
			found = true
			if x.AccountName != "Account 1" {
				t.Errorf("c1's account is named %q, want Account 1", x.AccountName)
			}
		}
	}
	if !found {
		t.Fatalf("e1 does not send to c1: %+v", net.Sending)
	}
}
