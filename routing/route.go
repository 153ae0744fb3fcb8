package routing

import (
	"context"
	"fmt"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// Reasons why a recipient gets a sender or none (docs/contract.md §2, §3).
const (
	ReasonTrustedPath     = "trusted_path"
	ReasonAccountOwner    = "account_owner"
	ReasonFallback        = "fallback"
	ReasonOptOut          = "opt_out"
	ReasonNoEmail         = "no_email"
	ReasonUnknownCustomer = "unknown_customer"
)

// Fallback is the sender of last resort, e.g. the board: a name and an
// email, no employee.
type Fallback struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// RouteParams are the parameters of Route: Params (MaxHops default 1,
// MinTrust default 0.3; Limit is ignored) and the fallback sender.
type RouteParams struct {
	Params
	Fallback Fallback
}

// Sender is the person a communication goes out in the name of. ID is nil
// for the fallback sender.
type Sender struct {
	ID    *string `json:"id"`
	Name  string  `json:"name"`
	Email string  `json:"email"`
}

// Assignment is the sender chosen for one customer and why. Sender is nil
// when the customer is excluded (opt_out, no_email). Score, Hops and Path
// describe the trusted route; they are 0, 0 and empty for account_owner and
// fallback, which do not rest on one.
type Assignment struct {
	Customer string   `json:"customer"`
	Email    string   `json:"email,omitempty"`
	Sender   *Sender  `json:"sender,omitempty"`
	Reason   string   `json:"reason"`
	Score    float64  `json:"score"`
	Hops     int      `json:"hops"`
	Path     []string `json:"path"`
}

// Route chooses the sender for one customer by the chain of §2: opted out →
// excluded (opt_out); no email → excluded (no_email); else the best eligible
// sender with a score of at least p.MinTrust within p.MaxHops
// (trusted_path); else the account's owner if active and a sender
// (account_owner, looked up through accounts, which may be nil to skip the
// step); else p.Fallback (fallback). Capacities play no part for a single
// customer. ENOTFOUND: no customer has this id. EINVALID: a parameter is out
// of range.
func Route(ctx context.Context, net graph.Network, accounts Accounts, customerID string, p RouteParams) (Assignment, error) {
	s, err := p.resolve(senderDefaults)
	if err != nil {
		return Assignment{}, err
	}
	var out Assignment
	var account string
	err = net.ReadGraph(ctx, func(view graph.View) error {
		var err error
		out, account, err = routeIn(ctx, view, customerID, s)
		return err
	})
	if err != nil || out.Reason != "" {
		return out, err
	}
	owner, err := accountOwner(ctx, net, accounts, account)
	if err != nil {
		return Assignment{}, err
	}
	if owner != nil {
		id := owner.ID
		out.Sender = &Sender{ID: &id, Name: owner.Name, Email: owner.Email}
		out.Reason = ReasonAccountOwner
		return out, nil
	}
	out.Sender = &Sender{Name: p.Fallback.Name, Email: p.Fallback.Email}
	out.Reason = ReasonFallback
	return out, nil
}

// routeIn takes the steps of Route that rest on the graph over a View:
// the exclusions and the trusted path. Without a reason set, the customer
// has no trusted path and account is their account.
func routeIn(ctx context.Context, view graph.View, customerID string, s settings) (out Assignment, account string, err error) {
	c, ok := view.Node(customerID)
	if !ok || !view.Traits()[c].Customer() {
		return Assignment{}, "", graph.Errorf(graph.ENOTFOUND, "customer %q not found", customerID)
	}
	cust := view.Person(c)
	out = Assignment{Customer: cust.ID, Email: cust.Email, Path: []string{}}
	switch {
	case cust.OptOut:
		out.Reason = ReasonOptOut
		return out, "", nil
	case strings.TrimSpace(cust.Email) == "":
		out.Reason = ReasonNoEmail
		return out, "", nil
	}
	l := newLearner(view, s)
	defer l.release()
	g, sr, found, err := l.rankedIn(ctx, c, s, 1, -1, graph.Traits.CanSend)
	if err != nil || len(found) == 0 {
		return out, cust.Account, err
	}
	best := found[0]
	e := g.person(best.node)
	id := e.ID
	out.Sender = &Sender{ID: &id, Name: e.Name, Email: e.Email}
	out.Reason, out.Score, out.Hops, out.Path = ReasonTrustedPath, best.score, int(best.at.hops), g.idsOf(sr.path(best.at))
	return out, "", nil
}

// accountOwner returns the owner of account if the owner may send, else nil.
func accountOwner(ctx context.Context, net graph.Network, accounts Accounts, account string) (*graph.Person, error) {
	if accounts == nil || account == "" {
		return nil, nil
	}
	a, err := accounts.Account(ctx, account)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("routing: account: %w", err)
	}
	if a.Owner == "" {
		return nil, nil
	}
	ps, err := net.Persons(ctx, []string{a.Owner})
	if err != nil {
		return nil, fmt.Errorf("routing: account owner: %w", err)
	}
	for _, p := range ps {
		if p.ID == a.Owner && CanSend(p) {
			return &p, nil
		}
	}
	return nil, nil
}
