package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// badCase is a request that must be refused with status, naming field in the
// problem's errors when field is not empty, and change nothing.
type badCase struct {
	name   string
	method string
	path   string
	body   string
	status int
	field  string
	header []string
}

const (
	cypherID   = `a'})-[:X]->(b`
	cypherName = `x"}) MATCH (n) DETACH DELETE n //`
)

var (
	longID      = strings.Repeat("x", 300)
	cypherPath  = url.PathEscape(cypherID)
	validEmp    = `"name": "Ada", "email": "ada@example.com"`
	relPath     = "/api/v1/relationships/e1/c2"
	badCursor   = url.QueryEscape("not an id")
	longText201 = strings.Repeat("n", 201)
)

// malformedBodies are refused by every endpoint that takes a body.
func malformedBodies(method, path string) []badCase {
	return []badCase{
		{name: "malformed JSON", method: method, path: path, body: `{"name": "x",`, status: 400},
		{name: "broken JSON", method: method, path: path, body: `{"name" "x"}`, status: 400},
		{name: "trailing data", method: method, path: path, body: `{"name": "x"} {"name": "y"}`, status: 400},
		{name: "trailing garbage", method: method, path: path, body: `{"name": "x"}]`, status: 400},
		{name: "empty body", method: method, path: path, body: "", status: 400},
		{name: "blank body", method: method, path: path, body: "  \n ", status: 400},
		{name: "array body", method: method, path: path, body: `[{"name": "x"}]`, status: 400},
		{name: "null body", method: method, path: path, body: `null`, status: 400},
		{name: "string body", method: method, path: path, body: `"x"`, status: 400},
		{name: "unknown field", method: method, path: path, body: `{"nmae": "x"}`, status: 400, field: "nmae"},
		{name: "form content type", method: method, path: path, body: `{}`, status: 415,
			header: []string{"Content-Type", "application/x-www-form-urlencoded"}},
		{name: "unknown query parameter", method: method, path: path + "?force=true", body: `{}`, status: 400, field: "force"},
	}
}

