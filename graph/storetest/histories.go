package storetest

import (
	"math"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var historyTests = []storeTest{
	{"LearnsFromHistory", testHistoryLearns},
	{"DeclaredStaysAuthoritative", testHistoryDeclaredAuthoritative},
	{"CampaignNeverCreates", testHistoryCampaignNeverCreates},
	{"GoesWithTheRelationship", testHistoryGoesWithRelationship},
	{"BatchKeepsHistory", testHistoryBatchKeeps},
}

var hday0 = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

func hday(n int) time.Time { return hday0.AddDate(0, 0, n) }

func mustHistory(t *testing.T, s graph.Store, a, b string) graph.History {
	t.Helper()
	hs, err := s.Histories(t.Context(), [][2]string{{a, b}})
	if err != nil {
		t.Fatalf("Histories(%s, %s): %v", a, b, err)
	}
	if len(hs) != 1 {
		t.Fatalf("Histories answered %d histories for one pair", len(hs))
	}
	return hs[0]
}

// workedExample are the interactions of the worked example in
// docs/capture.md, out of order and across capture and single records:
// e1 wrote to c1 at day 0 and day 180, c1 answered at day 180, and they
// met at day 360.
func recordWorkedExample(t *testing.T, s graph.Store) {
	m := graph.DefaultTrustModel()
	items := []graph.CapturedItem{
		{Key: graph.CaptureKey("meeting", "u1"), Interactions: []graph.Interaction{{A: "e1", B: "c1", At: hday(360), Kind: graph.InteractionMeeting}}},
		{Key: graph.CaptureKey("email", "m2"), Interactions: []graph.Interaction{{A: "e1", B: "c1", At: hday(180), Kind: graph.InteractionEmailReceived}}},
		{Key: graph.CaptureKey("email", "m1"), Interactions: []graph.Interaction{{A: "e1", B: "c1", At: hday(0), Kind: graph.InteractionEmailSent}}},
	}
	if _, err := s.RecordCaptured(t.Context(), items, m); err != nil {
		t.Fatalf("RecordCaptured: %v", err)
	}
	if _, _, err := s.RecordInteraction(t.Context(), graph.Interaction{A: "c1", B: "e1", At: hday(180), Kind: graph.InteractionEmailReceived}, m); err != nil {
		t.Fatalf("RecordInteraction: %v", err)
	}
}

// The learned trust is the worked example's, computed by hand: both stores
// keep the events in one order and sum them alike.
func testHistoryLearns(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1")
	recordWorkedExample(t, s)
	want := 1 - math.Exp(-(3+1.25*(5.0/6))/10)
	r := mustRelationship(t, s, "e1", "c1")
	if math.Abs(r.Trust-want) > 1e-12 || r.TrustSource != graph.TrustLearned || r.Interactions != 4 || !r.LastContact.Equal(hday(360)) {
		t.Fatalf("relationship after the worked example: %+v, want trust %.15g learned, 4 interactions, last contact day 360", r, want)
	}
	h := mustHistory(t, s, "e1", "c1")
	wantSame(t, "history", h, graph.History{A: "c1", B: "e1", LearnedTrust: &r.Trust, Events: []graph.Event{
		{At: hday(0), Kind: graph.EventEmail, ByA: false},
		{At: hday(180), Kind: graph.EventEmail, ByA: false},
		{At: hday(180), Kind: graph.EventEmail, ByA: true},
		{At: hday(360), Kind: graph.InteractionMeeting, ByA: false},
	}})
	wantSame(t, "counts", h.Counts(), map[string]graph.EndCounts{graph.EventEmail: {A: 1, B: 2}, graph.InteractionMeeting: {B: 1}})
	if empty := mustHistory(t, s, "e1", "c9"); len(empty.Events) != 0 || empty.LearnedTrust != nil {
		t.Errorf("the history of no relationship: %+v", empty)
	}
}

// A declared trust routes while the history learns beside it; the
// relationship's setting (trust source learned) lets the learned one route.
func testHistoryDeclaredAuthoritative(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1")
	mustPutRelationship(t, s, rel("e1", "c1", 0.9))
	recordWorkedExample(t, s)
	learned := mustHistory(t, s, "c1", "e1").LearnedTrust
	if r := mustRelationship(t, s, "e1", "c1"); r.Trust != 0.9 || r.TrustSource != graph.TrustDeclared || learned == nil {
		t.Fatalf("declared 0.9 after interactions: %+v, learned %v", r, learned)
	}
	toLearned := rel("e1", "c1", 0.9)
	toLearned.TrustSource = graph.TrustLearned
	mustPutRelationship(t, s, toLearned)
	if r := mustRelationship(t, s, "e1", "c1"); r.Trust != *learned || r.TrustSource != graph.TrustLearned || r.Interactions != 4 {
		t.Fatalf("with the learned trust routing: %+v, want trust %v", r, *learned)
	}
	// A new interaction learns anew and routes at once.
	m := graph.DefaultTrustModel()
	r, _, err := s.RecordInteraction(t.Context(), graph.Interaction{A: "e1", B: "c1", At: hday(361), Kind: graph.InteractionCall}, m)
	if err != nil {
		t.Fatal(err)
	}
	if h := mustHistory(t, s, "e1", "c1"); r.Trust != *h.LearnedTrust || r.Trust <= *learned {
		t.Fatalf("after a call: trust %v, learned %v (was %v)", r.Trust, *h.LearnedTrust, *learned)
	}
	mustPutRelationship(t, s, rel("e1", "c1", 0.7))
	if r := mustRelationship(t, s, "e1", "c1"); r.Trust != 0.7 || r.TrustSource != graph.TrustDeclared || len(mustHistory(t, s, "e1", "c1").Events) != 5 {
		t.Fatalf("declared again: %+v", r)
	}
}

// A campaign adds to a relationship that exists and never makes one.
func testHistoryCampaignNeverCreates(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1", "c2")
	mustPutRelationship(t, s, rel("e1", "c1", 0.6))
	m := graph.DefaultTrustModel()
	before := Dump(t, s)
	_, _, err := s.RecordInteraction(t.Context(), graph.Interaction{A: "e1", B: "c2", At: hday(1), Kind: graph.InteractionCampaign}, m)
	wantCode(t, "a campaign without a relationship", err, graph.ENOTFOUND)
	items := []graph.CapturedItem{
		{Key: graph.CaptureKey("campaign", "k1"), Interactions: []graph.Interaction{{A: "e1", B: "c2", At: hday(1), Kind: graph.InteractionCampaign}}},
		{Key: graph.CaptureKey("campaign", "k2"), Interactions: []graph.Interaction{{A: "e1", B: "gone", At: hday(1), Kind: graph.InteractionCampaign}}},
	}
	if _, err := s.RecordCaptured(t.Context(), items, m); err != nil {
		t.Fatalf("campaign items without relationships: %v", err)
	}
	if after := Dump(t, s); after != before {
		t.Fatalf("a campaign made a relationship:\n%s\nwant\n%s", after, before)
	}
	items = []graph.CapturedItem{{Key: graph.CaptureKey("campaign", "k3"), Interactions: []graph.Interaction{{A: "e1", B: "c1", At: hday(2), Kind: graph.InteractionCampaign}}}}
	if _, err := s.RecordCaptured(t.Context(), items, m); err != nil {
		t.Fatal(err)
	}
	r, h := mustRelationship(t, s, "e1", "c1"), mustHistory(t, s, "e1", "c1")
	if r.Interactions != 1 || r.Trust != 0.6 || len(h.Events) != 1 || h.Events[0].Kind != graph.InteractionCampaign || h.Events[0].ByA {
		t.Fatalf("a campaign on a relationship: %+v, history %+v", r, h)
	}
}

// Deleting a relationship or a person deletes the history: a relationship
// made again starts without one.
func testHistoryGoesWithRelationship(t *testing.T, s graph.Store) {
	ctx := t.Context()
	mustPersons(t, s, "e1", "c1")
	recordWorkedExample(t, s)
	if err := s.DeleteRelationship(ctx, "c1", "e1"); err != nil {
		t.Fatal(err)
	}
	mustPutRelationship(t, s, rel("e1", "c1", 0.5))
	if h := mustHistory(t, s, "e1", "c1"); len(h.Events) != 0 || h.LearnedTrust != nil {
		t.Fatalf("history after delete and put: %+v", h)
	}
	recordWorkedExample(t, s)
	if err := s.DeleteCustomer(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	mustPersons(t, s, "c1")
	mustPutRelationship(t, s, rel("e1", "c1", 0.5))
	if h := mustHistory(t, s, "e1", "c1"); len(h.Events) != 0 {
		t.Fatalf("history after the customer was erased: %+v", h)
	}
}

// A batch replaces declared fields and keeps the history; a batch row may
// let the learned trust route.
func testHistoryBatchKeeps(t *testing.T, s graph.Store) {
	mustPersons(t, s, "e1", "c1", "c2")
	recordWorkedExample(t, s)
	before := mustHistory(t, s, "e1", "c1")
	declared := rel("c1", "e1", 0.8)
	learned := rel("c2", "e1", 0.3)
	learned.TrustSource = graph.TrustLearned
	if _, err := s.Batch(t.Context(), graph.Batch{Relationships: []graph.Relationship{declared, learned}}); err != nil {
		t.Fatal(err)
	}
	wantSame(t, "history after a batch", mustHistory(t, s, "e1", "c1"), before)
	if r := mustRelationship(t, s, "e1", "c1"); r.Trust != 0.8 || r.Interactions != 4 {
		t.Fatalf("declared by a batch: %+v", r)
	}
	// Learned, but nothing learned yet: the given trust routes until then.
	if r := mustRelationship(t, s, "e1", "c2"); r.Trust != 0.3 || r.TrustSource != graph.TrustLearned {
		t.Fatalf("learned without a history: %+v", r)
	}
	toLearned := declared
	toLearned.TrustSource = graph.TrustLearned
	if _, err := s.Batch(t.Context(), graph.Batch{Relationships: []graph.Relationship{toLearned}}); err != nil {
		t.Fatal(err)
	}
	if r := mustRelationship(t, s, "e1", "c1"); r.Trust != *before.LearnedTrust {
		t.Fatalf("learned by a batch: trust %v, want %v", r.Trust, *before.LearnedTrust)
	}
}
