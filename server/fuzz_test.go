package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
)

// fuzzAPI returns one server over one embedded store for a whole fuzz run.
func fuzzAPI(f *testing.F) http.Handler {
	f.Helper()
	s := newEmbedded(f)
	h := New(Config{Version: "fuzz", MaxBodyBytes: 1 << 20}, s, zerolog.Nop(), nil).Handler()
	do(h, "POST", "/api/v1/batch", `{"units":[{"id":"u1","name":"U"}],"accounts":[{"id":"a1","name":"A"}],
		"employees":[{"id":"e1","name":"E","email":"e1@x.example","unit":"u1"}],
		"customers":[{"id":"c1","name":"C","account":"a1"}],"relationships":[{"a":"e1","b":"c1","trust":0.5}]}`)
	return h
}

// do serves one request; a request Go cannot even form (a fuzzed target
// with spaces, say) gets a recorder with code 0, which no client can send.
func do(h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	req, err := http.NewRequest(method, path, strings.NewReader(body))
	if err != nil {
		return &httptest.ResponseRecorder{}
	}
	req.RequestURI = req.URL.RequestURI()
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// checkAnswer fails on any 5xx and on 4xx answers that are not problems.
func checkAnswer(t *testing.T, w *httptest.ResponseRecorder, what string) {
	t.Helper()
	if w.Code >= 500 {
		t.Fatalf("%s: %d %s", what, w.Code, w.Body)
	}
	if w.Code >= 400 {
		var p Problem
		if w.Header().Get("Content-Type") != ProblemContentType || json.Unmarshal(w.Body.Bytes(), &p) != nil || p.Status != w.Code {
			t.Fatalf("%s: %d without a problem body: %s", what, w.Code, w.Body)
		}
		if w.Code == http.StatusBadRequest && p.Detail == "" {
			t.Fatalf("%s: 400 without detail", what)
		}
	}
}

func FuzzPutEmployee(f *testing.F) {
	h := fuzzAPI(f)
	f.Add("e2", `{"name":"Ada","email":"ada@x.example","unit":"u1","capacity":3}`)
	f.Add("e2", `{"name":"x\"}) MATCH (n) DETACH DELETE n //","email":"a@b.c"}`)
	f.Add("a'})-[:X]->(b", `{"name":"Ada","email":"ada@x.example"}`)
	f.Add("e3", `{"name":1e400,"email":[]}`)
	f.Add("e3", `{"name":"\xff\xfe","email":"a@b.c","active":"yes"}`)
	f.Add("e4", `[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]`)
	f.Fuzz(func(t *testing.T, id, body string) {
		w := do(h, "PUT", "/api/v1/employees/"+url.PathEscape(id), body)
		checkAnswer(t, w, "PUT employee")
		if w.Code/100 == 2 {
			g := do(h, "GET", "/api/v1/employees/"+url.PathEscape(id), "")
			if g.Code != http.StatusOK {
				t.Fatalf("accepted employee %q not readable: %d", id, g.Code)
			}
		}
	})
}

func FuzzPutRelationship(f *testing.F) {
	h := fuzzAPI(f)
	f.Add("e1", "c1", `{"trust":0.9,"lastContact":"2026-01-02T03:04:05Z","visibility":"private"}`)
	f.Add("e1", "c1", `{"trust":NaN}`)
	f.Add("c1", "e1", `{"trust":1.0000000001,"since":"2026-13-01"}`)
	f.Add("e1", "e1", `{"trust":0.5}`)
	f.Add("e1", "c1", `{"trust":0.5,"lastContact":"0001-01-01T00:00:00Z"}`)
	f.Fuzz(func(t *testing.T, a, b, body string) {
		w := do(h, "PUT", "/api/v1/relationships/"+url.PathEscape(a)+"/"+url.PathEscape(b), body)
		checkAnswer(t, w, "PUT relationship")
	})
}

func FuzzBatch(f *testing.F) {
	h := fuzzAPI(f)
	f.Add(`{"employees":[{"id":"e9","name":"N","email":"n@x.example"}],"relationships":[{"a":"e9","b":"c1","trust":0.3}]}`)
	f.Add(`{"customers":[{"id":"e1","name":"Clash"}]}`)
	f.Add(`{"units":[{"id":"u2","name":"U2","parent":"u3"},{"id":"u3","name":"U3","parent":"u2"}]}`)
	f.Add(`{"relationships":[{"a":"e1","b":"c1","trust":0.2},{"a":"c1","b":"e1","trust":0.3}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		checkAnswer(t, do(h, "POST", "/api/v1/batch", body), "POST batch")
	})
}

func FuzzRoutingQuery(f *testing.F) {
	h := fuzzAPI(f)
	f.Add("c1", "maxHops=3&limit=5&minTrust=0.1&asOf=2026-01-01")
	f.Add("c1", "maxHops=99999999999999999999&minTrust=1e309")
	f.Add("e1", "asOf=9999-12-31T23:59:59Z&halfLifeDays=1e-300")
	f.Fuzz(func(t *testing.T, id, q string) {
		checkAnswer(t, do(h, "GET", "/api/v1/customers/"+url.PathEscape(id)+"/contacts?"+q, ""), "contacts")
		checkAnswer(t, do(h, "GET", "/api/v1/customers/"+url.PathEscape(id)+"/route?"+q, ""), "route")
		checkAnswer(t, do(h, "GET", "/api/v1/paths?from="+url.QueryEscape(id)+"&to=e1&"+q, ""), "paths")
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-11-02T10:00:00Z", "2026-11-02", "2026-11-02T10:00:00+01:00", "yesterday", "", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var p graph.Problems
		got := parseTime(&p, "at", &s)
		if (got == nil) == (len(p) == 0) {
			t.Fatalf("parseTime(%q) = %v with problems %v: want exactly one of them", s, got, p)
		}
	})
}