func badInputCases() []badCase {
	var cases []badCase
	add := func(cs ...badCase) { cases = append(cases, cs...) }

	// PUT of each entity kind.
	for _, p := range []string{"employees/e9", "customers/c9", "accounts/a9", "units/u9"} {
		path := "/api/v1/" + p
		kind := strings.Split(p, "/")[0]
		email := "" // the other fields a valid body of the kind needs
		if kind == "employees" {
			email = `, "email": "x@example.com"`
		}
		add(malformedBodies("PUT", path)...)
		add(
			badCase{name: kind + " id with spaces", method: "PUT", path: "/api/v1/" + kind + "/a%20b", body: `{"name": "x"}`, status: 400, field: "id"},
			badCase{name: kind + " id of 300 characters", method: "PUT", path: "/api/v1/" + kind + "/" + longID, body: `{"name": "x"}`, status: 400, field: "id"},
			badCase{name: kind + " Cypher id", method: "PUT", path: "/api/v1/" + kind + "/" + cypherPath, body: `{"name": "x"}`, status: 400, field: "id"},
			badCase{name: kind + " id starting with a dot", method: "PUT", path: "/api/v1/" + kind + "/.x", body: `{"name": "x"}`, status: 400, field: "id"},
			badCase{name: kind + " body id differs", method: "PUT", path: path, body: `{"id": "other", "name": "x"}`, status: 400, field: "id"},
			badCase{name: kind + " body Cypher id", method: "PUT", path: path, body: fmt.Sprintf(`{"id": %q, "name": "x"}`, cypherID), status: 400, field: "id"},
			badCase{name: kind + " name of wrong type", method: "PUT", path: path, body: `{"name": 5}`, status: 400, field: "name"},
			badCase{name: kind + " name missing", method: "PUT", path: path, body: `{"name": null` + email + `}`, status: 400, field: "name"},
			badCase{name: kind + " name too long", method: "PUT", path: path, body: `{"name": "` + longText201 + `"` + email + `}`, status: 400, field: "name"},
			badCase{name: kind + " name with a control character", method: "PUT", path: path, body: `{"name": "a\u0007b"` + email + `}`, status: 400, field: "name"},
		)
	}
	add(
		badCase{name: "employee active not a boolean", method: "PUT", path: "/api/v1/employees/e9", body: `{` + validEmp + `, "active": "yes"}`, status: 400, field: "active"},
		badCase{name: "employee capacity fractional", method: "PUT", path: "/api/v1/employees/e9", body: `{` + validEmp + `, "capacity": 1.5}`, status: 400, field: "capacity"},
		badCase{name: "employee capacity negative", method: "PUT", path: "/api/v1/employees/e9", body: `{` + validEmp + `, "capacity": -1}`, status: 400, field: "capacity"},
		badCase{name: "employee capacity huge", method: "PUT", path: "/api/v1/employees/e9", body: `{` + validEmp + `, "capacity": 1e30}`, status: 400, field: "capacity"},
		badCase{name: "employee email missing", method: "PUT", path: "/api/v1/employees/e9", body: `{"name": "Ada"}`, status: 400, field: "email"},
		badCase{name: "employee email invalid", method: "PUT", path: "/api/v1/employees/e9", body: `{"name": "Ada", "email": "Ada <ada@example.com>"}`, status: 400, field: "email"},
		badCase{name: "employee unknown unit", method: "PUT", path: "/api/v1/employees/e9", body: `{` + validEmp + `, "unit": "nowhere"}`, status: 400, field: "unit"},
		badCase{name: "employee unit not an id", method: "PUT", path: "/api/v1/employees/e9", body: `{` + validEmp + `, "unit": "u 1"}`, status: 400, field: "unit"},
		badCase{name: "employee id of a customer", method: "PUT", path: "/api/v1/employees/c1", body: `{` + validEmp + `}`, status: 409},
		badCase{name: "customer optOut not a boolean", method: "PUT", path: "/api/v1/customers/c9", body: `{"name": "C", "optOut": "no"}`, status: 400, field: "optOut"},
		badCase{name: "customer unknown account", method: "PUT", path: "/api/v1/customers/c9", body: `{"name": "C", "account": "nobody"}`, status: 400, field: "account"},
		badCase{name: "customer email invalid", method: "PUT", path: "/api/v1/customers/c9", body: `{"name": "C", "email": "not-an-address"}`, status: 400, field: "email"},
		badCase{name: "customer id of an employee", method: "PUT", path: "/api/v1/customers/e1", body: `{"name": "C"}`, status: 409},
		badCase{name: "account unknown owner", method: "PUT", path: "/api/v1/accounts/a9", body: `{"name": "A", "owner": "nobody"}`, status: 400, field: "owner"},
		badCase{name: "account owner a customer", method: "PUT", path: "/api/v1/accounts/a9", body: `{"name": "A", "owner": "c1"}`, status: 400, field: "owner"},
		badCase{name: "account segment of wrong type", method: "PUT", path: "/api/v1/accounts/a9", body: `{"name": "A", "segment": ["x"]}`, status: 400, field: "segment"},
		badCase{name: "unit unknown parent", method: "PUT", path: "/api/v1/units/u9", body: `{"name": "U", "parent": "nowhere"}`, status: 400, field: "parent"},
		badCase{name: "unit its own parent", method: "PUT", path: "/api/v1/units/u9", body: `{"name": "U", "parent": "u9"}`, status: 400, field: "parent"},
		badCase{name: "unit parent cycle", method: "PUT", path: "/api/v1/units/u1", body: `{"name": "U", "parent": "u2"}`, status: 400, field: "parent"},
	)

	// GET and DELETE of one entity, and the lists.
	for _, k := range []struct{ plural, scope, other, existing string }{
		{"employees", "unit", "account", "e1"}, {"customers", "account", "unit", "c1"},
		{"accounts", "owner", "parent", "a1"}, {"units", "parent", "owner", "u1"},
	} {
		base := "/api/v1/" + k.plural
		add(
			badCase{name: "GET " + k.plural + " id with spaces", method: "GET", path: base + "/a%20b", status: 400, field: "id"},
			badCase{name: "GET " + k.plural + " id of 300 characters", method: "GET", path: base + "/" + longID, status: 400, field: "id"},
			badCase{name: "GET " + k.plural + " Cypher id", method: "GET", path: base + "/" + cypherPath, status: 400, field: "id"},
			badCase{name: "GET " + k.plural + " unknown id", method: "GET", path: base + "/nobody", status: 404},
			badCase{name: "GET " + k.plural + " unknown parameter", method: "GET", path: base + "/" + k.existing + "?expand=all", status: 400, field: "expand"},
			badCase{name: "DELETE " + k.plural + " Cypher id", method: "DELETE", path: base + "/" + cypherPath, status: 400, field: "id"},
			badCase{name: "DELETE " + k.plural + " id of 300 characters", method: "DELETE", path: base + "/" + longID + "?cascade=true", status: 400, field: "id"},
			badCase{name: "DELETE " + k.plural + " unknown id", method: "DELETE", path: base + "/nobody", status: 404},
			badCase{name: k.plural + " limit 0", method: "GET", path: base + "?limit=0", status: 400, field: "limit"},
			badCase{name: k.plural + " limit negative", method: "GET", path: base + "?limit=-1", status: 400, field: "limit"},
			badCase{name: k.plural + " limit not a number", method: "GET", path: base + "?limit=ten", status: 400, field: "limit"},
			badCase{name: k.plural + " limit fractional", method: "GET", path: base + "?limit=1.5", status: 400, field: "limit"},
			badCase{name: k.plural + " limit over the maximum", method: "GET", path: base + "?limit=1001", status: 400, field: "limit"},
			badCase{name: k.plural + " limit twice", method: "GET", path: base + "?limit=1&limit=2", status: 400, field: "limit"},
			badCase{name: k.plural + " cursor of punctuation", method: "GET", path: base + "?cursor=%21%21%21", status: 400, field: "cursor"},
			badCase{name: k.plural + " cursor of no id", method: "GET", path: base + "?cursor=" + badCursor, status: 400, field: "cursor"},
			badCase{name: k.plural + " cursor empty", method: "GET", path: base + "?cursor=", status: 400, field: "cursor"},
			badCase{name: k.plural + " limit empty", method: "GET", path: base + "?limit=", status: 400, field: "limit"},
			badCase{name: k.plural + " scope empty", method: "GET", path: base + "?" + k.scope + "=", status: 400, field: k.scope},
			badCase{name: k.plural + " scope not an id", method: "GET", path: base + "?" + k.scope + "=a%20b", status: 400, field: k.scope},
			badCase{name: k.plural + " Cypher scope", method: "GET", path: base + "?" + k.scope + "=" + url.QueryEscape(cypherID), status: 400, field: k.scope},
			badCase{name: k.plural + " filter of another list", method: "GET", path: base + "?" + k.other + "=x", status: 400, field: k.other},
			badCase{name: k.plural + " q too long", method: "GET", path: base + "?q=" + longText201, status: 400, field: "q"},
			badCase{name: k.plural + " malformed query", method: "GET", path: base + "?q=%zz", status: 400},
		)
		if k.plural == "customers" {
			add(badCase{name: "DELETE customers with cascade", method: "DELETE", path: base + "/c1?cascade=true", status: 400, field: "cascade"})
		} else {
			add(
				badCase{name: "DELETE " + k.plural + " cascade not a boolean", method: "DELETE", path: base + "/" + k.existing + "?cascade=maybe", status: 400, field: "cascade"},
				badCase{name: "DELETE " + k.plural + " referenced", method: "DELETE", path: base + "/" + k.existing, status: 409},
				badCase{name: "DELETE " + k.plural + " cascade empty", method: "DELETE", path: base + "/" + k.existing + "?cascade=", status: 400, field: "cascade"},
			)
		}
	}

	// JSON nulls where the document allows none: encoding/json would read
	// them as "", 0 or false.
	add(
		badCase{name: "employee title null", method: "PUT", path: "/api/v1/employees/e9", body: `{` + validEmp + `, "title": null}`, status: 400, field: "title"},
		badCase{name: "unit name null", method: "PUT", path: "/api/v1/units/u9", body: `{"name": null}`, status: 400, field: "name"},
		badCase{name: "batch title null", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [{"id": "e9", "name": "Nine", "email": "e9@example.com", "title": null}]}`, status: 400, field: "employees[0].title"},
		badCase{name: "batch kind null", method: "POST", path: "/api/v1/batch", body: `{"units": null}`, status: 400, field: "units"},
		badCase{name: "campaign capacity null", method: "POST", path: "/api/v1/campaigns/resolve",
			body: `{"recipients": ["c1"], "capacity": {"e1": null}}`, status: 400, field: "capacity.e1"},
		badCase{name: "campaign recipients null", method: "POST", path: "/api/v1/campaigns/resolve",
			body: `{"recipients": null, "accounts": ["a1"]}`, status: 400, field: "recipients"},
		badCase{name: "campaign fallback name null", method: "POST", path: "/api/v1/campaigns/resolve",
			body: `{"recipients": ["c1"], "fallback": {"name": null, "email": "x@example.com"}}`, status: 400, field: "fallback.name"},
		badCase{name: "interaction kind null", method: "POST", path: "/api/v1/interactions", body: `{"a": "e1", "b": "c2", "at": "2026-01-01", "kind": null}`, status: 400, field: "kind"},
	)

	// Empty query values: a value that got lost is an error, not a default.
	add(
		badCase{name: "contacts asOf empty", method: "GET", path: "/api/v1/customers/c1/contacts?asOf=", status: 400, field: "asOf"},
		badCase{name: "route maxHops empty", method: "GET", path: "/api/v1/customers/c1/route?maxHops=", status: 400, field: "maxHops"},
		badCase{name: "paths from empty", method: "GET", path: "/api/v1/paths?from=&to=e1", status: 400, field: "from"},
		badCase{name: "export includePrivate empty", method: "GET", path: "/api/v1/export?includePrivate=", status: 400, field: "includePrivate"},
	)

	// Relationships.
	add(malformedBodies("PUT", relPath)...)
	add(
		badCase{name: "relationship trust 0", method: "PUT", path: relPath, body: `{"trust": 0}`, status: 400, field: "trust"},
		badCase{name: "relationship trust 1.5", method: "PUT", path: relPath, body: `{"trust": 1.5}`, status: 400, field: "trust"},
		badCase{name: "relationship trust negative", method: "PUT", path: relPath, body: `{"trust": -0.5}`, status: 400, field: "trust"},
		badCase{name: "relationship trust a string", method: "PUT", path: relPath, body: `{"trust": "high"}`, status: 400, field: "trust"},
		badCase{name: "relationship trust missing", method: "PUT", path: relPath, body: `{"source": "declared"}`, status: 400, field: "trust"},
		badCase{name: "relationship trust null", method: "PUT", path: relPath, body: `{"trust": null}`, status: 400, field: "trust"},
		badCase{name: "relationship lastContact not a time", method: "PUT", path: relPath, body: `{"trust": 0.5, "lastContact": "yesterday"}`, status: 400, field: "lastContact"},
		badCase{name: "relationship lastContact a number", method: "PUT", path: relPath, body: `{"trust": 0.5, "lastContact": 1700000000}`, status: 400, field: "lastContact"},
		badCase{name: "relationship since month 13", method: "PUT", path: relPath, body: `{"trust": 0.5, "since": "2026-13-01"}`, status: 400, field: "since"},
		badCase{name: "relationship since without zone", method: "PUT", path: relPath, body: `{"trust": 0.5, "since": "2026-01-01T10:00:00"}`, status: 400, field: "since"},
		badCase{name: "relationship bad time and bad trust", method: "PUT", path: relPath, body: `{"trust": 2, "since": "soon"}`, status: 400, field: "trust"},
		badCase{name: "relationship visibility unknown", method: "PUT", path: relPath, body: `{"trust": 0.5, "visibility": "secret"}`, status: 400, field: "visibility"},
		badCase{name: "relationship source with control characters", method: "PUT", path: relPath, body: `{"trust": 0.5, "source": "a\nb"}`, status: 400, field: "source"},
		badCase{name: "relationship interactions negative", method: "PUT", path: relPath, body: `{"trust": 0.5, "interactions": -1}`, status: 400, field: "interactions"},
		badCase{name: "relationship body end differs", method: "PUT", path: relPath, body: `{"a": "e2", "trust": 0.5}`, status: 400, field: "a"},
		badCase{name: "relationship body ends the same", method: "PUT", path: relPath, body: `{"a": "e1", "b": "e1", "trust": 0.5}`, status: 400, field: "b"},
		badCase{name: "relationship unknown end", method: "PUT", path: "/api/v1/relationships/e1/nobody", body: `{"trust": 0.5}`, status: 400, field: "b"},
		badCase{name: "relationship to oneself", method: "PUT", path: "/api/v1/relationships/e1/e1", body: `{"trust": 0.5}`, status: 400, field: "b"},
		badCase{name: "relationship Cypher end", method: "PUT", path: "/api/v1/relationships/" + cypherPath + "/e1", body: `{"trust": 0.5}`, status: 400, field: "a"},
		badCase{name: "relationship end of 300 characters", method: "PUT", path: "/api/v1/relationships/e1/" + longID, body: `{"trust": 0.5}`, status: 400, field: "b"},
		badCase{name: "GET relationship unknown", method: "GET", path: relPath, status: 404},
		badCase{name: "GET relationship end with spaces", method: "GET", path: "/api/v1/relationships/a%20b/e1", status: 400, field: "a"},
		badCase{name: "GET relationship unknown parameter", method: "GET", path: "/api/v1/relationships/e1/c1?x=1", status: 400, field: "x"},
		badCase{name: "DELETE relationship unknown", method: "DELETE", path: relPath, status: 404},
		badCase{name: "DELETE relationship Cypher end", method: "DELETE", path: "/api/v1/relationships/e1/" + cypherPath, status: 400, field: "b"},
		badCase{name: "person relationships unknown person", method: "GET", path: "/api/v1/persons/nobody/relationships", status: 404},
		badCase{name: "person relationships id with spaces", method: "GET", path: "/api/v1/persons/a%20b/relationships", status: 400, field: "id"},
		badCase{name: "person relationships Cypher id", method: "GET", path: "/api/v1/persons/" + cypherPath + "/relationships", status: 400, field: "id"},
	)

	// Interactions.
	add(malformedBodies("POST", "/api/v1/interactions")...)
	add(
		badCase{name: "interaction at missing", method: "POST", path: "/api/v1/interactions", body: `{"a": "e1", "b": "c2"}`, status: 400, field: "at"},
		badCase{name: "interaction at not a time", method: "POST", path: "/api/v1/interactions", body: `{"a": "e1", "b": "c2", "at": "soon"}`, status: 400, field: "at"},
		badCase{name: "interaction unknown person", method: "POST", path: "/api/v1/interactions", body: `{"a": "nobody", "b": "c2", "at": "2026-01-01", "kind": "call"}`, status: 400, field: "a"},
		badCase{name: "interaction with oneself", method: "POST", path: "/api/v1/interactions", body: `{"a": "e1", "b": "e1", "at": "2026-01-01"}`, status: 400, field: "b"},
		badCase{name: "interaction end missing", method: "POST", path: "/api/v1/interactions", body: `{"a": "e1", "at": "2026-01-01"}`, status: 400, field: "b"},
		badCase{name: "interaction Cypher end", method: "POST", path: "/api/v1/interactions", body: fmt.Sprintf(`{"a": %q, "b": "e1", "at": "2026-01-01"}`, cypherID), status: 400, field: "a"},
		badCase{name: "interaction kind of wrong type", method: "POST", path: "/api/v1/interactions", body: `{"a": "e1", "b": "c2", "at": "2026-01-01", "kind": 5}`, status: 400, field: "kind"},
	)

	// Batch: all or nothing, so each of these holds valid entities too.
	const okEmp = `{"id": "e8", "name": "Eight", "email": "e8@example.com"}`
	add(malformedBodies("POST", "/api/v1/batch")...)
	add(
		badCase{name: "batch invalid email", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [` + okEmp + `, {"id": "e9", "name": "Nine", "email": "nine"}]}`, status: 400, field: "employees[1].email"},
		badCase{name: "batch trust 0", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [` + okEmp + `], "relationships": [{"a": "e8", "b": "c1", "trust": 0}]}`, status: 400, field: "relationships[0].trust"},
		badCase{name: "batch trust 1.5", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [` + okEmp + `], "relationships": [{"a": "e8", "b": "c1", "trust": 1.5}]}`, status: 400, field: "relationships[0].trust"},
		badCase{name: "batch trust missing", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [` + okEmp + `], "relationships": [{"a": "e8", "b": "c1"}]}`, status: 400, field: "relationships[0].trust"},
		badCase{name: "batch lastContact not a time", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [` + okEmp + `], "relationships": [{"a": "e8", "b": "c1", "trust": 0.5, "lastContact": "x"}]}`, status: 400, field: "relationships[0].lastContact"},
		badCase{name: "batch relationship end missing", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [` + okEmp + `], "relationships": [{"b": "c1", "trust": 0.5}]}`, status: 400, field: "relationships[0].a"},
		badCase{name: "batch unknown unit", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [{"id": "e9", "name": "Nine", "email": "e9@example.com", "unit": "nowhere"}]}`, status: 400, field: "employees[0].unit"},
		badCase{name: "batch id missing", method: "POST", path: "/api/v1/batch",
			body: `{"units": [{"name": "No id"}]}`, status: 400, field: "units[0].id"},
		badCase{name: "batch Cypher id", method: "POST", path: "/api/v1/batch",
			body: fmt.Sprintf(`{"customers": [{"id": %q, "name": %q}]}`, cypherID, cypherName), status: 400, field: "customers[0].id"},
		badCase{name: "batch duplicate id", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [` + okEmp + `, ` + okEmp + `]}`, status: 400, field: "employees[1].id"},
		badCase{name: "batch wrong type", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [{"id": "e9", "name": "Nine", "email": "e9@example.com", "active": "yes"}]}`, status: 400, field: "employees.active"},
		badCase{name: "batch kinds not arrays", method: "POST", path: "/api/v1/batch", body: `{"employees": {"id": "e9"}}`, status: 400, field: "employees"},
		badCase{name: "batch unknown kind", method: "POST", path: "/api/v1/batch", body: `{"teams": []}`, status: 400, field: "teams"},
		badCase{name: "batch unknown field in an entity", method: "POST", path: "/api/v1/batch",
			body: `{"units": [{"id": "u9", "name": "U", "colour": "red"}]}`, status: 400, field: "colour"},
		badCase{name: "batch person of the other kind", method: "POST", path: "/api/v1/batch",
			body: `{"employees": [` + okEmp + `], "customers": [{"id": "e1", "name": "Not an employee"}]}`, status: 409},
	)
	return cases
}

func TestBadInput(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPI(t, s)
		a.seedBase()
		before := a.snapshot()
		for _, tc := range badInputCases() {
			t.Run(tc.name, func(t *testing.T) {
				a := a.in(t)
				p := problem(t, a.do(tc.method, tc.path, tc.body, tc.header...), tc.status)
				if tc.field != "" && !hasField(p, tc.field) {
					t.Errorf("problem names %v, want %q: %+v", fields(p), tc.field, p)
				}
				if p.Detail == "" {
					t.Errorf("problem without detail: %+v", p)
				}
				if after := a.snapshot(); after != before {
					t.Fatalf("the request changed the graph:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
	})
}
