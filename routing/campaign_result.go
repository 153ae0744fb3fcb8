package routing

import "slices"

// result lays the resolution out in selection order and sums it up.
func (r *resolution) result() *CampaignResult {
	res := &CampaignResult{
		Assignments: []CampaignAssignment{}, Excluded: []Exclusion{}, Unresolved: []Exclusion{},
		Duplicates: r.sel.duplicates,
		order:      make([]rowRef, 0, len(r.sel.ids)),
	}
	if res.Duplicates == nil {
		res.Duplicates = []string{}
	}
	sum := &res.Summary
	sum.Recipients, sum.Duplicates = len(r.sel.ids), len(r.sel.duplicates)
	sum.ByReason = map[string]int{ReasonTrustedPath: 0, ReasonAccountOwner: 0, ReasonFallback: 0}
	sum.BySender, sum.Excluded, sum.Unresolved = map[string]int{}, map[string]int{}, map[string]int{}
	for _, id := range r.sel.ids {
		p, known := r.persons[id]
		reason := ReasonUnknownCustomer
		if known {
			reason = exclusionOf(p)
		}
		switch reason {
		case "":
		case ReasonUnknownCustomer:
			// An employee's id is no customer: name nobody.
			res.order = append(res.order, rowRef{list: 2, i: int32(len(res.Unresolved))})
			res.Unresolved = append(res.Unresolved, Exclusion{Customer: id, Reason: reason})
			sum.Unresolved[reason]++
			continue
		default:
			res.order = append(res.order, rowRef{list: 1, i: int32(len(res.Excluded))})
			res.Excluded = append(res.Excluded, Exclusion{Customer: id, Reason: reason, Name: p.Name, Email: p.Email})
			sum.Excluded[reason]++
			continue
		}
		i, _ := slices.BinarySearch(r.eligible, id)
		a := r.assignment(i, p.Email)
		res.order = append(res.order, rowRef{list: 0, i: int32(len(res.Assignments))})
		res.Assignments = append(res.Assignments, CampaignAssignment{Assignment: a, Name: p.Name})
		sum.Assigned++
		sum.ByReason[a.Reason]++
		if a.Sender.ID != nil {
			sum.BySender[*a.Sender.ID]++
		}
		sum.TotalScore += a.Score
	}
	return res
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
