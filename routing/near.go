package routing

import (
	"cmp"
	"context"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// Contacts over a Neighbourhood (a remote store): a best-first search in
// rounds of at most two Neighbours calls.

// The paging of contactsNear: the page level falls by pageFactor per round
// at most, and asks about pageNodes nodes or so; nodes of at most
// smallDegree relationships come whole, since a remote store reads all of a
// node's relationships to filter them anyway. After pagedRounds the page
// level is the threshold itself.
const (
	pageFactor  = 0.9
	pageNodes   = 256
	smallDegree = 64
	pagedRounds = 24
)

// contactsNear is Contacts over a Neighbourhood. A level-by-level search
// asks a hub of a hundred thousand relationships for all of them; this one
// learns a node's relationships from the strongest down, in rounds, as far
// as they can still matter, like learner.bestFirst over a Graph.
//
// Each round runs the exact search over what is learned. It gives, for
// every node v that may lead a route on (the customer, or a node that may be
// interior), B(v) and S(v): the best scores of a learned walk to v of at
// most maxHops−1 and maxHops−2 hops; and the limit-th best score τ of an end
// reached, at most the answer's, so that routes scoring below lo =
// τ·(1−5e-9) are not needed (just below minTrust if fewer ends reach it).
// Node v has two thresholds: its relationships to employees of effective
// trust e(v) or more are learned, and all its relationships of a(v) or more
// (both 1 before any is, 0 once all are). A walk that is not learned takes,
// at some node v, a first relationship that is not learned, after a learned
// prefix: if that relationship is the walk's last, to an end, the walk
// scores less than B(v)·min(e(v), a(v)); otherwise the prefix has at most
// maxHops−2 hops and the walk scores less than S(v)·a(v). So once U, the
// largest of these bounds, is at most lo, every route that scores lo or more
// is learned, and the answer is exact for the reasons contactsIn gives.
//
// Until then a round asks for every bound at or above the page level P:
// for all of v's relationships down to the effective trust min(P,
// 0.8·bound)/S(v), or all of them for the customer and nodes with few
// relationships; and for all of v's relationships to employees (a
// Neighbourhood then leaves out a hub's many customers). P is lo (then
// down to lo/S(v)), or higher so that a round asks about a few hundred
// nodes and falls by 20% at most: the best first, and a hub's strongest
// relationships before its weaker ones. Past a few dozen rounds P is lo,
// which finishes every node in one more round per level. The scores
// may beat the search's labels within the tolerance, so they carry a
// margin; and since t = P/B gives B·t a little above P, nodes count as done
// up to lo·(1+1e-12), well within the margins of lo.
func contactsNear(ctx context.Context, nb Neighbourhood, customerID string, s settings) (ContactsResult, error) {
	x := newExpander(nb, s)
	c, ok, err := x.person(ctx, customerID)
	if err != nil {
		return ContactsResult{}, err
	}
	if !ok || x.g.persons[c].Kind != graph.KindCustomer {
		return ContactsResult{}, graph.Errorf(graph.ENOTFOUND, "customer %q not found", customerID)
	}
	x.pairs = map[[2]int32]bool{}
	x.degree = map[string]int{}
	g := &x.g
	toAll := map[int32]float64{}  // a(v), for the nodes asked about
	toEnds := map[int32]float64{} // e(v)
	threshold := func(m map[int32]float64, v int32) (float64, bool) {
		t, asked := m[v]
		if !asked {
			return 1, false
		}
		return t, true
	}
	for round := 0; ; round++ {
		if err := ctx.Err(); err != nil {
			return ContactsResult{}, err
		}
		g.build()
		sr := newSearch(g, everyone(g))
		sr.run(c, s.maxHops, -1, nil)
		lo := kthBound(sr, c, s) * (1 + 1e-12)
		long, short := walkBests(sr, g.len(), s.maxHops-1), walkBests(sr, g.len(), s.maxHops-2)

		// The bounds of the open channels: (node, all?) → bound.
		type channel struct {
			v     int32
			all   bool
			bound float64
		}
		var open []channel
		for v := range long {
			if v := int32(v); v == c || g.interior[v] {
				a, _ := threshold(toAll, v)
				e, _ := threshold(toEnds, v)
				if b := short[v] * a; short[v] >= 0 && a > 0 && (b > lo || lo == 0) {
					open = append(open, channel{v, true, b})
				}
				if b := long[v] * min(a, e); long[v] >= 0 && min(a, e) > 0 && (b > lo || lo == 0) {
					open = append(open, channel{v, false, b})
				}
			}
		}
		if len(open) == 0 {
			break
		}
		page := lo
		if round < pagedRounds {
			bounds := make([]float64, len(open))
			for i, ch := range open {
				bounds[i] = ch.bound
			}
			slices.SortFunc(bounds, func(a, b float64) int { return cmp.Compare(b, a) })
			page = max(lo, bounds[0]*pageFactor, bounds[min(pageNodes, len(bounds))-1])
		}
		var all, endsOnly Level
		var allNodes, endNodes []int32
		asking := map[int32]bool{} // asked for all its relationships this round
		for _, ch := range open {
			if ch.bound < page || (!ch.all && asking[ch.v]) {
				continue // below the page; nodes tied at it come along
			}
			v := ch.v
			whole := v == c
			if d, ok := x.degree[g.id(v)]; ok && d <= smallDegree {
				whole = true
			}
			if ch.all {
				t, asked := threshold(toAll, v)
				next := 0.0
				if !whole && short[v] > 0 {
					// Down to the page, and by a fifth at least.
					next = lo / short[v]
					if page > lo {
						next = min(page, ch.bound*pageFactor) / short[v]
					}
				}
				addRow(&all, g.id(v), next, t, asked)
				allNodes = append(allNodes, v)
				toAll[v] = next
				asking[v] = true
				continue
			}
			// Relationships to employees are few, and a store reads all
			// of a node's relationships to pick them anyway: all at once.
			a, _ := threshold(toAll, v)
			e, asked := threshold(toEnds, v)
			addRow(&endsOnly, g.id(v), 0, min(a, e), asked || a < 1)
			endNodes = append(endNodes, v)
			toEnds[v] = 0
		}
		for _, q := range []struct {
			level Level
			nodes []int32
			only  Ends
		}{{all, allNodes, AnyEnds}, {endsOnly, endNodes, ActiveEmployees}} {
			if len(q.nodes) == 0 {
				continue
			}
			q.level.Only = q.only
			if err := x.fetch(ctx, q.level, q.nodes, func(int32) {}); err != nil {
				return ContactsResult{}, err
			}
		}
	}
	sr := newSearch(g, ends(g, Contactable))
	sr.run(c, s.maxHops, -1, nil)
	return contactsResult(g, sr, c, reachedEnds(sr, c, s.minTrust), s), nil
}

// addRow asks q for id's relationships of effective trust from min, and up
// to below max if known is set (those from max on are learned).
func addRow(q *Level, id string, min, max float64, known bool) {
	q.IDs = append(q.IDs, id)
	q.MinTrust = append(q.MinTrust, min)
	if !known {
		max = 0
	}
	q.MaxTrust = append(q.MaxTrust, max)
}

// walkBests returns, per node, the best score of a walk of at most hops
// hops in the last run of sr (with a margin for labels the run dropped as
// equal within the tolerance), −1 for none.
func walkBests(sr *search, n, hops int) []float64 {
	best := make([]float64, n)
	for i := range best {
		best[i] = -1
	}
	for h := 0; h <= hops && h < len(sr.layers); h++ {
		for _, l := range sr.layers[h] {
			best[l.node] = max(best[l.node], l.score*(1+2*scoreTolerance))
		}
	}
	return best
}
