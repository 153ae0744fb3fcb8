package storetest

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var introductionTests = []storeTest{
	{"CreateAndRead", testIntroductionCreateAndRead},
	{"Validation", testIntroductionValidation},
	{"Update", testIntroductionUpdate},
	{"ConcurrentUpdates", testIntroductionConcurrentUpdates},
	{"ListAndDelete", testIntroductionListAndDelete},
}

func introduction(id, customer, via, requester string) graph.Introduction {
	return graph.Introduction{
		ID: id, Customer: customer, Via: via, Requester: requester, RequestedBy: "am-key-1",
		Note: "Could you introduce me?\nWe meet at the fair.", State: graph.IntroductionRequested,
		CreatedAt: time.Date(2026, 12, 1, 10, 15, 30, 123_000_000, time.FixedZone("CET", 3600)),
	}
}

// sameIntroduction compares what a store returned with what was stored:
// times equal and in UTC.
func sameIntroduction(t *testing.T, what string, got, want graph.Introduction) {
	t.Helper()
	norm := func(in graph.Introduction) string {
		s := func(p *time.Time) string {
			if p == nil {
				return "nil"
			}
			return p.UTC().Format(time.RFC3339Nano)
		}
		return fmt.Sprintf("%s|%s|%s|%s|%s|%q|%s|%q|%s|%s|%s|%d", in.ID, in.Customer, in.Via, in.Requester, in.RequestedBy,
			in.Note, in.State, in.Message, in.CreatedAt.UTC().Format(time.RFC3339Nano), s(in.AnsweredAt), s(in.DoneAt), in.Revision)
	}
	if norm(got) != norm(want) {
		t.Errorf("%s:\n got %s\nwant %s", what, norm(got), norm(want))
	}
	for _, p := range []*time.Time{&got.CreatedAt, got.AnsweredAt, got.DoneAt} {
		if p != nil && p.Location() != time.UTC {
			t.Errorf("%s: a time in %v, want UTC", what, p.Location())
		}
	}
}

func testIntroductionCreateAndRead(t *testing.T, s graph.Store) {
	ctx := t.Context()
	in := introduction("int-1", "c1", "e1", "e2")
	if err := s.CreateIntroduction(ctx, in); err != nil {
		t.Fatalf("CreateIntroduction: %v", err)
	}
	want := in
	want.Revision = 1
	got, err := s.Introduction(ctx, "int-1")
	if err != nil {
		t.Fatalf("Introduction: %v", err)
	}
	sameIntroduction(t, "read back", got, want)
	again := introduction("int-1", "c2", "e1", "e2")
	wantCode(t, "a taken id", s.CreateIntroduction(ctx, again), graph.ECONFLICT)
	got, _ = s.Introduction(ctx, "int-1")
	sameIntroduction(t, "after the refused create", got, want)
	_, err = s.Introduction(ctx, "int-none")
	wantCode(t, "unknown introduction", err, graph.ENOTFOUND)
	// Without note, message or requester key: empty, not missing.
	bare := introduction("int-2", "c1", "e1", "e2")
	bare.Note, bare.RequestedBy = "", ""
	if err := s.CreateIntroduction(ctx, bare); err != nil {
		t.Fatalf("CreateIntroduction bare: %v", err)
	}
	bare.Revision = 1
	got, _ = s.Introduction(ctx, "int-2")
	sameIntroduction(t, "bare", got, bare)
}

func testIntroductionValidation(t *testing.T, s graph.Store) {
	ctx := t.Context()
	now := time.Now()
	for name, change := range map[string]func(*graph.Introduction){
		"id":           func(in *graph.Introduction) { in.ID = "" },
		"customer":     func(in *graph.Introduction) { in.Customer = "bad id" },
		"via":          func(in *graph.Introduction) { in.Via = "" },
		"requester":    func(in *graph.Introduction) { in.Requester = "" },
		"via is self":  func(in *graph.Introduction) { in.Via = in.Requester },
		"state":        func(in *graph.Introduction) { in.State = "open" },
		"answeredAt":   func(in *graph.Introduction) { in.State = graph.IntroductionAccepted },
		"doneAt":       func(in *graph.Introduction) { in.State, in.AnsweredAt = graph.IntroductionDone, &now },
		"long note":    func(in *graph.Introduction) { in.Note = strings.Repeat("x", graph.MaxIntroductionText+1) },
		"control note": func(in *graph.Introduction) { in.Message = "a\x00b" },
		"createdAt":    func(in *graph.Introduction) { in.CreatedAt = time.Time{} },
	} {
		in := introduction("int-bad", "c1", "e1", "e2")
		change(&in)
		wantCode(t, name, s.CreateIntroduction(ctx, in), graph.EINVALID)
	}
	page, err := s.Introductions(ctx, graph.IntroductionQuery{})
	if err != nil {
		t.Fatalf("Introductions: %v", err)
	}
	if len(page.Items) != 0 {
		t.Errorf("refused introductions were stored: %v", page.Items)
	}
}

