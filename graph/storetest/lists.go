package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

var listTests = []storeTest{
	{"Paging", testListPaging},
	{"DefaultLimit", testListDefaultLimit},
	{"Query", testListQuery},
	{"Scope", testListScope},
}

type lister[T any] func(context.Context, graph.ListQuery) (graph.Page[T], error)

// walk follows Next from q until the last page and returns the ids seen. It
// fails unless ids ascend strictly across pages (each item exactly once),
// every page but the last is full, and the last page has Next "".
func walk[T any](t *testing.T, what string, list lister[T], q graph.ListQuery, id func(T) string) []string {
	t.Helper()
	limit := q.Limit
	if limit == 0 {
		limit = graph.DefaultListLimit
	}
	var ids []string
	for pages := 0; ; pages++ {
		if pages > 10_000 {
			t.Fatalf("%s: more than 10000 pages, Next never empty", what)
		}
		p, err := list(t.Context(), q)
		if err != nil {
			t.Fatalf("%s: list %+v: %v", what, q, err)
		}
		if len(p.Items) > limit {
			t.Fatalf("%s: page of %d items, limit %d", what, len(p.Items), limit)
		}
		if p.Next != "" && len(p.Items) < limit {
			t.Fatalf("%s: page of %d items (limit %d) with Next %q: only the last page may be short", what, len(p.Items), limit, p.Next)
		}
		for _, it := range p.Items {
			i := id(it)
			if q.After != "" && i <= q.After {
				t.Fatalf("%s: id %q on the page after %q", what, i, q.After)
			}
			if len(ids) > 0 && i <= ids[len(ids)-1] {
				t.Fatalf("%s: id %q after %q: not in ascending order or repeated", what, i, ids[len(ids)-1])
			}
			ids = append(ids, i)
		}
		if p.Next == "" {
			return ids
		}
		q.After = p.Next
	}
}

func employeeID(e graph.Employee) string { return e.ID }
func customerID(c graph.Customer) string { return c.ID }
func accountID(a graph.Account) string   { return a.ID }
func unitID(u graph.Unit) string         { return u.ID }

func testListPaging(t *testing.T, s graph.Store) {
	ids := []string{"e07", "e03", "e10", "e01", "e05", "e09", "e02", "e08", "e04", "e06"}
	var b graph.Batch
	for _, id := range ids {
		b.Employees = append(b.Employees, employee(id))
		cid := "c" + id[1:]
		b.Customers = append(b.Customers, customer(cid))
		b.Accounts = append(b.Accounts, account("a"+id[1:]))
		b.Units = append(b.Units, unit("u"+id[1:]))
	}
	mustBatch(t, s, b)
	sorted := slices.Sorted(slices.Values(ids))
	for _, limit := range []int{1, 3, 5, 9, 10, 11, graph.MaxListLimit} {
		got := walk(t, fmt.Sprintf("employees by %d", limit), s.Employees, graph.ListQuery{Limit: limit}, employeeID)
		wantIDs(t, fmt.Sprintf("employees by %d", limit), got, sorted)
	}
	want := func(prefix string) []string {
		out := make([]string, len(sorted))
		for i, id := range sorted {
			out[i] = prefix + id[1:]
		}
		return out
	}
	wantIDs(t, "customers", walk(t, "customers", s.Customers, graph.ListQuery{Limit: 4}, customerID), want("c"))
	wantIDs(t, "accounts", walk(t, "accounts", s.Accounts, graph.ListQuery{Limit: 4}, accountID), want("a"))
	wantIDs(t, "units", walk(t, "units", s.Units, graph.ListQuery{Limit: 4}, unitID), want("u"))

	// A cursor need not be an existing id.
	got := walk(t, "employees after e05x", s.Employees, graph.ListQuery{After: "e05x", Limit: 2}, employeeID)
	wantIDs(t, "employees after e05x", got, []string{"e06", "e07", "e08", "e09", "e10"})
	got = walk(t, "employees after the last", s.Employees, graph.ListQuery{After: "e10", Limit: 2}, employeeID)
	wantIDs(t, "employees after the last", got, nil)
}

