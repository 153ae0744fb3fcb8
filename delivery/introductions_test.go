package delivery

import (
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

// Each step of an introduction is told once by mail: the request to the
// broker (replies to the requester), every answer to the requester
// (replies to the broker). A mail whose step was never stored waits in
// retry and is not sent; announcing a step twice sends one mail.
func TestIntroductionMails(t *testing.T) {
	m := mailpittest.Start(t)
	s := demoStore(t)
	ctx := t.Context()
	const requester, customer = "claudia.schwarz", "c-stadtwerke-1"
	in := graph.Introduction{ID: "int-test-1", Customer: customer, Via: seed.DemoNetworkSpecialist, Requester: requester,
		RequestedBy: "test", Note: "We met at the fair.\nSecond line.", State: graph.IntroductionRequested, CreatedAt: time.Now().UTC()}
	r := newRunner(t, s, testConfig(m))
	// Announced, then stored, then woken: as the server does it.
	for range 2 {
		if err := r.AnnounceIntroduction(ctx, in.ID, graph.IntroductionRequested); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateIntroduction(ctx, in); err != nil {
		t.Fatal(err)
	}
	r.SendIntroductionMails()
	got := m.WaitMessages(t, 1, 10*time.Second)
	broker, _ := s.Employee(ctx, seed.DemoNetworkSpecialist)
	asker, _ := s.Employee(ctx, requester)
	if got[0].To[0].Address != broker.Email || got[0].ReplyTo[0].Address != asker.Email ||
		!strings.Contains(got[0].Subject, asker.Name) || !strings.Contains(got[0].Subject, "introduction") {
		t.Errorf("request mail %+v: want to %s, reply to %s", got[0], broker.Email, asker.Email)
	}
	text := strings.ReplaceAll(m.Message(t, got[0].ID).Text, "\r\n", "\n")
	if !strings.Contains(text, "> We met at the fair.\n> Second line.") || !strings.Contains(text, "/#/me") {
		t.Errorf("request mail text:\n%s", text)
	}

	// Declined is announced but never stored: no mail.
	if err := r.AnnounceIntroduction(ctx, in.ID, graph.IntroductionDeclined); err != nil {
		t.Fatal(err)
	}
	in.State, in.Message, in.Revision = graph.IntroductionAccepted, "Gern, ich rufe ihn an.", 1
	now := time.Now().UTC()
	in.AnsweredAt = &now
	if err := r.AnnounceIntroduction(ctx, in.ID, graph.IntroductionAccepted); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateIntroduction(ctx, in); err != nil {
		t.Fatal(err)
	}
	r.SendIntroductionMails()
	got = m.WaitMessages(t, 2, 10*time.Second)
	var accepted mailpittest.Summary
	for _, g := range got {
		if strings.Contains(g.Subject, "will introduce you") {
			accepted = g
		}
	}
	if accepted.ID == "" || accepted.To[0].Address != asker.Email || accepted.ReplyTo[0].Address != broker.Email {
		t.Fatalf("accepted mail %+v, want to %s, reply to %s", accepted, asker.Email, broker.Email)
	}
	if text := strings.ReplaceAll(m.Message(t, accepted.ID).Text, "\r\n", "\n"); !strings.Contains(text, "> Gern, ich rufe ihn an.") {
		t.Errorf("accepted mail text:\n%s", text)
	}
	waitCounts(t, s, IntroductionOutbox, map[string]int{graph.LetterSent: 2, graph.LetterRetry: 1}, 10*time.Second)
	page, err := s.Letters(ctx, graph.LetterQuery{Campaign: IntroductionOutbox, State: graph.LetterRetry})
	if err != nil || len(page.Items) != 1 || page.Items[0].Customer != IntroductionMailKey(in.ID, graph.IntroductionDeclined) ||
		!strings.Contains(page.Items[0].Reason, "accepted, not declined") {
		t.Errorf("the mail of a step never stored: %+v %v", page.Items, err)
	}
	if err := r.AnnounceIntroduction(ctx, in.ID, "lost"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("announce an unknown step: %v, want EINVALID", err)
	}
}
