package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
)

// inControl is an API with one key per role, the employee key bound to
// boundTo, writing its audit records to audit.
type inControl struct {
	*api
	audit *syncBuffer
	keys  map[string]string
}

func inControlAPI(t *testing.T, s graph.Store, boundTo string, demo bool) *inControl {
	t.Helper()
	keys := map[string]string{
		RoleAdmin: "admin-key-0001", RoleManager: "manager-key-0001", RoleAccountManager: "am-key-0001",
		RoleMarketing: "marketing-key-0001", RoleEmployee: "employee-key-0001",
	}
	var list []string
	for role, key := range keys {
		if role == RoleEmployee {
			role = "employee:" + boundTo
		}
		list = append(list, role+"="+key)
	}
	parsed, err := ParseKeys(strings.Join(list, ","))
	if err != nil {
		t.Fatal(err)
	}
	audit := &syncBuffer{}
	cfg := Config{Keys: parsed, Audit: zerolog.New(audit)}
	var a *api
	if demo {
		a = demoAPI(t, s, cfg)
	} else {
		cfg.Version = "test"
		a = newAPIWith(t, s, cfg)
	}
	a.auth = "Bearer " + keys[RoleAdmin] // requests that name no key act as admin
	return &inControl{api: a, audit: audit, keys: keys}
}

// as sends a request with the key of role.
func (a *inControl) as(role, method, path, body string) *httptest.ResponseRecorder {
	a.t.Helper()
	return a.do(method, path, body, "Authorization", "Bearer "+a.keys[role])
}

// asJSON is as, failing unless the answer has status want, decoding it.
func asJSON[T any](a *inControl, role, method, path, body string, want int) T {
	a.t.Helper()
	w := a.as(role, method, path, body)
	if w.Code != want {
		a.t.Fatalf("%s: %s %s = %d, want %d\n%s", role, method, path, w.Code, want, w.Body)
	}
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		a.t.Fatalf("%s %s: decode %s: %v", method, path, w.Body, err)
	}
	return v
}

// auditEvents returns the audit records of event.
func (a *inControl) auditEvents(event string) []map[string]any {
	a.t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(a.audit.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			a.t.Fatalf("audit record %q: %v", line, err)
		}
		if rec["event"] == event {
			out = append(out, rec)
		}
	}
	return out
}

// employeeStep is one request an employee key makes on a route.
type employeeStep struct {
	route        string // "METHOD template"
	method, path string
	body         string
	want         int
}

