package graph

import (
	"context"
	"time"
)

// Network is what routing reads of a store: its read port, part of every
// Store so that no wrapper of a Store can drop a part of it. Routing asks
// Contacts and Paths of ReadGraph and expands the other questions level by
// level with Neighbours; Persons and Ties serve the rest.
type Network interface {
	// Persons returns the persons among ids that exist, in any order;
	// unknown ids are left out. Routing uses it to learn about the nodes
	// it reaches.
	Persons(ctx context.Context, ids []string) ([]Person, error)
	// Ties returns every relationship with an end among ids, each once and
	// with canonical ends, in any order.
	Ties(ctx context.Context, ids []string) ([]Relationship, error)
	// Neighbours answers one level of an expansion in one call: what Ties
	// returns for q.IDs and the persons at the other ends of those
	// relationships, seen from the ends among q.IDs (in any order; ends
	// that are not persons are left out), with the number of relationships
	// each of those persons has. It may leave out a relationship whose
	// other end, seen from each end among q.IDs, q.Only does not accept or
	// is not among q.To, or whose effective trust is below q.MinTrust or at
	// least q.MaxTrust of each end among q.IDs, and the persons only those
	// lead to.
	Neighbours(ctx context.Context, q Level) (Near, error)
	// ReadGraph calls read with a view of the whole graph that stays
	// consistent, and valid, until read returns. read must not call the
	// Network's other methods. A store that holds only part of the graph
	// in memory (Neo4j's routing cache) may call read more than once: a
	// view that lacked something read needed answers as if it were not
	// there, and the store then fetches it and calls read again on a new
	// view; the answer of the last call counts, so read must have no
	// other effect.
	ReadGraph(ctx context.Context, read func(View) error) error
}

// Near is what Neighbours answers: Degrees[i] is the number of
// relationships of Persons[i].
type Near struct {
	Ties    []Relationship
	Persons []Person
	Degrees []int
}

// Level asks Neighbours for one level of an expansion.
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
	ActiveEmployees             // Traits.Contactable (Contacts)
	ActiveSenders               // Traits.CanSend (Route, Senders, Handover)
)

// Accepts reports whether p may end a route.
func (e Ends) Accepts(p Person) bool {
	return e == AnyEnds || e.AcceptsTraits(TraitsOf(p))
}

// AcceptsTraits reports whether a person with traits t may end a route.
func (e Ends) AcceptsTraits(t Traits) bool {
	switch e {
	case ActiveEmployees:
		return t.Contactable()
	case ActiveSenders:
		return t.CanSend()
	}
	return t != 0
}