func testIntroductionUpdate(t *testing.T, s graph.Store) {
	ctx := t.Context()
	in := introduction("int-1", "c1", "e1", "e2")
	if err := s.CreateIntroduction(ctx, in); err != nil {
		t.Fatalf("CreateIntroduction: %v", err)
	}
	answered := time.Date(2026, 12, 2, 8, 0, 0, 0, time.FixedZone("X", -7200))
	in.Revision, in.State, in.Message, in.AnsweredAt = 1, graph.IntroductionAccepted, "Gladly: Thursday.", &answered
	if err := s.UpdateIntroduction(ctx, in); err != nil {
		t.Fatalf("UpdateIntroduction: %v", err)
	}
	want := in
	want.Revision = 2
	got, err := s.Introduction(ctx, "int-1")
	if err != nil {
		t.Fatalf("Introduction: %v", err)
	}
	sameIntroduction(t, "accepted", got, want)
	stale := in // still revision 1
	stale.Message = "stale"
	wantCode(t, "a stale revision", s.UpdateIntroduction(ctx, stale), graph.ECONFLICT)
	done := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	next := got
	next.State, next.DoneAt = graph.IntroductionDone, &done
	if err := s.UpdateIntroduction(ctx, next); err != nil {
		t.Fatalf("UpdateIntroduction done: %v", err)
	}
	next.Revision = 3
	got, _ = s.Introduction(ctx, "int-1")
	sameIntroduction(t, "done", got, next)
	missing := introduction("int-none", "c1", "e1", "e2")
	missing.Revision = 1
	wantCode(t, "an unknown introduction", s.UpdateIntroduction(ctx, missing), graph.ENOTFOUND)
	bad := got
	bad.State = "gone"
	wantCode(t, "a bad state", s.UpdateIntroduction(ctx, bad), graph.EINVALID)
}

// Of several updates of one revision at once exactly one wins: a broker's
// accept and decline never both take effect.
func testIntroductionConcurrentUpdates(t *testing.T, s graph.Store) {
	ctx := t.Context()
	if err := s.CreateIntroduction(ctx, introduction("int-1", "c1", "e1", "e2")); err != nil {
		t.Fatalf("CreateIntroduction: %v", err)
	}
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			in := introduction("int-1", "c1", "e1", "e2")
			now := time.Now()
			in.Revision, in.State, in.AnsweredAt, in.Message = 1, graph.IntroductionAccepted, &now, fmt.Sprintf("writer %d", i)
			errs[i] = s.UpdateIntroduction(ctx, in)
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch graph.ErrorCode(err) {
		case "":
			if won >= 0 {
				t.Fatalf("writers %d and %d both updated revision 1", won, i)
			}
			won = i
		case graph.ECONFLICT:
		default:
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	got, err := s.Introduction(ctx, "int-1")
	if err != nil || won < 0 {
		t.Fatalf("Introduction: %v (winner %d)", err, won)
	}
	if want := fmt.Sprintf("writer %d", won); got.Message != want || got.Revision != 2 {
		t.Errorf("stored %q at revision %d, want %q at 2", got.Message, got.Revision, want)
	}
}

func testIntroductionListAndDelete(t *testing.T, s graph.Store) {
	ctx := t.Context()
	rows := []struct{ customer, via, requester string }{
		{"c1", "e1", "e2"}, {"c2", "e1", "e3"}, {"c1", "e3", "e2"}, {"c3", "e1", "e2"}, {"c1", "e1", "e3"},
	}
	for i, r := range rows {
		if err := s.CreateIntroduction(ctx, introduction(fmt.Sprintf("int-%d", i+1), r.customer, r.via, r.requester)); err != nil {
			t.Fatalf("CreateIntroduction: %v", err)
		}
	}
	walk := func(q graph.IntroductionQuery) (ids []string, pages int) {
		t.Helper()
		for {
			page, err := s.Introductions(ctx, q)
			if err != nil {
				t.Fatalf("Introductions(%+v): %v", q, err)
			}
			pages++
			for _, in := range page.Items {
				var i int
				fmt.Sscanf(in.ID, "int-%d", &i)
				want := introduction(in.ID, rows[i-1].customer, rows[i-1].via, rows[i-1].requester)
				want.Revision = 1
				sameIntroduction(t, "listed "+in.ID, in, want)
				ids = append(ids, in.ID)
			}
			if page.Next == "" {
				return ids, pages
			}
			q.After = page.Next
		}
	}
	check := func(what string, q graph.IntroductionQuery, want ...string) {
		t.Helper()
		ids, _ := walk(q)
		if !reflect.DeepEqual(ids, want) && (len(ids) != 0 || len(want) != 0) {
			t.Errorf("%s: %v, want %v", what, ids, want)
		}
	}
	check("all", graph.IntroductionQuery{}, "int-5", "int-4", "int-3", "int-2", "int-1")
	if ids, pages := walk(graph.IntroductionQuery{Limit: 2}); len(ids) != 5 || pages != 3 {
		t.Errorf("pages of two: %v in %d pages, want 5 in 3", ids, pages)
	}
	check("via e1", graph.IntroductionQuery{Via: "e1"}, "int-5", "int-4", "int-2", "int-1")
	check("by e2", graph.IntroductionQuery{Requester: "e2", Limit: 1}, "int-4", "int-3", "int-1")
	check("of c1 via e1", graph.IntroductionQuery{Customer: "c1", Via: "e1"}, "int-5", "int-1")
	check("of c1 via e1 by e2", graph.IntroductionQuery{Customer: "c1", Via: "e1", Requester: "e2"}, "int-1")
	check("after int-3", graph.IntroductionQuery{After: "int-3"}, "int-2", "int-1")
	check("of nobody", graph.IntroductionQuery{Customer: "c9"})

	if err := s.DeleteIntroduction(ctx, "int-3"); err != nil {
		t.Fatalf("DeleteIntroduction: %v", err)
	}
	wantCode(t, "deleted again", s.DeleteIntroduction(ctx, "int-3"), graph.ENOTFOUND)
	_, err := s.Introduction(ctx, "int-3")
	wantCode(t, "read after delete", err, graph.ENOTFOUND)
	check("after the delete", graph.IntroductionQuery{}, "int-5", "int-4", "int-2", "int-1")
}
