package campaigns

import (
	"context"

	"github.com/contactgraph/contactgraph/graph"
)

// InMyName is what one campaign sends in an employee's name: the
// recipients the employee is the sender of now, with why, and the
// recipients the employee declined, with whom they got instead.
type InMyName struct {
	Campaign   graph.Campaign // without its snapshot
	Recipients []Row
	Declined   []Decline
}

// OfSender lists, newest first, the campaigns that name employee as a
// sender or in which they declined recipients, one page (q.Sender is set
// to employee).
func OfSender(ctx context.Context, store graph.Store, employee string, q graph.CampaignQuery) ([]InMyName, string, error) {
	q.Sender = employee
	page, err := store.Campaigns(ctx, q)
	if err != nil {
		return nil, "", err
	}
	out := make([]InMyName, 0, len(page.Items))
	for _, c := range page.Items {
		s, err := Load(ctx, store, c.ID)
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			continue // gone since the list was read
		}
		if err != nil {
			return nil, "", err
		}
		out = append(out, s.inNameOf(employee))
	}
	return out, page.Next, nil
}

// inNameOf picks employee's part of s.
func (s *Saved) inNameOf(employee string) InMyName {
	v := InMyName{Campaign: s.Campaign, Recipients: []Row{}, Declined: []Decline{}}
	v.Campaign.Snapshot = nil
	for _, r := range s.Rows {
		if sentBy(r, employee) {
			v.Recipients = append(v.Recipients, r)
		}
	}
	for _, d := range s.Declines {
		if d.Employee == employee {
			v.Declined = append(v.Declined, d)
		}
	}
	return v
}
