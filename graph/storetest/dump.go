package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// Dump returns a canonical text form of everything s holds, one line per
// entity in id order, relationships and then their histories last. Tests compare dumps: a write that
// fails must leave the dump unchanged, and a reopened store must reproduce it.
func Dump(t testing.TB, s graph.Store) string {
	t.Helper()
	return dump(t, s, true)
}

// DumpEntities is Dump without the histories: what the stores hold in
// memory where they hold anything there.
func DumpEntities(t testing.TB, s graph.Store) string {
	t.Helper()
	return dump(t, s, false)
}

func dump(t testing.TB, s graph.Store, histories bool) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	line := func(kind string, v any) {
		b.WriteString(kind)
		b.WriteByte(' ')
		b.WriteString(jsonOf(t, v))
		b.WriteByte('\n')
	}
	for _, u := range all(t, s.Units) {
		line("unit", u)
	}
	for _, a := range all(t, s.Accounts) {
		line("account", a)
	}
	var persons []string
	for _, e := range all(t, s.Employees) {
		line("employee", e)
		persons = append(persons, e.ID)
	}
	for _, c := range all(t, s.Customers) {
		line("customer", c)
		persons = append(persons, c.ID)
	}
	rs, err := s.Ties(ctx, persons)
	if err != nil {
		t.Fatalf("dump: Ties: %v", err)
	}
	sortRels(rs)
	pairs := make([][2]string, len(rs))
	for i, r := range rs {
		line("relationship", r)
		pairs[i] = [2]string{r.A, r.B}
	}
	if !histories {
		return b.String()
	}
	hs, err := s.Histories(ctx, pairs)
	if err != nil {
		t.Fatalf("dump: Histories: %v", err)
	}
	for _, h := range hs {
		if len(h.Events) > 0 || h.LearnedTrust != nil {
			line("history", h)
		}
	}
	return b.String()
}

// all walks every page of a list.
func all[T any](t testing.TB, list func(context.Context, graph.ListQuery) (graph.Page[T], error)) []T {
	t.Helper()
	var out []T
	q := graph.ListQuery{Limit: graph.MaxListLimit}
	for {
		p, err := list(context.Background(), q)
		if err != nil {
			t.Fatalf("dump: list: %v", err)
		}
		out = append(out, p.Items...)
		if p.Next == "" {
			return out
		}
		q.After = p.Next
	}
}

// unchanged runs a write that must fail and checks that it changed nothing.
func unchanged(t *testing.T, s graph.Store, write func() error) error {
	t.Helper()
	before := Dump(t, s)
	err := write()
	if err == nil {
		t.Fatalf("write succeeded, want an error")
	}
	if after := Dump(t, s); after != before {
		t.Fatalf("a rejected write (%v) changed the store:\nbefore:\n%s\nafter:\n%s", err, before, after)
	}
	return err
}

// Fill writes a small graph into s that uses every field of every kind,
// through single puts, a batch and an interaction: a fixture for tests of a
// store's own properties, such as durability.
func Fill(t testing.TB, s graph.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Batch(ctx, fullBatch()); err != nil {
		t.Fatalf("fill: Batch: %v", err)
	}
	check := func(_ bool, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fill: %v", err)
		}
	}
	check(s.PutUnit(ctx, graph.Unit{ID: "u3", Name: "Grandchild", Parent: "u2"}))
	check(s.PutEmployee(ctx, graph.Employee{ID: "e3", Name: "Émile", Email: "emile@example.com", Title: "CFO",
		Unit: "u3", Active: true, Sender: true, Capacity: intp(12)}))
	check(s.PutAccount(ctx, graph.Account{ID: "a2", Name: "Second", Owner: "e3", Segment: "enterprise"}))
	check(s.PutCustomer(ctx, graph.Customer{ID: "c3", Name: "Chloé", Email: "chloe@customer.example",
		Title: "Buyer", Account: "a2", OptOut: true}))
	since := time.Date(2020, 2, 29, 0, 0, 0, 0, cet)
	check(s.PutRelationship(ctx, graph.Relationship{A: "e3", B: "c3", Trust: 0.123456789, Since: &since,
		Visibility: graph.Private, Source: "declared"}))
	if _, _, err := s.RecordInteraction(ctx, graph.Interaction{A: "c3", B: "e1",
		At: time.Date(2025, 2, 3, 4, 5, 6, 7_000_000, cet), Kind: "call"}, FixedTrust(0.5)); err != nil {
		t.Fatalf("fill: RecordInteraction: %v", err)
	}
}
