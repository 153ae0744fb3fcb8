package routing

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// ContactsResult answers "who here knows this customer"
// (GET /customers/{id}/contacts).
type ContactsResult struct {
	Customer CustomerRef `json:"customer"`
	AsOf     time.Time   `json:"asOf"`
	Contacts []Contact   `json:"contacts"`
}

// Contact is one employee who knows the customer, with the best route to
// them: Path runs from the customer to the employee, Edges[i] joins Path[i]
// and Path[i+1].
type Contact struct {
	Employee EmployeeRef `json:"employee"`
	Score    float64     `json:"score"`
	Hops     int         `json:"hops"`
	Path     []Node      `json:"path"`
	Edges    []Edge      `json:"edges"`
}

// Contacts returns every active employee who reaches the customer within
// p.MaxHops (default 3) with a score of at least p.MinTrust (default 0), once
// each with their best route, ordered by score descending, hops ascending and
// employee id ascending, at most p.Limit (default 5, at most 100) of them.
// ENOTFOUND: no customer has this id. EINVALID: a parameter is out of range.
func Contacts(ctx context.Context, net Network, customerID string, p Params) (ContactsResult, error) {
	s, err := p.resolve(contactsDefaults)
	if err != nil {
		return ContactsResult{}, err
	}
	if l, ok := net.(Local); ok {
		var out ContactsResult
		err := l.ReadGraph(ctx, func(view Graph) error {
			var err error
			out, err = contactsIn(ctx, view, customerID, s)
			return err
		})
		return out, err
	}
	if nb, ok := net.(Neighbourhood); ok {
		return contactsNear(ctx, nb, customerID, s)
	}
	x := newExpander(net, s)
	c, ok, err := x.person(ctx, customerID)
	if err != nil {
		return ContactsResult{}, err
	}
	if !ok || x.g.persons[c].Kind != graph.KindCustomer {
		return ContactsResult{}, graph.Errorf(graph.ENOTFOUND, "customer %q not found", customerID)
	}
	if _, err := x.bfs(ctx, []int32{c}, s.maxHops, -1, ActiveEmployees, x.pruneLast(c, s)); err != nil {
		return ContactsResult{}, err
	}
	g := &x.g
	sr := newSearch(g, ends(g, Contactable))
	sr.run(c, s.maxHops, -1, nil)
	return contactsResult(g, sr, c, reachedEnds(sr, c, s.minTrust), s), nil
}

// contactsResult is the answer for customer c from the ranked ends found.
func contactsResult(g *subgraph, sr *search, c int32, found []reached, s settings) ContactsResult {
	if len(found) > s.limit {
		found = found[:s.limit]
	}
	out := ContactsResult{Customer: toCustomerRef(g.person(c)), AsOf: s.asOf, Contacts: make([]Contact, 0, len(found))}
	for _, f := range found {
		path, edges := g.describe(sr.path(f.at))
		out.Contacts = append(out.Contacts, Contact{
			Employee: toEmployeeRef(g.person(f.node)), Score: f.score, Hops: int(f.at.hops), Path: path, Edges: edges,
		})
	}
	return out
}

// pruneLast plans the last level of Contacts from c (see bfs): it expands
// only the frontier nodes through which a route may still be among the
// s.limit best. Every walk from c of fewer hops than the last level is
// learned by then, so the search over what is learned knows the best score
// b(v) of a walk to each frontier node v, and the limit-th best score τ of
// the ends reached so far is at most that of the answer. A route through a
// node with b(v) < lo = τ·(1−5e-9) scores less and is not needed; the
// answer is then exact for the reasons contactsIn gives (lo, and the
// limit-th end found scores at least τ).
func (x *expander) pruneLast(c int32, s settings) func(level int, frontier []int32) []int32 {
	return func(level int, frontier []int32) []int32 {
		if level < s.maxHops-1 {
			return frontier
		}
		g := &x.g
		g.build()
		sr := newSearch(g, everyone(g))
		sr.run(c, s.maxHops-1, -1, nil)
		lo := kthBound(sr, c, s)
		var keep []int32
		for _, v := range frontier {
			// A dropped label may beat best within the tolerance.
			if b := sr.best[v]; b >= 0 && b*(1+2*scoreTolerance) >= lo {
				keep = append(keep, v)
			}
		}
		return keep
	}
}

// everyone marks every node of g as a possible end, for a search that
// learns the best walk to each.
func everyone(g *subgraph) []bool {
	all := make([]bool, g.len())
	for i := range all {
		all[i] = true
	}
	return all
}

// kthBound returns the threshold below which no route of Contacts from c
// is needed, given the last run of sr (every node an end): just below the
// s.limit-th best score of an end reached (at most the answer's), or just
// below minTrust if fewer ends reach it.
func kthBound(sr *search, c int32, s settings) float64 {
	g := sr.g
	var scores []float64
	for _, v := range sr.seen {
		if score := sr.best[v]; v != c && Contactable(g.persons[v]) && atLeast(score, s.minTrust) {
			scores = append(scores, score)
		}
	}
	lo := s.minTrust * (1 - floorMargin)
	if len(scores) >= s.limit {
		slices.SortFunc(scores, func(a, b float64) int { return cmp.Compare(b, a) })
		lo = max(lo, scores[s.limit-1]*(1-tauMargin))
	}
	return lo
}

// ends marks the nodes of g that satisfy ok.
func ends(g *subgraph, ok func(graph.Person) bool) []bool {
	m := make([]bool, len(g.persons))
	for i, p := range g.persons {
		m[i] = ok(p)
	}
	return m
}

// reached is the best route of the last run to one end.
type reached struct {
	node  int32
	score float64
	at    ref
}

// reachedEnds returns the ends the last run of sr from src reached with a
// score of at least minTrust, ranked by score, hops and id.
func reachedEnds(sr *search, src int32, minTrust float64) []reached {
	var out []reached
	for _, v := range sr.seen {
		if v == src || !sr.end[v] {
			continue
		}
		score, at, _ := sr.result(v)
		if atLeast(score, minTrust) {
			out = append(out, reached{node: v, score: score, at: at})
		}
	}
	g := sr.g
	slices.SortFunc(out, func(a, b reached) int {
		return rank(a.score, int(a.at.hops), g.id(a.node), b.score, int(b.at.hops), g.id(b.node))
	})
	return out
}