func testListDefaultLimit(t *testing.T, s graph.Store) {
	var b graph.Batch
	for i := range graph.DefaultListLimit + 5 {
		b.Units = append(b.Units, unit(fmt.Sprintf("u%03d", i)))
	}
	mustBatch(t, s, b)
	p, err := s.Units(t.Context(), graph.ListQuery{})
	if err != nil {
		t.Fatalf("Units: %v", err)
	}
	if len(p.Items) != graph.DefaultListLimit || p.Next == "" {
		t.Fatalf("Limit 0: %d items, Next %q; want %d items and a Next", len(p.Items), p.Next, graph.DefaultListLimit)
	}
	got := walk(t, "units by default", s.Units, graph.ListQuery{}, unitID)
	if len(got) != graph.DefaultListLimit+5 {
		t.Fatalf("walked %d units, want %d", len(got), graph.DefaultListLimit+5)
	}
}

func testListQuery(t *testing.T, s graph.Store) {
	employees := []graph.Employee{
		{ID: "e1", Name: "Anna Schmidt", Email: "anna@alpha.example"},
		{ID: "e2", Name: "Bernd Meier", Email: "bernd.schmidt@beta.example"},
		{ID: "e4", Name: "Dora", Email: "dora@x.example"},
		{ID: "schmidt-3", Name: "Carla", Email: "carla@x.example"},
		{ID: "zed", Name: "Zed", Email: "zed@x.example"},
	}
	customers := []graph.Customer{
		{ID: "c1", Name: "Öztürk Schmidt"},
		{ID: "c2", Name: "Eve", Email: "eve@SCHMIDT.example"},
		{ID: "c3", Name: "Frank"},
		{ID: "SchMidt", Name: "Gina"},
	}
	mustBatch(t, s, graph.Batch{
		Employees: employees,
		Customers: customers,
		Accounts:  []graph.Account{{ID: "a1", Name: "Schmidt GmbH"}, {ID: "a2", Name: "Other"}, {ID: "schmidt", Name: "X"}},
		Units:     []graph.Unit{{ID: "u1", Name: "Team Schmidt"}, {ID: "u2", Name: "Other"}, {ID: "schmidt-u", Name: "X"}},
	})
	for _, limit := range []int{1, 2, 10} {
		for _, q := range []string{"schmidt", "SCHMIDT", "Schmidt"} {
			what := fmt.Sprintf("employees q=%s limit=%d", q, limit)
			got := walk(t, what, s.Employees, graph.ListQuery{Q: q, Limit: limit}, employeeID)
			wantIDs(t, what, got, []string{"e1", "e2", "schmidt-3"})
			what = fmt.Sprintf("customers q=%s limit=%d", q, limit)
			got = walk(t, what, s.Customers, graph.ListQuery{Q: q, Limit: limit}, customerID)
			wantIDs(t, what, got, []string{"SchMidt", "c1", "c2"})
			what = fmt.Sprintf("accounts q=%s limit=%d", q, limit)
			wantIDs(t, what, walk(t, what, s.Accounts, graph.ListQuery{Q: q, Limit: limit}, accountID), []string{"a1", "schmidt"})
			what = fmt.Sprintf("units q=%s limit=%d", q, limit)
			wantIDs(t, what, walk(t, what, s.Units, graph.ListQuery{Q: q, Limit: limit}, unitID), []string{"schmidt-u", "u1"})
		}
	}
	wantIDs(t, "non-ASCII q", walk(t, "q=ÖZTÜRK", s.Customers, graph.ListQuery{Q: "öztürk"}, customerID), []string{"c1"})
	wantIDs(t, "q without match", walk(t, "q=nothing", s.Employees, graph.ListQuery{Q: "nothing"}, employeeID), nil)
	wantIDs(t, "q after a cursor", walk(t, "q after e1", s.Employees, graph.ListQuery{Q: "schmidt", After: "e1"}, employeeID),
		[]string{"e2", "schmidt-3"})
}

