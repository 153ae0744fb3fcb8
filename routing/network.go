package routing

import (
	"context"

	"github.com/contactgraph/contactgraph/graph"
)

// Accounts looks up customer organisations; graph.Store satisfies it. Route
// uses it to find a customer's account owner. Account returns an ENOTFOUND
// error for an unknown account.
type Accounts interface {
	Account(ctx context.Context, id string) (graph.Account, error)
}

var _ Accounts = graph.Store(nil)

// Interior reports whether p may be an interior node of a route: any
// customer, or an employee who is active and consents to broker.
func Interior(p graph.Person) bool { return graph.TraitsOf(p).Interior() }

// Contactable reports whether p may end a contacts route: an active employee.
func Contactable(p graph.Person) bool { return graph.TraitsOf(p).Contactable() }

// CanSend reports whether p may be the sender of a communication: an active
// employee with sender=true.
func CanSend(p graph.Person) bool { return graph.TraitsOf(p).CanSend() }
