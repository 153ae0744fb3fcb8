package storetest

import (
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var batchTests = []storeTest{
	{"ReferencesWithin", testBatchReferencesWithin},
	{"AllOrNothing", testBatchAllOrNothing},
	{"Counts", testBatchCounts},
	{"PersonKindConflict", testBatchPersonKindConflict},
	{"Duplicates", testBatchDuplicates},
	{"Empty", testBatchEmpty},
}

// fullBatch refers only to its own entities, listed before what they refer
// to where possible, so that a store cannot rely on the order.
func fullBatch() graph.Batch {
	e1 := employee("e1")
	e1.Unit = "u2"
	e1.Capacity = intp(0)
	e2 := employee("e2")
	e2.Active, e2.Sender = false, false
	c1 := customer("c1")
	c1.Account = "a1"
	c2 := customer("c2")
	c2.OptOut = true
	at := time.Date(2024, 12, 24, 18, 0, 0, 250_000_000, cet)
	return graph.Batch{
		Units:     []graph.Unit{{ID: "u2", Name: "Child", Parent: "u1"}, unit("u1")},
		Accounts:  []graph.Account{{ID: "a1", Name: "A1", Owner: "e1", Segment: "smb"}},
		Employees: []graph.Employee{e1, e2},
		Customers: []graph.Customer{c1, c2},
		Relationships: []graph.Relationship{
			{A: "e1", B: "c1", Trust: 0.9, LastContact: &at, Source: "crm-import"}, // visibility left empty
			rel("c2", "c1", 0.4),
			{A: "e2", B: "e1", Trust: 1, Visibility: graph.Private, Interactions: 2},
		},
	}
}

func testBatchReferencesWithin(t *testing.T, s graph.Store) {
	b := fullBatch()
	res := mustBatch(t, s, b)
	wantSame(t, "result", res, graph.BatchResult{Created: b.Size()})
	for _, u := range b.Units {
		wantSame(t, "unit "+u.ID, mustUnit(t, s, u.ID), u)
	}
	wantSame(t, "account", mustAccount(t, s, "a1"), b.Accounts[0])
	for _, e := range b.Employees {
		wantSame(t, "employee "+e.ID, mustEmployee(t, s, e.ID), e)
	}
	for _, c := range b.Customers {
		wantSame(t, "customer "+c.ID, mustCustomer(t, s, c.ID), c)
	}
	want := []graph.Relationship{rel("c1", "c2", 0.4), b.Relationships[0], b.Relationships[2]}
	for i := range want {
		want[i].Normalize()
	}
	got := mustTies(t, s, "c1", "c2", "e1", "e2")
	wantSame(t, "relationships", got, want)
	for _, r := range got {
		wantUTC(t, "relationship", r)
	}
}

func testBatchAllOrNothing(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e9", "zz")
	mustPutRelationship(t, s, rel("e9", "zz", 0.5))
	cases := []struct {
		name  string
		spoil func(*graph.Batch)
		field string
	}{
		{"bad email", func(b *graph.Batch) { b.Customers[1].Email = "nope" }, "customers[1].email"},
		{"bad trust", func(b *graph.Batch) { b.Relationships[2].Trust = 2 }, "relationships[2].trust"},
		{"unknown person", func(b *graph.Batch) { b.Relationships[1].A = "nobody" }, "relationships[1].a"},
		{"unknown unit", func(b *graph.Batch) { b.Employees[1].Unit = "nowhere" }, "employees[1].unit"},
		{"unknown account", func(b *graph.Batch) { b.Customers[0].Account = "nowhere" }, "customers[0].account"},
		{"owner not an employee", func(b *graph.Batch) { b.Accounts[0].Owner = "c2" }, "accounts[0].owner"},
		{"unit cycle", func(b *graph.Batch) { b.Units[1].Parent = "u2" }, "units[0].parent"},
		{"self relationship", func(b *graph.Batch) { b.Relationships[0].B = "e1" }, "relationships[0].b"},
		{"bad unit id", func(b *graph.Batch) { b.Units = append(b.Units, unit("bad id")) }, "units[2].id"},
	}
	for _, tc := range cases {
		b := fullBatch()
		// An existing relationship that the batch would replace.
		b.Relationships = append(b.Relationships, rel("zz", "e9", 0.1))
		tc.spoil(&b)
		rejected(t, s, tc.name, tc.field, func() error { _, err := s.Batch(ctx, b); return err })
		// Look at every kind explicitly, not only through the dump.
		_, err := s.Unit(ctx, "u1")
		wantCode(t, tc.name+": unit", err, graph.ENOTFOUND)
		_, err = s.Account(ctx, "a1")
		wantCode(t, tc.name+": account", err, graph.ENOTFOUND)
		_, err = s.Employee(ctx, "e1")
		wantCode(t, tc.name+": employee", err, graph.ENOTFOUND)
		_, err = s.Customer(ctx, "c2")
		wantCode(t, tc.name+": customer", err, graph.ENOTFOUND)
		wantSame(t, tc.name+": untouched relationship", mustRelationship(t, s, "e9", "zz").Trust, 0.5)
	}
}

func testBatchCounts(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1")
	mustPutUnit(t, s, unit("u1"))
	mustPutRelationship(t, s, rel("e1", "c1", 0.5))
	if _, _, err := s.RecordInteraction(t.Context(), graph.Interaction{A: "c1", B: "e1", At: time.Now(), Kind: "call"}, FixedTrust(0.5)); err != nil {
		t.Fatalf("RecordInteraction: %v", err)
	}
	e1 := employee("e1")
	e1.Title = "Boss"
	res := mustBatch(t, s, graph.Batch{
		Units:         []graph.Unit{unit("u1"), unit("u2")},                           // 1 replaced, 1 created
		Employees:     []graph.Employee{e1},                                           // replaced
		Customers:     []graph.Customer{customer("c2"), customer("c3")},               // created
		Relationships: []graph.Relationship{rel("c1", "e1", 0.7), rel("c2", "c3", 1)}, // 1 replaced, 1 created
	})
	wantSame(t, "result", res, graph.BatchResult{Created: 4, Replaced: 3})
	wantSame(t, "replaced employee", mustEmployee(t, s, "e1"), e1)
	got := mustRelationship(t, s, "e1", "c1")
	if got.Trust != 0.7 || got.Interactions != 1 || got.Source != "" || got.LastContact != nil {
		t.Fatalf("relationship replaced by a batch: %+v, want trust 0.7, 1 interaction kept, no source or lastContact", got)
	}
}

func testBatchPersonKindConflict(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1")
	for _, b := range []graph.Batch{
		{Units: []graph.Unit{unit("u1")}, Customers: []graph.Customer{customer("c2"), customer("e1")}},
		{Units: []graph.Unit{unit("u1")}, Employees: []graph.Employee{employee("e2"), employee("c1")}},
	} {
		err := unchanged(t, s, func() error { _, err := s.Batch(ctx, b); return err })
		wantCode(t, "batch with a person of the other kind", err, graph.ECONFLICT)
	}
}

func testBatchDuplicates(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1")
	cases := []struct {
		name  string
		b     graph.Batch
		field string
	}{
		{"employee twice", graph.Batch{Employees: []graph.Employee{employee("e2"), employee("e2")}}, "employees[1].id"},
		{"person as both kinds", graph.Batch{Employees: []graph.Employee{employee("p1")}, Customers: []graph.Customer{customer("p1")}}, "customers[0].id"},
		{"unit twice", graph.Batch{Units: []graph.Unit{unit("u1"), unit("u1")}}, "units[1].id"},
		{"account twice", graph.Batch{Accounts: []graph.Account{account("a1"), account("a1")}}, "accounts[1].id"},
		{"relationship both ways", graph.Batch{Relationships: []graph.Relationship{rel("e1", "c1", 1), rel("c1", "e1", 1)}}, "relationships[1]"},
	}
	for _, tc := range cases {
		rejected(t, s, tc.name, tc.field, func() error { _, err := s.Batch(ctx, tc.b); return err })
	}
}

func testBatchEmpty(t *testing.T, s graph.Store) {
	wantSame(t, "empty batch", mustBatch(t, s, graph.Batch{}), graph.BatchResult{})
}
