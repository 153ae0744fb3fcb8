package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

var outboxTests = []storeTest{
	{"QueueTwiceAddsOnce", testQueueTwice},
	{"ClaimMarkAndRetry", testClaimMarkRetry},
	{"MarkNeedsTheStateItRead", testMarkFrom},
	{"ReleaseAfterCrash", testReleaseLetters},
	{"PagesAndCounts", testLetterPages},
	{"CampaignsApart", testOutboxCampaignsApart},
	{"InvalidLetters", testInvalidLetters},
	{"ConcurrentMarksOneWins", testConcurrentMarks},
	{"ForgetACustomersLetters", testForgetLetters},
}

func queueN(t *testing.T, s graph.Store, campaign string, n int) []graph.Letter {
	t.Helper()
	ls := make([]graph.Letter, n)
	for i := range ls {
		ls[i] = graph.Letter{Customer: fmt.Sprintf("c%04d", i), Sender: "e1", MessageID: fmt.Sprintf("m%d@x.example", i)}
	}
	added, err := s.QueueLetters(t.Context(), campaign, ls)
	if err != nil || added != n {
		t.Fatalf("QueueLetters(%d) = %d, %v", n, added, err)
	}
	return ls
}

func mustClaim(t *testing.T, s graph.Store, campaign string, now time.Time, n int) []graph.Letter {
	t.Helper()
	got, err := s.ClaimLetters(t.Context(), campaign, now, n)
	if err != nil {
		t.Fatalf("ClaimLetters: %v", err)
	}
	return got
}

func customers(ls []graph.Letter) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Customer
	}
	return out
}

func wantCounts(t *testing.T, s graph.Store, campaign string, want map[string]int) {
	t.Helper()
	got, err := s.LetterCounts(t.Context(), campaign)
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "counts of "+campaign, got, want)
}

// Queueing again keeps what is there: a delivery that queues its letters
// once more after a restart loses no state.
func testQueueTwice(t *testing.T, s graph.Store) {
	ctx := t.Context()
	queueN(t, s, "cmp-1", 3)
	claimed := mustClaim(t, s, "cmp-1", time.Now(), 1)
	again := []graph.Letter{{Customer: "c0000", Sender: "other"}, {Customer: "c0003", Sender: "e2", MessageID: "m3@x.example"}}
	added, err := s.QueueLetters(ctx, "cmp-1", again)
	if err != nil || added != 1 {
		t.Fatalf("QueueLetters again = %d, %v; want 1 added", added, err)
	}
	page, err := s.Letters(ctx, graph.LetterQuery{Campaign: "cmp-1"})
	if err != nil {
		t.Fatal(err)
	}
	first := page.Items[0]
	if first.Customer != "c0000" || first.State != graph.LetterSending || first.Sender != "e1" || first.Attempts != 1 ||
		first.MessageID != "m0@x.example" || claimed[0].Customer != "c0000" {
		t.Errorf("c0000 after queueing again: %+v", first)
	}
	wantCounts(t, s, "cmp-1", map[string]int{graph.LetterQueued: 3, graph.LetterSending: 1})
}

