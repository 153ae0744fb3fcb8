package campaigns

import (
	"slices"
	"time"

	"github.com/contactgraph/contactgraph/routing"
)

// Row is one recipient's entry in a campaign, whatever became of
// them: an assignment when Reason is trusted_path, account_owner or
// fallback; an exclusion (opt_out, no_email) or an unresolved id
// (unknown_customer) otherwise, with no sender. Name is the customer's, for
// mail merge. A saved campaign keeps its rows in this form.
type Row struct {
	routing.Assignment
	Name string `json:"name,omitempty"`
}

// assigned reports whether a row's reason is that of an assignment.
func assigned(reason string) bool {
	switch reason {
	case routing.ReasonTrustedPath, routing.ReasonAccountOwner, routing.ReasonFallback:
		return true
	}
	return false
}

// Rows returns every recipient's entry in selection order.
func (res *Result) Rows() []Row {
	refs := res.rows()
	out := make([]Row, len(refs))
	for i, ref := range refs {
		switch ref.list {
		case 0:
			a := res.Assignments[ref.i]
			out[i] = Row{Assignment: a.Assignment, Name: a.Name}
		case 1:
			e := res.Excluded[ref.i]
			out[i] = Row{Assignment: routing.Assignment{Customer: e.Customer, Email: e.Email, Reason: e.Reason}, Name: e.Name}
		default:
			e := res.Unresolved[ref.i]
			out[i] = Row{Assignment: routing.Assignment{Customer: e.Customer, Reason: e.Reason}}
		}
	}
	return out
}

// ResultOf lays rows (in selection order) out as a Result and sums
// it up: the inverse of Rows. duplicates are the ids repeated in the
// campaign's recipients.
func ResultOf(asOf time.Time, rows []Row, duplicates []string) *Result {
	res := &Result{
		AsOf:        asOf,
		Assignments: []Assignment{}, Excluded: []Exclusion{}, Unresolved: []Exclusion{},
		Duplicates: slices.Clip(duplicates),
		order:      make([]rowRef, 0, len(rows)),
	}
	if res.Duplicates == nil {
		res.Duplicates = []string{}
	}
	sum := &res.Summary
	sum.Recipients, sum.Duplicates = len(rows), len(duplicates)
	sum.ByReason = map[string]int{routing.ReasonTrustedPath: 0, routing.ReasonAccountOwner: 0, routing.ReasonFallback: 0}
	sum.BySender, sum.Excluded, sum.Unresolved = map[string]int{}, map[string]int{}, map[string]int{}
	for _, row := range rows {
		switch {
		case row.Reason == routing.ReasonUnknownCustomer:
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
			res.Assignments = append(res.Assignments, Assignment{Assignment: a, Name: row.Name})
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
func (r *resolution) result() *Result {
	rows := make([]Row, len(r.sel.ids))
	for k, id := range r.sel.ids {
		p, known := r.persons[id]
		reason := routing.ReasonUnknownCustomer
		if known {
			reason = exclusionOf(p)
		}
		switch reason {
		case "":
			i, _ := slices.BinarySearch(r.eligible, id)
			rows[k] = Row{Assignment: r.assignment(i, p.Email), Name: p.Name}
		case routing.ReasonUnknownCustomer:
			// An employee's id is no customer: name nobody.
			rows[k] = Row{Assignment: routing.Assignment{Customer: id, Reason: reason}}
		default:
			rows[k] = Row{Assignment: routing.Assignment{Customer: id, Email: p.Email, Reason: reason}, Name: p.Name}
		}
	}
	return ResultOf(time.Time{}, rows, r.sel.duplicates)
}

// assignment is the sender of eligible recipient i.
func (r *resolution) assignment(i int, email string) routing.Assignment {
	out := routing.Assignment{Customer: r.eligible[i], Email: email, Path: []string{}}
	switch j := r.choice[i]; {
	case j >= 0:
		c := r.cands[i][j]
		id := c.Employee.ID
		out.Sender = &routing.Sender{ID: &id, Name: c.Employee.Name, Email: c.Employee.Email}
		out.Reason, out.Score, out.Hops, out.Path = routing.ReasonTrustedPath, c.Score, c.Hops, c.Path
	case r.owner[i] != nil:
		o := r.owner[i]
		id := o.ID
		out.Sender = &routing.Sender{ID: &id, Name: o.Name, Email: o.Email}
		out.Reason = routing.ReasonAccountOwner
	default:
		out.Sender = &routing.Sender{Name: r.c.Fallback.Name, Email: r.c.Fallback.Email}
		out.Reason = routing.ReasonFallback
	}
	return out
}
