package delivery

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/letters"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
)

var testLetter = letters.Template{
	Subject: "Neues für {{.Recipient.Account}}",
	Text:    "Guten Tag {{.Recipient.Name}},\n\nwir haben Neuigkeiten.\n\n{{.Sender.Name}}\n{{.Sender.Title}}, {{.Sender.Unit}}\n{{.Sender.Phone}}",
	HTML:    "<p>Guten Tag {{.Recipient.Name}},</p><p>{{.Sender.Name}}</p>",
}

func demoStore(t *testing.T) graph.Store {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := seed.LoadDemo(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func testConfig(m *mailpittest.Mailpit) Config {
	return Config{Host: m.Host, Port: m.SMTPPort, TLS: TLSNone, Mailer: "marketing@nordwerk.example",
		PublicURL: "http://127.0.0.1:8080", Secret: []byte("0123456789abcdef0123"), RetryAfter: 50 * time.Millisecond,
		Timeout: 5 * time.Second, Batch: 20}
}

func newRunner(t *testing.T, s graph.Store, cfg Config) *Runner {
	t.Helper()
	r, err := New(s, cfg, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

// waitState waits until campaign id's delivery is in state.
func waitState(t *testing.T, s graph.Store, id, state string, within time.Duration) *campaigns.Saved {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		saved, err := campaigns.Load(context.Background(), s, id)
		if err != nil {
			t.Fatal(err)
		}
		if saved.Delivery != nil && saved.Delivery.State == state {
			return saved
		}
		if time.Now().After(deadline) {
			counts, _ := s.LetterCounts(context.Background(), id)
			t.Fatalf("delivery of %s not %s after %s: %+v, letters %v", id, state, within, saved.Delivery, counts)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The newsletter to every customer of the demo company: each letter from
// the employee the customer trusts (or the owner, or the fallback), none to
// an opted-out customer, one notice per named sender beforehand, and a
// sender who declined in time is not the sender of that customer.
func TestNewsletterToTheDemoCompany(t *testing.T) {
	m := mailpittest.Start(t)
	s := demoStore(t)
	ctx := t.Context()
	jonas, err := s.Employee(ctx, "jonas.weber")
	if err != nil {
		t.Fatal(err)
	}
	jonas.Phone = "+49 40 555-0142"
	if _, err := s.PutEmployee(ctx, jonas); err != nil {
		t.Fatal(err)
	}
	saved, err := campaigns.Save(ctx, s, "Winterbrief", campaigns.Campaign{All: true,
		Fallback: routing.Fallback{Name: "Vorstand", Email: "vorstand@nordwerk.example"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := campaigns.SetLetter(ctx, s, saved.ID, testLetter); err != nil {
		t.Fatal(err)
	}
	r := newRunner(t, s, testConfig(m))
	if _, err := r.Deliver(ctx, saved.ID, "test", time.Now().Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	// Jonas declines one of his customers before the deadline.
	var declined string
	for _, row := range saved.Rows {
		if row.Sender != nil && row.Sender.ID != nil && *row.Sender.ID == "jonas.weber" {
			declined = row.Customer
			break
		}
	}
	if declined == "" {
		t.Fatal("jonas.weber sends to nobody in the demo")
	}
	if _, _, err := campaigns.DeclineRecipients(ctx, s, saved.ID, "jonas.weber", []string{declined}, "jonas"); err != nil {
		t.Fatal(err)
	}
	done := waitState(t, s, saved.ID, campaigns.DeliveryDone, 60*time.Second)

	// After the deadline a decline is refused: the letters are what stood then.
	if _, _, err := campaigns.DeclineRecipients(ctx, s, saved.ID, "jonas.weber", []string{done.Rows[0].Customer}, "jonas"); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("decline after the deadline: %v, want ECONFLICT", err)
	}

	want := map[string]campaigns.Row{} // customer email → row
	senders := map[string]bool{}
	optedOut := map[string]bool{}
	for _, row := range done.Rows {
		if row.Sender != nil {
			want[row.Email] = row
			if row.Sender.ID != nil {
				senders[row.Sender.Email] = true
			}
		} else if row.Reason == routing.ReasonOptOut {
			optedOut[row.Email] = true
		}
	}
	if len(optedOut) == 0 {
		t.Fatal("the demo has no opted-out customer to leave out")
	}
	msgs := m.Messages(t)
	letterCount, notices := 0, map[string]int{}
	ids := map[string]bool{}
	for _, msg := range msgs {
		if ids[msg.MessageID] {
			t.Errorf("Message-ID %s twice", msg.MessageID)
		}
		ids[msg.MessageID] = true
		if strings.HasPrefix(msg.Subject, "Letters in your name: ") {
			notices[msg.To[0].Address]++
			continue
		}
		letterCount++
		to := msg.To[0].Address
		if optedOut[to] {
			t.Errorf("a letter to opted-out %s", to)
		}
		row, ok := want[to]
		if !ok {
			t.Errorf("a letter to %s, who is no recipient with a sender", to)
			continue
		}
		if msg.From.Address != row.Sender.Email || msg.From.Name != row.Sender.Name {
			t.Errorf("letter to %s from %s <%s>, want %s <%s>", to, msg.From.Name, msg.From.Address, row.Sender.Name, row.Sender.Email)
		}
		if row.Customer == declined && msg.From.Address == "jonas.weber@nordwerk.example" {
			t.Errorf("%s got the letter from jonas.weber, who declined", declined)
		}
	}
	if letterCount != len(want) {
		t.Errorf("%d letters, want %d", letterCount, len(want))
	}
	for email := range senders {
		if notices[email] != 1 {
			t.Errorf("sender %s got %d notices, want 1", email, notices[email])
		}
	}
	if !senders["jonas.weber@nordwerk.example"] || notices["jonas.weber@nordwerk.example"] != 1 {
		t.Errorf("jonas.weber's notice: %d", notices["jonas.weber@nordwerk.example"])
	}
	counts, err := s.LetterCounts(ctx, saved.ID)
	if err != nil || counts[graph.LetterSent] != len(want) || len(counts) != 1 {
		t.Errorf("outbox counts %v %v, want %d sent", counts, err, len(want))
	}
	checkOneLetter(t, m, s, done)
	checkCampaignInteractions(t, s, done)
}

// checkCampaignInteractions: every letter from an employee the recipient
// has a tie to is a campaign interaction on that tie, and no letter made
// a tie (issue 13).
func checkCampaignInteractions(t *testing.T, s graph.Store, saved *campaigns.Saved) {
	t.Helper()
	ties, cared := 0, 0
	for _, row := range saved.Rows {
		if row.Sender == nil || row.Sender.ID == nil {
			continue
		}
		_, err := s.Relationship(t.Context(), *row.Sender.ID, row.Customer)
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			if row.Reason == routing.ReasonTrustedPath && len(row.Path) == 2 {
				t.Errorf("the one-hop tie %s–%s is gone", *row.Sender.ID, row.Customer)
			}
			continue
		}
		ties++
		hs, err := s.Histories(t.Context(), [][2]string{{*row.Sender.ID, row.Customer}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range hs[0].Events {
			if e.Kind == graph.InteractionCampaign {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s–%s: %d campaign interactions, want 1", *row.Sender.ID, row.Customer, n)
		}
		cared++
	}
	if ties == 0 {
		t.Error("no letter went through a tie: the check proves nothing")
	}
}

// checkOneLetter reads one letter in full: headers, both parts, fields.
func checkOneLetter(t *testing.T, m *mailpittest.Mailpit, s graph.Store, saved *campaigns.Saved) {
	t.Helper()
	var row campaigns.Row
	for _, r := range saved.Rows {
		if r.Reason == routing.ReasonTrustedPath && r.Sender.ID != nil && *r.Sender.ID == "jonas.weber" {
			row = r
			break
		}
	}
	c, err := s.Customer(t.Context(), row.Customer)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := s.Account(t.Context(), c.Account)
	jonas, _ := s.Employee(t.Context(), "jonas.weber")
	unit, _ := s.Unit(t.Context(), jonas.Unit)
	for _, sum := range m.Messages(t) {
		if len(sum.To) == 0 || sum.To[0].Address != c.Email || strings.HasPrefix(sum.Subject, "Letters in") {
			continue
		}
		full := m.Message(t, sum.ID)
		h := m.Headers(t, sum.ID)
		if got, want := sum.MessageID, letters.MessageID(saved.ID, c.ID, "nordwerk.example"); got != want {
			t.Errorf("Message-ID %q, want %q", got, want)
		}
		if got := first(h["Sender"]); got != "marketing@nordwerk.example" {
			t.Errorf("Sender %q", got)
		}
		if len(sum.ReplyTo) != 1 || sum.ReplyTo[0].Address != "jonas.weber@nordwerk.example" {
			t.Errorf("Reply-To %+v", sum.ReplyTo)
		}
		unsub := first(h["List-Unsubscribe"])
		if !strings.HasPrefix(unsub, "<http://127.0.0.1:8080/unsubscribe?t=") {
			t.Errorf("List-Unsubscribe %q", unsub)
		} else if tok := strings.TrimSuffix(strings.TrimPrefix(unsub, "<http://127.0.0.1:8080/unsubscribe?t="), ">"); true {
			if id, ok := CheckUnsubscribeToken([]byte("0123456789abcdef0123"), tok); !ok || id != c.ID {
				t.Errorf("unsubscribe token names %q (%v), want %q", id, ok, c.ID)
			}
		}
		if sum.Subject != "Neues für "+a.Name {
			t.Errorf("subject %q", sum.Subject)
		}
		wantText := "Guten Tag " + c.Name + ",\n\nwir haben Neuigkeiten.\n\n" + jonas.Name + "\n" + jonas.Title + ", " + unit.Name + "\n" + jonas.Phone
		if strings.TrimRight(strings.ReplaceAll(full.Text, "\r\n", "\n"), "\n") != wantText {
			t.Errorf("text part\n%q\nwant\n%q", full.Text, wantText)
		}
		if !strings.Contains(full.HTML, "<p>Guten Tag "+c.Name+",</p>") {
			t.Errorf("html part %q", full.HTML)
		}
		return
	}
	t.Errorf("no letter to %s", c.Email)
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}