func testListScope(t *testing.T, s graph.Store) {
	emp := func(id, unit, name string) graph.Employee {
		e := employee(id)
		e.Unit, e.Name = unit, name
		return e
	}
	cust := func(id, account string) graph.Customer {
		c := customer(id)
		c.Account = account
		return c
	}
	mustBatch(t, s, graph.Batch{
		Units: []graph.Unit{unit("u1"), unit("u2"), {ID: "u1a", Name: "Sub", Parent: "u1"},
			{ID: "u1b", Name: "Sub", Parent: "u1"}, {ID: "u1a1", Name: "Subsub", Parent: "u1a"}},
		Employees: []graph.Employee{emp("e1", "u1", "Ann"), emp("e2", "u2", "Ben"), emp("e3", "u1", "Cem"),
			emp("e4", "u1a", "Ann"), emp("e5", "u1", "Anton"), emp("e6", "", "Ann")},
		Accounts: []graph.Account{{ID: "a1", Name: "A1", Owner: "e1"}, {ID: "a2", Name: "A2", Owner: "e2"},
			{ID: "a3", Name: "A3", Owner: "e1"}, {ID: "a4", Name: "A4"}},
		Customers: []graph.Customer{cust("c1", "a1"), cust("c2", "a2"), cust("c3", "a1"), cust("c4", ""), cust("c5", "a1")},
	})
	for _, limit := range []int{1, 2, 100} {
		name := func(s string) string { return fmt.Sprintf("%s limit=%d", s, limit) }
		wantIDs(t, name("employees of u1"), walk(t, name("employees of u1"), s.Employees,
			graph.ListQuery{Scope: "u1", Limit: limit}, employeeID), []string{"e1", "e3", "e5"})
		wantIDs(t, name("employees of u1 named an"), walk(t, name("employees of u1 named an"), s.Employees,
			graph.ListQuery{Scope: "u1", Q: "an", Limit: limit}, employeeID), []string{"e1", "e5"})
		wantIDs(t, name("customers of a1"), walk(t, name("customers of a1"), s.Customers,
			graph.ListQuery{Scope: "a1", Limit: limit}, customerID), []string{"c1", "c3", "c5"})
		wantIDs(t, name("accounts of e1"), walk(t, name("accounts of e1"), s.Accounts,
			graph.ListQuery{Scope: "e1", Limit: limit}, accountID), []string{"a1", "a3"})
		wantIDs(t, name("units below u1"), walk(t, name("units below u1"), s.Units,
			graph.ListQuery{Scope: "u1", Limit: limit}, unitID), []string{"u1a", "u1b"})
	}
	wantIDs(t, "customers of a1 after c1", walk(t, "customers of a1 after c1", s.Customers,
		graph.ListQuery{Scope: "a1", After: "c1", Limit: 1}, customerID), []string{"c3", "c5"})
	wantIDs(t, "unknown scope", walk(t, "unknown scope", s.Employees, graph.ListQuery{Scope: "nowhere"}, employeeID), nil)

	// Scopes follow replaces.
	mustPutEmployee(t, s, emp("e3", "u2", "Cem"))
	mustPutCustomer(t, s, cust("c1", "a2"))
	wantIDs(t, "employees of u1 after a move", walk(t, "employees of u1 after a move", s.Employees,
		graph.ListQuery{Scope: "u1"}, employeeID), []string{"e1", "e5"})
	wantIDs(t, "employees of u2 after a move", walk(t, "employees of u2 after a move", s.Employees,
		graph.ListQuery{Scope: "u2"}, employeeID), []string{"e2", "e3"})
	wantIDs(t, "customers of a2 after a move", walk(t, "customers of a2 after a move", s.Customers,
		graph.ListQuery{Scope: "a2"}, customerID), []string{"c1", "c2"})
}
