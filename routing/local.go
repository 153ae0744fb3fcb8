package routing

import (
	"context"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// Local is an optional interface of a Network that holds the graph in
// memory, such as the embedded store, or the part of it operations read,
// such as the Neo4j store's routing cache. Contacts and Paths then read it
// through a Graph and follow only the relationships that can still change
// the answer (see the package comment, Fewer relationships), instead of asking
// for whole levels of the neighbourhood. The answers are the same.
type Local interface {
	Network
	// ReadGraph calls read with a view of the whole graph that stays
	// consistent, and valid, until read returns. read must not call the
	// Network's other methods. A store that holds only part of the graph
	// may call read more than once: a view that lacked something read
	// needed answers as if it were not there, and the store then fetches
	// it and calls read again on a new view; the answer of the last call
	// counts, so read must have no other effect.
	ReadGraph(ctx context.Context, read func(Graph) error) error
}

// Graph is a read-only view of a whole network whose persons are numbered
// nodes (0 ≤ v < len(Traits())). Nothing it returns may be modified.
type Graph interface {
	// Node returns the node of the person with id.
	Node(id string) (int32, bool)
	// ID returns the person id of node v.
	ID(v int32) string
	// Traits returns what routing needs to know of every node, indexed by
	// node; 0 marks a node that is not a person (any longer).
	Traits() []Traits
	// Person returns the person of node v.
	Person(v int32) graph.Person
	// Arcs returns the relationships of node v as seen from v, ordered by
	// Trust descending and then by last contact, none first and then the
	// latest first, so that within one trust the effective trust never
	// grows along the slice, whatever asOf and half-life.
	Arcs(v int32) []Arc
	// EmployeeArcs returns the arcs of v whose other end is an employee, in
	// the order of Arcs: the last hop of a route to an employee reads only
	// these.
	EmployeeArcs(v int32) []Arc
	// Relationship returns the relationship of an arc (Arc.Rel).
	Relationship(rel int32) graph.Relationship
}

// Arc is a relationship seen from one of its ends.
type Arc struct {
	To    int32 // the other end's node
	Rel   int32 // the relationship, for Graph.Relationship
	Trust float64
	// ContactSec and ContactNsec are the last contact (Unix seconds and
	// nanoseconds) if HasContact.
	ContactSec  int64
	ContactNsec int32
	HasContact  bool
}

// Effective returns the arc's effective trust, exactly as EffectiveTrust
// computes it for the relationship.
func (a *Arc) Effective(asOf time.Time, halfLifeDays float64) float64 {
	if !a.HasContact {
		return a.Trust
	}
	return decayed(a.Trust, asOf.Sub(time.Unix(a.ContactSec, int64(a.ContactNsec))), halfLifeDays)
}

// ArcOrder orders arcs as Graph.Arcs returns them: a negative number when a
// comes first. Ties (same trust and last contact) go by Rel.
func ArcOrder(a, b Arc) int {
	switch {
	case a.Trust != b.Trust:
		if a.Trust > b.Trust {
			return -1
		}
		return 1
	case a.HasContact != b.HasContact:
		if !a.HasContact {
			return -1
		}
		return 1
	case a.ContactSec != b.ContactSec:
		if a.ContactSec > b.ContactSec {
			return -1
		}
		return 1
	case a.ContactNsec != b.ContactNsec:
		if a.ContactNsec > b.ContactNsec {
			return -1
		}
		return 1
	}
	return int(a.Rel) - int(b.Rel)
}

// Traits are the facts about a person that decide whether routes may pass
// through or end at it.
type Traits uint8

// The traits; a person has TraitPerson.
const (
	TraitPerson Traits = 1 << iota
	TraitEmployee
	TraitActive
	TraitSender
	TraitBroker
)

// TraitsOf returns the traits of p.
func TraitsOf(p graph.Person) Traits {
	t := TraitPerson
	if p.Kind == graph.KindEmployee {
		t |= TraitEmployee
		if p.Active {
			t |= TraitActive
		}
		if p.Sender {
			t |= TraitSender
		}
		if p.Broker {
			t |= TraitBroker
		}
	} else if p.Kind != graph.KindCustomer {
		return 0
	}
	return t
}

// interior, contactable and canSend are Interior, Contactable and CanSend
// on traits.
func (t Traits) interior() bool {
	const broker = TraitPerson | TraitEmployee | TraitActive | TraitBroker
	return t&(TraitPerson|TraitEmployee) == TraitPerson || t&broker == broker
}

func (t Traits) contactable() bool {
	const want = TraitPerson | TraitEmployee | TraitActive
	return t&want == want
}

func (t Traits) customer() bool { return t&(TraitPerson|TraitEmployee) == TraitPerson }
