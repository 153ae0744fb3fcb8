package server

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
)

func TestHealthAndReadiness(t *testing.T) {
	up := true
	a := newAPI(t, &stubStore{ping: func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("ping without a deadline")
		}
		if !up {
			return graph.Errorf(graph.EUNAVAILABLE, "connection refused")
		}
		return nil
	}})
	for _, path := range []string{"/healthz", "/readyz"} {
		if got := mustJSON[map[string]string](a, "GET", path, "", http.StatusOK); got["status"] != "ok" {
			t.Errorf("GET %s = %v, want status ok", path, got)
		}
	}
	up = false
	a.must("GET", "/healthz", "", http.StatusOK)
	p := problem(t, a.do("GET", "/readyz", ""), http.StatusServiceUnavailable)
	if p.Type != ProblemTypeBase+"unavailable" {
		t.Errorf("readyz problem %+v", p)
	}
}

func TestReadinessOnRealStores(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		newAPI(t, s).must("GET", "/readyz", "", http.StatusOK)
	})
}

func TestMetrics(t *testing.T) {
	a := newAPI(t, &stubStore{employee: func(_ context.Context, id string) (graph.Employee, error) {
		if id == "e1" {
			return graph.Employee{ID: id, Name: "E", Email: "e@x.example", Active: true}, nil
		}
		return graph.Employee{}, graph.Errorf(graph.ENOTFOUND, "employee %q not found", id)
	}})
	a.must("GET", "/api/v1/employees/e1", "", http.StatusOK)
	a.do("GET", "/api/v1/employees/e2", "")
	a.do("GET", "/api/v1/employees/e3", "")
	a.do("GET", "/nothing/here", "")
	a.do("BREW", "/api/v1/employees/e1", "")
	body := string(a.must("GET", "/metrics", "", http.StatusOK))
	for _, want := range []string{
		`contactgraph_http_requests_total{method="GET",route="/api/v1/employees/:id",status="200"} 1`,
		`contactgraph_http_requests_total{method="GET",route="/api/v1/employees/:id",status="404"} 2`,
		`contactgraph_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`contactgraph_http_requests_total{method="OTHER",route="unmatched",status="405"} 1`,
		`contactgraph_http_request_duration_seconds_count{method="GET",route="/api/v1/employees/:id"} 3`,
		`contactgraph_store_call_duration_seconds_count{op="Employee",outcome="ok"} 1`,
		`contactgraph_store_call_duration_seconds_count{op="Employee",outcome="not_found"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestInstrumentStoreTimesEveryMethod(t *testing.T) {
	reg := prometheus.NewRegistry()
	s := InstrumentStore(newEmbedded(t), reg)
	if again := InstrumentStore(s, reg); again != s {
		t.Error("instrumenting twice wraps twice")
	}
	ctx := t.Context()
	_, _ = s.PutEmployee(ctx, graph.Employee{ID: "e1", Name: "E", Email: "e@x.example"})
	_, _ = s.Employee(ctx, "e1")
	_, _ = s.Employee(ctx, "nobody")
	_, _ = s.PutCustomer(ctx, graph.Customer{ID: "c1", Name: "C"})
	_, _ = s.PutRelationship(ctx, graph.Relationship{A: "e1", B: "c1", Trust: 2})
	_ = s.Ping(ctx)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]uint64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			got[labels["op"]+"/"+labels["outcome"]] = m.GetHistogram().GetSampleCount()
		}
	}
	for key, n := range map[string]uint64{"PutEmployee/ok": 1, "Employee/ok": 1, "Employee/not_found": 1,
		"PutCustomer/ok": 1, "PutRelationship/invalid": 1, "Ping/ok": 1} {
		if got[key] != n {
			t.Errorf("%s observed %d times, want %d (all: %v)", key, got[key], n, got)
		}
	}
}

// Two servers may share one registry (cmd creates one per process).
func TestServersShareARegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	s := newEmbedded(t)
	New(Config{}, s, zerolog.Nop(), reg)
	New(Config{}, s, zerolog.Nop(), reg)
	New(Config{}, s, zerolog.Nop(), nil)
}

func TestRequestIDAndAccessLog(t *testing.T) {
	a := newAPI(t, &stubStore{})
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for _, incoming := range []string{"", "has space", strings.Repeat("x", 129), "a\"b", "ünïcode"} {
		w := a.do("GET", "/healthz", "", RequestIDHeader, incoming)
		if got := w.Header().Get(RequestIDHeader); !hex32.MatchString(got) {
			t.Errorf("incoming %q: X-Request-ID %q, want a fresh one", incoming, got)
		}
	}
	const id = "01HZX3V5:abc-def_1.2@x+y/z="
	w := a.do("GET", "/healthz", "", RequestIDHeader, id)
	if got := w.Header().Get(RequestIDHeader); got != id {
		t.Errorf("X-Request-ID %q, want the incoming %q", got, id)
	}
	a.do("GET", "/api/v1/employees/a%20b", "", RequestIDHeader, "bad-one")

	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(a.logs.String()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line %s: %v", sc.Text(), err)
		}
		if m["message"] == "request" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 7 {
		t.Fatalf("%d access log lines, want 7:\n%s", len(lines), a.logs)
	}
	last := lines[len(lines)-1]
	for k, v := range map[string]any{"request_id": "bad-one", "method": "GET", "route": "/api/v1/employees/:id",
		"path": "/api/v1/employees/a b", "status": float64(400)} {
		if last[k] != v {
			t.Errorf("access log %s = %v, want %v (%v)", k, last[k], v, last)
		}
	}
	for _, k := range []string{"bytes", "duration", "level"} {
		if _, ok := last[k]; !ok {
			t.Errorf("access log lacks %s: %v", k, last)
		}
	}
}
