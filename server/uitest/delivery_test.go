package uitest

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/delivery"
	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/server"
)

// startDeliveringSite is startSiteWith for a server that delivers mail to
// the Mailpit m.
func startDeliveringSite(t *testing.T, keys *server.Keys, m *mailpittest.Mailpit) *site {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatalf("embedded.Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.Batch(context.Background(), demo()); err != nil {
		t.Fatalf("load data: %v", err)
	}
	secret := []byte("uitest-unsubscribe-secret")
	r, err := delivery.New(s, delivery.Config{Host: m.Host, Port: m.SMTPPort, TLS: delivery.TLSNone,
		Mailer: "marketing@example.com", PublicURL: "http://127.0.0.1:1", Secret: secret,
		RetryAfter: 50 * time.Millisecond, Timeout: 5 * time.Second}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	srv := server.New(server.Config{Version: "uitest", Keys: keys, Delivery: r, UnsubscribeSecret: secret,
		Fallback: routing.Fallback{Name: "Vorstand", Email: "vorstand@example.com"}}, s, zerolog.Nop(), nil)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &site{url: hs.URL, store: s}
}

// Marketing writes a campaign's letter in the UI (a misspelt field is
// named with its line, and nothing is stored), sees the preview, delivers
// it and watches the delivery end, with every letter in the SMTP server;
// a second campaign with a deadline for declines is paused and resumed.
func TestLetterEditorAndDelivery(t *testing.T) {
	const key = "marketing-key-0003"
	keys, err := server.ParseKeys("marketing=" + key)
	if err != nil {
		t.Fatal(err)
	}
	m := mailpittest.Start(t)
	s := startDeliveringSite(t, keys, m)
	saveCampaign(t, s, key, `{"name": "Later", "accounts": ["hafen"]}`)
	saveCampaign(t, s, key, `{"name": "Now", "accounts": ["stadtwerke"]}`)
	list := apiAs[struct{ Items []struct{ ID, Name string } }](t, s, key, "/campaigns")
	b := newBrowser(t)
	b.login(t, s, key)
	open := func(name string) {
		t.Helper()
		sel := `[data-test=saved] tbody tr[data-campaign="` + idOf(t, list.Items, name) + `"] button[data-test=show-delivery]`
		b.do(t, "open the letter and delivery of "+name,
			chromedp.Navigate(s.url+"/#/campaigns"),
			chromedp.WaitVisible(chromedp.CSS(sel)),
			chromedp.Click(chromedp.CSS(sel)),
			chromedp.WaitVisible(chromedp.CSS("[data-test=letter-editor]")))
	}
	write := func(subject, body string) {
		t.Helper()
		b.do(t, "write the letter",
			chromedp.SetValue(chromedp.CSS("[data-test=letter-subject]"), subject),
			chromedp.SetValue(chromedp.CSS("[data-test=letter-body]"), body),
			chromedp.Click(chromedp.CSS("[data-test=save-letter]")))
	}

	open("Now")
	if b.text(t, "[data-test=deliver]") != "Deliver" || !eval[bool](t, b, `document.querySelector("[data-test=deliver]").disabled`) {
		t.Error("Deliver is not disabled before a letter is written")
	}
	write("Hallo {{.Recipient.Name}}", "Guten Tag,\n{{.Recipient.Nmae}}")
	b.do(t, "see the mistake", chromedp.WaitVisible(chromedp.CSS("[data-test=letter-error]:not(:empty)")))
	if got := b.text(t, "[data-test=letter-error]"); !strings.Contains(got, "letter.text") || !strings.Contains(got, "line 2") || !strings.Contains(got, "Nmae") {
		t.Errorf("letter error %q, want the field, the line and the name", got)
	}
	b.screenshot(t, "ui-letter-error")
	write("Hallo {{.Recipient.Name}}", "Guten Tag {{.Recipient.Name}},\n\n{{.Sender.Name}}")
	b.do(t, "see the preview", chromedp.WaitVisible(chromedp.CSS("[data-test=preview-subject]")))
	if got := b.text(t, "[data-test=preview-subject]"); !strings.HasPrefix(got, "Hallo ") || strings.Contains(got, "{{") {
		t.Errorf("preview subject %q", got)
	}
	b.screenshot(t, "ui-letter-written")
	b.do(t, "deliver", chromedp.Click(chromedp.CSS("[data-test=deliver]")))
	// The card asks again while the letters go out.
	b.do(t, "wait for the end of the delivery", waitText("[data-test=delivery-state]", "done", 60*time.Second))
	sent := eval[string](t, b, `document.querySelector("[data-test=delivery-counts] [data-state=sent]").textContent`)
	letters := 0
	for _, msg := range m.Messages(t) {
		if strings.HasPrefix(msg.Subject, "Hallo ") {
			letters++
		}
	}
	if sent == "0" || sent != itoa(letters) {
		t.Errorf("the card counts %s sent, Mailpit holds %d letters", sent, letters)
	}
	if eval[int](t, b, `document.querySelectorAll("[data-test=letter-editor], [data-test=deliver], [data-test=pause]").length`) != 0 {
		t.Error("a delivered campaign still offers to write, deliver or pause")
	}
	b.screenshot(t, "ui-delivery-done")

	open("Later")
	write("Später", "Guten Tag")
	b.do(t, "deliver with a deadline for declines",
		chromedp.WaitVisible(chromedp.CSS("[data-test=preview-subject]")),
		chromedp.SetValue(chromedp.CSS("[data-test=deliver-after]"), time.Now().Add(48*time.Hour).Format("2006-01-02T15:04")),
		chromedp.Click(chromedp.CSS("[data-test=deliver]")),
		waitText("[data-test=delivery-state]", "notice", 10*time.Second),
		chromedp.Click(chromedp.CSS("[data-test=pause]")),
		waitText("[data-test=delivery-state]", "paused", 10*time.Second))
	if got := b.text(t, "[data-test=deliver]"); got != "Resume the delivery" {
		t.Errorf("a paused delivery offers %q", got)
	}
	b.screenshot(t, "ui-delivery-paused")
	b.do(t, "resume", chromedp.Click(chromedp.CSS("[data-test=deliver]")),
		waitText("[data-test=delivery-state]", "notice", 10*time.Second))
	b.checkConsole(t, "status of 401", "status of 404", "status of 400")
}

func idOf(t *testing.T, items []struct{ ID, Name string }, name string) string {
	t.Helper()
	for _, c := range items {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no saved campaign %q in %v", name, items)
	return ""
}

// waitText waits until the element sel holds exactly want.
func waitText(sel, want string, within time.Duration) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](
		`(document.querySelector(`+strconv.Quote(sel)+`) || {}).textContent === `+strconv.Quote(want),
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(within))
}
