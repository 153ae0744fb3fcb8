package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
)

// stubStore answers the calls a test cares about; any other call panics on
// the nil embedded Store.
type stubStore struct {
	graph.Store
	employee func(ctx context.Context, id string) (graph.Employee, error)
	ping     func(ctx context.Context) error
}

func (s *stubStore) Employee(ctx context.Context, id string) (graph.Employee, error) {
	return s.employee(ctx, id)
}

func (s *stubStore) Ping(ctx context.Context) error { return s.ping(ctx) }

func TestUnknownRouteAndMethod(t *testing.T) {
	a := newAPI(t, &stubStore{})
	for _, path := range []string{"/api/v1/nothing", "/api/v2/employees", "/api/v1/employees/", "/api/v1/employees/e1/x", "/nothing", "/ui/nothing.js"} {
		p := problem(t, a.do("GET", path, ""), http.StatusNotFound)
		if p.Type != "about:blank" || p.Instance != path {
			t.Errorf("GET %s: problem %+v, want type about:blank and instance %s", path, p, path)
		}
	}
	w := a.do("POST", "/api/v1/employees/e1", `{}`)
	p := problem(t, w, http.StatusMethodNotAllowed)
	allow := w.Header().Get("Allow")
	for _, m := range []string{"GET", "PUT", "DELETE"} {
		if !strings.Contains(allow, m) {
			t.Errorf("Allow = %q, want it to list %s", allow, m)
		}
	}
	if !strings.Contains(p.Detail, "POST") {
		t.Errorf("405 detail %q does not name the method", p.Detail)
	}
	problem(t, a.do("PATCH", "/healthz", ""), http.StatusMethodNotAllowed)
}

func TestInternalErrorsStayInTheLog(t *testing.T) {
	const secret = "bolt://admin:hunter2@db.internal: connection refused"
	a := newAPI(t, &stubStore{employee: func(context.Context, string) (graph.Employee, error) {
		return graph.Employee{}, fmt.Errorf("neo4jstore: read employee: %w", errors.New(secret))
	}})
	w := a.do("GET", "/api/v1/employees/e1", "")
	p := problem(t, w, http.StatusInternalServerError)
	if strings.Contains(w.Body.String(), "hunter2") || p.Detail == "" {
		t.Errorf("the client got %s, want a generic detail", w.Body.String())
	}
	if p.Type != ProblemTypeBase+"internal" {
		t.Errorf("type = %q", p.Type)
	}
	logs := a.logs.String()
	if !strings.Contains(logs, "hunter2") || !strings.Contains(logs, p.RequestID) {
		t.Errorf("the log lacks the error or the request id:\n%s", logs)
	}
}

func TestUnavailableStore(t *testing.T) {
	a := newAPI(t, &stubStore{employee: func(context.Context, string) (graph.Employee, error) {
		return graph.Employee{}, graph.Errorf(graph.EUNAVAILABLE, "neo4j is not reachable")
	}})
	p := problem(t, a.do("GET", "/api/v1/employees/e1", ""), http.StatusServiceUnavailable)
	if p.Type != ProblemTypeBase+"unavailable" || p.Detail != "neo4j is not reachable" {
		t.Errorf("problem %+v", p)
	}
}

func TestPanicsBecome500(t *testing.T) {
	a := newAPI(t, &stubStore{employee: func(context.Context, string) (graph.Employee, error) {
		panic("boom: secret state")
	}})
	w := a.do("GET", "/api/v1/employees/e1", "")
	problem(t, w, http.StatusInternalServerError)
	if strings.Contains(w.Body.String(), "secret state") {
		t.Errorf("the panic value reached the client: %s", w.Body)
	}
	if logs := a.logs.String(); !strings.Contains(logs, "secret state") || !strings.Contains(logs, "stack") {
		t.Errorf("the log lacks the panic and its stack:\n%s", logs)
	}
	// The server goes on serving.
	problem(t, a.do("GET", "/api/v1/nothing", ""), http.StatusNotFound)
}

func TestRequestTimeout(t *testing.T) {
	var deadline bool
	a := newAPIWith(t, &stubStore{employee: func(ctx context.Context, _ string) (graph.Employee, error) {
		_, deadline = ctx.Deadline()
		<-ctx.Done()
		return graph.Employee{}, fmt.Errorf("embedded: read: %w", ctx.Err())
	}}, Config{RequestTimeout: 20 * time.Millisecond})
	start := time.Now()
	p := problem(t, a.do("GET", "/api/v1/employees/e1", ""), http.StatusServiceUnavailable)
	if !deadline || time.Since(start) > 5*time.Second {
		t.Errorf("the store's context had no deadline or the request was not cut short")
	}
	if p.Type != ProblemTypeBase+"timeout" || !strings.Contains(p.Detail, "20ms") {
		t.Errorf("problem %+v, want a timeout naming 20ms", p)
	}
}

