package storetest

import (
	"context"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

var entityTests = []storeTest{
	{"Employees", testEmployees},
	{"Customers", testCustomers},
	{"Accounts", testAccounts},
	{"Units", testUnits},
	{"OtherKindIsNotFound", testOtherKindIsNotFound},
	{"ReplaceKeepsRelationships", testReplaceKeepsRelationships},
	{"ReplaceKeepsReferences", testReplaceKeepsReferences},
}

// kind is what the CRUD test needs of one entity kind.
type kind[T any] struct {
	name string
	put  func(context.Context, T) (bool, error)
	get  func(context.Context, string) (T, error)
	del  func(context.Context, string) error
	id   func(T) string
}

// testCRUD puts first and others (all created), replaces first with
// replacement (same id), deletes it twice and checks every step by reading
// back exactly what was written.
func testCRUD[T any](t *testing.T, k kind[T], first, replacement T, others ...T) {
	t.Helper()
	ctx := t.Context()
	for _, v := range append([]T{first}, others...) {
		created, err := k.put(ctx, v)
		if err != nil {
			t.Fatalf("put %s %q: %v", k.name, k.id(v), err)
		}
		if !created {
			t.Fatalf("put new %s %q: created=false, want true", k.name, k.id(v))
		}
	}
	for _, v := range append([]T{first}, others...) {
		got, err := k.get(ctx, k.id(v))
		if err != nil {
			t.Fatalf("get %s %q: %v", k.name, k.id(v), err)
		}
		wantSame(t, "get "+k.name+" "+k.id(v), got, v)
	}

	created, err := k.put(ctx, replacement)
	if err != nil {
		t.Fatalf("replace %s %q: %v", k.name, k.id(replacement), err)
	}
	if created {
		t.Fatalf("replace %s %q: created=true, want false", k.name, k.id(replacement))
	}
	got, err := k.get(ctx, k.id(replacement))
	if err != nil {
		t.Fatalf("get replaced %s: %v", k.name, err)
	}
	wantSame(t, "get replaced "+k.name, got, replacement)

	_, err = k.get(ctx, "nobody")
	wantCode(t, "get unknown "+k.name, err, graph.ENOTFOUND)

	id := k.id(first)
	if err := k.del(ctx, id); err != nil {
		t.Fatalf("delete %s %q: %v", k.name, id, err)
	}
	_, err = k.get(ctx, id)
	wantCode(t, "get deleted "+k.name, err, graph.ENOTFOUND)
	wantCode(t, "delete deleted "+k.name, k.del(ctx, id), graph.ENOTFOUND)
	wantCode(t, "delete unknown "+k.name, k.del(ctx, "nobody"), graph.ENOTFOUND)
	for _, v := range others {
		got, err := k.get(ctx, k.id(v))
		if err != nil {
			t.Fatalf("get %s %q after deleting %q: %v", k.name, k.id(v), id, err)
		}
		wantSame(t, "untouched "+k.name, got, v)
	}
}

func testEmployees(t *testing.T, s graph.Store) {
	mustPutUnit(t, s, unit("u1"))
	full := graph.Employee{ID: "e1", Name: "Zoë Müller-Łukasiewicz", Email: "zoe.mueller@example.com",
		Title: "Head of Sales", Unit: "u1", Active: true, Sender: true, Broker: true, Capacity: intp(7), Capture: true,
		Phone: "+49 40 1234-567", Signature: "Zoë Müller-Łukasiewicz\nHead of Sales\n„Wir sind für Sie da.“"}
	// Every flag false (capture too: the replacement turns it off) and a capacity of 0 (not nil): zero values must
	// survive the round trip and stay distinct from "unlimited".
	off := graph.Employee{ID: "e2", Name: "Max", Email: "max@example.com", Capacity: intp(0)}
	unlimited := graph.Employee{ID: "e3:x_y.z@w-1", Name: "Unlimited", Email: "u@example.com", Active: true}
	replacement := graph.Employee{ID: "e1", Name: "Zoë M.", Email: "zoe@example.com", Active: false, Sender: false, Broker: true}
	testCRUD(t, kind[graph.Employee]{
		name: "employee",
		put:  s.PutEmployee,
		get:  s.Employee,
		del:  func(ctx context.Context, id string) error { return s.DeleteEmployee(ctx, id, false) },
		id:   func(e graph.Employee) string { return e.ID },
	}, full, replacement, off, unlimited)
}

func testCustomers(t *testing.T, s graph.Store) {
	mustPutAccount(t, s, account("a1"))
	full := graph.Customer{ID: "c1", Name: "Ada Lovelace", Email: "ada@analytical.example", Title: "CTO", Account: "a1", OptOut: true}
	bare := graph.Customer{ID: "c2", Name: "No Email"}
	replacement := graph.Customer{ID: "c1", Name: "Ada King", Email: "ada.king@analytical.example"}
	testCRUD(t, kind[graph.Customer]{
		name: "customer",
		put:  s.PutCustomer,
		get:  s.Customer,
		del:  s.DeleteCustomer,
		id:   func(c graph.Customer) string { return c.ID },
	}, full, replacement, bare)
}

func testAccounts(t *testing.T, s graph.Store) {
	mustPutEmployee(t, s, employee("e1"))
	mustPutEmployee(t, s, employee("e2"))
	full := graph.Account{ID: "a1", Name: "Analytical Engines Ltd", Owner: "e1", Segment: "enterprise"}
	bare := graph.Account{ID: "a2", Name: "Small Shop"}
	replacement := graph.Account{ID: "a1", Name: "Analytical Engines plc", Owner: "e2"}
	testCRUD(t, kind[graph.Account]{
		name: "account",
		put:  s.PutAccount,
		get:  s.Account,
		del:  func(ctx context.Context, id string) error { return s.DeleteAccount(ctx, id, false) },
		id:   func(a graph.Account) string { return a.ID },
	}, full, replacement, bare)
}

func testUnits(t *testing.T, s graph.Store) {
	mustPutUnit(t, s, unit("root"))
	mustPutUnit(t, s, unit("other"))
	full := graph.Unit{ID: "u1", Name: "Sales", Parent: "root"}
	bare := graph.Unit{ID: "u2", Name: "Top"}
	replacement := graph.Unit{ID: "u1", Name: "Sales & Marketing", Parent: "other"}
	testCRUD(t, kind[graph.Unit]{
		name: "unit",
		put:  s.PutUnit,
		get:  s.Unit,
		del:  func(ctx context.Context, id string) error { return s.DeleteUnit(ctx, id, false) },
		id:   func(u graph.Unit) string { return u.ID },
	}, full, replacement, bare)
}

// An employee is not a customer and vice versa, though they share ids.
func testOtherKindIsNotFound(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1")
	_, err := s.Customer(ctx, "e1")
	wantCode(t, "Customer(employee id)", err, graph.ENOTFOUND)
	_, err = s.Employee(ctx, "c1")
	wantCode(t, "Employee(customer id)", err, graph.ENOTFOUND)
	wantCode(t, "DeleteCustomer(employee id)",
		unchanged(t, s, func() error { return s.DeleteCustomer(ctx, "e1") }), graph.ENOTFOUND)
	wantCode(t, "DeleteEmployee(customer id)",
		unchanged(t, s, func() error { return s.DeleteEmployee(ctx, "c1", true) }), graph.ENOTFOUND)
}

// Replacing a person must not drop its relationships.
func testReplaceKeepsRelationships(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1", "c2")
	mustPutRelationship(t, s, rel("e1", "c1", 0.8))
	mustPutRelationship(t, s, rel("c2", "c1", 0.6))
	e := employee("e1")
	e.Name = "Renamed"
	mustPutEmployee(t, s, e)
	c := customer("c1")
	c.OptOut = true
	mustPutCustomer(t, s, c)
	wantIDs(t, "relationships of c1 after replacing e1 and c1",
		others(mustPersonRelationships(t, s, "c1"), "c1"), []string{"c2", "e1"})
	wantSame(t, "c1–e1", mustRelationship(t, s, "e1", "c1"), rel("c1", "e1", 0.8))
}

// Replacing an account or unit must not detach what refers to it.
func testReplaceKeepsReferences(t *testing.T, s graph.Store) {
	mustPutUnit(t, s, unit("u1"))
	mustPutUnit(t, s, graph.Unit{ID: "u2", Name: "Child", Parent: "u1"})
	e := employee("e1")
	e.Unit = "u1"
	mustPutEmployee(t, s, e)
	mustPutAccount(t, s, graph.Account{ID: "a1", Name: "Acme", Owner: "e1"})
	c := customer("c1")
	c.Account = "a1"
	mustPutCustomer(t, s, c)

	mustPutUnit(t, s, graph.Unit{ID: "u1", Name: "Renamed"})
	mustPutAccount(t, s, graph.Account{ID: "a1", Name: "Acme Renamed", Owner: "e1"})
	mustPutEmployee(t, s, e)

	wantSame(t, "child unit", mustUnit(t, s, "u2"), graph.Unit{ID: "u2", Name: "Child", Parent: "u1"})
	wantSame(t, "employee", mustEmployee(t, s, "e1"), e)
	wantSame(t, "customer", mustCustomer(t, s, "c1"), c)
	ctx := t.Context()
	wantCode(t, "delete referenced unit", s.DeleteUnit(ctx, "u1", false), graph.ECONFLICT)
	wantCode(t, "delete referenced account", s.DeleteAccount(ctx, "a1", false), graph.ECONFLICT)
	wantCode(t, "delete account owner", s.DeleteEmployee(ctx, "e1", false), graph.ECONFLICT)
}
