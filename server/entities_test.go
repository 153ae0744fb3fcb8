package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// entityKind describes one kind of the entity endpoints to the shared
// happy-path test.
type entityKind struct {
	plural string
	scope  string // the list filter
	// body returns a valid body naming the entity name and, where the kind
	// has a reference, the scope value.
	body func(name, scope string) string
	// scopeValue is an existing id that the list filter selects by; setup
	// creates it (and what it needs).
	scopeValue string
	setup      func(a *api)
}

var entityKinds = []entityKind{
	{
		plural: "employees", scope: "unit", scopeValue: "u9",
		setup: func(a *api) { a.must("PUT", "/api/v1/units/u9", `{"name": "Unit 9"}`, http.StatusCreated) },
		body: func(name, scope string) string {
			return fmt.Sprintf(`{"name": %q, "email": "x@example.com", "title": "Beraterin", "unit": %q}`, name, scope)
		},
	},
	{
		plural: "customers", scope: "account", scopeValue: "a9",
		setup: func(a *api) { a.must("PUT", "/api/v1/accounts/a9", `{"name": "Account 9"}`, http.StatusCreated) },
		body: func(name, scope string) string {
			return fmt.Sprintf(`{"name": %q, "email": "c@customer.example", "account": %q, "optOut": true}`, name, scope)
		},
	},
	{
		plural: "accounts", scope: "owner", scopeValue: "e9",
		setup: func(a *api) {
			a.must("PUT", "/api/v1/employees/e9", `{"name": "Owner", "email": "e9@example.com"}`, http.StatusCreated)
		},
		body: func(name, scope string) string {
			return fmt.Sprintf(`{"name": %q, "owner": %q, "segment": "Handwerk"}`, name, scope)
		},
	},
	{
		plural: "units", scope: "parent", scopeValue: "top",
		setup: func(a *api) { a.must("PUT", "/api/v1/units/top", `{"name": "Top"}`, http.StatusCreated) },
		body: func(name, scope string) string {
			return fmt.Sprintf(`{"name": %q, "parent": %q}`, name, scope)
		},
	},
}

type item = map[string]any

func TestEntityLifecycle(t *testing.T) {
	for _, k := range entityKinds {
		t.Run(k.plural, func(t *testing.T) {
			forEachStore(t, func(t *testing.T, s graph.Store) {
				a := newAPI(t, s)
				k.setup(a)
				base := "/api/v1/" + k.plural

				w := a.do("PUT", base+"/k1", k.body("First", k.scopeValue))
				if w.Code != http.StatusCreated {
					t.Fatalf("PUT new = %d, want 201\n%s", w.Code, w.Body)
				}
				if loc := w.Header().Get("Location"); loc != base+"/k1" {
					t.Errorf("Location = %q, want %q", loc, base+"/k1")
				}
				var created item
				mustUnmarshal(t, w.Body.Bytes(), &created)
				if created["id"] != "k1" || created["name"] != "First" || created[k.scope] != k.scopeValue {
					t.Errorf("PUT new answered %v", created)
				}

				replaced := mustJSON[item](a, "PUT", base+"/k1", k.body("Second", ""), http.StatusOK)
				if replaced["name"] != "Second" || replaced[k.scope] != "" {
					t.Errorf("PUT replace answered %v, want name Second and no %s", replaced, k.scope)
				}
				got := mustJSON[item](a, "GET", base+"/k1", "", http.StatusOK)
				if !reflect.DeepEqual(got, replaced) {
					t.Errorf("GET = %v, want what PUT answered: %v", got, replaced)
				}
				// A body id equal to the path's is fine.
				withID := `{"id": "k1", ` + k.body("Third", "")[1:]
				a.must("PUT", base+"/k1", withID, http.StatusOK)

				// Paging: nine entities (with the setup's one for units),
				// walked three at a time.
				for _, id := range []string{"k7", "k3", "k5", "k2", "k8", "k4", "k6"} {
					a.must("PUT", base+"/"+id, k.body("Name "+id, k.scopeValue), http.StatusCreated)
				}
				want := []string{"k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"}
				if k.plural == "units" {
					want = append(want, "top")
				}
				if ids := walkList(t, a, base, url.Values{"limit": {"3"}}, 3); !slices.Equal(ids, want) {
					t.Errorf("paged ids = %v, want %v", ids, want)
				}
				if ids := walkList(t, a, base, url.Values{}, graph.DefaultListLimit); !slices.Equal(ids, want) {
					t.Errorf("ids with the default limit = %v, want %v", ids, want)
				}
				if ids := walkList(t, a, base, url.Values{"q": {"name k"}, "limit": {"2"}}, 2); !slices.Equal(ids, want[1:8]) {
					t.Errorf("ids matching q = %v, want %v", ids, want[1:8])
				}
				if ids := walkList(t, a, base, url.Values{"q": {"THIRD"}}, 50); !slices.Equal(ids, []string{"k1"}) {
					t.Errorf("ids matching q=THIRD = %v, want [k1]", ids)
				}
				if ids := walkList(t, a, base, url.Values{k.scope: {k.scopeValue}, "limit": {"4"}}, 4); !slices.Equal(ids, want[1:8]) {
					t.Errorf("ids with %s=%s = %v, want %v", k.scope, k.scopeValue, ids, want[1:8])
				}
				if ids := walkList(t, a, base, url.Values{k.scope: {"nothing-here"}}, 50); len(ids) != 0 {
					t.Errorf("ids with an unknown %s = %v, want none", k.scope, ids)
				}

				a.must("DELETE", base+"/k1", "", http.StatusNoContent)
				problem(t, a.do("GET", base+"/k1", ""), http.StatusNotFound)
				problem(t, a.do("DELETE", base+"/k1", ""), http.StatusNotFound)
			})
		})
	}
}

