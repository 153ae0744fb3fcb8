package embedded

import (
	"context"
	"fmt"

	"github.com/contactgraph/contactgraph/graph"
)

// Batch upserts everything in b in one transaction, with one commit however
// large b is.
func (s *Store) Batch(ctx context.Context, b graph.Batch) (graph.BatchResult, error) {
	// Work on copies: normalising and keeping counts must not touch the
	// caller's slices, and memory must not share the caller's pointers.
	rels := make([]graph.Relationship, len(b.Relationships))
	given := make([]graph.Relationship, len(b.Relationships))
	for i, r := range b.Relationships {
		rels[i], given[i] = prepare(r)
	}
	b.Relationships = given
	employees := make([]graph.Employee, len(b.Employees))
	for i, e := range b.Employees {
		e.Capacity, e.Aliases = cloneInt(e.Capacity), cloneAliases(e.Aliases)
		employees[i] = e
	}
	b.Employees = employees
	customers := make([]graph.Customer, len(b.Customers))
	for i, c := range b.Customers {
		c.Aliases = cloneAliases(c.Aliases)
		customers[i] = c
	}
	b.Customers = customers
	if err := b.Validate().Err(); err != nil {
		return graph.BatchResult{}, err
	}

	unlock, err := s.write(ctx)
	if err != nil {
		return graph.BatchResult{}, err
	}
	defer unlock()
	if err := b.CheckRefs(s.mem.existing(b), false); err != nil {
		return graph.BatchResult{}, err
	}
	b.Relationships = rels
	var res graph.BatchResult
	count := func(exists bool) {
		if exists {
			res.Replaced++
		} else {
			res.Created++
		}
	}
	m := s.mem
	for _, u := range b.Units {
		count(m.units.has(u.ID))
	}
	for _, a := range b.Accounts {
		count(m.accounts.has(a.ID))
	}
	for _, e := range b.Employees {
		count(m.employees.has(e.ID))
	}
	for _, c := range b.Customers {
		count(m.customers.has(c.ID))
	}
	for i, r := range b.Relationships {
		slot, exists := m.net.find(r.A, r.B)
		if exists {
			b.Relationships[i].Interactions = int(m.net.slots[slot].interactions)
		}
		count(exists)
	}
	if err := s.routed(b.Relationships); err != nil {
		return graph.BatchResult{}, err
	}
	c := &change{units: b.Units, accounts: b.Accounts, employees: b.Employees, customers: b.Customers, rels: b.Relationships}
	if err := s.commit(c); err != nil {
		return graph.BatchResult{}, fmt.Errorf("embedded: batch: %w", err)
	}
	return res, nil
}
