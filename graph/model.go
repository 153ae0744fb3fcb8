// Package graph is the domain of contactgraph: employees, customers, accounts,
// units and the trust relationships between persons, their validation rules,
// the coded errors and the Store interface that every storage adapter
// implements. It imports no other package of the project.
package graph

import "time"

// Kinds of persons. Employees and customers share one id space.
const (
	KindEmployee = "employee"
	KindCustomer = "customer"
)

// Visibility of a relationship. Private relationships are used for routing
// but never drawn or exported.
const (
	Public  = "public"
	Private = "private"
)

// Employee is a person of our own organisation.
type Employee struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Title string `json:"title"`
	Unit  string `json:"unit"` // unit id, "" for none
	// Active is false once the employee has left: kept for history, never
	// routed to or through.
	Active bool `json:"active"`
	// Sender: consents that communications go out in their name.
	Sender bool `json:"sender"`
	// Broker: consents to be an intermediary on someone else's route.
	Broker bool `json:"broker"`
	// Capacity caps how many recipients one campaign may assign to this
	// employee; nil means unlimited.
	Capacity *int `json:"capacity"`
	// Capture: consents that interactions are captured from their mail and
	// calendar (docs/capture.md). Off unless turned on.
	Capture bool `json:"capture"`
	// Aliases are further email addresses of the employee, matched like
	// Email by capture and by interactions given by address.
	Aliases []string `json:"aliases"`
	// Phone is the number that goes under their name on letters sent in
	// their name; "" for none.
	Phone string `json:"phone"`
	// Signature closes letters sent in their name: plain text, lines
	// separated by "\n"; "" for none.
	Signature string `json:"signature"`
}

// Customer is a contact person at a customer organisation.
type Customer struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Title   string `json:"title"`
	Account string `json:"account"` // account id, "" for none
	// OptOut: receives no campaign mail, still answerable one to one.
	OptOut bool `json:"optOut"`
	// Aliases are further email addresses of the customer (see Employee).
	Aliases []string `json:"aliases"`
}

// Account is a customer organisation.
type Account struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Owner   string `json:"owner"` // employee id of the classic account owner, "" for none
	Segment string `json:"segment"`
}

// Unit is a part of our own organisation (division, department, team).
type Unit struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Parent string `json:"parent"` // unit id, "" for a top-level unit
}

// Relationship is the undirected KNOWS tie between two different persons.
// A and B are its ends; a store keeps them in canonical order (A < B), and
// writing (B, A) addresses the same relationship.
type Relationship struct {
	A           string     `json:"a"`
	B           string     `json:"b"`
	Trust       float64    `json:"trust"` // in (0, 1]
	LastContact *time.Time `json:"lastContact"`
	Since       *time.Time `json:"since"`
	Visibility  string     `json:"visibility"` // Public or Private
	Source      string     `json:"source"`
	// Interactions counts recorded interactions; maintained by
	// Store.RecordInteraction, kept unchanged by PutRelationship.
	Interactions int `json:"interactions"`
	// TrustSource says which trust routes: TrustDeclared (the trust put)
	// or TrustLearned (the trust learned from the history, once there is
	// one; until then the trust put). "" reads as TrustDeclared.
	TrustSource string `json:"trustSource"`
}

// Canonical returns r with its ends in canonical order (A < B).
func (r Relationship) Canonical() Relationship {
	if r.B < r.A {
		r.A, r.B = r.B, r.A
	}
	return r
}

// Other returns the end of r that is not id.
func (r Relationship) Other(id string) string {
	if r.A == id {
		return r.B
	}
	return r.A
}

// Interaction is a meeting, call, email or other contact between two
// persons; Kind is one of InteractionKinds.
type Interaction struct {
	A    string    `json:"a"`
	B    string    `json:"b"`
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
}

// DefaultInteractionTrust is the trust given to a relationship that an
// interaction creates while learning is off (TrustModel.DefaultTrust).
const DefaultInteractionTrust = 0.5

// SourceInteraction is the source of relationships created by interactions.
const SourceInteraction = "interaction"

// Person is the common view of an employee or a customer: what routing needs
// to know about a node. Fields that do not apply to the kind are zero, except
// that customers count as Active and Broker (any customer may be on a route).
type Person struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"` // KindEmployee or KindCustomer
	Name     string `json:"name"`
	Email    string `json:"email"`
	Unit     string `json:"unit,omitempty"`    // employees
	Account  string `json:"account,omitempty"` // customers
	Active   bool   `json:"active"`
	Sender   bool   `json:"sender"`
	Broker   bool   `json:"broker"`
	OptOut   bool   `json:"optOut"`
	Capacity *int   `json:"capacity,omitempty"`
}

// Person returns the routing view of e.
func (e Employee) Person() Person {
	return Person{ID: e.ID, Kind: KindEmployee, Name: e.Name, Email: e.Email, Unit: e.Unit,
		Active: e.Active, Sender: e.Sender, Broker: e.Broker, Capacity: e.Capacity}
}

// Person returns the routing view of c.
func (c Customer) Person() Person {
	return Person{ID: c.ID, Kind: KindCustomer, Name: c.Name, Email: c.Email, Account: c.Account,
		Active: true, Broker: true, OptOut: c.OptOut}
}

// Batch is a bulk upsert, validated as a whole and written all or nothing.
// References may point at entities of the same batch.
type Batch struct {
	Units         []Unit         `json:"units"`
	Accounts      []Account      `json:"accounts"`
	Employees     []Employee     `json:"employees"`
	Customers     []Customer     `json:"customers"`
	Relationships []Relationship `json:"relationships"`
}

// Size returns the number of entities in b.
func (b Batch) Size() int {
	return len(b.Units) + len(b.Accounts) + len(b.Employees) + len(b.Customers) + len(b.Relationships)
}

// BatchResult counts what a batch created and what it replaced.
type BatchResult struct {
	Created  int `json:"created"`
	Replaced int `json:"replaced"`
}

// Normalize fills the defaults of r that a caller may leave empty
// (visibility public, trust source declared), puts its ends in canonical order and its times in UTC,
// so that every store keeps the same values.
func (r *Relationship) Normalize() {
	if r.Visibility == "" {
		r.Visibility = Public
	}
	if r.TrustSource == "" {
		r.TrustSource = TrustDeclared
	}
	*r = r.Canonical()
	r.LastContact = utc(r.LastContact)
	r.Since = utc(r.Since)
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
