package routingtest

import (
	"context"
	"fmt"

	"github.com/contactgraph/contactgraph/graph"
)

// CopyOf reads everything routing needs of a store through its plain reads
// (the lists, Persons and Ties, never ReadGraph) into a new
// Network: the independent reference that a store's own way of answering
// routing, such as Neo4j's routing cache, is compared with.
func CopyOf(ctx context.Context, s graph.Store) (*Network, error) {
	m := New()
	var ids []string
	err := each(ctx, s.Employees, func(e graph.Employee) {
		ids = append(ids, e.ID)
	})
	if err == nil {
		err = each(ctx, s.Customers, func(c graph.Customer) { ids = append(ids, c.ID) })
	}
	if err == nil {
		err = each(ctx, s.Accounts, m.PutAccount)
	}
	if err != nil {
		return nil, fmt.Errorf("copy: %w", err)
	}
	persons, err := s.Persons(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("copy: persons: %w", err)
	}
	for _, p := range persons {
		m.PutPerson(p)
	}
	ties, err := s.Ties(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("copy: ties: %w", err)
	}
	for _, r := range ties {
		if err := m.PutRelationship(r); err != nil {
			return nil, fmt.Errorf("copy: %w", err)
		}
	}
	return m, nil
}

// each calls f with every item of a list, page by page.
func each[T any](ctx context.Context, list func(context.Context, graph.ListQuery) (graph.Page[T], error), f func(T)) error {
	q := graph.ListQuery{Limit: graph.MaxListLimit}
	for {
		p, err := list(ctx, q)
		if err != nil {
			return err
		}
		for _, it := range p.Items {
			f(it)
		}
		if p.Next == "" {
			return nil
		}
		q.After = p.Next
	}
}
