package routing

import (
	"context"

	"github.com/contactgraph/contactgraph/graph"
)

// Candidate is an eligible sender for a customer with the best route from
// the customer to them. Path runs from the customer to the sender.
type Candidate struct {
	Employee EmployeeRef `json:"employee"`
	Score    float64     `json:"score"`
	Hops     int         `json:"hops"`
	Path     []string    `json:"path"`
}

// Senders ranks, for each customer among customerIDs, every eligible sender
// (an active employee with sender=true) that reaches them within p.MaxHops
// (default 1) with a score of at least p.MinTrust (default 0.3): score
// descending, hops ascending, employee id ascending. The first candidate is
// the trusted_path sender of §2; campaigns assign from these lists under
// capacities. Ids that are not customers are left out of the map; a customer
// nobody reaches maps to an empty list. All customers are ranked in one
// ReadGraph, each reading only the routes that score at least p.MinTrust.
// EINVALID: a parameter is out of range.
func Senders(ctx context.Context, net graph.Network, customerIDs []string, p Params) (map[string][]Candidate, error) {
	return sendersOf(ctx, net, customerIDs, "", p)
}

// SendersWithout is Senders in the network as it would be once the person
// leaver has left it: neither sender nor intermediary, and not ranked if a
// customer. EINVALID: a parameter is out of range.
func SendersWithout(ctx context.Context, net graph.Network, customerIDs []string, leaver string, p Params) (map[string][]Candidate, error) {
	return sendersOf(ctx, net, customerIDs, leaver, p)
}

// sendersOf is Senders without leaver ("": nobody leaves).
func sendersOf(ctx context.Context, net graph.Network, customerIDs []string, leaver string, p Params) (map[string][]Candidate, error) {
	s, err := p.resolve(senderDefaults)
	if err != nil {
		return nil, err
	}
	var out map[string][]Candidate
	err = net.ReadGraph(ctx, func(view graph.View) error {
		l := newLearner(view, s)
		defer l.release()
		without := int32(-1)
		if leaver != "" {
			if v, ok := view.Node(leaver); ok {
				without = v
			}
		}
		traits := view.Traits()
		out = make(map[string][]Candidate, len(customerIDs))
		for i, id := range customerIDs {
			if i%1024 == 1023 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			c, ok := view.Node(id)
			if !ok || c == without || !traits[c].Customer() {
				continue
			}
			if _, done := out[id]; done {
				continue
			}
			cs, err := l.candidates(ctx, c, 0, without)
			if err != nil {
				return err
			}
			out[id] = cs
		}
		return nil
	})
	return out, err
}

// candidates ranks the eligible senders of customer c on routes that
// avoid without (−1: none), the first limit of them (all for limit ≤ 0).
func (l *learner) candidates(ctx context.Context, c int32, limit int, without int32) ([]Candidate, error) {
	g, sr, found, err := l.rankedIn(ctx, c, l.set, limit, without, graph.Traits.CanSend)
	if err != nil {
		return nil, err
	}
	if limit > 0 && len(found) > limit {
		found = found[:limit]
	}
	out := make([]Candidate, len(found))
	for i, r := range found {
		out[i] = Candidate{Employee: toEmployeeRef(g.person(r.node)), Score: r.score, Hops: int(r.at.hops),
			Path: g.idsOf(sr.path(r.at))}
	}
	return out, nil
}
