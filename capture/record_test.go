package capture

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
	"github.com/contactgraph/contactgraph/seed"
)

// onEveryStore runs fn on a fresh embedded store and, with NEO4J_TEST_URI,
// on the Neo4j test database.
func onEveryStore(t *testing.T, fn func(t *testing.T, s graph.Store)) {
	t.Run("embedded", func(t *testing.T) {
		s, err := embedded.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		fn(t, s)
	})
	t.Run("neo4j", func(t *testing.T) { fn(t, neo4jtest.Open(t)) })
}

// fixture: two employees, both with capture on, and two customers whose
// emails the test data uses, stored in other cases than the files write
// them.
func fixture(t *testing.T, s graph.Store) {
	t.Helper()
	_, err := s.Batch(t.Context(), graph.Batch{
		Employees: []graph.Employee{
			{ID: "e-anna", Name: "Anna Berg", Email: "anna.berg@nordwerk.example", Active: true, Sender: true, Broker: true, Capture: true},
			{ID: "e-ben", Name: "Ben Hof", Email: "Ben.Hof@Nordwerk.example", Active: true, Sender: true, Broker: true, Capture: true},
		},
		Customers: []graph.Customer{
			{ID: "c-carla", Name: "Carla Kunde", Email: "carla@kunde.example"},
			{ID: "c-dieter", Name: "Dieter Kunde", Email: "DIETER@kunde.example"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

var testFiles = []string{"testdata/mail.mbox", "testdata/single.eml", "testdata/calendar.ics"}

var testUntil = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)

func captureFiles(t *testing.T, s graph.Store, consent []string, batch int) Summary {
	t.Helper()
	ctx := t.Context()
	dir, err := LoadDirectory(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	c, err := dir.Consent(ctx, s, consent)
	if err != nil {
		t.Fatal(err)
	}
	r := &Recorder{Store: s, Dir: dir, Consent: c, Until: testUntil, Model: graph.DefaultTrustModel(), BatchSize: batch}
	for _, p := range testFiles {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Read(ctx, filepath.Base(p), f, Options{Until: testUntil})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if err := r.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return r.Summary
}

func export(t *testing.T, s graph.Store) map[string][]byte {
	t.Helper()
	var mem seed.MemFiles
	if _, err := seed.Export(context.Background(), s, mem.Create, seed.ExportOptions{IncludePrivate: true}); err != nil {
		t.Fatal(err)
	}
	return mem.Bytes()
}

func utc(s string) *time.Time { t := at(s); return &t }

// The ground truth of capturing the three test files with Anna's and Ben's
// consent, worked out by hand from make_mail.py and calendar.ics.
func TestCaptureGroundTruth(t *testing.T) {
	onEveryStore(t, func(t *testing.T, s graph.Store) {
		fixture(t, s)
		sum := captureFiles(t, s, []string{"e-anna", "BEN.HOF@nordwerk.example"}, 3)
		want := Summary{Files: 3, Items: 16, Recorded: 11, Interactions: 15, Duplicates: 1, Bulk: 3, Cancelled: 1,
			DeclinedAttendees: 1, UnknownAddresses: 1, Skipped: 4, SkippedReasons: []ItemError{
				{Item: "mail.mbox: message 7", Reason: "no Message-ID (it is the key that makes a re-import change nothing)"},
				{Item: "mail.mbox: message 8", Reason: `message "msg8@nordwerk.example": malformed Date`},
				{Item: "calendar.ics: event 5", Reason: `UID "baddate-4@nordwerk.example": malformed DTSTART`},
				{Item: "calendar.ics: event 6", Reason: `UID "secondly-5@nordwerk.example": RRULE FREQ finer than HOURLY`},
			}}
		if !reflect.DeepEqual(sum, want) {
			t.Errorf("summary\n got %+v\nwant %+v", sum, want)
		}
		// The learned trusts, worked out apart from the Go code (the default
		// model of docs/capture.md, in Python's floats).
		rel := func(a, b string, n int, last string, trust float64) graph.Relationship {
			return graph.Relationship{A: a, B: b, Trust: trust, LastContact: utc(last), Visibility: graph.Public,
				Source: graph.SourceInteraction, Interactions: n, TrustSource: graph.TrustLearned}
		}
		wantRels := []graph.Relationship{
			rel("c-carla", "c-dieter", 1, "2026-03-08T11:00:00Z", 0.04877057549928599), // msg10
			rel("c-carla", "e-anna", 4, "2026-03-10T10:00:00Z", 0.4049785913930677),    // msg1, msg2, msg10, single-1
			rel("c-carla", "e-ben", 2, "2026-03-10T10:00:00Z", 0.29439625282453075),    // msg2 (Cc), single-1
			rel("c-dieter", "e-ben", 6, "2026-03-30T07:00:00Z", 0.7356786023276963),    // msg11, eml12, four weekly occurrences
			rel("e-anna", "e-ben", 2, "2026-03-10T10:00:00Z", 0.29494345622015206),     // msg9, single-1
		}
		got, err := s.Ties(t.Context(), []string{"e-anna", "e-ben", "c-carla", "c-dieter"})
		if err != nil {
			t.Fatal(err)
		}
		sortRels(got)
		if len(got) != len(wantRels) {
			t.Fatalf("relationships\n got %s\nwant %s", jsonOf(got), jsonOf(wantRels))
		}
		for i := range got {
			w := wantRels[i]
			if math.Abs(got[i].Trust-w.Trust) > 1e-12 {
				t.Errorf("%s–%s: learned trust %.17g, want %.17g", w.A, w.B, got[i].Trust, w.Trust)
			}
			w.Trust = got[i].Trust
			if !reflect.DeepEqual(got[i], w) {
				t.Errorf("relationship\n got %s\nwant %s", jsonOf(got[i]), jsonOf(w))
			}
		}
		ev := func(at, kind string, byA bool) graph.Event { return graph.Event{At: *utc(at), Kind: kind, ByA: byA} }
		wantEvents := map[[2]string][]graph.Event{
			{"c-carla", "c-dieter"}: {ev("2026-03-08T11:00:00Z", "email", true)},
			{"c-carla", "e-anna"}: {ev("2026-03-02T08:15:00Z", "email", false), ev("2026-03-03T14:00:00Z", "email", true),
				ev("2026-03-08T11:00:00Z", "email", true), ev("2026-03-10T10:00:00Z", "meeting", false)},
			{"c-carla", "e-ben"}: {ev("2026-03-03T14:00:00Z", "email", true), ev("2026-03-10T10:00:00Z", "meeting", true)},
			{"c-dieter", "e-ben"}: {ev("2026-03-02T08:00:00Z", "meeting", false), ev("2026-03-09T12:00:00Z", "email", false),
				ev("2026-03-11T07:45:00Z", "email", true), ev("2026-03-16T13:00:00Z", "meeting", false),
				ev("2026-03-23T08:00:00Z", "meeting", false), ev("2026-03-30T07:00:00Z", "meeting", false)},
			{"e-anna", "e-ben"}: {ev("2026-03-07T16:30:00Z", "email", false), ev("2026-03-10T10:00:00Z", "meeting", true)},
		}
		for p, want := range wantEvents {
			hs, err := s.Histories(t.Context(), [][2]string{p})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(hs[0].Events, want) {
				t.Errorf("%s–%s: events\n got %s\nwant %s", p[0], p[1], jsonOf(hs[0].Events), jsonOf(want))
			}
		}
		if n, err := s.CapturedCount(t.Context()); err != nil || n != 11 {
			t.Errorf("CapturedCount = %d, %v; want 11", n, err)
		}

		// Capturing the same files again changes nothing, byte for byte.
		before := export(t, s)
		again := captureFiles(t, s, nil, 0) // everyone with capture on
		if again.Recorded != 0 || again.Interactions != 0 || again.Duplicates != 12 {
			t.Errorf("again: %+v, want 12 duplicates and nothing recorded", again)
		}
		if after := export(t, s); !reflect.DeepEqual(after, before) {
			t.Errorf("re-capture changed the export")
		}
		if n, _ := s.CapturedCount(t.Context()); n != 11 {
			t.Errorf("CapturedCount after re-capture = %d, want 11", n)
		}
	})
}

// Without Ben's consent nothing of his is recorded: not his mail, not his
// meetings, not the customers' ties to him. Turning it on later captures
// his items; Anna's stay captured once.
func TestCaptureConsent(t *testing.T) {
	onEveryStore(t, func(t *testing.T, s graph.Store) {
		fixture(t, s)
		setCapture(t, s, "e-ben", false)
		sum := captureFiles(t, s, nil, 100)
		if sum.Recorded != 4 || sum.Interactions != 5 || sum.NoConsent != 7 {
			t.Errorf("summary %+v, want 4 recorded (msg1, msg2, msg10, single-1), 5 interactions, 7 without consent", sum)
		}
		got, err := s.Ties(t.Context(), []string{"e-ben"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("Ben has ties %s, want none", jsonOf(got))
		}
		setCapture(t, s, "e-ben", true)
		later := captureFiles(t, s, nil, 100)
		if later.Recorded != 7 || later.Duplicates != 5 {
			t.Errorf("later: %+v, want 7 recorded, 5 duplicates", later)
		}
	})
	t.Run("a list restricts", func(t *testing.T) {
		s, err := embedded.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		fixture(t, s)
		sum := captureFiles(t, s, []string{"anna.berg@nordwerk.example"}, 100)
		if sum.Recorded != 4 || sum.NoConsent != 7 {
			t.Errorf("only Anna: %+v, want 4 recorded, 7 without consent", sum)
		}
	})
	t.Run("refused", func(t *testing.T) {
		s, err := embedded.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		fixture(t, s)
		setCapture(t, s, "e-ben", false)
		dir, _ := LoadDirectory(t.Context(), s)
		for _, list := range [][]string{{"c-carla"}, {"nobody@x.example"}, {"e-ben"}, {"ben.hof@nordwerk.example"}} {
			if _, err := dir.Consent(t.Context(), s, list); graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("consent %v: %v, want EINVALID", list, err)
			}
		}
		setCapture(t, s, "e-anna", false)
		dir, _ = LoadDirectory(t.Context(), s)
		if _, err := dir.Consent(t.Context(), s, nil); err == nil || !strings.Contains(err.Error(), "no employee has turned capture on") {
			t.Errorf("nobody consents: %v", err)
		}
	})
}

func setCapture(t *testing.T, s graph.Store, id string, on bool) {
	t.Helper()
	e, err := s.Employee(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	e.Capture = on
	if _, err := s.PutEmployee(t.Context(), e); err != nil {
		t.Fatal(err)
	}
}

func sortRels(rs []graph.Relationship) {
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			if rs[j].A < rs[i].A || rs[j].A == rs[i].A && rs[j].B < rs[i].B {
				rs[i], rs[j] = rs[j], rs[i]
			}
		}
	}
}

func jsonOf(v any) string {
	var b bytes.Buffer
	for _, r := range v.([]graph.Relationship) {
		b.WriteString("\n  " + r.A + "–" + r.B + " n=" + itoa(r.Interactions) + " last=" + r.LastContact.Format(time.RFC3339))
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
