package storetest

import (
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

var aliasTests = []storeTest{
	{"RoundTrip", testAliasesRoundTrip},
	{"Rejected", testAliasesRejected},
}

// Aliases are kept as given, found by the list search like the email,
// dropped by a replace without them, and never shared with the caller.
func testAliasesRoundTrip(t *testing.T, s graph.Store) {
	ctx := t.Context()
	e := employee("e1")
	e.Aliases = []string{"Erika.Privat@Mail.example", "e.one@old.example"}
	mustPutEmployee(t, s, e)
	c := customer("c1")
	c.Aliases = []string{"carla@home.example"}
	mustPutCustomer(t, s, c)
	c2 := customer("c2")
	mustPutCustomer(t, s, c2)
	e.Aliases[0] = "changed@caller.example" // the caller's slice is its own
	wantSame(t, "employee", mustEmployee(t, s, "e1").Aliases, []string{"Erika.Privat@Mail.example", "e.one@old.example"})
	wantSame(t, "customer", mustCustomer(t, s, "c1").Aliases, []string{"carla@home.example"})
	if got := mustCustomer(t, s, "c2").Aliases; got != nil {
		t.Errorf("a customer without aliases reads %#v, want nil", got)
	}
	for q, want := range map[string]int{"erika.privat": 1, "OLD.example": 1, "nobody": 0} {
		p, err := s.Employees(ctx, graph.ListQuery{Q: q, Limit: 10})
		if err != nil || len(p.Items) != want {
			t.Errorf("Employees(q=%q) = %d items, %v; want %d", q, len(p.Items), err, want)
		}
	}
	p, err := s.Customers(ctx, graph.ListQuery{Q: "home.example", Limit: 10})
	if err != nil || len(p.Items) != 1 || p.Items[0].ID != "c1" {
		t.Errorf("Customers(q=home.example) = %+v, %v", p.Items, err)
	}
	mustPutEmployee(t, s, employee("e1"))
	if got := mustEmployee(t, s, "e1").Aliases; got != nil {
		t.Errorf("after a replace without aliases: %#v", got)
	}
}

func testAliasesRejected(t *testing.T, s graph.Store) {
	ctx := t.Context()
	for name, tc := range map[string]struct {
		aliases []string
		field   string
	}{
		"not an address":   {[]string{"nope"}, "aliases[0]"},
		"display name":     {[]string{"Ann <ann@x.example>"}, "aliases[0]"},
		"the email itself": {[]string{"E1@example.com"}, "aliases[0]"},
		"twice":            {[]string{"a@x.example", "A@x.example"}, "aliases[1]"},
		"empty":            {[]string{""}, "aliases[0]"},
	} {
		e := employee("e1")
		e.Aliases = tc.aliases
		rejected(t, s, "employee "+name, tc.field, func() error { _, err := s.PutEmployee(ctx, e); return err })
		c := customer("c1")
		c.Aliases = tc.aliases
		c.Email = "e1@example.com"
		rejected(t, s, "customer "+name, tc.field, func() error { _, err := s.PutCustomer(ctx, c); return err })
	}
	many := make([]string, graph.MaxAliases+1)
	for i := range many {
		many[i] = "a" + string(rune('a'+i)) + "@x.example"
	}
	e := employee("e1")
	e.Aliases = many
	rejected(t, s, "too many aliases", "aliases", func() error { _, err := s.PutEmployee(ctx, e); return err })
}
