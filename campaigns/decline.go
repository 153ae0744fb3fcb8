package campaigns

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// MaxDeclines bounds the recipients of one decline.
const MaxDeclines = 10_000

// DeclineRecipients records that employee declines to be the sender of
// recipients in pending campaign id (by is the key id that asks) and
// re-assigns them as the package doc says; the answer is the campaign and
// the new rows of the recipients, in the order given (repeats once).
// EINVALID: recipients is empty, too long, or names a customer the employee
// is not the sender of in this campaign (recipients[i]). ECONFLICT: the
// campaign is sent. ENOTFOUND: no such campaign.
func DeclineRecipients(ctx context.Context, store graph.Store, id, employee string, recipients []string, by string) (*Saved, []Row, error) {
	recipients = unique(recipients)
	var probs graph.Problems
	switch {
	case len(recipients) == 0:
		probs.Add("recipients", "is empty: name the customers you decline to send to")
	case len(recipients) > MaxDeclines:
		probs.Add("recipients", "has %d customers; one decline takes at most %d", len(recipients), MaxDeclines)
	}
	if err := probs.Err(); err != nil {
		return nil, nil, err
	}
	var changed []Row
	s, err := change(ctx, store, id, func(s *Saved) error {
		var err error
		changed, err = s.decline(ctx, store, employee, recipients, by)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return s, changed, nil
}

// decline re-assigns recipients of s without employee.
func (s *Saved) decline(ctx context.Context, store graph.Store, employee string, recipients []string, by string) ([]Row, error) {
	if s.Status != graph.CampaignPending {
		return nil, graph.Errorf(graph.ECONFLICT, "campaign %q is %s; it changes no more", s.ID, s.Status)
	}
	if d := s.Delivery; d != nil && (d.Queued || !time.Now().Before(d.DeliverAfter)) {
		return nil, graph.Errorf(graph.ECONFLICT, "campaign %q is being delivered since %s; declines ended then",
			s.ID, d.DeliverAfter.UTC().Format(time.RFC3339))
	}
	at := make(map[string]int, len(s.Rows))
	for i, r := range s.Rows {
		at[r.Customer] = i
	}
	var probs graph.Problems
	for k, c := range recipients {
		i, ok := at[c]
		if !ok || !sentBy(s.Rows[i], employee) {
			probs.Add(fmt.Sprintf("recipients[%d]", k), "%q is not a recipient that %s sends to in this campaign", c, employee)
		}
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}

	declined := map[string][]string{}
	for _, d := range s.Declines {
		declined[d.Customer] = append(declined[d.Customer], d.Employee)
	}
	for _, c := range recipients {
		declined[c] = append(declined[c], employee)
	}
	again := make(map[string]bool, len(recipients))
	for _, c := range recipients {
		again[c] = true
	}
	taken := map[string]int{}
	for _, r := range s.Rows {
		if !again[r.Customer] && r.Sender != nil && r.Sender.ID != nil {
			taken[*r.Sender.ID]++
		}
	}
	res, err := Resolve(ctx, store, Campaign{
		Recipients: recipients,
		Params: routing.Params{AsOf: s.AsOf, HalfLifeDays: s.Params.HalfLifeDays,
			MaxHops: s.Params.MaxHops, MinTrust: s.Params.MinTrust},
		Fallback: s.Params.Fallback, Capacity: s.Params.Capacity, DefaultCapacity: s.Params.DefaultCapacity,
		Declined: declined, Taken: taken,
	})
	if err != nil {
		return nil, err
	}
	rows := res.Rows()
	now := time.Now().UTC()
	for _, r := range rows {
		s.Rows[at[r.Customer]] = r
		s.Declines = append(s.Declines, Decline{Customer: r.Customer, Employee: employee, At: now, By: by,
			Sender: r.Sender, Reason: r.Reason})
	}
	return rows, nil
}

// sentBy reports whether employee is the sender of row.
func sentBy(row Row, employee string) bool {
	return row.Sender != nil && row.Sender.ID != nil && *row.Sender.ID == employee
}

// unique keeps the first of each id, in order.
func unique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	return slices.DeleteFunc(slices.Clone(ids), func(id string) bool {
		if seen[id] {
			return true
		}
		seen[id] = true
		return false
	})
}
