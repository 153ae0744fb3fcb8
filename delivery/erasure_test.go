package delivery

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph"
)

// erasingStore erases a customer, as the server's DELETE does, at one
// moment of their letter's way: atCommit while the letter is being marked
// sent before the end of data, atRead when the delivery reads the customer.
type erasingStore struct {
	graph.Store
	atCommit, atRead string
	once             sync.Map
}

func (s *erasingStore) erase(ctx context.Context, id string) {
	if _, done := s.once.LoadOrStore(id, true); done {
		return
	}
	_ = s.DeleteCustomer(ctx, id)
	if _, err := s.ForgetLetters(ctx, id); err != nil {
		panic(err)
	}
}

func (s *erasingStore) MarkLetter(ctx context.Context, l graph.Letter, from string) error {
	if l.Customer == s.atCommit && l.State == graph.LetterSent && from == graph.LetterSending {
		s.erase(ctx, l.Customer)
	}
	return s.Store.MarkLetter(ctx, l, from)
}

func (s *erasingStore) Customer(ctx context.Context, id string) (graph.Customer, error) {
	if id == s.atRead {
		s.erase(ctx, id)
	}
	return s.Store.Customer(ctx, id)
}

// A customer erased while their letter is on its way gets no letter, and
// the delivery goes on to the end: erased at the commit before the end of
// data, the data is dropped; erased before the delivery reads them, the
// letter is not written. Their letters are gone from the outbox.
func TestErasureDuringDelivery(t *testing.T) {
	m := mailpittest.Start(t)
	base := demoStore(t)
	saved := saveSmall(t, base)
	var named []string
	for _, r := range saved.Rows {
		if r.Sender != nil {
			named = append(named, r.Customer)
		}
	}
	if len(named) < 3 {
		t.Fatalf("%d letters with a sender, want at least 3", len(named))
	}
	s := &erasingStore{Store: base, atCommit: named[0], atRead: named[len(named)-1]}
	emails := map[string]string{}
	for _, id := range []string{s.atCommit, s.atRead} {
		c, err := base.Customer(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		emails[c.Email] = id
	}
	r := newRunner(t, s, testConfig(m))
	if _, err := r.Deliver(t.Context(), saved.ID, "test", time.Time{}); err != nil {
		t.Fatal(err)
	}
	waitState(t, base, saved.ID, campaigns.DeliveryDone, 30*time.Second)
	letters := 0
	for _, msg := range m.Messages(t) {
		if msg.Subject != "Hallo" {
			continue // a notice
		}
		letters++
		for _, to := range msg.To {
			if id, ok := emails[to.Address]; ok {
				t.Errorf("the erased customer %s got a letter", id)
			}
		}
	}
	if letters != len(named)-2 {
		t.Errorf("%d letters arrived, want %d", letters, len(named)-2)
	}
	counts, err := base.LetterCounts(t.Context(), saved.ID)
	if err != nil {
		t.Fatal(err)
	}
	if counts[graph.LetterSent] != len(named)-2 || len(counts) != 1 {
		t.Errorf("outbox %v, want %d sent and nothing else", counts, len(named)-2)
	}
}