// walkList follows next from the first page to the last and returns the ids
// seen, failing unless every page but the last is full.
func walkList(t *testing.T, a *api, base string, q url.Values, limit int) []string {
	t.Helper()
	var ids []string
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatalf("%s: more than 100 pages", base)
		}
		page := mustJSON[pageResponse[item]](a, "GET", base+"?"+q.Encode(), "", http.StatusOK)
		if page.Items == nil {
			t.Fatalf("%s?%s: items is null, want an array", base, q.Encode())
		}
		if page.Next != nil && len(page.Items) != limit {
			t.Fatalf("%s?%s: %d items with a next cursor, want %d", base, q.Encode(), len(page.Items), limit)
		}
		for _, it := range page.Items {
			ids = append(ids, it["id"].(string))
		}
		if page.Next == nil {
			return ids
		}
		q.Set("cursor", *page.Next)
	}
}

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

func TestEmployeeDefaults(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPI(t, s)
		got := mustJSON[employeeResponse](a, "PUT", "/api/v1/employees/e1",
			`{"name": "Ada", "email": "ada@example.com"}`, http.StatusCreated)
		want := employeeResponse{ID: "e1", Name: "Ada", Email: "ada@example.com", Active: true, Sender: true, Broker: true, Aliases: []string{}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("absent flags: got %+v, want %+v", got, want)
		}
		got = mustJSON[employeeResponse](a, "PUT", "/api/v1/employees/e1",
			`{"name": "Ada", "email": "ada@example.com", "active": false, "sender": false, "broker": false, "capacity": 0}`, http.StatusOK)
		zero := 0
		want = employeeResponse{ID: "e1", Name: "Ada", Email: "ada@example.com", Capacity: &zero, Aliases: []string{}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("false flags, capacity 0: got %+v, want %+v", got, want)
		}
		got = mustJSON[employeeResponse](a, "PUT", "/api/v1/employees/e1",
			`{"name": "Ada", "email": "ada@example.com", "active": null, "capacity": null}`, http.StatusOK)
		want = employeeResponse{ID: "e1", Name: "Ada", Email: "ada@example.com", Active: true, Sender: true, Broker: true, Aliases: []string{}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("null flags and capacity: got %+v, want %+v", got, want)
		}
		raw := a.must("GET", "/api/v1/employees/e1", "", http.StatusOK)
		var m item
		mustUnmarshal(t, raw, &m)
		if v, ok := m["capacity"]; !ok || v != nil {
			t.Errorf("capacity in %s: want null for unlimited", raw)
		}
	})
}

