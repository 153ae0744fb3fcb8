package storetest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// Builders of valid entities. Tests change the one field they care about.

func employee(id string) graph.Employee {
	return graph.Employee{ID: id, Name: "Employee " + id, Email: id + "@example.com",
		Active: true, Sender: true, Broker: true}
}

func customer(id string) graph.Customer {
	return graph.Customer{ID: id, Name: "Customer " + id, Email: id + "@customer.example"}
}

func account(id string) graph.Account {
	return graph.Account{ID: id, Name: "Account " + id}
}

func unit(id string) graph.Unit {
	return graph.Unit{ID: id, Name: "Unit " + id}
}

func rel(a, b string, trust float64) graph.Relationship {
	return graph.Relationship{A: a, B: b, Trust: trust, Visibility: graph.Public, TrustSource: graph.TrustDeclared}
}

func intp(n int) *int { return &n }

func timep(t time.Time) *time.Time { return &t }

// cet is a zone other than UTC, to prove that stores keep times in UTC.
var cet = time.FixedZone("CET", 3600)

// Fail-fast writers.

func mustPutEmployee(t *testing.T, s graph.Store, e graph.Employee) bool {
	t.Helper()
	created, err := s.PutEmployee(t.Context(), e)
	if err != nil {
		t.Fatalf("PutEmployee(%q): %v", e.ID, err)
	}
	return created
}

func mustPutCustomer(t *testing.T, s graph.Store, c graph.Customer) bool {
	t.Helper()
	created, err := s.PutCustomer(t.Context(), c)
	if err != nil {
		t.Fatalf("PutCustomer(%q): %v", c.ID, err)
	}
	return created
}

func mustPutAccount(t *testing.T, s graph.Store, a graph.Account) bool {
	t.Helper()
	created, err := s.PutAccount(t.Context(), a)
	if err != nil {
		t.Fatalf("PutAccount(%q): %v", a.ID, err)
	}
	return created
}

func mustPutUnit(t *testing.T, s graph.Store, u graph.Unit) bool {
	t.Helper()
	created, err := s.PutUnit(t.Context(), u)
	if err != nil {
		t.Fatalf("PutUnit(%q): %v", u.ID, err)
	}
	return created
}

func mustPutRelationship(t *testing.T, s graph.Store, r graph.Relationship) bool {
	t.Helper()
	created, err := s.PutRelationship(t.Context(), r)
	if err != nil {
		t.Fatalf("PutRelationship(%q, %q): %v", r.A, r.B, err)
	}
	return created
}

func mustBatch(t *testing.T, s graph.Store, b graph.Batch) graph.BatchResult {
	t.Helper()
	res, err := s.Batch(t.Context(), b)
	if err != nil {
		t.Fatalf("Batch: %v", err)
	}
	return res
}

// mustPersons puts employees and customers by id: ids starting with "e" are
// employees, all others customers.
func mustPersons(t *testing.T, s graph.Store, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if strings.HasPrefix(id, "e") {
			mustPutEmployee(t, s, employee(id))
		} else {
			mustPutCustomer(t, s, customer(id))
		}
	}
}

// Fail-fast readers.

func mustEmployee(t *testing.T, s graph.Store, id string) graph.Employee {
	t.Helper()
	e, err := s.Employee(t.Context(), id)
	if err != nil {
		t.Fatalf("Employee(%q): %v", id, err)
	}
	return e
}

func mustCustomer(t *testing.T, s graph.Store, id string) graph.Customer {
	t.Helper()
	c, err := s.Customer(t.Context(), id)
	if err != nil {
		t.Fatalf("Customer(%q): %v", id, err)
	}
	return c
}

func mustAccount(t *testing.T, s graph.Store, id string) graph.Account {
	t.Helper()
	a, err := s.Account(t.Context(), id)
	if err != nil {
		t.Fatalf("Account(%q): %v", id, err)
	}
	return a
}

func mustUnit(t *testing.T, s graph.Store, id string) graph.Unit {
	t.Helper()
	u, err := s.Unit(t.Context(), id)
	if err != nil {
		t.Fatalf("Unit(%q): %v", id, err)
	}
	return u
}

func mustRelationship(t *testing.T, s graph.Store, a, b string) graph.Relationship {
	t.Helper()
	r, err := s.Relationship(t.Context(), a, b)
	if err != nil {
		t.Fatalf("Relationship(%q, %q): %v", a, b, err)
	}
	return r
}

func mustPersonRelationships(t *testing.T, s graph.Store, id string) []graph.Relationship {
	t.Helper()
	rs, err := s.PersonRelationships(t.Context(), id)
	if err != nil {
		t.Fatalf("PersonRelationships(%q): %v", id, err)
	}
	return rs
}

func mustTies(t *testing.T, s graph.Store, ids ...string) []graph.Relationship {
	t.Helper()
	rs, err := s.Ties(t.Context(), ids)
	if err != nil {
		t.Fatalf("Ties(%q): %v", ids, err)
	}
	sortRels(rs)
	return rs
}

// Assertions.

// wantSame compares values by their JSON form: pointers are compared by
// what they point to, nil differs from a zero value, and times must agree
// to the nanosecond and in their zone offset.
func wantSame[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	g, w := jsonOf(t, got), jsonOf(t, want)
	if g != w {
		t.Fatalf("%s:\n got  %s\n want %s", what, g, w)
	}
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	return string(b)
}

// wantCode fails unless err carries the code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := graph.ErrorCode(err); got != code {
		t.Fatalf("%s: error code %q (%v), want %q", what, got, err, code)
	}
}

// wantInvalid fails unless err is EINVALID and names field.
func wantInvalid(t *testing.T, what string, err error, field string) {
	t.Helper()
	wantCode(t, what, err, graph.EINVALID)
	fields := graph.ErrorFields(err)
	for _, f := range fields {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("%s: %v names fields %v, want %q among them", what, err, fields, field)
}

// wantUTC fails unless every time of r is in UTC.
func wantUTC(t *testing.T, what string, r graph.Relationship) {
	t.Helper()
	for _, tm := range []*time.Time{r.LastContact, r.Since} {
		if tm != nil && tm.Location() != time.UTC {
			t.Fatalf("%s: time %v is in %v, want UTC", what, tm, tm.Location())
		}
	}
}

// wantIDs compares a list of ids.
func wantIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s: got %q, want %q", what, got, want)
	}
}

func sortRels(rs []graph.Relationship) {
	slices.SortFunc(rs, func(x, y graph.Relationship) int {
		if c := strings.Compare(x.A, y.A); c != 0 {
			return c
		}
		return strings.Compare(x.B, y.B)
	})
}

// pairs returns the ends of relationships as "a-b", sorted.
func pairs(rs []graph.Relationship) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.A + "-" + r.B
	}
	slices.Sort(out)
	return out
}

// others returns the other end of each relationship of id, in the given order.
func others(rs []graph.Relationship, id string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Other(id)
	}
	return out
}
