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
// A customer's best sender is the employee only on a route that scores at
// least p.MinTrust, and a route scores the same read from either end, so
// Handover reads the routes from the employee that score that much to find
// the customers, then ranks each one's senders with and without the
// employee, all in one ReadGraph.
func Handover(ctx context.Context, net graph.Network, employeeID string, p Params) (HandoverResult, error) {
	s, err := p.resolve(senderDefaults)
	if err != nil {
		return HandoverResult{}, err
	}
	var out HandoverResult
	err = net.ReadGraph(ctx, func(view graph.View) error {
		var err error
		out, err = handoverIn(ctx, view, employeeID, s)
		return err
	})
	return out, err
}

// handoverIn is Handover over a View.
func handoverIn(ctx context.Context, view graph.View, employeeID string, s settings) (HandoverResult, error) {
	traits := view.Traits()
	e, ok := view.Node(employeeID)
	if !ok || !traits[e].Employee() {
		return HandoverResult{}, graph.Errorf(graph.ENOTFOUND, "employee %q not found", employeeID)
	}
	out := HandoverResult{Employee: toEmployeeRef(view.Person(e)), AsOf: s.asOf, Customers: []Succession{}}
	if !traits[e].CanSend() {
		return out, nil
	}
	l := newLearner(view, s)
	defer l.release()
	_, sr, near, err := l.rankedIn(ctx, e, s, 0, -1, graph.Traits.Customer)
	if err != nil {
		return HandoverResult{}, err
	}
	customers := make([]int32, len(near))
	for i, r := range near {
		customers[i] = sr.g.nodeIn[r.node]
	}
	for i, c := range customers {
		if i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return HandoverResult{}, err
			}
		}
		best, err := l.candidates(ctx, c, 1, -1)
		if err != nil {
			return HandoverResult{}, err
		}
		if len(best) == 0 || best[0].Employee.ID != employeeID {
			continue
		}
		mine := best[0]
		h := Succession{Customer: toCustomerRef(view.Person(c)), Score: mine.Score, Hops: mine.Hops, Path: mine.Path, ScoreLost: mine.Score}
		next, err := l.candidates(ctx, c, 1, e)
		if err != nil {
			return HandoverResult{}, err
		}
		if len(next) > 0 {
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
