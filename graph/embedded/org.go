package embedded

import (
	"context"
	"fmt"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// PutAccount creates or replaces an account.
func (s *Store) PutAccount(ctx context.Context, a graph.Account) (bool, error) {
	return putOne(s, ctx, "account", a.ID, a.Validate(), graph.Batch{Accounts: []graph.Account{a}}, accountsOf)
}

// Account returns one account.
func (s *Store) Account(ctx context.Context, id string) (graph.Account, error) {
	return getOne(s, ctx, "account", id, accountsOf)
}

// DeleteAccount deletes an account; with cascade, its customers lose it.
func (s *Store) DeleteAccount(ctx context.Context, id string, cascade bool) error {
	unlock, err := s.write(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if !s.mem.accounts.has(id) {
		return graph.Errorf(graph.ENOTFOUND, "account %q not found", id)
	}
	customers := s.mem.accountCustomers.ids(id)
	if len(customers) > 0 && !cascade {
		return graph.Errorf(graph.ECONFLICT, "account %q has %s; delete with cascade to clear their account",
			id, counted(customers, "customer"))
	}
	c := &change{delAccounts: []string{id}}
	for _, cid := range customers {
		cu, _ := s.mem.customers.get(cid)
		cu.Account = ""
		c.customers = append(c.customers, cu)
	}
	if err := s.commit(c); err != nil {
		return fmt.Errorf("embedded: delete account: %w", err)
	}
	return nil
}

// Accounts lists accounts by id, filtered by q and owner.
func (s *Store) Accounts(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Account], error) {
	match := newMatcher(q.Q)
	return list(s, ctx, q,
		func(m *memory) (*table[graph.Account], refIndex) { return &m.accounts, m.ownerAccounts },
		func(a *graph.Account) bool { return match.any(a.Name, a.ID) })
}

// PutUnit creates or replaces a unit.
func (s *Store) PutUnit(ctx context.Context, u graph.Unit) (bool, error) {
	return putOne(s, ctx, "unit", u.ID, u.Validate(), graph.Batch{Units: []graph.Unit{u}}, unitsOf)
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id string) (graph.Unit, error) {
	return getOne(s, ctx, "unit", id, unitsOf)
}

// DeleteUnit deletes a unit; with cascade, its employees and child units
// lose it.
func (s *Store) DeleteUnit(ctx context.Context, id string, cascade bool) error {
	unlock, err := s.write(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if !s.mem.units.has(id) {
		return graph.Errorf(graph.ENOTFOUND, "unit %q not found", id)
	}
	employees := s.mem.unitEmployees.ids(id)
	children := s.mem.unitChildren.ids(id)
	if len(employees)+len(children) > 0 && !cascade {
		var uses []string
		if len(employees) > 0 {
			uses = append(uses, counted(employees, "employee"))
		}
		if len(children) > 0 {
			uses = append(uses, counted(children, "child unit"))
		}
		return graph.Errorf(graph.ECONFLICT, "unit %q has %s; delete with cascade to clear their unit",
			id, strings.Join(uses, " and "))
	}
	c := &change{delUnits: []string{id}}
	for _, eid := range employees {
		e, _ := s.mem.employees.get(eid)
		e.Unit = ""
		c.employees = append(c.employees, e)
	}
	for _, uid := range children {
		u, _ := s.mem.units.get(uid)
		u.Parent = ""
		c.units = append(c.units, u)
	}
	if err := s.commit(c); err != nil {
		return fmt.Errorf("embedded: delete unit: %w", err)
	}
	return nil
}

// Units lists units by id, filtered by q and parent.
func (s *Store) Units(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Unit], error) {
	match := newMatcher(q.Q)
	return list(s, ctx, q,
		func(m *memory) (*table[graph.Unit], refIndex) { return &m.units, m.unitChildren },
		func(u *graph.Unit) bool { return match.any(u.Name, u.ID) })
}
