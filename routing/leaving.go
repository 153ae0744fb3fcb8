package routing

import (
	"context"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// onEveryRoute returns the persons other than the customer that lie on the
// best route to every qualifying sender (the senders themselves included),
// except an only sender, whom count has already charged. Only they can
// uncover the customer by leaving: a sender whose best route avoids a person
// still qualifies without them.
func onEveryRoute(senders []Candidate) []string {
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
// employees leave. The network around the customers is learned with the
// employee in it and the search then runs without them (senders.ranked):
// every route that avoids them is in what was learned, so the ranking is
// the one of a network they have left.
func (t *tally) countCritical(ctx context.Context, net graph.Network, s settings, suspects map[string][]string) error {
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
		sd, err := newSenders(ctx, net, s, suspects[id])
		if err != nil {
			return err
		}
		without, ok := sd.g.node(id)
		if !ok {
			without = -1
		}
		for _, c := range sd.customers {
			if len(sd.ranked(c, without)) == 0 {
				t.person(toEmployeeRef(e)).UncoveredIfLeft++
			}
		}
	}
	return nil
}
