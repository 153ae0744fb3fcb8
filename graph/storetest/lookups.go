package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var lookupTests = []storeTest{
	{"Persons", testPersons},
	{"Ties", testTies},
}

func testPersons(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPutUnit(t, s, unit("u1"))
	mustPutAccount(t, s, account("a1"))
	e1 := graph.Employee{ID: "e1", Name: "Eva", Email: "eva@example.com", Unit: "u1", Active: true, Sender: false, Broker: true, Capacity: intp(3)}
	e2 := graph.Employee{ID: "e2", Name: "Ex", Email: "ex@example.com"}
	c1 := graph.Customer{ID: "c1", Name: "Carl", Email: "carl@example.com", Account: "a1", OptOut: true}
	c2 := graph.Customer{ID: "c2", Name: "Cleo"}
	mustPutEmployee(t, s, e1)
	mustPutEmployee(t, s, e2)
	mustPutCustomer(t, s, c1)
	mustPutCustomer(t, s, c2)

	got, err := s.Persons(ctx, []string{"c1", "nobody", "e2", "e1", "c2"})
	if err != nil {
		t.Fatalf("Persons: %v", err)
	}
	slices.SortFunc(got, func(a, b graph.Person) int { return strings.Compare(a.ID, b.ID) })
	wantSame(t, "persons", got, []graph.Person{c1.Person(), c2.Person(), e1.Person(), e2.Person()})

	for _, ids := range [][]string{nil, {}, {"nobody", "u1", "a1"}} {
		got, err := s.Persons(ctx, ids)
		if err != nil || len(got) != 0 {
			t.Fatalf("Persons(%q) = %v, %v; want none", ids, got, err)
		}
	}
}

// The network:
//
//	e1 — c1 — c2 — e2     e3 — c3 (private, with dates)
//	 \_________________/
func testTies(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "e2", "e3", "c1", "c2", "c3")
	at := time.Date(2023, 7, 1, 8, 0, 0, 0, cet)
	private := graph.Relationship{A: "e3", B: "c3", Trust: 0.25, LastContact: &at, Since: &at, Visibility: graph.Private, Source: "s"}
	mustPutRelationship(t, s, rel("e1", "c1", 0.9))
	mustPutRelationship(t, s, rel("c2", "c1", 0.8))
	mustPutRelationship(t, s, rel("c2", "e2", 0.7))
	mustPutRelationship(t, s, rel("e2", "e1", 0.6))
	mustPutRelationship(t, s, private)

	cases := []struct {
		ids  []string
		want []string
	}{
		{[]string{"c1", "c2"}, []string{"c1-c2", "c1-e1", "c2-e2"}},
		{[]string{"e1"}, []string{"c1-e1", "e1-e2"}},
		{[]string{"e1", "c1", "c2", "e2"}, []string{"c1-c2", "c1-e1", "c2-e2", "e1-e2"}},
		{[]string{"c3", "nobody"}, []string{"c3-e3"}},
		{[]string{"c1", "c1"}, []string{"c1-c2", "c1-e1"}},
		{[]string{"nobody"}, nil},
		{nil, nil},
	}
	for _, tc := range cases {
		got := mustTies(t, s, tc.ids...)
		wantIDs(t, "Ties("+strings.Join(tc.ids, ",")+")", pairs(got), tc.want)
	}
	got := mustTies(t, s, "e1")
	wantSame(t, "Ties(e1)", got, []graph.Relationship{rel("c1", "e1", 0.9), rel("e1", "e2", 0.6)})
	private.Normalize()
	wantSame(t, "Ties(c3)", mustTies(t, s, "c3"), []graph.Relationship{private})
}
