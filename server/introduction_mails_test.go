package server

import (
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/delivery"
	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph"
)

// On a server that delivers mail, every step of an introduction is told
// by mail once, on both stores: the request to the broker, the answers to
// the requester. A request through a private tie tells the requester
// nothing of the tie. Erasing the customer forgets the mails.
func TestIntroductionMailsOverHTTP(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		m := mailpittest.Start(t)
		r := testRunner(t, s, m, []byte("0123456789abcdef-secret"))
		a, _ := introAPI(t, s, func(c *Config) { c.Delivery = r })
		const am, broker = "intro-am-e2", "intro-emp-e1"
		// c2 is known to e1 through a private tie only.
		in := introAs[introductionResponse](t, a, am, "POST", "/api/v1/introductions", `{"customer": "c2", "via": "e1", "note": "Bitte."}`, 201)
		path := "/api/v1/me/introductions/" + in.ID
		got := m.WaitMessages(t, 1, 20*time.Second)
		if got[0].To[0].Address != "e1@example.com" || got[0].ReplyTo[0].Address != "e2@example.com" {
			t.Errorf("the request's mail %+v, want to e1, reply to e2", got[0])
		}
		introAs[introductionResponse](t, a, broker, "POST", path+"/accept", `{"message": "Gern."}`, 200)
		introAs[introductionResponse](t, a, broker, "POST", path+"/done", "", 200)
		got = m.WaitMessages(t, 3, 20*time.Second)
		toRequester := 0
		for _, g := range got {
			if g.To[0].Address != "e2@example.com" {
				continue
			}
			toRequester++
			text := m.Message(t, g.ID).Text
			for _, secret := range []string{"confidential-x", "0.417", "trust"} {
				if strings.Contains(text, secret) || strings.Contains(g.Subject, secret) {
					t.Errorf("a mail to the requester tells %q of the private tie:\n%s", secret, text)
				}
			}
		}
		if toRequester != 2 {
			t.Errorf("%d mails to the requester, want 2 (accepted, done): %+v", toRequester, got)
		}
		// A repeated answer is a 409 and sends nothing more.
		problem(t, a.do("POST", path+"/done", "", "Authorization", "Bearer "+broker), 409)
		counts, err := s.LetterCounts(t.Context(), delivery.IntroductionOutbox)
		if err != nil || counts[graph.LetterSent] != 3 || len(counts) != 1 {
			t.Errorf("introduction outbox %v, %v; want 3 sent", counts, err)
		}
		a.must("DELETE", "/api/v1/customers/c2", "", 204)
		if counts, _ := s.LetterCounts(t.Context(), delivery.IntroductionOutbox); len(counts) != 0 {
			t.Errorf("after the erasure the introduction outbox holds %v", counts)
		}
	})
}
