package delivery

import (
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/letters"
)

// saveSmall saves a campaign of the demo's first accounts with a letter.
func saveSmall(t *testing.T, s graph.Store) *campaigns.Saved {
	t.Helper()
	saved, err := campaigns.Save(t.Context(), s, "Faults", campaigns.Campaign{Accounts: []string{"stadtwerke"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := campaigns.SetLetter(t.Context(), s, saved.ID, letters.Template{Subject: "Hallo", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	return saved
}

func withSender(saved *campaigns.Saved) int {
	n := 0
	for _, r := range saved.Rows {
		if r.Sender != nil {
			n++
		}
	}
	return n
}

// waitCounts waits until the outbox of key holds want[state] letters for
// every state in want.
func waitCounts(t *testing.T, s graph.Store, key string, want map[string]int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		got, err := s.LetterCounts(t.Context(), key)
		if err != nil {
			t.Fatal(err)
		}
		ok := true
		for st, n := range want {
			ok = ok && got[st] == n
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox %s: %v, want %v", key, got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A server that is down: every letter waits in retry, and once the server
// is up each arrives once.
func TestServerDownThenUp(t *testing.T) {
	s := demoStore(t)
	saved := saveSmall(t, s)
	port := mailpittest.FreePort(t)
	cfg := testConfig(&mailpittest.Mailpit{Host: "127.0.0.1", SMTPPort: port})
	cfg.Timeout = time.Second
	r := newRunner(t, s, cfg)
	if _, err := r.Deliver(t.Context(), saved.ID, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	// The notices wait in retry until the deadline (now), then the letters do.
	n := withSender(saved)
	waitCounts(t, s, saved.ID, map[string]int{graph.LetterRetry: n}, 20*time.Second)
	page, _ := s.Letters(t.Context(), graph.LetterQuery{Campaign: saved.ID})
	if l := page.Items[0]; !strings.Contains(l.Reason, "connect") || l.Attempts < 1 {
		t.Errorf("a letter while the server is down: %+v", l)
	}
	m := mailpittest.StartOn(t, port)
	waitState(t, s, saved.ID, campaigns.DeliveryDone, 30*time.Second)
	letters, ids := 0, map[string]bool{}
	for _, msg := range m.Messages(t) {
		if ids[msg.MessageID] {
			t.Errorf("Message-ID %s twice", msg.MessageID)
		}
		ids[msg.MessageID] = true
		if msg.Subject == "Hallo" {
			letters++
		}
	}
	if letters != n {
		t.Errorf("%d letters after the server came up, want %d", letters, n)
	}
}

// 451 at RCPT: retries, then delivered once the server takes mail; 550:
// failed for good with the server's answer, nothing sent.
func TestTemporaryAndPermanentRefusals(t *testing.T) {
	m := mailpittest.Start(t, "--enable-chaos")
	s := demoStore(t)
	r := newRunner(t, s, testConfig(m))

	m.Chaos(t, "Recipient", 451, 100)
	saved := saveSmall(t, s)
	if _, err := r.Deliver(t.Context(), saved.ID, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	n := withSender(saved)
	waitCounts(t, s, saved.ID, map[string]int{graph.LetterRetry: n}, 20*time.Second)
	page, _ := s.Letters(t.Context(), graph.LetterQuery{Campaign: saved.ID, State: graph.LetterRetry})
	if l := page.Items[0]; !strings.Contains(l.Reason, "451") {
		t.Errorf("retry reason %q, want the 451", l.Reason)
	}
	m.Chaos(t, "Recipient", 0, 0)
	waitState(t, s, saved.ID, campaigns.DeliveryDone, 30*time.Second)
	if got := len(m.Messages(t)); got < n {
		t.Errorf("%d messages after the 451s ended, want %d letters and the notices", got, n)
	}

	before := len(m.Messages(t))
	m.Chaos(t, "Recipient", 550, 100)
	second := saveSmall(t, s)
	if _, err := r.Deliver(t.Context(), second.ID, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	waitState(t, s, second.ID, campaigns.DeliveryDone, 30*time.Second)
	waitCounts(t, s, second.ID, map[string]int{graph.LetterFailed: n, graph.LetterSent: 0}, time.Second)
	page, _ = s.Letters(t.Context(), graph.LetterQuery{Campaign: second.ID})
	if l := page.Items[0]; !strings.Contains(l.Reason, "550") || l.Attempts != 1 {
		t.Errorf("failed letter %+v, want the 550 after one attempt", l)
	}
	if got := len(m.Messages(t)); got != before {
		t.Errorf("%d messages arrived through a 550", got-before)
	}
}

// Pause and deliver again at once: the delivery goes on and ends done,
// every letter once.
func TestPauseAndResume(t *testing.T) {
	m := mailpittest.Start(t)
	s := demoStore(t)
	saved := saveSmall(t, s)
	r := newRunner(t, s, testConfig(m))
	if _, err := r.Deliver(t.Context(), saved.ID, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Pause(t.Context(), saved.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Pause(t.Context(), saved.ID); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("pause twice: %v, want ECONFLICT", err)
	}
	if _, err := r.Deliver(t.Context(), saved.ID, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	waitState(t, s, saved.ID, campaigns.DeliveryDone, 30*time.Second)
	ids := map[string]int{}
	for _, msg := range m.Messages(t) {
		ids[msg.MessageID]++
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("Message-ID %s %d times", id, n)
		}
	}
	counts, _ := s.LetterCounts(t.Context(), saved.ID)
	if counts[graph.LetterSent] != withSender(saved) {
		t.Errorf("outbox %v, want %d sent", counts, withSender(saved))
	}
}

// The per-domain rate holds letters back: n letters from one sender domain
// at 5 per second take at least (n-1)/5 seconds.
func TestDomainRateHoldsLettersBack(t *testing.T) {
	m := mailpittest.Start(t)
	s := demoStore(t)
	saved := saveSmall(t, s)
	n := withSender(saved)
	cfg := testConfig(m)
	cfg.DomainRate = 5
	r := newRunner(t, s, cfg)
	start := time.Now()
	if _, err := r.Deliver(t.Context(), saved.ID, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	waitState(t, s, saved.ID, campaigns.DeliveryDone, 30*time.Second)
	if took, least := time.Since(start), time.Duration(n-1)*time.Second/5; took < least {
		t.Errorf("%d letters at 5/s per domain took %s, at least %s", n, took, least)
	}
}
