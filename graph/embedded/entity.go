package embedded

import (
	"context"
	"fmt"

	"github.com/contactgraph/contactgraph/graph"
)

// The four kinds of entity (units, accounts, employees, customers) are
// written and read alike; these helpers hold what they share, and the
// per-kind methods in org.go and persons.go what differs.

// putOne writes b, a batch of one entity with the given id and kind, after
// its own problems and its references, and reports whether the entity was
// created: absent from the table pick returns until then.
func putOne[T any](s *Store, ctx context.Context, kind, id string, problems graph.Problems, b graph.Batch,
	pick func(*memory) *table[T]) (bool, error) {
	if err := problems.Err(); err != nil {
		return false, err
	}
	unlock, err := s.write(ctx)
	if err != nil {
		return false, err
	}
	defer unlock()
	if err := b.CheckRefs(s.mem.existing(b), true); err != nil {
		return false, err
	}
	created := !pick(s.mem).has(id)
	c := &change{units: b.Units, accounts: b.Accounts, employees: b.Employees, customers: b.Customers}
	if err := s.commit(c); err != nil {
		return false, fmt.Errorf("embedded: put %s: %w", kind, err)
	}
	return created, nil
}

// getOne returns the entity id of the table pick returns. ENOTFOUND names
// its kind.
func getOne[T any](s *Store, ctx context.Context, kind, id string, pick func(*memory) *table[T]) (T, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return *new(T), err
	}
	defer unlock()
	v, ok := pick(s.mem).get(id)
	if !ok {
		return *new(T), graph.Errorf(graph.ENOTFOUND, "%s %q not found", kind, id)
	}
	return v, nil
}

func accountsOf(m *memory) *table[graph.Account]   { return &m.accounts }
func unitsOf(m *memory) *table[graph.Unit]         { return &m.units }
func employeesOf(m *memory) *table[graph.Employee] { return &m.employees }
func customersOf(m *memory) *table[graph.Customer] { return &m.customers }
