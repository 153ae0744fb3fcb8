package storetest

import (
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var relationshipTests = []storeTest{
	{"RoundTrip", testRelationshipRoundTrip},
	{"Undirected", testRelationshipUndirected},
	{"KeepsInteractions", testRelationshipKeepsInteractions},
	{"Delete", testRelationshipDelete},
	{"PersonRelationships", testPersonRelationships},
}

func testRelationshipRoundTrip(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1")
	// Given out of canonical order, in another zone, with milliseconds.
	last := time.Date(2024, 3, 31, 1, 30, 15, 123_000_000, cet)
	since := time.Date(2019, 1, 2, 0, 0, 0, 0, cet)
	in := graph.Relationship{A: "e1", B: "c1", Trust: 0.8125, LastContact: &last, Since: &since,
		Visibility: graph.Private, Source: "declared"}
	if !mustPutRelationship(t, s, in) {
		t.Fatal("PutRelationship of a new pair: created=false, want true")
	}
	want := graph.Relationship{A: "c1", B: "e1", Trust: 0.8125,
		LastContact: timep(last.UTC()), Since: timep(since.UTC()),
		Visibility: graph.Private, Source: "declared", TrustSource: graph.TrustDeclared}
	for _, ends := range [][2]string{{"c1", "e1"}, {"e1", "c1"}} {
		got := mustRelationship(t, s, ends[0], ends[1])
		wantSame(t, "Relationship("+ends[0]+", "+ends[1]+")", got, want)
		wantUTC(t, "Relationship", got)
		if !got.LastContact.Equal(last) || !got.Since.Equal(since) {
			t.Fatalf("times moved: got %v / %v, want %v / %v", got.LastContact, got.Since, last, since)
		}
	}

	// Without dates, both are nil again.
	mustPutRelationship(t, s, rel("c1", "e1", 0.3))
	wantSame(t, "replaced without dates", mustRelationship(t, s, "e1", "c1"), rel("c1", "e1", 0.3))

	_, err := s.Relationship(t.Context(), "c1", "nobody")
	wantCode(t, "Relationship to unknown person", err, graph.ENOTFOUND)
	mustPersons(t, s, "c2")
	_, err = s.Relationship(t.Context(), "c2", "e1")
	wantCode(t, "Relationship of strangers", err, graph.ENOTFOUND)
}

func testRelationshipUndirected(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "e2")
	if !mustPutRelationship(t, s, rel("e2", "e1", 0.4)) {
		t.Fatal("PutRelationship(e2, e1): created=false, want true")
	}
	if mustPutRelationship(t, s, rel("e1", "e2", 0.9)) {
		t.Fatal("PutRelationship(e1, e2) after (e2, e1): created=true, want false")
	}
	if mustPutRelationship(t, s, rel("e2", "e1", 0.7)) {
		t.Fatal("PutRelationship(e2, e1) again: created=true, want false")
	}
	wantSame(t, "Relationship(e2, e1)", mustRelationship(t, s, "e2", "e1"), rel("e1", "e2", 0.7))
	wantIDs(t, "ties of e1", pairs(mustTies(t, s, "e1")), []string{"e1-e2"})
	wantIDs(t, "relationships of e2", others(mustPersonRelationships(t, s, "e2"), "e2"), []string{"e1"})
}

// PutRelationship takes the count of a new relationship from its input and
// keeps the stored count on a replace: the count belongs to RecordInteraction.
func testRelationshipKeepsInteractions(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1", "c2")
	r := rel("e1", "c1", 0.5)
	r.Interactions = 3
	mustPutRelationship(t, s, r)
	wantSame(t, "interactions of a new relationship", mustRelationship(t, s, "e1", "c1").Interactions, 3)
	for _, n := range []int{0, 9} {
		r := rel("c1", "e1", 0.6)
		r.Interactions = n
		mustPutRelationship(t, s, r)
		wantSame(t, "interactions after replace", mustRelationship(t, s, "e1", "c1").Interactions, 3)
	}
	if _, _, err := s.RecordInteraction(t.Context(), graph.Interaction{A: "c2", B: "e1", At: time.Now(), Kind: "call"}, FixedTrust(0.5)); err != nil {
		t.Fatalf("RecordInteraction: %v", err)
	}
	mustPutRelationship(t, s, rel("e1", "c2", 0.9))
	got := mustRelationship(t, s, "c2", "e1")
	if got.Interactions != 1 || got.Trust != 0.9 {
		t.Fatalf("re-put after an interaction: interactions %d trust %v, want 1 and 0.9", got.Interactions, got.Trust)
	}
}

func testRelationshipDelete(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1", "c2")
	mustPutRelationship(t, s, rel("e1", "c1", 0.5))
	mustPutRelationship(t, s, rel("c2", "c1", 0.5))
	if err := s.DeleteRelationship(ctx, "e1", "c1"); err != nil { // stored as c1–e1
		t.Fatalf("DeleteRelationship(e1, c1): %v", err)
	}
	_, err := s.Relationship(ctx, "c1", "e1")
	wantCode(t, "deleted relationship", err, graph.ENOTFOUND)
	wantCode(t, "delete again", unchanged(t, s, func() error { return s.DeleteRelationship(ctx, "c1", "e1") }), graph.ENOTFOUND)
	wantCode(t, "delete unknown pair", unchanged(t, s, func() error { return s.DeleteRelationship(ctx, "e1", "c2") }), graph.ENOTFOUND)
	wantCode(t, "delete with unknown person", unchanged(t, s, func() error { return s.DeleteRelationship(ctx, "e1", "nobody") }), graph.ENOTFOUND)
	mustEmployee(t, s, "e1")
	mustCustomer(t, s, "c1")
	wantIDs(t, "relationships of c1", others(mustPersonRelationships(t, s, "c1"), "c1"), []string{"c2"})
}

func testPersonRelationships(t *testing.T, s graph.Store) {
	mustPersons(t, s, "m", "b", "z", "e1", "a", "lonely", "e2")
	// Written in mixed order and directions.
	mustPutRelationship(t, s, rel("z", "m", 0.1))
	mustPutRelationship(t, s, rel("m", "b", 0.2))
	mustPutRelationship(t, s, rel("e1", "m", 0.3))
	mustPutRelationship(t, s, rel("m", "a", 0.4))
	mustPutRelationship(t, s, rel("e1", "e2", 0.5))

	got := mustPersonRelationships(t, s, "m")
	wantIDs(t, "other ends of m, in order", others(got, "m"), []string{"a", "b", "e1", "z"})
	for _, r := range got {
		if r.A >= r.B {
			t.Fatalf("relationship %s–%s is not canonical", r.A, r.B)
		}
	}
	wantSame(t, "m–z", got[3], rel("m", "z", 0.1))
	wantSame(t, "a–m", got[0], rel("a", "m", 0.4))

	if rs := mustPersonRelationships(t, s, "lonely"); len(rs) != 0 {
		t.Fatalf("relationships of a person without any: %v", rs)
	}
	_, err := s.PersonRelationships(t.Context(), "nobody")
	wantCode(t, "relationships of an unknown person", err, graph.ENOTFOUND)
}
