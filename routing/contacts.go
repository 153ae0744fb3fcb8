package routing

import (
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
func Contacts(ctx context.Context, net graph.Network, customerID string, p Params) (ContactsResult, error) {
	s, err := p.resolve(contactsDefaults)
	if err != nil {
		return ContactsResult{}, err
	}
	var out ContactsResult
	err = net.ReadGraph(ctx, func(view graph.View) error {
		var err error
		out, err = contactsIn(ctx, view, customerID, s)
		return err
	})
	return out, err
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
