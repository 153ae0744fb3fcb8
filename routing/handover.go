package routing

import (
	"context"
	"slices"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// HandoverResult answers "what happens when this employee leaves"
// (GET /employees/{id}/handover).
type HandoverResult struct {
	Employee  EmployeeRef  `json:"employee"`
	AsOf      time.Time    `json:"asOf"`
	Customers []Succession `json:"customers"`
}

// Succession is one customer whose best sender is the leaving employee:
// their route (Score, Hops, Path from the customer to the employee), the best
// sender without them (nil when the customer is left uncovered) and the score
// lost, Score minus the successor's score (Score when uncovered).
type Succession struct {
	Customer  CustomerRef `json:"customer"`
	Score     float64     `json:"score"`
	Hops      int         `json:"hops"`
	Path      []string    `json:"path"`
	Successor *Candidate  `json:"successor"`
	ScoreLost float64     `json:"scoreLost"`
}

// Handover lists every customer whose best sender (the trusted_path rule of
// Route, with p.MinTrust default 0.3 and p.MaxHops default 1) is the
// employee, with the best sender once the employee has left: removed from
// the network, so neither sender nor intermediary. Customers left uncovered
// come first, then by score lost descending, then by customer id. Opted-out
// customers count too: they still need someone for 1:1 questions. An
// employee who cannot send is nobody's sender and gets an empty list.
// ENOTFOUND: no employee has this id. EINVALID: a parameter is out of range.
//
// The customers a sender can reach within maxHops are exactly those the
// employee reaches within maxHops through possible interiors, so Handover
// expands from the employee to find them, then from all of them at once to
// rank their senders with and without the employee.
func Handover(ctx context.Context, net graph.Network, employeeID string, p Params) (HandoverResult, error) {
	s, err := p.resolve(senderDefaults)
	if err != nil {
		return HandoverResult{}, err
	}
	x := newExpander(net, s)
	e, ok, err := x.person(ctx, employeeID)
	if err != nil {
		return HandoverResult{}, err
	}
	if !ok || x.g.persons[e].Kind != graph.KindEmployee {
		return HandoverResult{}, graph.Errorf(graph.ENOTFOUND, "employee %q not found", employeeID)
	}
	out := HandoverResult{Employee: toEmployeeRef(x.g.persons[e]), AsOf: s.asOf, Customers: []Succession{}}
	if !CanSend(x.g.persons[e]) {
		return out, nil
	}
	near, err := x.bfs(ctx, []int32{e}, s.maxHops, graph.AnyEnds)
	if err != nil {
		return HandoverResult{}, err
	}
	var ids []string
	for _, v := range near {
		if x.g.persons[v].Kind == graph.KindCustomer {
			ids = append(ids, x.g.id(v))
		}
	}
	sd, err := newSendersFrom(ctx, x, ids)
	if err != nil {
		return HandoverResult{}, err
	}
	for i, c := range sd.customers {
		if i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return HandoverResult{}, err
			}
		}
		rs := sd.ranked(c, -1)
		if len(rs) == 0 || rs[0].node != e {
			continue
		}
		mine := sd.candidate(rs[0])
		h := Succession{Customer: toCustomerRef(sd.g.persons[c]), Score: mine.Score, Hops: mine.Hops, Path: mine.Path, ScoreLost: mine.Score}
		if next := sd.candidates(c, e); len(next) > 0 {
			h.Successor = &next[0]
			h.ScoreLost = mine.Score - next[0].Score
			if ScoresEqual(mine.Score, next[0].Score) {
				h.ScoreLost = 0
			}
		}
		out.Customers = append(out.Customers, h)
	}
	slices.SortFunc(out.Customers, compareSuccessions)
	return out, nil
}

// compareSuccessions puts uncovered customers first, then orders by score
// lost descending and customer id.
func compareSuccessions(a, b Succession) int {
	if (a.Successor == nil) != (b.Successor == nil) {
		if a.Successor == nil {
			return -1
		}
		return 1
	}
	return rank(a.ScoreLost, 0, a.Customer.ID, b.ScoreLost, 0, b.Customer.ID)
}
