package routing

import (
	"context"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// Network is what routing reads from a store: graph.Store satisfies it.
// Persons returns the persons among ids that exist, in any order; Ties
// returns every relationship with an end among ids, each once, in any order.
// Routing calls each at most once per hop level.
type Network interface {
	Persons(ctx context.Context, ids []string) ([]graph.Person, error)
	Ties(ctx context.Context, ids []string) ([]graph.Relationship, error)
}

// Neighbourhood is an optional interface of a Network that answers one
// level of an expansion in one call, which saves a round trip per level to
// a remote store, and leaves out what the level does not need.
type Neighbourhood interface {
	Network
	// Neighbours returns what Ties returns for q.IDs and the persons at the
	// other ends of those relationships, seen from the ends among q.IDs (in
	// any order; ends that are not persons are left out), with the number
	// of relationships each of those persons has. It may leave out
	// a relationship whose other end, seen from each end among q.IDs, q.Only
	// does not accept or is not among q.To, or whose effective trust is
	// below q.MinTrust or at least q.MaxTrust of each end among q.IDs, and
	// the persons only those lead to.
	Neighbours(ctx context.Context, q Level) (Near, error)
}

// Near is what a Neighbourhood answers: Degrees[i] is the number of
// relationships of Persons[i].
type Near struct {
	Ties    []graph.Relationship
	Persons []graph.Person
	Degrees []int
}

// Level asks a Neighbourhood for one level of an expansion.
type Level struct {
	IDs  []string
	Only Ends // whose relationships are needed
	// To, unless nil, holds the only persons whose relationships with IDs
	// are needed.
	To []string
	// MinTrust, unless nil, holds for each of IDs the lowest effective
	// trust (EffectiveTrust at AsOf with HalfLifeDays) of a relationship
	// of it that is needed; 0 for all. MaxTrust, unless nil, holds for each
	// an effective trust from which on its relationships are known already
	// (0: none is), so that they need not come again.
	MinTrust     []float64
	MaxTrust     []float64
	AsOf         time.Time
	HalfLifeDays float64
}

// Ends says which persons may end a route: whom the last level of an
// expansion has to learn.
type Ends uint8

// The ends of the operations.
const (
	AnyEnds         Ends = iota // everyone (Paths, and expansions that are not the last)
	ActiveEmployees             // Contactable (Contacts)
	ActiveSenders               // CanSend (Route, Senders, Handover)
)

// Accepts reports whether p may end a route.
func (e Ends) Accepts(p graph.Person) bool {
	switch e {
	case ActiveEmployees:
		return Contactable(p)
	case ActiveSenders:
		return CanSend(p)
	}
	return true
}

// keep is Accepts as a filter of the expander, nil for everyone.
func (e Ends) keep() func(graph.Person) bool {
	if e == AnyEnds {
		return nil
	}
	return e.Accepts
}

// Accounts looks up customer organisations; graph.Store satisfies it. Route
// uses it to find a customer's account owner. Account returns an ENOTFOUND
// error for an unknown account.
type Accounts interface {
	Account(ctx context.Context, id string) (graph.Account, error)
}

var (
	_ Network  = graph.Store(nil)
	_ Accounts = graph.Store(nil)
)

// Interior reports whether p may be an interior node of a route: any
// customer, or an employee who is active and consents to broker.
func Interior(p graph.Person) bool {
	switch p.Kind {
	case graph.KindCustomer:
		return true
	case graph.KindEmployee:
		return p.Active && p.Broker
	}
	return false
}

// Contactable reports whether p may end a contacts route: an active employee.
func Contactable(p graph.Person) bool {
	return p.Kind == graph.KindEmployee && p.Active
}

// CanSend reports whether p may be the sender of a communication: an active
// employee with sender=true.
func CanSend(p graph.Person) bool {
	return p.Kind == graph.KindEmployee && p.Active && p.Sender
}
