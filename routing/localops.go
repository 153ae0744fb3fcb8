package routing

import (
	"context"

	"github.com/contactgraph/contactgraph/graph"
)

// Contacts and Paths over a graph.View (ReadGraph).

// Margins of the thresholds, in units of the score tolerance (1e-9): see
// contactsIn.
const (
	floorMargin = 3e-9 // below minTrust, for the last threshold
	sureMargin  = 4e-9 // above a threshold, for an answer to be certain
)

// contactsIn is Contacts over a View. It learns the routes from the
// customer that score at least a threshold lo, which learner.bestFirst
// finds: just below the score of the limit-th end, or minTrust·(1−3e-9),
// below which no end counts. The exact search then runs on them. Every
// route scoring at least lo is in the subgraph, and so is every route that
// ties with it (within the tolerance) if it scores at least hi =
// lo/(1−1e-9): the search finds the exact best route of every end whose best
// route scores at least hi, and a score it finds for another end is a lower
// bound below hi. So if the limit-th end found scores at least lo·(1+4e-9)
// (above hi and further from every score below hi than the tolerance), the
// first limit ends found are the answer; and if lo is the floor, every end
// that counts is found exactly. Should neither hold (bestFirst guarantees
// one), the search runs once more with the floor as threshold.
func contactsIn(ctx context.Context, view graph.View, customerID string, s settings) (ContactsResult, error) {
	c, ok := view.Node(customerID)
	if !ok || !view.Traits()[c].Customer() {
		return ContactsResult{}, graph.Errorf(graph.ENOTFOUND, "customer %q not found", customerID)
	}
	l := newLearner(view, s)
	defer l.release()
	floor := s.minTrust * (1 - floorMargin)
	g, lo := l.bestFirst(c, s.maxHops, s.limit, floor, graph.Traits.Contactable)
	for {
		sr := newSearch(g, l.endsWhere(g, graph.Traits.Contactable))
		sr.run(0, s.maxHops, -1, nil)
		found := reachedEnds(sr, 0, s.minTrust)
		if lo == floor || (len(found) >= s.limit && found[s.limit-1].score >= lo*(1+sureMargin)) {
			return contactsResult(g, sr, 0, found, s), nil
		}
		if err := ctx.Err(); err != nil {
			return ContactsResult{}, err
		}
		g, lo = l.scored(c, s.maxHops, floor, graph.Traits.Contactable), floor
	}
}

// pathsIn is Paths over a View: the same two-ended expansion, reading only
// the relationships that can lie on a route (learner.between).
func pathsIn(ctx context.Context, view graph.View, from, to string, s settings) (PathsResult, error) {
	traits := view.Traits()
	src, ok := view.Node(from)
	if !ok || traits[src] == 0 {
		return PathsResult{}, graph.Errorf(graph.ENOTFOUND, "person %q not found", from)
	}
	dst, ok := view.Node(to)
	if !ok || traits[dst] == 0 {
		return PathsResult{}, graph.Errorf(graph.ENOTFOUND, "person %q not found", to)
	}
	l := newLearner(view, s)
	defer l.release()
	g := l.between(src, dst, s.maxHops)
	best, err := yen(ctx, newSearch(g, nil), 0, 1, s.maxHops, s.limit)
	if err != nil {
		return PathsResult{}, err
	}
	return pathsResult(g, from, to, best, s), nil
}
