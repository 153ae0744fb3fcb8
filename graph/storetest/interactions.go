package storetest

import (
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var interactionTests = []storeTest{
	{"CreatesAndCounts", testInteractionCreatesAndCounts},
	{"KeepsDeclaredFields", testInteractionKeepsDeclaredFields},
	{"Rejected", testInteractionRejected},
}

// FixedTrust is the trust model with learning off: relationships that
// interactions create get trust t, as before trust was learned.
func FixedTrust(t float64) graph.TrustModel {
	m := graph.DefaultTrustModel()
	m.Learn, m.DefaultTrust = false, t
	return m
}

func mustRecord(t *testing.T, s graph.Store, i graph.Interaction, trust float64) (graph.Relationship, bool) {
	t.Helper()
	r, created, err := s.RecordInteraction(t.Context(), i, FixedTrust(trust))
	if err != nil {
		t.Fatalf("RecordInteraction(%s, %s, %v): %v", i.A, i.B, i.At, err)
	}
	return r, created
}

func testInteractionCreatesAndCounts(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1")
	t1 := time.Date(2025, 6, 1, 10, 0, 0, 500_000_000, cet)
	r, created := mustRecord(t, s, graph.Interaction{A: "e1", B: "c1", At: t1, Kind: "meeting"}, 0.3)
	want := graph.Relationship{A: "c1", B: "e1", Trust: 0.3, LastContact: timep(t1.UTC()),
		Visibility: graph.Public, Source: graph.SourceInteraction, Interactions: 1, TrustSource: graph.TrustLearned}
	if !created {
		t.Fatal("first interaction: created=false, want true")
	}
	wantSame(t, "relationship made by an interaction", r, want)
	wantUTC(t, "relationship made by an interaction", r)
	wantSame(t, "stored", mustRelationship(t, s, "e1", "c1"), want)

	// An earlier interaction counts but does not move lastContact back.
	t0 := t1.Add(-48 * time.Hour)
	r, created = mustRecord(t, s, graph.Interaction{A: "c1", B: "e1", At: t0, Kind: "call"}, 0.3)
	want.Interactions = 2
	if created {
		t.Fatal("second interaction: created=true, want false")
	}
	wantSame(t, "after an earlier interaction", r, want)
	wantSame(t, "stored", mustRelationship(t, s, "c1", "e1"), want)

	// A later one moves it forward.
	t2 := t1.Add(time.Hour)
	r, _ = mustRecord(t, s, graph.Interaction{A: "e1", B: "c1", At: t2, Kind: "note"}, 0.3)
	want.Interactions, want.LastContact = 3, timep(t2.UTC())
	wantSame(t, "after a later interaction", r, want)
	wantSame(t, "stored", mustRelationship(t, s, "c1", "e1"), want)
}

// An interaction on a declared relationship keeps its trust, source,
// visibility and since, and sets a lastContact where there was none.
func testInteractionKeepsDeclaredFields(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "e2")
	since := time.Date(2015, 5, 5, 0, 0, 0, 0, time.UTC)
	declared := graph.Relationship{A: "e2", B: "e1", Trust: 0.9, Since: &since, Visibility: graph.Private, Source: "declared"}
	mustPutRelationship(t, s, declared)
	at := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	r, created := mustRecord(t, s, graph.Interaction{A: "e1", B: "e2", At: at, Kind: "email_sent"}, 0.5)
	if created {
		t.Fatal("interaction on a declared relationship: created=true, want false")
	}
	want := graph.Relationship{A: "e1", B: "e2", Trust: 0.9, LastContact: &at, Since: &since,
		Visibility: graph.Private, Source: "declared", Interactions: 1, TrustSource: graph.TrustDeclared}
	wantSame(t, "declared relationship after an interaction", r, want)
	wantSame(t, "stored", mustRelationship(t, s, "e1", "e2"), want)
}

func testInteractionRejected(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1")
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		i     graph.Interaction
		field string
	}{
		{"unknown a", graph.Interaction{A: "nobody", B: "e1", At: at, Kind: "call"}, "a"},
		{"unknown b", graph.Interaction{A: "e1", B: "nobody", At: at, Kind: "call"}, "b"},
		{"same person", graph.Interaction{A: "e1", B: "e1", At: at, Kind: "call"}, "b"},
		{"no time", graph.Interaction{A: "e1", B: "c1", Kind: "call"}, "at"},
		{"bad id", graph.Interaction{A: "e 1", B: "c1", At: at, Kind: "call"}, "a"},
		{"no kind", graph.Interaction{A: "e1", B: "c1", At: at}, "kind"},
		{"unknown kind", graph.Interaction{A: "e1", B: "c1", At: at, Kind: "fax"}, "kind"},
	}
	for _, tc := range cases {
		rejected(t, s, tc.name, tc.field, func() error { _, _, err := s.RecordInteraction(ctx, tc.i, FixedTrust(0.5)); return err })
	}
}