// With an employee key every route outside the employee's own data answers
// 403, and every route inside it works: the whole matrix, on both stores.
func TestEmployeeKeyMatrix(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := inControlAPI(t, s, "e1", false)
		a.seedBase()
		a.must("PUT", "/api/v1/relationships/e2/c1", `{"trust": 0.8}`, http.StatusCreated)
		saved := mustJSON[savedCampaignResponse](a.api, "POST", "/api/v1/campaigns",
			`{"name": "Matrix", "recipients": ["c1", "c2"], "fallback": {"name": "Board", "email": "board@example.com"}}`,
			http.StatusCreated)
		cmp := "/api/v1/campaigns/" + saved.ID
		// Introductions asked of e1 (to accept and mark done, to decline) and of e2.
		for _, in := range []graph.Introduction{
			{ID: "int-a", Customer: "c1", Via: "e1", Requester: "e2", State: graph.IntroductionRequested, CreatedAt: time.Now()},
			{ID: "int-b", Customer: "c2", Via: "e1", Requester: "e2", State: graph.IntroductionRequested, CreatedAt: time.Now()},
			{ID: "int-c", Customer: "c2", Via: "e2", Requester: "e1", State: graph.IntroductionRequested, CreatedAt: time.Now()},
		} {
			if err := s.CreateIntroduction(t.Context(), in); err != nil {
				t.Fatal(err)
			}
		}

		// Inside: the employee's own data, in an order where each step
		// finds what it needs.
		own := []employeeStep{
			{"GET /openapi.json", "GET", "/openapi.json", "", 200},
			{"GET /api/v1/whoami", "GET", "/api/v1/whoami", "", 200},
			{"GET /api/v1/me", "GET", "/api/v1/me", "", 200},
			{"PATCH /api/v1/me", "PATCH", "/api/v1/me", `{"broker": false}`, 200},
			{"GET /api/v1/me/network", "GET", "/api/v1/me/network", "", 200},
			{"GET /api/v1/me/campaigns", "GET", "/api/v1/me/campaigns", "", 200},
			{"GET /api/v1/employees/:id", "GET", "/api/v1/employees/e1", "", 200},
			{"GET /api/v1/employees/:id/campaigns", "GET", "/api/v1/employees/e1/campaigns", "", 200},
			{"GET /api/v1/persons/:id/relationships", "GET", "/api/v1/persons/e1/relationships", "", 200},
			{"GET /api/v1/relationships/:a/:b", "GET", "/api/v1/relationships/e1/c1", "", 200},
			{"GET /api/v1/relationships/:a/:b/history", "GET", "/api/v1/relationships/e1/c1/history", "", 200},
			{"POST /api/v1/me/interactions", "POST", "/api/v1/me/interactions", `{"with": "c1", "at": "2026-01-05", "kind": "call"}`, 200},
			{"PUT /api/v1/relationships/:a/:b", "PUT", "/api/v1/relationships/c2/e1", `{"trust": 0.4, "visibility": "private"}`, 201},
			{"DELETE /api/v1/relationships/:a/:b", "DELETE", "/api/v1/relationships/e1/c2", "", 204},
			{"POST /api/v1/campaigns/:id/decline", "POST", cmp + "/decline", `{"recipients": ["c1"]}`, 200},
			{"GET /api/v1/me/introductions", "GET", "/api/v1/me/introductions", "", 200},
			{"POST /api/v1/me/introductions/:id/accept", "POST", "/api/v1/me/introductions/int-a/accept", `{"message": "Gladly"}`, 200},
			{"POST /api/v1/me/introductions/:id/done", "POST", "/api/v1/me/introductions/int-a/done", "", 200},
			{"POST /api/v1/me/introductions/:id/decline", "POST", "/api/v1/me/introductions/int-b/decline", "", 200},
		}
		// Someone else's data on the same routes.
		other := []employeeStep{
			{"GET /api/v1/employees/:id", "GET", "/api/v1/employees/e2", "", 403},
			{"GET /api/v1/employees/:id/campaigns", "GET", "/api/v1/employees/e2/campaigns", "", 403},
			{"GET /api/v1/persons/:id/relationships", "GET", "/api/v1/persons/e2/relationships", "", 403},
			{"GET /api/v1/persons/:id/relationships", "GET", "/api/v1/persons/c1/relationships", "", 403},
			{"GET /api/v1/relationships/:a/:b", "GET", "/api/v1/relationships/e2/c1", "", 403},
			{"GET /api/v1/relationships/:a/:b/history", "GET", "/api/v1/relationships/e2/c1/history", "", 403},
			{"PUT /api/v1/relationships/:a/:b", "PUT", "/api/v1/relationships/e2/c2", `{"trust": 0.1}`, 403},
			{"DELETE /api/v1/relationships/:a/:b", "DELETE", "/api/v1/relationships/c2/e2", "", 403},
			{"POST /api/v1/campaigns/:id/decline", "POST", cmp + "/decline", `{"employee": "e2", "recipients": ["c2"]}`, 403},
			{"POST /api/v1/me/introductions/:id/accept", "POST", "/api/v1/me/introductions/int-c/accept", "", 403},
			{"POST /api/v1/me/introductions/:id/decline", "POST", "/api/v1/me/introductions/int-c/decline", "", 403},
			{"POST /api/v1/me/introductions/:id/done", "POST", "/api/v1/me/introductions/int-c/done", "", 403},
		}
		covered := map[string]bool{}
		for _, st := range append(own, other...) {
			covered[st.route] = true
			w := a.as(RoleEmployee, st.method, st.path, st.body)
			if w.Code != st.want {
				t.Errorf("%s %s = %d, want %d\n%s", st.method, st.path, w.Code, st.want, w.Body)
			}
		}
		// Outside: every other route, 403 whatever the ids.
		for _, r := range a.srv.Routes() {
			key := r.Method + " " + r.Path
			if open[key] || covered[key] {
				continue
			}
			if slices.Contains(expected[key], RoleEmployee) {
				t.Errorf("route %s is open to employee keys but has no step in this test", key)
				continue
			}
			body := ""
			if r.Method != "GET" && r.Method != "DELETE" {
				body = "{}"
			}
			if w := a.as(RoleEmployee, r.Method, concrete(r.Path), body); w.Code != http.StatusForbidden {
				t.Errorf("%s %s = %d with an employee key, want 403\n%s", r.Method, concrete(r.Path), w.Code, w.Body)
			}
		}
		// The steps inside did what they say.
		me := asJSON[employeeResponse](a, RoleEmployee, "GET", "/api/v1/me", "", 200)
		if me.ID != "e1" || me.Broker || !me.Sender {
			t.Errorf("GET /me after PATCH {broker: false} = %+v", me)
		}
		if _, err := s.Relationship(t.Context(), "e1", "c2"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("the employee's deleted relationship: %v", err)
		}
		after := mustJSON[savedCampaignResponse](a.api, "GET", cmp, "", http.StatusOK)
		for _, row := range after.Assignments {
			if row.Customer == "c1" && (row.Sender == nil || row.Sender.ID == nil || *row.Sender.ID != "e2") {
				t.Errorf("c1 after e1 declined: %+v, want e2 (trust 0.8)", row.Sender)
			}
		}
		// Non-employee keys have no /me.
		for _, role := range []string{RoleAdmin, RoleManager, RoleMarketing, RoleAccountManager} {
			if w := a.as(role, "GET", "/api/v1/me", ""); w.Code != http.StatusForbidden {
				t.Errorf("%s GET /me = %d, want 403", role, w.Code)
			}
		}
	})
}
