package campaigns

import (
	"context"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// EraseCustomer removes an erased customer from every saved campaign, sent
// ones included (the right to erasure outranks a snapshot): their row and
// their declines go, and the summary follows. It reports how many campaigns
// it changed. Call it after the store erased the customer.
func EraseCustomer(ctx context.Context, store graph.Store, customer string) (int, error) {
	changed := 0
	q := graph.CampaignQuery{Limit: graph.MaxListLimit}
	for {
		page, err := store.Campaigns(ctx, q)
		if err != nil {
			return changed, err
		}
		for _, c := range page.Items {
			_, err := change(ctx, store, c.ID, func(s *Saved) error {
				if !s.erase(customer) {
					return errUnchanged
				}
				changed++
				return nil
			})
			if err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
				return changed, err
			}
		}
		if page.Next == "" {
			return changed, nil
		}
		q.After = page.Next
	}
}

// erase drops customer's row, repeats and declines from s, blanks them
// where they were an intermediary on someone else's route, and reports
// whether it found them anywhere.
func (s *Saved) erase(customer string) bool {
	n := len(s.Rows) + len(s.Duplicates) + len(s.Declines)
	s.Rows = slices.DeleteFunc(s.Rows, func(r Row) bool { return r.Customer == customer })
	s.Duplicates = slices.DeleteFunc(s.Duplicates, func(id string) bool { return id == customer })
	s.Declines = slices.DeleteFunc(s.Declines, func(d Decline) bool { return d.Customer == customer })
	found := n != len(s.Rows)+len(s.Duplicates)+len(s.Declines)
	for i := range s.Rows {
		for j, id := range s.Rows[i].Path {
			if id == customer {
				s.Rows[i].Path[j] = ErasedID
				found = true
			}
		}
	}
	return found
}

// ErasedID stands in a saved route for a person who was erased since.
const ErasedID = ""
