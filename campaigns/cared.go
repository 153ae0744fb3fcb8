package campaigns

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// A campaign marked sent cares for the relationships it went through:
// each recipient's tie to the employee in whose name the letter went
// records a campaign interaction at the send time. Campaign interactions
// weigh little (graph.TrustModel) and never create a tie, so a letter from
// the account owner or the fallback to a customer they do not know adds
// nothing. Each one is a captured item keyed by campaign and recipient, so
// recording them again changes nothing.

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
		items = append(items, graph.CapturedItem{
			Key: graph.CaptureKey(graph.InteractionCampaign, s.ID+"\x00"+r.Customer),
			Interactions: []graph.Interaction{{A: *r.Sender.ID, B: r.Customer, At: *s.SentAt,
				Kind: graph.InteractionCampaign}}})
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
