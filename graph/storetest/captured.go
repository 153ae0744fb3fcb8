package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var capturedTests = []storeTest{
	{"RecordsOnce", testCapturedRecordsOnce},
	{"KeepsDeclaredFields", testCapturedKeepsDeclaredFields},
	{"Rejected", testCapturedRejected},
}

func mustCapture(t *testing.T, s graph.Store, items []graph.CapturedItem, trust float64) []bool {
	t.Helper()
	rec, err := s.RecordCaptured(t.Context(), items, FixedTrust(trust))
	if err != nil {
		t.Fatalf("RecordCaptured: %v", err)
	}
	if len(rec) != len(items) {
		t.Fatalf("RecordCaptured answered %d flags for %d items", len(rec), len(items))
	}
	return rec
}

func mustCapturedCount(t *testing.T, s graph.Store, want int) {
	t.Helper()
	n, err := s.CapturedCount(t.Context())
	if err != nil {
		t.Fatalf("CapturedCount: %v", err)
	}
	if n != want {
		t.Errorf("CapturedCount = %d, want %d", n, want)
	}
}

// Items are recorded once: again, in the same call or a later one, they
// change nothing; a pair met twice in one call counts twice.
func testCapturedRecordsOnce(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "e2", "c1", "c2")
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t1 := time.Date(2026, 3, 2, 10, 0, 0, 0, cet)
	k1, k2, k3 := graph.CaptureKey("email", "m1@x"), graph.CaptureKey("email", "m2@x"), graph.CaptureKey("meeting", "u1")
	items := []graph.CapturedItem{
		{Key: k1, Interactions: []graph.Interaction{{A: "e1", B: "c1", At: t1, Kind: "email_sent"}, {A: "e1", B: "c2", At: t1, Kind: "email_sent"}}},
		{Key: k2, Interactions: []graph.Interaction{{A: "e1", B: "c1", At: t0, Kind: "email_received"}}},
		{Key: k1, Interactions: []graph.Interaction{{A: "e1", B: "c1", At: t1, Kind: "email_sent"}}},
		{Key: k3, Interactions: []graph.Interaction{{A: "e2", B: "e1", At: t0, Kind: "meeting"}}},
	}
	if got := mustCapture(t, s, items, 0.4); !slices.Equal(got, []bool{true, true, false, true}) {
		t.Errorf("recorded %v, want [true true false true]", got)
	}
	wantSame(t, "c1–e1", mustRelationship(t, s, "e1", "c1"), graph.Relationship{A: "c1", B: "e1", Trust: 0.4,
		LastContact: timep(t1.UTC()), Visibility: graph.Public, Source: graph.SourceInteraction, Interactions: 2, TrustSource: graph.TrustLearned})
	wantSame(t, "c2–e1", mustRelationship(t, s, "c2", "e1"), graph.Relationship{A: "c2", B: "e1", Trust: 0.4,
		LastContact: timep(t1.UTC()), Visibility: graph.Public, Source: graph.SourceInteraction, Interactions: 1, TrustSource: graph.TrustLearned})
	wantSame(t, "e1–e2", mustRelationship(t, s, "e1", "e2"), graph.Relationship{A: "e1", B: "e2", Trust: 0.4,
		LastContact: timep(t0), Visibility: graph.Public, Source: graph.SourceInteraction, Interactions: 1, TrustSource: graph.TrustLearned})
	mustCapturedCount(t, s, 3)

	before := Dump(t, s) // Dump leaves the keys out: CapturedCount checks them
	if got := mustCapture(t, s, items, 0.4); !slices.Equal(got, []bool{false, false, false, false}) {
		t.Errorf("again: recorded %v, want all false", got)
	}
	if after := Dump(t, s); after != before {
		t.Errorf("capturing again changed the store:\n%s\nwant\n%s", after, before)
	}
	mustCapturedCount(t, s, 3)

	// A new item next to known ones is recorded alone.
	k4 := graph.CaptureKey("email", "m4@x")
	got := mustCapture(t, s, []graph.CapturedItem{items[0], {Key: k4, Interactions: []graph.Interaction{{A: "c1", B: "c2", At: t0, Kind: "email_sent"}}}}, 0.4)
	if !slices.Equal(got, []bool{false, true}) {
		t.Errorf("recorded %v, want [false true]", got)
	}
	mustCapturedCount(t, s, 4)
}

// A captured interaction on a declared relationship keeps its trust,
// source and visibility, as RecordInteraction does.
func testCapturedKeepsDeclaredFields(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1")
	r := rel("e1", "c1", 0.9)
	r.Source, r.Visibility = "declared", graph.Private
	mustPutRelationship(t, s, r)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	mustCapture(t, s, []graph.CapturedItem{{Key: graph.CaptureKey("email", "a"), Interactions: []graph.Interaction{{A: "c1", B: "e1", At: at, Kind: "email_sent"}}}}, 0.4)
	wantSame(t, "declared", mustRelationship(t, s, "e1", "c1"), graph.Relationship{A: "c1", B: "e1", Trust: 0.9,
		LastContact: timep(at), Visibility: graph.Private, Source: "declared", Interactions: 1, TrustSource: graph.TrustDeclared})
}

// A bad item rejects the whole call: nothing is written, no key stored.
func testCapturedRejected(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1")
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	good := graph.CapturedItem{Key: graph.CaptureKey("email", "good"), Interactions: []graph.Interaction{{A: "e1", B: "c1", At: at, Kind: "meeting"}}}
	before := Dump(t, s)
	for name, items := range map[string][]graph.CapturedItem{
		"unknown person": {good, {Key: graph.CaptureKey("email", "x"), Interactions: []graph.Interaction{{A: "e1", B: "nobody", At: at, Kind: "meeting"}}}},
		"bad key":        {good, {Key: "m1@x", Interactions: good.Interactions}},
		"upper-case key": {{Key: "A" + good.Key[1:], Interactions: good.Interactions}},
		"no interaction": {good, {Key: graph.CaptureKey("email", "y")}},
		"self":           {good, {Key: graph.CaptureKey("email", "z"), Interactions: []graph.Interaction{{A: "e1", B: "e1", At: at, Kind: "meeting"}}}},
		"no time":        {good, {Key: graph.CaptureKey("email", "w"), Interactions: []graph.Interaction{{A: "e1", B: "c1", Kind: "meeting"}}}},
	} {
		_, err := s.RecordCaptured(t.Context(), items, FixedTrust(0.4))
		wantCode(t, name, err, graph.EINVALID)
		if after := Dump(t, s); after != before {
			t.Errorf("%s: a rejected capture changed the store:\n%s", name, after)
		}
	}
	_, err := s.RecordCaptured(t.Context(), []graph.CapturedItem{good}, FixedTrust(0))
	wantCode(t, "trust 0", err, graph.EINVALID)
	mustCapturedCount(t, s, 0)
}
