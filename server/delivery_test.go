package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/delivery"
	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

// testRunner is a delivery runner that sends to m, signing unsubscribe
// links with secret, and retries after 50 ms.
func testRunner(t *testing.T, s graph.Store, m *mailpittest.Mailpit, secret []byte) *delivery.Runner {
	t.Helper()
	r, err := delivery.New(s, delivery.Config{Host: m.Host, Port: m.SMTPPort, TLS: delivery.TLSNone,
		Mailer: "marketing@nordwerk.example", PublicURL: "http://127.0.0.1:1", Secret: secret,
		RetryAfter: 50 * time.Millisecond, Timeout: 5 * time.Second}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

// The delivery routes end to end on both stores: a bad letter is a 400
// naming line and field and changes nothing, the preview fills one letter,
// deliver sends to a real Mailpit, the delivery lists every letter sent,
// and a letter's unsubscribe link opts its customer out without a key.
func TestDeliveryRoutes(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		m := mailpittest.Start(t)
		if _, err := seed.LoadDemo(t.Context(), s); err != nil {
			t.Fatal(err)
		}
		secret := []byte("0123456789abcdef-secret")
		r := testRunner(t, s, m, secret)
		a := newAPIWith(t, s, Config{Delivery: r, UnsubscribeSecret: secret})
		saved := mustJSON[struct {
			ID          string
			Assignments []struct{ Customer string }
		}](a, "POST", "/api/v1/campaigns", `{"name": "Routes", "accounts": ["stadtwerke"]}`, http.StatusCreated)
		base := "/api/v1/campaigns/" + saved.ID

		w := a.do("POST", base+"/deliver", `{}`)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"letter"`) {
			t.Errorf("deliver without a letter = %d %s", w.Code, w.Body)
		}
		w = a.do("PUT", base+"/letter", `{"subject": "Hallo", "text": "a\nb\n{{.Recipient.Nmae}}"}`)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `line 3: \".Recipient.Nmae\": no field \"Nmae\"`) ||
			!strings.Contains(w.Body.String(), `"letter.text"`) {
			t.Errorf("a misspelt field = %d %s", w.Code, w.Body)
		}
		if w := a.do("GET", base+"/preview?recipient="+saved.Assignments[0].Customer, ""); w.Code != http.StatusBadRequest {
			t.Errorf("a refused letter was stored: preview = %d %s", w.Code, w.Body)
		}
		if w := a.do("GET", base+"/letter", ""); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "no letter yet") {
			t.Errorf("GET the letter before one was written = %d %s", w.Code, w.Body)
		}
		a.must("PUT", base+"/letter", `{"subject": "Hallo {{.Recipient.Name}}", "text": "Guten Tag {{.Recipient.Name}},\n{{.Sender.Name}}"}`, http.StatusOK)
		written := mustJSON[struct {
			Letter struct{ Subject, Text string }
		}](a, "GET", base+"/letter", "", http.StatusOK)
		if written.Letter.Subject != "Hallo {{.Recipient.Name}}" || !strings.HasSuffix(written.Letter.Text, "{{.Sender.Name}}") {
			t.Errorf("GET the letter = %+v", written)
		}
		p := mustJSON[delivery.Preview](a, "GET", base+"/preview?recipient="+saved.Assignments[0].Customer, "", http.StatusOK)
		if !strings.HasPrefix(p.Letter.Subject, "Hallo ") || !strings.HasPrefix(p.Letter.Text, "Guten Tag ") || p.From == "" {
			t.Errorf("preview %+v", p)
		}
		if w := a.do("GET", base+"/preview?recipient=nobody", ""); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"recipient"`) {
			t.Errorf("preview of no recipient = %d %s", w.Code, w.Body)
		}
		if w := a.do("GET", base+"/delivery?state=lost", ""); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"state"`) {
			t.Errorf("delivery?state=lost = %d %s", w.Code, w.Body)
		}
		a.must("POST", base+"/deliver", ``, http.StatusAccepted)
		if w := a.do("POST", base+"/deliver", `{}`); w.Code != http.StatusConflict {
			t.Errorf("deliver twice = %d %s", w.Code, w.Body)
		}
		type state struct {
			State   string
			Counts  map[string]int
			Letters struct {
				Items []struct{ Customer, State, MessageID string }
			}
		}
		var d state
		for deadline := time.Now().Add(30 * time.Second); ; {
			d = mustJSON[state](a, "GET", base+"/delivery?limit=1000", "", http.StatusOK)
			if d.State == "done" || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if d.State != "done" || d.Counts["sent"] != len(saved.Assignments) || len(d.Letters.Items) != len(saved.Assignments) {
			t.Fatalf("delivery %+v, want done with %d sent", d, len(saved.Assignments))
		}
		if w := a.do("PUT", base+"/letter", `{"subject": "x", "text": "y"}`); w.Code != http.StatusConflict {
			t.Errorf("a letter after delivery = %d", w.Code)
		}

		// The unsubscribe link of a letter, without a key.
		customer := saved.Assignments[0].Customer
		var link string
		for _, msg := range m.Messages(t) {
			if msg.Subject != "" && strings.HasPrefix(msg.Subject, "Hallo") {
				h := m.Headers(t, msg.ID)
				c, _ := s.Customer(t.Context(), customer)
				if len(msg.To) > 0 && msg.To[0].Address == c.Email {
					link = strings.Trim(h["List-Unsubscribe"][0], "<>")
				}
			}
		}
		u, err := url.Parse(link)
		if err != nil || u.Path != "/unsubscribe" {
			t.Fatalf("unsubscribe link %q", link)
		}
		if w := a.do("POST", "/unsubscribe?t=x"+u.Query().Get("t"), ""); w.Code != http.StatusBadRequest {
			t.Errorf("a forged token = %d", w.Code)
		}
		if c, _ := s.Customer(t.Context(), customer); c.OptOut {
			t.Fatal("a forged token opted the customer out")
		}
		if w := a.do("GET", "/unsubscribe?"+u.RawQuery, ""); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<form method=\"post\">") {
			t.Errorf("GET the link = %d %s", w.Code, w.Body)
		}
		if c, _ := s.Customer(t.Context(), customer); c.OptOut {
			t.Error("GET opted out (mail scanners follow links)")
		}
		if w := a.do("POST", "/unsubscribe?"+u.RawQuery, ""); w.Code != http.StatusOK {
			t.Errorf("POST the link = %d %s", w.Code, w.Body)
		}
		if c, _ := s.Customer(t.Context(), customer); !c.OptOut {
			t.Error("POST did not opt the customer out")
		}

		// Erasing a customer erases their letter from the outbox too.
		a.must("DELETE", "/api/v1/customers/"+customer, "", http.StatusNoContent)
		d = mustJSON[state](a, "GET", base+"/delivery?limit=1000", "", http.StatusOK)
		if d.Counts["sent"] != len(saved.Assignments)-1 || len(d.Letters.Items) != len(saved.Assignments)-1 {
			t.Errorf("after the erasure: %+v, want %d sent", d, len(saved.Assignments)-1)
		}
		for _, l := range d.Letters.Items {
			if l.Customer == customer {
				t.Errorf("the outbox still lists the erased customer %s", customer)
			}
		}
	})
}
