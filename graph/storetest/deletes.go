package storetest

import (
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

var deleteTests = []storeTest{
	{"EmployeeDeletesRelationships", testEmployeeDeletesRelationships},
	{"CustomerDeletesRelationships", testCustomerDeletesRelationships},
	{"AccountOwner", testDeleteAccountOwner},
	{"AccountWithCustomers", testDeleteAccountWithCustomers},
	{"UnitInUse", testDeleteUnitInUse},
}

// e5 sits in the middle of the id order, so that it is the A end of some of
// its relationships and the B end of others.
func testEmployeeDeletesRelationships(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "e5", "e9", "c1")
	mustPutRelationship(t, s, rel("e1", "e5", 0.5))
	mustPutRelationship(t, s, rel("e5", "e9", 0.5))
	mustPutRelationship(t, s, rel("e5", "c1", 0.5))
	mustPutRelationship(t, s, rel("e1", "e9", 0.5))
	if err := s.DeleteEmployee(ctx, "e5", false); err != nil {
		t.Fatalf("DeleteEmployee: %v", err)
	}
	wantIDs(t, "ties left", pairs(mustTies(t, s, "e1", "e5", "e9", "c1")), []string{"e1-e9"})
	for _, other := range []string{"e1", "e9", "c1"} {
		_, err := s.Relationship(ctx, "e5", other)
		wantCode(t, "relationship of a deleted employee", err, graph.ENOTFOUND)
	}
	wantIDs(t, "relationships of c1", others(mustPersonRelationships(t, s, "c1"), "c1"), nil)
	// A new person with the same id starts without relationships.
	mustPersons(t, s, "e5")
	wantIDs(t, "relationships of the new e5", others(mustPersonRelationships(t, s, "e5"), "e5"), nil)
}

func testCustomerDeletesRelationships(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "c1", "c5", "c9", "e1")
	mustPutRelationship(t, s, rel("c5", "c1", 0.5))
	mustPutRelationship(t, s, rel("c9", "c5", 0.5))
	mustPutRelationship(t, s, rel("e1", "c5", 0.5))
	mustPutRelationship(t, s, rel("e1", "c9", 0.5))
	if err := s.DeleteCustomer(ctx, "c5"); err != nil {
		t.Fatalf("DeleteCustomer: %v", err)
	}
	wantIDs(t, "ties left", pairs(mustTies(t, s, "c1", "c5", "c9", "e1")), []string{"c9-e1"})
	wantIDs(t, "relationships of e1", others(mustPersonRelationships(t, s, "e1"), "e1"), []string{"c9"})
	mustPersons(t, s, "c5")
	wantIDs(t, "relationships of the new c5", others(mustPersonRelationships(t, s, "c5"), "c5"), nil)
}

func testDeleteAccountOwner(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "e2", "c1")
	mustPutRelationship(t, s, rel("e1", "c1", 0.5))
	mustPutAccount(t, s, graph.Account{ID: "a1", Name: "A1", Owner: "e1", Segment: "s"})
	mustPutAccount(t, s, graph.Account{ID: "a2", Name: "A2", Owner: "e1"})
	mustPutAccount(t, s, graph.Account{ID: "a3", Name: "A3", Owner: "e2"})

	err := unchanged(t, s, func() error { return s.DeleteEmployee(ctx, "e1", false) })
	wantCode(t, "delete an account owner", err, graph.ECONFLICT)

	if err := s.DeleteEmployee(ctx, "e1", true); err != nil {
		t.Fatalf("DeleteEmployee with cascade: %v", err)
	}
	_, err = s.Employee(ctx, "e1")
	wantCode(t, "deleted owner", err, graph.ENOTFOUND)
	wantSame(t, "a1", mustAccount(t, s, "a1"), graph.Account{ID: "a1", Name: "A1", Segment: "s"})
	wantSame(t, "a2", mustAccount(t, s, "a2"), graph.Account{ID: "a2", Name: "A2"})
	wantSame(t, "a3", mustAccount(t, s, "a3"), graph.Account{ID: "a3", Name: "A3", Owner: "e2"})
	wantIDs(t, "relationships of c1", others(mustPersonRelationships(t, s, "c1"), "c1"), nil)

	// Without accounts, no cascade is needed.
	wantCode(t, "DeleteEmployee(e2) owning a3", s.DeleteEmployee(ctx, "e2", false), graph.ECONFLICT)
	mustPersons(t, s, "e3")
	if err := s.DeleteEmployee(ctx, "e3", false); err != nil {
		t.Fatalf("DeleteEmployee of a non-owner: %v", err)
	}
}

