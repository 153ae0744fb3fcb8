package routing

import (
	"context"

	"github.com/contactgraph/contactgraph/graph"
)

// The operations over a graph.View (ReadGraph): the ranking they share, Contacts and Paths.

// Margins of the thresholds, in units of the score tolerance (1e-9): see
// contactsIn.
const (
	floorMargin = 3e-9 // below minTrust, for the last threshold
	sureMargin  = 4e-9 // above a threshold, for an answer to be certain
)

// contactsIn is Contacts over a View (rankedIn, with the contactable
// employees as ends).
func contactsIn(ctx context.Context, view graph.View, customerID string, s settings) (ContactsResult, error) {
	c, ok := view.Node(customerID)
	if !ok || !view.Traits()[c].Customer() {
		return ContactsResult{}, graph.Errorf(graph.ENOTFOUND, "customer %q not found", customerID)
	}
	l := newLearner(view, s)
	defer l.release()
	g, sr, found, err := l.rankedIn(ctx, c, s, s.limit, -1, graph.Traits.Contactable)
	if err != nil {
		return ContactsResult{}, err
	}
	return contactsResult(g, sr, 0, found, s), nil
}

// rankedIn returns the ends (end) that src reaches within s.maxHops with a
// score of at least s.minTrust, ranked by score, hops and id, on routes
// that avoid the node without (−1: none) altogether, over the
// subgraph it learned and the search that found them (src is node 0 of
// the subgraph). With limit > 0 only the first limit ends are certain to
// be right and complete (the rest may be missing); with limit ≤ 0 every
// end is.
//
// It learns the routes from src that score at least a threshold lo, which
// learner.bestFirst finds: just below the score of the limit-th end, or
// minTrust·(1−3e-9), below which no end counts. The exact search then runs
// on them. Every route scoring at least lo is in the subgraph, and so is
// every route that ties with it (within the tolerance) if it scores at
// least hi = lo/(1−1e-9): the search finds the exact best route of every
// end whose best route scores at least hi, and a score it finds for
// another end is a lower bound below hi. So if the limit-th end found
// scores at least lo·(1+4e-9) (above hi and further from every score below
// hi than the tolerance), the first limit ends found are the answer; and
// if lo is the floor, every end that counts is found exactly. Should
// neither hold (bestFirst guarantees one), the search runs once more with
// the floor as threshold.
//
// Every route that avoids without and scores at least lo is in what was
// learned with it, so the same holds with without blocked in the search.
func (l *learner) rankedIn(ctx context.Context, src int32, s settings, limit int, without int32, end func(graph.Traits) bool) (*subgraph, *search, []reached, error) {
	floor := s.minTrust * (1 - floorMargin)
	var g *subgraph
	lo := floor
	if limit > 0 {
		g, lo = l.bestFirst(src, s.maxHops, limit, floor, end)
	} else {
		g = l.scored(src, s.maxHops, floor, end)
	}
	for {
		sr := newSearch(g, l.endsWhere(g, end))
		if v, ok := g.local(without); ok {
			sr.blocked[v] = true
		}
		sr.run(0, s.maxHops, -1, nil)
		found := reachedEnds(sr, 0, s.minTrust)
		if lo == floor || (len(found) >= limit && found[limit-1].score >= lo*(1+sureMargin)) {
			return g, sr, found, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		g, lo = l.scored(src, s.maxHops, floor, end), floor
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
