package routing

import (
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// Node is a person on a displayed route.
type Node struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// EmployeeRef is the short form of an employee in answers.
type EmployeeRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Unit  string `json:"unit"`
}

// CustomerRef is the short form of a customer in answers.
type CustomerRef struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Account string `json:"account"`
}

// Edge is one relationship of a displayed route. Trust, EffectiveTrust and
// LastContact are nil only after Redacted.
type Edge struct {
	Trust          *float64   `json:"trust"`
	EffectiveTrust *float64   `json:"effectiveTrust"`
	Visibility     string     `json:"visibility"`
	LastContact    *time.Time `json:"lastContact"`
}

// Redacted returns e with trust, effective trust and last contact hidden if
// the relationship is private: private relationships count for routing, but
// only admins see their details (docs/contract.md §3).
func (e Edge) Redacted() Edge {
	if e.Visibility == graph.Private {
		e.Trust, e.EffectiveTrust, e.LastContact = nil, nil, nil
	}
	return e
}

func toNode(p graph.Person) Node { return Node{ID: p.ID, Kind: p.Kind, Name: p.Name} }

// EmployeeRefOf returns the short form of employee p.
func EmployeeRefOf(p graph.Person) EmployeeRef { return toEmployeeRef(p) }

func toEmployeeRef(p graph.Person) EmployeeRef {
	return EmployeeRef{ID: p.ID, Name: p.Name, Email: p.Email, Unit: p.Unit}
}

func toCustomerRef(p graph.Person) CustomerRef {
	return CustomerRef{ID: p.ID, Name: p.Name, Account: p.Account}
}
