package embedded

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// PutEmployee creates or replaces an employee.
func (s *Store) PutEmployee(ctx context.Context, e graph.Employee) (bool, error) {
	e.Capacity, e.Aliases = cloneInt(e.Capacity), cloneAliases(e.Aliases)
	return putOne(s, ctx, "employee", e.ID, e.Validate(), graph.Batch{Employees: []graph.Employee{e}}, employeesOf)
}

// Employee returns one employee.
func (s *Store) Employee(ctx context.Context, id string) (graph.Employee, error) {
	e, err := getOne(s, ctx, "employee", id, employeesOf)
	e.Capacity, e.Aliases = cloneInt(e.Capacity), cloneAliases(e.Aliases)
	return e, err
}

// DeleteEmployee deletes an employee and its relationships; with cascade,
// the accounts it owns lose their owner.
func (s *Store) DeleteEmployee(ctx context.Context, id string, cascade bool) error {
	unlock, err := s.write(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if !s.mem.employees.has(id) {
		return graph.Errorf(graph.ENOTFOUND, "employee %q not found", id)
	}
	owned := s.mem.ownerAccounts.ids(id)
	if len(owned) > 0 && !cascade {
		return graph.Errorf(graph.ECONFLICT, "employee %q owns %s; delete with cascade to clear their owner",
			id, counted(owned, "account"))
	}
	c := &change{delEmployees: []string{id}, delRels: s.mem.relsOf(id)}
	for _, aid := range owned {
		a, _ := s.mem.accounts.get(aid)
		a.Owner = ""
		c.accounts = append(c.accounts, a)
	}
	if err := s.commit(c); err != nil {
		return fmt.Errorf("embedded: delete employee: %w", err)
	}
	return nil
}

// Employees lists employees by id, filtered by q and unit.
func (s *Store) Employees(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Employee], error) {
	match := newMatcher(q.Q)
	p, err := list(s, ctx, q,
		func(m *memory) (*table[graph.Employee], refIndex) { return &m.employees, m.unitEmployees },
		func(e *graph.Employee) bool { return match.any(e.Name, e.ID, e.Email) || match.anyOf(e.Aliases) })
	for i := range p.Items {
		p.Items[i].Capacity = cloneInt(p.Items[i].Capacity)
		p.Items[i].Aliases = cloneAliases(p.Items[i].Aliases)
	}
	return p, err
}

// PutCustomer creates or replaces a customer.
func (s *Store) PutCustomer(ctx context.Context, cu graph.Customer) (bool, error) {
	cu.Aliases = cloneAliases(cu.Aliases)
	return putOne(s, ctx, "customer", cu.ID, cu.Validate(), graph.Batch{Customers: []graph.Customer{cu}}, customersOf)
}

// Customer returns one customer.
func (s *Store) Customer(ctx context.Context, id string) (graph.Customer, error) {
	c, err := getOne(s, ctx, "customer", id, customersOf)
	c.Aliases = cloneAliases(c.Aliases)
	return c, err
}

// DeleteCustomer deletes a customer and its relationships.
func (s *Store) DeleteCustomer(ctx context.Context, id string) error {
	unlock, err := s.write(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if !s.mem.customers.has(id) {
		return graph.Errorf(graph.ENOTFOUND, "customer %q not found", id)
	}
	if err := s.commit(&change{delCustomers: []string{id}, delRels: s.mem.relsOf(id)}); err != nil {
		return fmt.Errorf("embedded: delete customer: %w", err)
	}
	return nil
}

// Customers lists customers by id, filtered by q and account.
func (s *Store) Customers(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Customer], error) {
	match := newMatcher(q.Q)
	p, err := list(s, ctx, q,
		func(m *memory) (*table[graph.Customer], refIndex) { return &m.customers, m.accountCustomers },
		func(c *graph.Customer) bool { return match.any(c.Name, c.ID, c.Email) || match.anyOf(c.Aliases) })
	for i := range p.Items {
		p.Items[i].Aliases = cloneAliases(p.Items[i].Aliases)
	}
	return p, err
}

// cloneAliases copies a person's aliases, so that the store and its
// callers never share them; none is nil.
func cloneAliases(a []string) []string {
	if len(a) == 0 {
		return nil
	}
	return slices.Clone(a)
}

func cloneInt(p *int) *int {
	if p == nil {
		return nil
	}
	n := *p
	return &n
}

// counted names a few ids of a list for a message: `3 accounts ("a1", "a2", "a3")`.
func counted(ids []string, noun string) string {
	const show = 5
	q := make([]string, 0, show)
	for i, id := range ids {
		if i == show {
			q = append(q, fmt.Sprintf("… %d more", len(ids)-show))
			break
		}
		q = append(q, fmt.Sprintf("%q", id))
	}
	if len(ids) != 1 {
		noun += "s"
	}
	return fmt.Sprintf("%d %s (%s)", len(ids), noun, strings.Join(q, ", "))
}
