package campaigns

import (
	"context"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/letters"
)

// Delivery states of a saved campaign.
const (
	// DeliveryNotice: the senders are told; letters go out after DeliverAfter.
	DeliveryNotice = "notice"
	// DeliveryRunning: letters are going out.
	DeliveryRunning = "running"
	// DeliveryPaused: stopped by marketing; deliver resumes it.
	DeliveryPaused = "paused"
	// DeliveryDone: every letter is sent or failed for good.
	DeliveryDone = "done"
)

// Delivery is what was asked of a campaign's delivery and how far it got.
type Delivery struct {
	State       string    `json:"state"`
	RequestedAt time.Time `json:"requestedAt"`
	RequestedBy string    `json:"requestedBy"`
	// DeliverAfter is the deadline of the senders' declines: letters go out
	// after it, with the campaign as it stands then.
	DeliverAfter time.Time `json:"deliverAfter"`
	// Queued is set once the outbox holds every letter (after DeliverAfter).
	Queued bool `json:"queued"`
}

// SetLetter stores what the letters of pending campaign id say, once
// letters.Compile accepts it. EINVALID: a template is wrong (field
// letter.subject, letter.text or letter.html, with line and field).
// ECONFLICT: the campaign is sent or its delivery has begun. ENOTFOUND: no
// such campaign.
func SetLetter(ctx context.Context, store graph.Store, id string, t letters.Template) (*Saved, error) {
	if _, err := letters.Compile(t); err != nil {
		return nil, err
	}
	return change(ctx, store, id, func(s *Saved) error {
		switch {
		case s.Status != graph.CampaignPending:
			return graph.Errorf(graph.ECONFLICT, "campaign %q is %s; its letter changes no more", s.ID, s.Status)
		case s.Delivery != nil:
			return graph.Errorf(graph.ECONFLICT, "campaign %q is being delivered (%s); its letter changes no more", s.ID, s.Delivery.State)
		}
		s.Letter = &t
		return nil
	})
}

// SetDelivery applies edit to the delivery of campaign id (nil before the
// first request) and stores what it returns. ENOTFOUND: no such campaign;
// edit's own errors.
func SetDelivery(ctx context.Context, store graph.Store, id string, edit func(*Saved, *Delivery) (*Delivery, error)) (*Saved, error) {
	return change(ctx, store, id, func(s *Saved) error {
		d, err := edit(s, s.Delivery)
		if err != nil {
			return err
		}
		if d == nil {
			return errUnchanged
		}
		s.Delivery = d
		return nil
	})
}