func testClaimMarkRetry(t *testing.T, s graph.Store) {
	ctx := t.Context()
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	queueN(t, s, "cmp-1", 5)
	got := mustClaim(t, s, "cmp-1", now, 2)
	wantIDs(t, "first claim", customers(got), []string{"c0000", "c0001"})
	if got[0].State != graph.LetterSending || got[0].Attempts != 1 || got[0].Campaign != "cmp-1" || got[0].MessageID != "m0@x.example" {
		t.Errorf("claimed %+v", got[0])
	}
	sent := got[0]
	sent.State, sent.SentAt = graph.LetterSent, now.Add(time.Second)
	if err := s.MarkLetter(ctx, sent, graph.LetterSending); err != nil {
		t.Fatal(err)
	}
	retry := got[1]
	retry.State, retry.NextAt, retry.Reason = graph.LetterRetry, now.Add(time.Minute), "451 4.3.0 try again later"
	if err := s.MarkLetter(ctx, retry, graph.LetterSending); err != nil {
		t.Fatal(err)
	}
	// The retry is not due yet: the next claim takes the next queued ones.
	wantIDs(t, "second claim", customers(mustClaim(t, s, "cmp-1", now.Add(30*time.Second), 10)), []string{"c0002", "c0003", "c0004"})
	wantIDs(t, "nothing due", customers(mustClaim(t, s, "cmp-1", now.Add(59*time.Second), 10)), []string{})
	again := mustClaim(t, s, "cmp-1", now.Add(time.Minute), 10)
	wantIDs(t, "retry due", customers(again), []string{"c0001"})
	if again[0].Attempts != 2 || again[0].Reason != "451 4.3.0 try again later" {
		t.Errorf("retried letter %+v", again[0])
	}
	failed := again[0]
	failed.State, failed.Reason, failed.NextAt = graph.LetterFailed, "550 5.1.1 no such user", time.Time{}
	if err := s.MarkLetter(ctx, failed, graph.LetterSending); err != nil {
		t.Fatal(err)
	}
	page, err := s.Letters(ctx, graph.LetterQuery{Campaign: "cmp-1", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if l := page.Items[0]; l.State != graph.LetterSent || !l.SentAt.Equal(now.Add(time.Second)) || l.SentAt.Location() != time.UTC {
		t.Errorf("sent letter %+v", l)
	}
	if l := page.Items[1]; l.State != graph.LetterFailed || l.Reason != "550 5.1.1 no such user" || !l.NextAt.IsZero() {
		t.Errorf("failed letter %+v", l)
	}
	wantCounts(t, s, "cmp-1", map[string]int{graph.LetterSent: 1, graph.LetterFailed: 1, graph.LetterSending: 3})
}

func testMarkFrom(t *testing.T, s graph.Store) {
	ctx := t.Context()
	queueN(t, s, "cmp-1", 1)
	l := mustClaim(t, s, "cmp-1", time.Now(), 1)[0]
	l.State, l.SentAt = graph.LetterSent, time.Now()
	wantCode(t, "mark from queued", s.MarkLetter(ctx, l, graph.LetterQueued), graph.ECONFLICT)
	if err := s.MarkLetter(ctx, l, graph.LetterSending); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "mark twice", s.MarkLetter(ctx, l, graph.LetterSending), graph.ECONFLICT)
	// A sent letter the server refused after all goes back to retry.
	l.State, l.NextAt = graph.LetterRetry, time.Now()
	if err := s.MarkLetter(ctx, l, graph.LetterSent); err != nil {
		t.Errorf("sent → retry: %v", err)
	}
	wantCode(t, "unknown letter", s.MarkLetter(ctx, graph.Letter{Campaign: "cmp-1", Customer: "nobody", State: graph.LetterSent}, graph.LetterSending), graph.ENOTFOUND)
	wantCounts(t, s, "cmp-1", map[string]int{graph.LetterRetry: 1})
}

func testReleaseLetters(t *testing.T, s graph.Store) {
	ctx := t.Context()
	queueN(t, s, "cmp-1", 4)
	queueN(t, s, "cmp-2", 1)
	claimed := mustClaim(t, s, "cmp-1", time.Now(), 3)
	mustClaim(t, s, "cmp-2", time.Now(), 1)
	sent := claimed[0]
	sent.State = graph.LetterSent
	if err := s.MarkLetter(ctx, sent, graph.LetterSending); err != nil {
		t.Fatal(err)
	}
	n, err := s.ReleaseLetters(ctx, "cmp-1")
	if err != nil || n != 2 {
		t.Fatalf("ReleaseLetters = %d, %v; want 2", n, err)
	}
	wantCounts(t, s, "cmp-1", map[string]int{graph.LetterQueued: 3, graph.LetterSent: 1})
	wantCounts(t, s, "cmp-2", map[string]int{graph.LetterSending: 1})
	again := mustClaim(t, s, "cmp-1", time.Now(), 10)
	wantIDs(t, "claim after release", customers(again), []string{"c0001", "c0002", "c0003"})
	if again[0].Attempts != 2 {
		t.Errorf("a released letter claimed again has %d attempts, want 2", again[0].Attempts)
	}
}

func testLetterPages(t *testing.T, s graph.Store) {
	ctx := t.Context()
	queueN(t, s, "cmp-1", 7)
	for _, l := range mustClaim(t, s, "cmp-1", time.Now(), 3) {
		l.State = graph.LetterSent
		if err := s.MarkLetter(ctx, l, graph.LetterSending); err != nil {
			t.Fatal(err)
		}
	}
	var all []string
	q := graph.LetterQuery{Campaign: "cmp-1", Limit: 3}
	for pages := 0; ; pages++ {
		page, err := s.Letters(ctx, q)
		if err != nil || pages > 5 {
			t.Fatalf("Letters: %v (page %d)", err, pages)
		}
		all = append(all, customers(page.Items)...)
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	wantIDs(t, "all pages", all, []string{"c0000", "c0001", "c0002", "c0003", "c0004", "c0005", "c0006"})
	page, err := s.Letters(ctx, graph.LetterQuery{Campaign: "cmp-1", State: graph.LetterQueued, Limit: 4})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "queued only", customers(page.Items), []string{"c0003", "c0004", "c0005", "c0006"})
	if page.Next != "" {
		t.Errorf("Next %q after the last queued letter", page.Next)
	}
	wantCounts(t, s, "cmp-9", map[string]int{})
}

func testOutboxCampaignsApart(t *testing.T, s graph.Store) {
	// "cmp-1" is a prefix of "cmp-10": their letters must not mix.
	queueN(t, s, "cmp-1", 2)
	queueN(t, s, "cmp-10", 3)
	wantIDs(t, "claim cmp-1", customers(mustClaim(t, s, "cmp-1", time.Now(), 10)), []string{"c0000", "c0001"})
	wantCounts(t, s, "cmp-10", map[string]int{graph.LetterQueued: 3})
}

func testInvalidLetters(t *testing.T, s graph.Store) {
	ctx := t.Context()
	_, err := s.QueueLetters(ctx, "cmp-1", []graph.Letter{{Customer: "c1"}, {Customer: "bad id"}})
	wantInvalid(t, "an invalid customer id", err, "letters[1].customer")
	_, err = s.QueueLetters(ctx, "cmp-1", []graph.Letter{{Campaign: "cmp-2", Customer: "c1"}})
	wantInvalid(t, "another campaign's letter", err, "letters[0].campaign")
	wantCounts(t, s, "cmp-1", map[string]int{})
}

// Two marks of one letter from the same state: exactly one wins.
func testConcurrentMarks(t *testing.T, s graph.Store) {
	ctx := t.Context()
	queueN(t, s, "cmp-1", 1)
	l := mustClaim(t, s, "cmp-1", time.Now(), 1)[0]
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := l
			m.State, m.Reason = graph.LetterSent, fmt.Sprint("by ", i)
			errs[i] = s.MarkLetter(ctx, m, graph.LetterSending)
		}()
	}
	wg.Wait()
	ok := slices.IndexFunc(errs, func(err error) bool { return err == nil })
	if ok < 0 || errs[1-ok] == nil || graph.ErrorCode(errs[1-ok]) != graph.ECONFLICT {
		t.Errorf("concurrent marks: %v, want one nil and one ECONFLICT", errs)
	}
}

