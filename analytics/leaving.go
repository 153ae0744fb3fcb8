package analytics

import (
	"context"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// onEveryRoute returns the persons other than the customer that lie on the
// best route to every qualifying sender (the senders themselves included),
// except an only sender, whom count has already charged. Only they can
// uncover the customer by leaving: a sender whose best route avoids a person
// still qualifies without them.
func onEveryRoute(senders []routing.Candidate) []string {
	if len(senders) == 0 {
		return nil
	}
	common := map[string]bool{}
	for _, id := range senders[0].Path[1:] {
		common[id] = true
	}
	for _, cand := range senders[1:] {
		on := map[string]bool{}
		for _, id := range cand.Path[1:] {
			on[id] = true
		}
		for id := range common {
			if !on[id] {
				delete(common, id)
			}
		}
	}
	if len(senders) == 1 {
		delete(common, senders[0].Employee.ID)
	}
	out := make([]string, 0, len(common))
	for id := range common {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// countCritical ranks the senders of the suspected customers once more for
// every suspected employee, without them, and charges them with the
// customers left without any. Suspects that are customers are skipped: only
// employees leave (routing.SendersWithout).
func (t *tally) countCritical(ctx context.Context, net graph.Network, p routing.Params, suspects map[string][]string) error {
	if len(suspects) == 0 {
		return nil
	}
	ids := make([]string, 0, len(suspects))
	for id := range suspects {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	persons, err := net.Persons(ctx, ids)
	if err != nil {
		return err
	}
	employees := map[string]graph.Person{}
	for _, per := range persons {
		if per.Kind == graph.KindEmployee {
			employees[per.ID] = per
		}
	}
	for _, id := range ids {
		e, ok := employees[id]
		if !ok {
			continue
		}
		ranked, err := routing.SendersWithout(ctx, net, suspects[id], id, p)
		if err != nil {
			return err
		}
		for _, c := range suspects[id] {
			if list, ok := ranked[c]; ok && len(list) == 0 {
				t.person(routing.EmployeeRefOf(e)).UncoveredIfLeft++
			}
		}
	}
	return nil
}
