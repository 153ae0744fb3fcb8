package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// hostileCases are inputs an attacker or a broken client sends: injection in
// ids, names and search terms, huge numbers, NaN, deep nesting, invalid
// UTF-8, a 50 MB body. Each must get a 4xx (never 5xx) and change nothing.
func hostileCases() []badCase {
	deep := strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000)
	deepArray := `{"employees":` + strings.Repeat("[", 50_000) + strings.Repeat("]", 50_000) + `}`
	huge := `{"units":[{"id":"u9","name":"` + strings.Repeat("x", 50<<20) + `"}]}`
	return []badCase{
		{name: "cypher id in path, no slash", method: "PUT", path: "/api/v1/employees/" + url.PathEscape(`e1'}) DETACH DELETE n`), body: `{` + validEmp + `}`, status: 400, field: "id"},
		// A slash in an id splits the path: no such route.
		{name: "cypher id in path", method: "PUT", path: "/api/v1/employees/" + url.PathEscape(`e1'}) DETACH DELETE n //`), body: `{` + validEmp + `}`, status: 404},
		{name: "cypher id in body", method: "POST", path: "/api/v1/batch", body: `{"customers":[{"id":"c9\"}) MATCH (n) DETACH DELETE n //","name":"X"}]}`, status: 400},
		{name: "cypher in relationship end", method: "PUT", path: "/api/v1/relationships/e1/" + url.PathEscape("c1})-[r]-() DELETE r //"), body: `{"trust":0.5}`, status: 404},
		{name: "cypher in paths query", method: "GET", path: "/api/v1/paths?from=e1&to=" + url.QueryEscape(`c1"}) RETURN 1 //`), status: 400, field: "to"},
		{name: "huge trust", method: "PUT", path: relPath, body: `{"trust": 1e400}`, status: 400},
		{name: "huge capacity", method: "PUT", path: "/api/v1/employees/e9", body: `{` + validEmp + `, "capacity": 1e30}`, status: 400, field: "capacity"},
		{name: "huge limit", method: "GET", path: "/api/v1/employees?limit=99999999999999999999999", status: 400, field: "limit"},
		{name: "huge maxHops", method: "GET", path: "/api/v1/customers/c1/contacts?maxHops=99999999999999999999", status: 400, field: "maxHops"},
		{name: "NaN trust", method: "PUT", path: relPath, body: `{"trust": NaN}`, status: 400},
		{name: "NaN trust as string", method: "PUT", path: relPath, body: `{"trust": "NaN"}`, status: 400, field: "trust"},
		{name: "NaN minTrust", method: "GET", path: "/api/v1/customers/c1/contacts?minTrust=NaN", status: 400, field: "minTrust"},
		{name: "Inf halfLife", method: "GET", path: "/api/v1/customers/c1/route?halfLifeDays=Inf", status: 400, field: "halfLifeDays"},
		{name: "deeply nested object", method: "POST", path: "/api/v1/batch", body: deep, status: 400},
		{name: "deeply nested array", method: "POST", path: "/api/v1/batch", body: deepArray, status: 400},
		{name: "invalid UTF-8 name", method: "PUT", path: "/api/v1/employees/e9", body: "{\"name\": \"A\xff\xfeda\", \"email\": \"ada@example.com\"}", status: 400},
		{name: "invalid UTF-8 search", method: "GET", path: "/api/v1/customers?q=%ff%fe", status: 400, field: "q"},
		{name: "50 MB body", method: "POST", path: "/api/v1/batch", body: huge, status: 413},
	}
}

func TestHostileInput(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPI(t, s)
		a.seedBase()
		before := a.snapshot()
		for _, tc := range hostileCases() {
			t.Run(tc.name, func(t *testing.T) {
				a := a.in(t)
				w := a.do(tc.method, tc.path, tc.body, tc.header...)
				p := problem(t, w, tc.status)
				if tc.field != "" && !hasField(p, tc.field) {
					t.Errorf("problem names %v, want %q: %+v", fields(p), tc.field, p)
				}
				if after := a.snapshot(); after != before {
					t.Fatal("the request changed the graph")
				}
			})
		}
		// Injection in a search term is just text that matches nothing.
		for _, q := range []string{`' OR 1=1 //`, `"}) RETURN n //`, `.*`, `%`} {
			w := a.do("GET", "/api/v1/customers?q="+url.QueryEscape(q), "")
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"items":[]`) {
				t.Errorf("search %q = %d %s, want 200 and no items", q, w.Code, w.Body)
			}
		}
	})
}