// An erased customer's letters go from every campaign, whatever their
// state, and nobody else's do; a delivery's mark of one then finds nothing.
func testForgetLetters(t *testing.T, s graph.Store) {
	ctx := t.Context()
	queueN(t, s, "cmp-1", 3)
	queueN(t, s, "cmp-2", 2)
	queueN(t, s, "cmp-10", 2) // a campaign whose id has cmp-1 as its prefix
	// c0001 is in sending in cmp-1, with a mark in flight (sent), and
	// queued in cmp-2.
	claimed := mustClaim(t, s, "cmp-1", time.Now(), 2)
	sent := claimed[1]
	sent.State, sent.SentAt = graph.LetterSent, time.Now()
	if err := s.MarkLetter(ctx, sent, graph.LetterSending); err != nil {
		t.Fatal(err)
	}
	n, err := s.ForgetLetters(ctx, "c0001")
	if err != nil || n != 3 {
		t.Fatalf("ForgetLetters = %d, %v; want 3", n, err)
	}
	wantCounts(t, s, "cmp-1", map[string]int{graph.LetterSending: 1, graph.LetterQueued: 1})
	wantCounts(t, s, "cmp-2", map[string]int{graph.LetterQueued: 1})
	wantCounts(t, s, "cmp-10", map[string]int{graph.LetterQueued: 1})
	for _, c := range []string{"cmp-1", "cmp-2", "cmp-10"} {
		page, err := s.Letters(ctx, graph.LetterQuery{Campaign: c})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(customers(page.Items), "c0001") {
			t.Errorf("%s still lists c0001", c)
		}
	}
	sent.State = graph.LetterFailed
	wantCode(t, "mark a forgotten letter", s.MarkLetter(ctx, sent, graph.LetterSent), graph.ENOTFOUND)
	if n, err := s.ForgetLetters(ctx, "c0001"); err != nil || n != 0 {
		t.Errorf("ForgetLetters again = %d, %v; want 0", n, err)
	}
	if n, err := s.ForgetLetters(ctx, "nobody"); err != nil || n != 0 {
		t.Errorf("ForgetLetters of a customer without letters = %d, %v; want 0", n, err)
	}
	_, err = s.ForgetLetters(ctx, "")
	wantCode(t, "forget an invalid id", err, graph.EINVALID)
}
