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
// nobody reaches maps to an empty list. The network is expanded for all
// customers at once, one Ties and one Persons call per hop level.
// EINVALID: a parameter is out of range.
func Senders(ctx context.Context, net graph.Network, customerIDs []string, p Params) (map[string][]Candidate, error) {
	s, err := p.resolve(senderDefaults)
	if err != nil {
		return nil, err
	}
	sd, err := newSenders(ctx, net, s, customerIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]Candidate, len(sd.customers))
	for i, c := range sd.customers {
		if i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out[sd.g.id(c)] = sd.candidates(c, -1)
	}
	return out, nil
}

// SendersWithout is Senders in the network as it would be once the person
// leaver has left it: neither sender nor intermediary. The network around
// the customers is learned with leaver in it and the search then runs
// without them; every route that avoids them is in what was learned, so the
// ranking is the one of a network they have left. EINVALID: a parameter is
// out of range.
func SendersWithout(ctx context.Context, net graph.Network, customerIDs []string, leaver string, p Params) (map[string][]Candidate, error) {
	s, err := p.resolve(senderDefaults)
	if err != nil {
		return nil, err
	}
	sd, err := newSenders(ctx, net, s, customerIDs)
	if err != nil {
		return nil, err
	}
	without, ok := sd.g.node(leaver)
	if !ok {
		without = -1
	}
	out := make(map[string][]Candidate, len(sd.customers))
	for i, c := range sd.customers {
		if i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if c != without {
			out[sd.g.id(c)] = sd.candidates(c, without)
		}
	}
	return out, nil
}

// senders finds the eligible senders of a set of customers over one shared
// subgraph.
type senders struct {
	set       settings
	x         *expander
	g         *subgraph
	sr        *search
	customers []int32 // the known customers among the ids asked for, once each
}

// newSenders learns the customers among ids and the network around them.
func newSenders(ctx context.Context, net graph.Network, s settings, ids []string) (*senders, error) {
	return newSendersFrom(ctx, newExpander(net, s), ids)
}

// newSendersFrom is newSenders on an expander that may already know part of
// the network.
func newSendersFrom(ctx context.Context, x *expander, ids []string) (*senders, error) {
	if err := x.learn(ctx, ids); err != nil {
		return nil, err
	}
	sd := &senders{set: x.set, x: x, g: &x.g}
	done := map[int32]bool{}
	for _, id := range ids {
		if v, ok := x.g.node(id); ok && x.g.persons[v].Kind == graph.KindCustomer && !done[v] {
			done[v] = true
			sd.customers = append(sd.customers, v)
		}
	}
	if _, err := x.bfs(ctx, sd.customers, sd.set.maxHops, graph.ActiveSenders); err != nil {
		return nil, err
	}
	sd.sr = newSearch(sd.g, ends(sd.g, CanSend))
	return sd, nil
}

// ranked returns the eligible senders of customer c with their best routes,
// ranked, without the node without (−1 for none), who is then removed from
// the network altogether.
func (sd *senders) ranked(c, without int32) []reached {
	if without >= 0 {
		sd.sr.blocked[without] = true
		defer func() { sd.sr.blocked[without] = false }()
	}
	sd.sr.run(c, sd.set.maxHops, -1, nil)
	return reachedEnds(sd.sr, c, sd.set.minTrust)
}

// candidates is ranked in the form of answers.
func (sd *senders) candidates(c, without int32) []Candidate {
	rs := sd.ranked(c, without)
	out := make([]Candidate, len(rs))
	for i, r := range rs {
		out[i] = sd.candidate(r)
	}
	return out
}

// candidate turns a route of the last run into a Candidate.
func (sd *senders) candidate(r reached) Candidate {
	return Candidate{Employee: toEmployeeRef(sd.g.persons[r.node]), Score: r.score, Hops: int(r.at.hops),
		Path: sd.g.idsOf(sd.sr.path(r.at))}
}