func TestBodyLimit(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPIWith(t, s, Config{MaxBodyBytes: 100})
		a.seedSmall()
		before := a.snapshot()
		small := `{"name": "Ada", "email": "ada@example.com"}`
		large := `{"name": "` + strings.Repeat("A", 120) + `", "email": "ada@example.com"}`
		for _, r := range []struct{ method, path string }{
			{"PUT", "/api/v1/employees/e9"}, {"PUT", "/api/v1/relationships/e1/c1"},
			{"POST", "/api/v1/interactions"}, {"POST", "/api/v1/batch"},
		} {
			problem(t, a.do(r.method, r.path, large), http.StatusRequestEntityTooLarge)
			// Without a declared length the limit applies while reading.
			req := httptest.NewRequestWithContext(t.Context(), r.method, r.path, strings.NewReader(large))
			req.ContentLength = -1
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			a.h.ServeHTTP(w, req)
			if p := problem(t, w, http.StatusRequestEntityTooLarge); !strings.Contains(p.Detail, "100 bytes") {
				t.Errorf("%s %s: detail %q does not name the limit", r.method, r.path, p.Detail)
			}
		}
		if after := a.snapshot(); after != before {
			t.Fatalf("a refused body changed the graph")
		}
		a.must("PUT", "/api/v1/employees/e9", small, http.StatusCreated)
	})
}

// seedSmall loads two persons with bodies below any small body limit.
func (a *api) seedSmall() {
	a.t.Helper()
	a.must("PUT", "/api/v1/employees/e1", `{"name": "E", "email": "e@x.example"}`, http.StatusCreated)
	a.must("PUT", "/api/v1/customers/c1", `{"name": "C"}`, http.StatusCreated)
}

func TestContentTypes(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPI(t, s)
		body := `{"name": "Ada", "email": "ada@example.com"}`
		for i, ct := range []string{"application/json", "application/json; charset=utf-8", "application/merge-patch+json", ""} {
			w := a.do("PUT", fmt.Sprintf("/api/v1/employees/e%d", i), body, "Content-Type", ct)
			if w.Code != http.StatusCreated {
				t.Errorf("Content-Type %q: %d, want 201\n%s", ct, w.Code, w.Body)
			}
		}
		for _, ct := range []string{"text/plain", "multipart/form-data; boundary=x", "application/xml", "nonsense/"} {
			problem(t, a.do("PUT", "/api/v1/employees/e9", body, "Content-Type", ct), http.StatusUnsupportedMediaType)
		}
		problem(t, a.do("GET", "/api/v1/employees/e9", ""), http.StatusNotFound)
	})
}

// Handlers and stores log through zerolog.Ctx: their lines carry the id.
func TestStoreLogsCarryTheRequestID(t *testing.T) {
	a := newAPI(t, &stubStore{employee: func(ctx context.Context, id string) (graph.Employee, error) {
		zerolog.Ctx(ctx).Info().Str("employee", id).Msg("store read")
		return graph.Employee{ID: id, Name: "E", Email: "e@x.example"}, nil
	}})
	a.must("GET", "/api/v1/employees/e1", "", http.StatusOK)
	w := a.do("GET", "/api/v1/employees/e1", "", RequestIDHeader, "trace-42")
	if got := w.Header().Get(RequestIDHeader); got != "trace-42" {
		t.Fatalf("X-Request-ID = %q, want the incoming trace-42", got)
	}
	found := false
	for _, line := range strings.Split(a.logs.String(), "\n") {
		found = found || strings.Contains(line, `"request_id":"trace-42"`) && strings.Contains(line, `"message":"store read"`)
	}
	if !found {
		t.Errorf("no store log line with the request id:\n%s", a.logs)
	}
}

func TestClientGoneIsNotAnError(t *testing.T) {
	a := newAPI(t, &stubStore{employee: func(ctx context.Context, _ string) (graph.Employee, error) {
		return graph.Employee{}, fmt.Errorf("embedded: read: %w", context.Canceled)
	}})
	w := a.do("GET", "/api/v1/employees/e1", "")
	if w.Code != StatusClientClosedRequest {
		t.Errorf("status %d, want %d", w.Code, StatusClientClosedRequest)
	}
	if strings.Contains(a.logs.String(), `"level":"error"`) {
		t.Errorf("a client that went away was logged as an error:\n%s", a.logs)
	}
}