func TestCypherInNamesIsStoredVerbatim(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPI(t, s)
		a.seedBase()
		const name = `x"}) MATCH (n) DETACH DELETE n //`
		before := a.snapshot()
		body, _ := json.Marshal(map[string]any{"name": name, "email": "x@example.com", "title": "'; DROP TABLE x; --"})
		got := mustJSON[employeeResponse](a, "PUT", "/api/v1/employees/cypher", string(body), http.StatusCreated)
		if got.Name != name || got.Title != "'; DROP TABLE x; --" {
			t.Errorf("stored %+v, want the name and title verbatim", got)
		}
		if got := mustJSON[employeeResponse](a, "GET", "/api/v1/employees/cypher", "", http.StatusOK); got.Name != name {
			t.Errorf("GET name = %q, want %q", got.Name, name)
		}
		page := mustJSON[pageResponse[employeeResponse]](a, "GET", "/api/v1/employees?q="+url.QueryEscape(`DETACH DELETE`), "", http.StatusOK)
		if len(page.Items) != 1 || page.Items[0].ID != "cypher" {
			t.Errorf("q=DETACH DELETE found %+v, want only cypher", page.Items)
		}
		a.must("DELETE", "/api/v1/employees/cypher", "", http.StatusNoContent)
		if after := a.snapshot(); after != before {
			t.Errorf("the rest of the graph changed:\nbefore %s\nafter  %s", before, after)
		}
	})
}

func TestDeleteCascade(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPI(t, s)
		a.seedBase()
		// Referenced: conflict without cascade, and nothing changes.
		for _, path := range []string{"/api/v1/employees/e1", "/api/v1/accounts/a1", "/api/v1/units/u1", "/api/v1/units/u2"} {
			before := a.snapshot()
			problem(t, a.do("DELETE", path, ""), http.StatusConflict)
			problem(t, a.do("DELETE", path+"?cascade=false", ""), http.StatusConflict)
			if after := a.snapshot(); after != before {
				t.Fatalf("DELETE %s refused but changed the graph", path)
			}
		}
		a.must("DELETE", "/api/v1/employees/e1?cascade=true", "", http.StatusNoContent)
		if acc := mustJSON[accountResponse](a, "GET", "/api/v1/accounts/a1", "", http.StatusOK); acc.Owner != "" {
			t.Errorf("account a1 after its owner's cascading delete: owner %q, want none", acc.Owner)
		}
		rels := mustJSON[pageResponse[relationshipResponse]](a, "GET", "/api/v1/persons/c1/relationships", "", http.StatusOK)
		if len(rels.Items) != 0 {
			t.Errorf("c1 still has relationships %+v after e1 was deleted", rels.Items)
		}
		a.must("DELETE", "/api/v1/accounts/a1?cascade=true", "", http.StatusNoContent)
		if c := mustJSON[customerResponse](a, "GET", "/api/v1/customers/c1", "", http.StatusOK); c.Account != "" {
			t.Errorf("customer c1 after its account's cascading delete: account %q, want none", c.Account)
		}
		a.must("DELETE", "/api/v1/units/u1?cascade=true", "", http.StatusNoContent)
		if u := mustJSON[unitResponse](a, "GET", "/api/v1/units/u2", "", http.StatusOK); u.Parent != "" {
			t.Errorf("unit u2 after its parent's cascading delete: parent %q, want none", u.Parent)
		}
		a.must("DELETE", "/api/v1/customers/c2", "", http.StatusNoContent)
		problem(t, a.do("GET", "/api/v1/relationships/c2/e2", ""), http.StatusNotFound)
	})
}
