package storetest

import (
	"math"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

var validationTests = []storeTest{
	{"IDs", testInvalidIDs},
	{"RequiredFields", testRequiredFields},
	{"Emails", testInvalidEmails},
	{"Trust", testInvalidTrust},
	{"Visibility", testVisibility},
	{"SelfRelationship", testSelfRelationship},
	{"Capacity", testInvalidCapacity},
	{"PhoneAndSignature", testInvalidPhoneAndSignature},
	{"UnitParent", testUnitParent},
	{"UnknownReferences", testUnknownReferences},
	{"PersonKindConflict", testPersonKindConflict},
}

// rejected checks that write fails with EINVALID naming field and changes
// nothing.
func rejected(t *testing.T, s graph.Store, what, field string, write func() error) {
	t.Helper()
	wantInvalid(t, what, unchanged(t, s, write), field)
}

var badIDs = []string{"a b", strings.Repeat("x", 300), "-lead", ".dot", "", "ümlaut", "semi;colon"}

func testInvalidIDs(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1")
	for _, id := range badIDs {
		rejected(t, s, "employee id "+clipped(id), "id", func() error { _, err := s.PutEmployee(ctx, employee(id)); return err })
		rejected(t, s, "customer id "+clipped(id), "id", func() error { _, err := s.PutCustomer(ctx, customer(id)); return err })
		rejected(t, s, "account id "+clipped(id), "id", func() error { _, err := s.PutAccount(ctx, account(id)); return err })
		rejected(t, s, "unit id "+clipped(id), "id", func() error { _, err := s.PutUnit(ctx, unit(id)); return err })
		rejected(t, s, "relationship a "+clipped(id), "a", func() error { _, err := s.PutRelationship(ctx, rel(id, "e1", 1)); return err })
		rejected(t, s, "relationship b "+clipped(id), "b", func() error { _, err := s.PutRelationship(ctx, rel("e1", id, 1)); return err })
	}
	// The longest valid id and every allowed character.
	long := "L" + strings.Repeat("x", graph.MaxIDLen-1)
	mustPutEmployee(t, s, employee(long))
	mustPutCustomer(t, s, graph.Customer{ID: "Az09._:@-", Name: "Every character"})
	wantSame(t, "longest id", mustEmployee(t, s, long).ID, long)
}

func clipped(s string) string {
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

func testRequiredFields(t *testing.T, s graph.Store) {
	ctx := t.Context()
	e := employee("e1")
	e.Name = ""
	rejected(t, s, "employee without name", "name", func() error { _, err := s.PutEmployee(ctx, e); return err })
	c := customer("c1")
	c.Name = "  "
	rejected(t, s, "customer with blank name", "name", func() error { _, err := s.PutCustomer(ctx, c); return err })
	a := account("a1")
	a.Name = ""
	rejected(t, s, "account without name", "name", func() error { _, err := s.PutAccount(ctx, a); return err })
	u := unit("u1")
	u.Name = ""
	rejected(t, s, "unit without name", "name", func() error { _, err := s.PutUnit(ctx, u); return err })
}

func testInvalidEmails(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1")
	e := employee("e2")
	e.Email = ""
	rejected(t, s, "employee without email", "email", func() error { _, err := s.PutEmployee(ctx, e); return err })
	for _, bad := range []string{"not-an-email", "Max <max@example.com>", "max@example.com ", "@example.com", "max@"} {
		e := employee("e1")
		e.Email = bad
		rejected(t, s, "employee email "+bad, "email", func() error { _, err := s.PutEmployee(ctx, e); return err })
		c := customer("c1")
		c.Email = bad
		rejected(t, s, "customer email "+bad, "email", func() error { _, err := s.PutCustomer(ctx, c); return err })
	}
	// A customer may have no email at all.
	c := customer("c2")
	c.Email = ""
	mustPutCustomer(t, s, c)
	wantSame(t, "customer without email", mustCustomer(t, s, "c2"), c)
}

func testInvalidTrust(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1")
	mustPutRelationship(t, s, rel("e1", "c1", 0.5))
	for _, trust := range []float64{0, -0.5, 1.5, math.NaN(), math.Inf(1)} {
		r := rel("e1", "c1", trust)
		rejected(t, s, "replace with bad trust", "trust", func() error { _, err := s.PutRelationship(ctx, r); return err })
	}
	mustPutRelationship(t, s, rel("c1", "e1", 1))
	wantSame(t, "trust 1", mustRelationship(t, s, "c1", "e1").Trust, 1.0)
}

func testVisibility(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1", "c2")
	r := rel("e1", "c1", 0.5)
	r.Visibility = "secret"
	rejected(t, s, "visibility secret", "visibility", func() error { _, err := s.PutRelationship(ctx, r); return err })
	r.Visibility = ""
	mustPutRelationship(t, s, r)
	wantSame(t, "empty visibility", mustRelationship(t, s, "e1", "c1").Visibility, graph.Public)
	p := rel("c2", "e1", 0.5)
	p.Visibility = graph.Private
	mustPutRelationship(t, s, p)
	wantSame(t, "private visibility", mustRelationship(t, s, "e1", "c2").Visibility, graph.Private)
}

func testSelfRelationship(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1")
	rejected(t, s, "self relationship", "b", func() error { _, err := s.PutRelationship(ctx, rel("e1", "e1", 1)); return err })
}

func testInvalidCapacity(t *testing.T, s graph.Store) {
	ctx := t.Context()
	e := employee("e1")
	e.Capacity = intp(-1)
	rejected(t, s, "capacity -1", "capacity", func() error { _, err := s.PutEmployee(ctx, e); return err })
}

// testInvalidPhoneAndSignature: a phone and a signature go into letters, so
// a carriage return (which could end a header line) or other control
// characters are refused in both, as is a phone number of letters.
func testInvalidPhoneAndSignature(t *testing.T, s graph.Store) {
	ctx := t.Context()
	for _, phone := range []string{"+49 40\r\nBcc: x@example.com", "call me", "---", strings.Repeat("1", 41)} {
		e := employee("e1")
		e.Phone = phone
		rejected(t, s, "phone "+phone, "phone", func() error { _, err := s.PutEmployee(ctx, e); return err })
	}
	for _, sig := range []string{"Ada\r\nBcc: x@example.com", "Ada\x00", "  \n ", strings.Repeat("x", 1001),
		strings.Repeat("line\n", 12) + "last"} {
		e := employee("e1")
		e.Signature = sig
		rejected(t, s, "signature", "signature", func() error { _, err := s.PutEmployee(ctx, e); return err })
	}
}

func testUnitParent(t *testing.T, s graph.Store) {
	ctx := t.Context()
	self := graph.Unit{ID: "u1", Name: "Self", Parent: "u1"}
	rejected(t, s, "unit parent itself", "parent", func() error { _, err := s.PutUnit(ctx, self); return err })

	mustPutUnit(t, s, unit("a"))
	mustPutUnit(t, s, graph.Unit{ID: "b", Name: "B", Parent: "a"})
	mustPutUnit(t, s, graph.Unit{ID: "c", Name: "C", Parent: "b"})
	cycle := graph.Unit{ID: "a", Name: "A", Parent: "b"}
	rejected(t, s, "unit cycle a→b→a", "parent", func() error { _, err := s.PutUnit(ctx, cycle); return err })
	long := graph.Unit{ID: "a", Name: "A", Parent: "c"}
	rejected(t, s, "unit cycle a→c→b→a", "parent", func() error { _, err := s.PutUnit(ctx, long); return err })
	unknown := graph.Unit{ID: "d", Name: "D", Parent: "nowhere"}
	rejected(t, s, "unknown parent", "parent", func() error { _, err := s.PutUnit(ctx, unknown); return err })
	// Moving a subtree elsewhere is fine.
	mustPutUnit(t, s, unit("x"))
	mustPutUnit(t, s, graph.Unit{ID: "b", Name: "B", Parent: "x"})
	mustPutUnit(t, s, graph.Unit{ID: "a", Name: "A", Parent: "c"})
}

func testUnknownReferences(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1")
	e := employee("e2")
	e.Unit = "nowhere"
	rejected(t, s, "employee in unknown unit", "unit", func() error { _, err := s.PutEmployee(ctx, e); return err })
	c := customer("c2")
	c.Account = "nowhere"
	rejected(t, s, "customer of unknown account", "account", func() error { _, err := s.PutCustomer(ctx, c); return err })
	a := graph.Account{ID: "a1", Name: "A", Owner: "nobody"}
	rejected(t, s, "account with unknown owner", "owner", func() error { _, err := s.PutAccount(ctx, a); return err })
	a.Owner = "c1"
	rejected(t, s, "account owned by a customer", "owner", func() error { _, err := s.PutAccount(ctx, a); return err })
	rejected(t, s, "relationship to unknown a", "a", func() error { _, err := s.PutRelationship(ctx, rel("nobody", "e1", 1)); return err })
	rejected(t, s, "relationship to unknown b", "b", func() error { _, err := s.PutRelationship(ctx, rel("e1", "nobody", 1)); return err })
	// An existing employee moved to an unknown unit keeps its old record.
	e1 := employee("e1")
	e1.Unit = "nowhere"
	rejected(t, s, "existing employee into unknown unit", "unit", func() error { _, err := s.PutEmployee(ctx, e1); return err })
}

func testPersonKindConflict(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1")
	err := unchanged(t, s, func() error { _, err := s.PutCustomer(ctx, customer("e1")); return err })
	wantCode(t, "customer with an employee's id", err, graph.ECONFLICT)
	err = unchanged(t, s, func() error { _, err := s.PutEmployee(ctx, employee("c1")); return err })
	wantCode(t, "employee with a customer's id", err, graph.ECONFLICT)
}
