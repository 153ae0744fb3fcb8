package server

import (
	"context"
	"slices"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// Private relationships (docs/contract.md §3) take part in routing, but whoever is
// not entitled to one must learn nothing about it beyond "a route runs
// through these persons". Entitled are admins and the two persons it joins
// (an employee key bound to an end: it is their own data). For everyone
// else:
//
//   - GET /relationships/{a}/{b} answers 404, exactly as if the two had no
//     relationship, and GET /persons/{id}/relationships leaves it out;
//   - /graph never draws it, follows it or counts it in a degree (package
//     routing), and /export leaves it out unless an admin asks for
//     includePrivate;
//   - routing answers (contacts, route, paths, handover, campaigns) show the
//     persons on a route through it, but its edge's trust, effective trust
//     and last contact are null, and so is the score of the route, which is
//     a product that includes the private trust (a one-hop route's score is
//     its effective trust, and asOf before the last contact undoes the
//     decay). A handover's scoreLost is null when either score is; a
//     campaign's totalScore sums the scores it shows, and in CSV a withheld
//     score is an empty cell.
//   - analytics report counts only.
//
// What remains is inference, not data: the order of routes and the answers
// to different minTrust thresholds depend on the hidden scores. Closing that
// would mean private relationships do not route.
//
// The privacy scan (privacy_test.go) calls every route as every role on a
// network with private ties and checks all of this.

// seesTie reports whether who may see the details of r.
func seesTie(who Principal, r graph.Relationship) bool {
	return r.Visibility != graph.Private || seesPrivate(who, r.A, r.B)
}

// seesPrivate reports whether who may see the private relationship of a and b.
func seesPrivate(who Principal, a, b string) bool {
	return who.Role == RoleAdmin || who.Role == RoleEmployee && (who.Employee == a || who.Employee == b)
}

// hiddenRelationship is the answer about a relationship the caller may not
// see: the store's own words for one that does not exist.
func hiddenRelationship(a, b string) error {
	return graph.Errorf(graph.ENOTFOUND, "no relationship between %q and %q", a, b)
}

// visibleRelationships returns the relationships of rs that who may see.
func visibleRelationships(who Principal, rs []graph.Relationship) []graph.Relationship {
	return slices.DeleteFunc(rs, func(r graph.Relationship) bool { return !seesTie(who, r) })
}

// redactEdges hides the details of the private edges along nodes that who
// may not see and reports whether it hid any.
func redactEdges(who Principal, nodes []string, edges []routing.Edge) bool {
	hid := false
	for i := range edges {
		if edges[i].Visibility == graph.Private && i+1 < len(nodes) && !seesPrivate(who, nodes[i], nodes[i+1]) {
			edges[i] = edges[i].Redacted()
			hid = true
		}
	}
	return hid
}

// shown is a score as an answer shows it: nil when withheld.
func shown(score float64, withheld bool) *float64 {
	if withheld {
		return nil
	}
	return &score
}

// hiddenHops tells which routes run through a private relationship that who
// may not see. It reads the relationship of each hop in a view of the
// graph (ReadGraph), from the end with fewer relationships, and only when
// who is not an admin: a route's sender is often a hub with a hundred
// thousand relationships, whose list is never scanned.
type hiddenHops map[[2]string]bool

func (s *Server) hiddenHops(ctx context.Context, who Principal, routes ...[]string) (hiddenHops, error) {
	if who.Role == RoleAdmin {
		return nil, nil
	}
	hops := map[[2]string]bool{}
	for _, r := range routes {
		for i := 0; i+1 < len(r); i++ {
			hops[canonicalHop(r[i], r[i+1])] = true
		}
	}
	if len(hops) == 0 {
		return nil, nil
	}
	var h hiddenHops
	err := s.store.ReadGraph(ctx, func(view graph.View) error {
		h = hiddenHops{}
		for hop := range hops {
			if r, ok := tieIn(view, hop[0], hop[1]); ok && !seesTie(who, r) {
				h[hop] = true
			}
		}
		return nil
	})
	return h, err
}

// canonicalHop returns the ends of a hop in order.
func canonicalHop(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// tieIn returns the relationship between the persons a and b in view,
// reading the arcs of whichever has fewer.
func tieIn(view graph.View, a, b string) (graph.Relationship, bool) {
	u, ok := view.Node(a)
	if !ok {
		return graph.Relationship{}, false
	}
	v, ok := view.Node(b)
	if !ok {
		return graph.Relationship{}, false
	}
	if len(view.Arcs(u)) > len(view.Arcs(v)) {
		u, v = v, u
	}
	for _, arc := range view.Arcs(u) {
		if arc.To == v {
			return view.Relationship(arc.Rel), true
		}
	}
	return graph.Relationship{}, false
}

// in reports whether route runs through a hidden relationship.
func (h hiddenHops) in(route []string) bool {
	for i := 0; i+1 < len(route); i++ {
		if h[canonicalHop(route[i], route[i+1])] {
			return true
		}
	}
	return false
}

// contactsView is a contacts answer with the scores of hidden routes withheld.
type contactsView struct {
	routing.ContactsResult
	Contacts []contactView `json:"contacts"`
}

type contactView struct {
	routing.Contact
	Score *float64 `json:"score"`
	// LastInteraction is the latest interaction of the contact's own tie
	// to the customer (whatever the route), null without one or where the
	// tie is private to the caller.
	LastInteraction *eventResponse `json:"lastInteraction"`
}

func privateContacts(who Principal, res routing.ContactsResult, last map[string]eventResponse) contactsView {
	v := contactsView{ContactsResult: res, Contacts: make([]contactView, len(res.Contacts))}
	for i, ct := range res.Contacts {
		nodes := make([]string, len(ct.Path))
		for j, n := range ct.Path {
			nodes[j] = n.ID
		}
		v.Contacts[i] = contactView{Contact: ct, Score: shown(ct.Score, redactEdges(who, nodes, ct.Edges))}
		if e, ok := last[ct.Employee.ID]; ok {
			v.Contacts[i].LastInteraction = &e
		}
	}
	return v
}

// pathsView is a paths answer with the scores of hidden paths withheld.
type pathsView struct {
	routing.PathsResult
	Paths []pathView `json:"paths"`
}

type pathView struct {
	routing.Path
	Score *float64 `json:"score"`
}

func privatePaths(who Principal, res routing.PathsResult) pathsView {
	v := pathsView{PathsResult: res, Paths: make([]pathView, len(res.Paths))}
	for i, p := range res.Paths {
		v.Paths[i] = pathView{Path: p, Score: shown(p.Score, redactEdges(who, p.Nodes, p.Edges))}
	}
	return v
}

// routeView is a route answer with the score withheld if it is hidden.
type routeView struct {
	routeResponse
	Score *float64 `json:"score"`
}

// handoverView is a handover answer with the scores of hidden routes
// withheld.
type handoverView struct {
	routing.HandoverResult
	Customers []successionView `json:"customers"`
}

type successionView struct {
	routing.Succession
	Score     *float64       `json:"score"`
	Successor *candidateView `json:"successor"`
	ScoreLost *float64       `json:"scoreLost"`
}

type candidateView struct {
	routing.Candidate
	Score *float64 `json:"score"`
}

func (s *Server) privateHandover(ctx context.Context, who Principal, res routing.HandoverResult) (any, error) {
	var routes [][]string
	for _, c := range res.Customers {
		routes = append(routes, c.Path)
		if c.Successor != nil {
			routes = append(routes, c.Successor.Path)
		}
	}
	h, err := s.hiddenHops(ctx, who, routes...)
	if err != nil || len(h) == 0 {
		return res, err
	}
	v := handoverView{HandoverResult: res, Customers: make([]successionView, len(res.Customers))}
	for i, c := range res.Customers {
		hidden := h.in(c.Path)
		sv := successionView{Succession: c, Score: shown(c.Score, hidden)}
		if c.Successor != nil {
			succHidden := h.in(c.Successor.Path)
			sv.Successor = &candidateView{Candidate: *c.Successor, Score: shown(c.Successor.Score, succHidden)}
			hidden = hidden || succHidden
		}
		sv.ScoreLost = shown(c.ScoreLost, hidden)
		v.Customers[i] = sv
	}
	return v, nil
}

// campaignView is a campaign answer with the scores of hidden routes
// withheld; its totalScore sums the scores shown.
type campaignView struct {
	*campaigns.Result
	Assignments []assignmentView  `json:"assignments"`
	Summary     campaigns.Summary `json:"summary"`
}

type assignmentView struct {
	campaigns.Assignment
	Score *float64 `json:"score"`
}

// privateCampaign returns the campaign as who may see it and the customers
// whose scores it withholds (nil when none).
func (s *Server) privateCampaign(ctx context.Context, who Principal, res *campaigns.Result) (any, map[string]bool, error) {
	routes := make([][]string, 0, len(res.Assignments))
	for _, a := range res.Assignments {
		if a.Reason == routing.ReasonTrustedPath {
			routes = append(routes, a.Path)
		}
	}
	h, err := s.hiddenHops(ctx, who, routes...)
	if err != nil || len(h) == 0 {
		return res, nil, err
	}
	v := campaignView{Result: res, Assignments: make([]assignmentView, len(res.Assignments)), Summary: res.Summary}
	withheld := map[string]bool{}
	for i, a := range res.Assignments {
		hidden := a.Reason == routing.ReasonTrustedPath && h.in(a.Path)
		if hidden {
			withheld[a.Customer] = true
		}
		v.Assignments[i] = assignmentView{Assignment: a, Score: shown(a.Score, hidden)}
	}
	v.Summary.TotalScore = shownTotal(res, withheld)
	return v, withheld, nil
}

// shownTotal is the campaign's totalScore without the withheld scores.
func shownTotal(res *campaigns.Result, withheld map[string]bool) float64 {
	if len(withheld) == 0 {
		return res.Summary.TotalScore
	}
	total := 0.0
	for _, a := range res.Assignments {
		if a.Reason == routing.ReasonTrustedPath && !withheld[a.Customer] {
			total += a.Score
		}
	}
	return total
}
