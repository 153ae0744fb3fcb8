package analytics

import (
	"context"

	"github.com/contactgraph/contactgraph/graph"
)

// Directory is what the management views read besides the network: the
// lists of customers, employees, accounts and units, and single accounts
// and units. graph.Store satisfies it. Account and Unit return ENOTFOUND
// for an unknown id.
type Directory interface {
	Customers(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Customer], error)
	Employees(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Employee], error)
	Accounts(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Account], error)
	Units(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Unit], error)
	Account(ctx context.Context, id string) (graph.Account, error)
	Unit(ctx context.Context, id string) (graph.Unit, error)
}

var _ Directory = graph.Store(nil)

// eachPage calls fn with every page of a list filtered by scope, in id
// order, pages of graph.MaxListLimit, until the list ends or fn fails.
// Analytics read customers this way so that memory stays bounded by a page
// and not by the store.
func eachPage[T any](ctx context.Context, list func(context.Context, graph.ListQuery) (graph.Page[T], error), scope string, fn func([]T) error) error {
	q := graph.ListQuery{Scope: scope, Limit: graph.MaxListLimit}
	for {
		page, err := list(ctx, q)
		if err != nil {
			return err
		}
		if len(page.Items) > 0 {
			if err := fn(page.Items); err != nil {
				return err
			}
		}
		if page.Next == "" || page.Next == q.After {
			return nil
		}
		q.After = page.Next
	}
}

// listAll returns a whole list filtered by scope.
func listAll[T any](ctx context.Context, list func(context.Context, graph.ListQuery) (graph.Page[T], error), scope string) ([]T, error) {
	var out []T
	err := eachPage(ctx, list, scope, func(items []T) error {
		out = append(out, items...)
		return nil
	})
	return out, err
}
