package routing

import (
	"slices"
	"time"
)

// CampaignRow is one recipient's entry in a campaign, whatever became of
// them: an assignment when Reason is trusted_path, account_owner or
// fallback; an exclusion (opt_out, no_email) or an unresolved id
// (unknown_customer) otherwise, with no sender. Name is the customer's, for
// mail merge. A saved campaign keeps its rows in this form.
type CampaignRow struct {
	Assignment
	Name string `json:"name,omitempty"`
}

// assigned reports whether a row's reason is that of an assignment.
func assigned(reason string) bool {
	switch reason {
	case ReasonTrustedPath, ReasonAccountOwner, ReasonFallback:
		return true
	}
	return false
}

// Rows returns every recipient's entry in selection order.
func (res *CampaignResult) Rows() []CampaignRow {
	refs := res.rows()
	out := make([]CampaignRow, len(refs))
	for i, ref := range refs {
		switch ref.list {
		case 0:
			a := res.Assignments[ref.i]
			out[i] = CampaignRow{Assignment: a.Assignment, Name: a.Name}
		case 1:
			e := res.Excluded[ref.i]
			out[i] = CampaignRow{Assignment: Assignment{Customer: e.Customer, Email: e.Email, Reason: e.Reason}, Name: e.Name}
		default:
			e := res.Unresolved[ref.i]
			out[i] = CampaignRow{Assignment: Assignment{Customer: e.Customer, Reason: e.Reason}}
		}
	}
	return out
}

// ResultOf lays rows (in selection order) out as a CampaignResult and sums
// it up: the inverse of Rows. duplicates are the ids repeated in the
// campaign's recipients.
func ResultOf(asOf time.Time, rows []CampaignRow, duplicates []string) *CampaignResult {
	res := &CampaignResult{
		AsOf:        asOf,
		Assignments: []CampaignAssignment{}, Excluded: []Exclusion{}, Unresolved: []Exclusion{},
		Duplicates: slices.Clip(duplicates),
		order:      make([]rowRef, 0, len(rows)),
	}
	if res.Duplicates == nil {
		res.Duplicates = []string{}
	}
	sum := &res.Summary
	sum.Recipients, sum.Duplicates = len(rows), len(duplicates)
	sum.ByReason = map[string]int{ReasonTrustedPath: 0, ReasonAccountOwner: 0, ReasonFallback: 0}
	sum.BySender, sum.Excluded, sum.Unresolved = map[string]int{}, map[string]int{}, map[string]int{}
	for _, row := range rows {
		switch {
		case row.Reason == ReasonUnknownCustomer:
			res.order = append(res.order, rowRef{list: 2, i: int32(len(res.Unresolved))})
			res.Unresolved = append(res.Unresolved, Exclusion{Customer: row.Customer, Reason: row.Reason})
			sum.Unresolved[row.Reason]++
		case !assigned(row.Reason):
			res.order = append(res.order, rowRef{list: 1, i: int32(len(res.Excluded))})
			res.Excluded = append(res.Excluded, Exclusion{Customer: row.Customer, Reason: row.Reason, Name: row.Name, Email: row.Email})
			sum.Excluded[row.Reason]++
		default:
			a := row.Assignment
			if a.Path == nil {
				a.Path = []string{}
			}
			res.order = append(res.order, rowRef{list: 0, i: int32(len(res.Assignments))})
			res.Assignments = append(res.Assignments, CampaignAssignment{Assignment: a, Name: row.Name})
			sum.Assigned++
			sum.ByReason[a.Reason]++
			if a.Sender != nil && a.Sender.ID != nil {
				sum.BySender[*a.Sender.ID]++
			}
			sum.TotalScore += a.Score
		}
	}
	return res
}

// result lays the resolution out in selection order and sums it up.
func (r *resolution) result() *CampaignResult {
	rows := make([]CampaignRow, len(r.sel.ids))
	for k, id := range r.sel.ids {
		p, known := r.persons[id]
		reason := ReasonUnknownCustomer
		if known {
			reason = exclusionOf(p)
		}
		switch reason {
		case "":
			i, _ := slices.BinarySearch(r.eligible, id)
			rows[k] = CampaignRow{Assignment: r.assignment(i, p.Email), Name: p.Name}
		case ReasonUnknownCustomer:
			// An employee's id is no customer: name nobody.
			rows[k] = CampaignRow{Assignment: Assignment{Customer: id, Reason: reason}}
		default:
			rows[k] = CampaignRow{Assignment: Assignment{Customer: id, Email: p.Email, Reason: reason}, Name: p.Name}
		}
	}
	return ResultOf(time.Time{}, rows, r.sel.duplicates)
}

// assignment is the sender of eligible recipient i.
func (r *resolution) assignment(i int, email string) Assignment {
	out := Assignment{Customer: r.eligible[i], Email: email, Path: []string{}}
	switch j := r.choice[i]; {
	case j >= 0:
		c := r.cands[i][j]
		id := c.Employee.ID
		out.Sender = &Sender{ID: &id, Name: c.Employee.Name, Email: c.Employee.Email}
		out.Reason, out.Score, out.Hops, out.Path = ReasonTrustedPath, c.Score, c.Hops, c.Path
	case r.owner[i] != nil:
		o := r.owner[i]
		id := o.ID
		out.Sender = &Sender{ID: &id, Name: o.Name, Email: o.Email}
		out.Reason = ReasonAccountOwner
	default:
		out.Sender = &Sender{Name: r.c.Fallback.Name, Email: r.c.Fallback.Email}
		out.Reason = ReasonFallback
	}
	return out
}
