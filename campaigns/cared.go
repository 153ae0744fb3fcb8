package campaigns

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// A campaign marked sent cares for the relationships it went through:
// each recipient's tie to the employee in whose name the letter went
// records a campaign interaction at the send time. Campaign interactions
// weigh little (graph.TrustModel) and never create a tie, so a letter from
// the account owner or the fallback to a customer they do not know adds
// nothing. Each one is a captured item keyed by campaign and recipient, so
// recording them again changes nothing.

// SentItem is the captured item of one letter of a campaign in an
// employee's name: the campaign interaction between sender and customer at
// at, keyed by campaign and customer, so that delivery and marking the
// campaign sent record it once between them.
func SentItem(campaignID, senderID, customerID string, at time.Time) graph.CapturedItem {
	return graph.CapturedItem{
		Key: graph.CaptureKey(graph.InteractionCampaign, campaignID+"\x00"+customerID),
		Interactions: []graph.Interaction{{A: senderID, B: customerID, At: at.UTC(),
			Kind: graph.InteractionCampaign}}}
}

// caredBatch is how many recipients one transaction records.
const caredBatch = 1000

// RecordSent records the campaign interactions of a campaign marked sent
// and returns how many letters in an employee's name it noted for the
// first time (a letter whose tie is gone notes nothing on a tie). Calling
// it again for the same campaign records nothing.
func RecordSent(ctx context.Context, store graph.Store, s *Saved, m graph.TrustModel) (int, error) {
	if s.Status != graph.CampaignSent || s.SentAt == nil {
		return 0, graph.Errorf(graph.ECONFLICT, "campaign %q is not marked sent", s.ID)
	}
	var items []graph.CapturedItem
	for _, r := range s.Rows {
		if r.Sender == nil || r.Sender.ID == nil || !assigned(r.Reason) {
			continue
		}
		items = append(items, SentItem(s.ID, *r.Sender.ID, r.Customer, *s.SentAt))
	}
	n := 0
	for part := range slices.Chunk(items, caredBatch) {
		rec, err := store.RecordCaptured(ctx, part, m)
		if err != nil {
			return n, fmt.Errorf("campaign %s: record the letters sent: %w", s.ID, err)
		}
		for _, ok := range rec {
			if ok {
				n++
			}
		}
	}
	return n, nil
}
