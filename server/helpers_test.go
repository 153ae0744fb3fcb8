package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
)

// forEachStore runs test against a fresh embedded store and, when
// NEO4J_TEST_URI is set, against the wiped test Neo4j (neo4jtest skips it
// otherwise, and fails it under CI).
func forEachStore(t *testing.T, test func(t *testing.T, s graph.Store)) {
	t.Helper()
	t.Run("embedded", func(t *testing.T) { test(t, newEmbedded(t)) })
	t.Run("neo4j", func(t *testing.T) { test(t, neo4jtest.Open(t)) })
}

func newEmbedded(t testing.TB) graph.Store {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatalf("embedded.Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close embedded store: %v", err)
		}
	})
	return s
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// api is a server under test, driven through its Handler with httptest.
type api struct {
	t     *testing.T
	srv   *Server
	h     http.Handler
	store graph.Store
	reg   *prometheus.Registry
	logs  *syncBuffer
	// auth, if set, is the Authorization of requests that name none.
	auth string
}

func newAPI(t *testing.T, s graph.Store) *api {
	t.Helper()
	return newAPIWith(t, s, Config{Version: "test"})
}

func newAPIWith(t *testing.T, s graph.Store, cfg Config) *api {
	t.Helper()
	logs := &syncBuffer{}
	reg := prometheus.NewRegistry()
	srv := New(cfg, s, zerolog.New(logs).Level(zerolog.DebugLevel), reg)
	return &api{t: t, srv: srv, h: srv.Handler(), store: s, reg: reg, logs: logs}
}

// in returns a copy of a that reports to t, for use in a subtest.
func (a *api) in(t *testing.T) *api {
	c := *a
	c.t = t
	return &c
}

// do sends a request; header is a list of name, value pairs. A body is sent
// as application/json unless header says otherwise.
func (a *api) do(method, path, body string, header ...string) *httptest.ResponseRecorder {
	a.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequestWithContext(a.t.Context(), method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.auth != "" {
		req.Header.Set("Authorization", a.auth)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	a.h.ServeHTTP(w, req)
	return w
}

// must sends a request and fails unless it answers want; it returns the body.
func (a *api) must(method, path, body string, want int) []byte {
	a.t.Helper()
	w := a.do(method, path, body)
	if w.Code != want {
		a.t.Fatalf("%s %s = %d, want %d\n%s", method, path, w.Code, want, w.Body.String())
	}
	return w.Body.Bytes()
}

// mustJSON is must decoding the answer into a value of type T.
func mustJSON[T any](a *api, method, path, body string, want int) T {
	a.t.Helper()
	var v T
	b := a.must(method, path, body, want)
	if err := json.Unmarshal(b, &v); err != nil {
		a.t.Fatalf("%s %s: decode %s: %v", method, path, b, err)
	}
	return v
}

// problem decodes a problem answer, failing unless it is one with status.
func problem(t *testing.T, w *httptest.ResponseRecorder, status int) Problem {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status = %d, want %d\n%s", w.Code, status, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != ProblemContentType {
		t.Fatalf("Content-Type = %q, want %q\n%s", ct, ProblemContentType, w.Body.String())
	}
	var p Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatalf("decode problem %s: %v", w.Body.String(), err)
	}
	if p.Status != status || p.Type == "" || p.Title == "" {
		t.Fatalf("problem %+v: want status %d, a type and a title", p, status)
	}
	if p.RequestID == "" || p.RequestID != w.Header().Get(RequestIDHeader) {
		t.Fatalf("problem requestId %q, header %q: want the same, non-empty", p.RequestID, w.Header().Get(RequestIDHeader))
	}
	return p
}

// fields returns the field names of a problem's errors.
func fields(p Problem) []string {
	var out []string
	for _, f := range p.Errors {
		out = append(out, f.Field)
	}
	return out
}

func hasField(p Problem, field string) bool { return slices.Contains(fields(p), field) }

// snapshot reads everything the API shows: every list (one page of up to
// 1000) and the relationships of every person. Tests compare snapshots to
// prove that a rejected request changed nothing.
func (a *api) snapshot() string {
	a.t.Helper()
	var b strings.Builder
	for _, list := range []string{"units", "accounts", "employees", "customers"} {
		body := a.must("GET", "/api/v1/"+list+"?limit=1000", "", http.StatusOK)
		b.WriteString(list + ": ")
		b.Write(body)
		b.WriteString("\n")
	}
	for _, kind := range []string{"employees", "customers"} {
		page := mustJSON[pageResponse[struct {
			ID string `json:"id"`
		}]](a, "GET", "/api/v1/"+kind+"?limit=1000", "", http.StatusOK)
		for _, p := range page.Items {
			b.WriteString(p.ID + ": ")
			b.Write(a.must("GET", "/api/v1/persons/"+p.ID+"/relationships", "", http.StatusOK))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// seedBase loads a small organisation: units u1 > u2, employees e1 (in u1,
// owns a1) and e2 (in u2), accounts a1 and a2, customers c1 (at a1) and c2,
// relationships e1–c1 and e2–c2.
func (a *api) seedBase() {
	a.t.Helper()
	a.must("POST", "/api/v1/batch", `{
		"units": [{"id": "u1", "name": "Unit 1"}, {"id": "u2", "name": "Unit 2", "parent": "u1"}],
		"employees": [{"id": "e1", "name": "Erika One", "email": "e1@example.com", "unit": "u1"},
		              {"id": "e2", "name": "Emil Two", "email": "e2@example.com", "unit": "u2"}],
		"accounts": [{"id": "a1", "name": "Account 1", "owner": "e1"}, {"id": "a2", "name": "Account 2"}],
		"customers": [{"id": "c1", "name": "Carla One", "email": "c1@customer.example", "account": "a1"},
		              {"id": "c2", "name": "Carl Two"}],
		"relationships": [{"a": "e1", "b": "c1", "trust": 0.9}, {"a": "c2", "b": "e2", "trust": 0.5, "lastContact": "2026-01-02T03:04:05Z"}]
	}`, http.StatusOK)
}