func testDeleteAccountWithCustomers(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPutAccount(t, s, account("a1"))
	mustPutAccount(t, s, account("a2"))
	mustPutAccount(t, s, account("empty"))
	for _, id := range []string{"c1", "c2"} {
		c := customer(id)
		c.Account = "a1"
		mustPutCustomer(t, s, c)
	}
	c3 := customer("c3")
	c3.Account = "a2"
	mustPutCustomer(t, s, c3)

	err := unchanged(t, s, func() error { return s.DeleteAccount(ctx, "a1", false) })
	wantCode(t, "delete an account with customers", err, graph.ECONFLICT)
	if err := s.DeleteAccount(ctx, "empty", false); err != nil {
		t.Fatalf("DeleteAccount without customers: %v", err)
	}
	if err := s.DeleteAccount(ctx, "a1", true); err != nil {
		t.Fatalf("DeleteAccount with cascade: %v", err)
	}
	_, err = s.Account(ctx, "a1")
	wantCode(t, "deleted account", err, graph.ENOTFOUND)
	wantSame(t, "c1", mustCustomer(t, s, "c1"), customer("c1"))
	wantSame(t, "c2", mustCustomer(t, s, "c2"), customer("c2"))
	wantSame(t, "c3", mustCustomer(t, s, "c3"), c3)
	p, err := s.Customers(ctx, graph.ListQuery{Scope: "a1"})
	if err != nil || len(p.Items) != 0 {
		t.Fatalf("customers of the deleted account: %v, %v", p.Items, err)
	}
}

func testDeleteUnitInUse(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPutUnit(t, s, unit("top"))
	mustPutUnit(t, s, graph.Unit{ID: "mid", Name: "Mid", Parent: "top"})
	mustPutUnit(t, s, graph.Unit{ID: "leaf", Name: "Leaf", Parent: "mid"})
	mustPutUnit(t, s, unit("staffed"))
	e1 := employee("e1")
	e1.Unit = "staffed"
	mustPutEmployee(t, s, e1)
	e2 := employee("e2")
	e2.Unit = "mid"
	mustPutEmployee(t, s, e2)

	wantCode(t, "delete a unit with children",
		unchanged(t, s, func() error { return s.DeleteUnit(ctx, "top", false) }), graph.ECONFLICT)
	wantCode(t, "delete a unit with employees",
		unchanged(t, s, func() error { return s.DeleteUnit(ctx, "staffed", false) }), graph.ECONFLICT)
	wantCode(t, "delete a unit with children and employees",
		unchanged(t, s, func() error { return s.DeleteUnit(ctx, "mid", false) }), graph.ECONFLICT)

	if err := s.DeleteUnit(ctx, "mid", true); err != nil {
		t.Fatalf("DeleteUnit with cascade: %v", err)
	}
	wantSame(t, "leaf", mustUnit(t, s, "leaf"), graph.Unit{ID: "leaf", Name: "Leaf"})
	wantSame(t, "e2", mustEmployee(t, s, "e2"), employee("e2"))
	wantSame(t, "top", mustUnit(t, s, "top"), unit("top"))
	if err := s.DeleteUnit(ctx, "top", false); err != nil {
		t.Fatalf("DeleteUnit of a unit whose children were cleared: %v", err)
	}
	if err := s.DeleteUnit(ctx, "staffed", true); err != nil {
		t.Fatalf("DeleteUnit(staffed) with cascade: %v", err)
	}
	wantSame(t, "e1", mustEmployee(t, s, "e1"), employee("e1"))
	if err := s.DeleteUnit(ctx, "leaf", false); err != nil {
		t.Fatalf("DeleteUnit(leaf): %v", err)
	}
}
