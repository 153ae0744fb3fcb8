package graph

import (
	"time"
)

// View is a read-only view of a whole network whose persons are numbered
// nodes (0 ≤ v < len(Traits())), as a Network's ReadGraph hands it to
// routing. Nothing it returns may be modified.
type View interface {
	// Node returns the node of the person with id.
	Node(id string) (int32, bool)
	// ID returns the person id of node v.
	ID(v int32) string
	// Traits returns what routing needs to know of every node, indexed by
	// node; 0 marks a node that is not a person (any longer).
	Traits() []Traits
	// Person returns the person of node v.
	Person(v int32) Person
	// Arcs returns the relationships of node v as seen from v, ordered by
	// Trust descending and then by last contact, none first and then the
	// latest first, so that within one trust the effective trust never
	// grows along the slice, whatever asOf and half-life (ArcOrder).
	Arcs(v int32) []Arc
	// EmployeeArcs returns the arcs of v whose other end is an employee, in
	// the order of Arcs: the last hop of a route to an employee reads only
	// these.
	EmployeeArcs(v int32) []Arc
	// Relationship returns the relationship of an arc (Arc.Rel).
	Relationship(rel int32) Relationship
}

// Arc is a relationship seen from one of its ends.
type Arc struct {
	To    int32 // the other end's node
	Rel   int32 // the relationship, for View.Relationship
	Trust float64
	// ContactSec and ContactNsec are the last contact (Unix seconds and
	// nanoseconds) if HasContact.
	ContactSec  int64
	ContactNsec int32
	HasContact  bool
}

// ArcOf returns r seen from one end: the other end is node to, r is
// relationship rel.
func ArcOf(r Relationship, to, rel int32) Arc {
	a := Arc{To: to, Rel: rel, Trust: r.Trust}
	if r.LastContact != nil {
		a.HasContact, a.ContactSec, a.ContactNsec = true, r.LastContact.Unix(), int32(r.LastContact.Nanosecond())
	}
	return a
}

// Effective returns the arc's effective trust, exactly as EffectiveTrust
// computes it for the relationship.
func (a *Arc) Effective(asOf time.Time, halfLifeDays float64) float64 {
	if !a.HasContact {
		return a.Trust
	}
	return decayed(a.Trust, asOf.Sub(time.Unix(a.ContactSec, int64(a.ContactNsec))), halfLifeDays)
}

// ArcOrder orders arcs as View.Arcs returns them: a negative number when a
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
