package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// DeleteEmployee deletes an employee and its relationships; with cascade
// the accounts it owns lose their owner.
func (s *Store) DeleteEmployee(ctx context.Context, id string, cascade bool) error {
	var ch graphChange
	ch.deleted(id)
	return s.delete(ctx, "employee", id, cascade, ch, queries.EmployeeOwnedAccounts, queries.DeleteEmployee,
		func(f *fields) string {
			if n := f.integer("n"); n > 0 {
				return fmt.Sprintf("employee %q owns %s", id, some(n, "account", f.strs("sample")))
			}
			return ""
		})
}

// DeleteCustomer deletes a customer and its relationships.
func (s *Store) DeleteCustomer(ctx context.Context, id string) error {
	var ch graphChange
	ch.deleted(id)
	_, err := update(ctx, s, "delete customer", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		if _, err := ch.record(ctx, tx); err != nil {
			return struct{}{}, err
		}
		r, err := one(ctx, tx, queries.DeleteCustomer, map[string]any{"id": id})
		if err != nil {
			return struct{}{}, err
		}
		n, err := getInt(r, "deleted")
		if err == nil && n == 0 {
			err = graph.Errorf(graph.ENOTFOUND, "customer %q not found", id)
		}
		return struct{}{}, err
	})
	return err
}

// DeleteAccount deletes an account; with cascade its customers lose their
// account.
func (s *Store) DeleteAccount(ctx context.Context, id string, cascade bool) error {
	// A cascade changes customers' account: routing caches forget everything.
	return s.delete(ctx, "account", id, cascade, graphChange{all: cascade}, queries.AccountCustomers, queries.DeleteAccount,
		func(f *fields) string {
			if n := f.integer("n"); n > 0 {
				return fmt.Sprintf("account %q has %s", id, some(n, "customer", f.strs("sample")))
			}
			return ""
		})
}

// DeleteUnit deletes a unit; with cascade its employees and child units
// lose the reference.
func (s *Store) DeleteUnit(ctx context.Context, id string, cascade bool) error {
	// A cascade changes employees' unit: routing caches forget everything.
	return s.delete(ctx, "unit", id, cascade, graphChange{all: cascade}, queries.UnitReferences, queries.DeleteUnit,
		func(f *fields) string {
			var refs []string
			if n := f.integer("employees"); n > 0 {
				refs = append(refs, some(n, "employee", f.strs("employeeSample")))
			}
			if n := f.integer("children"); n > 0 {
				refs = append(refs, some(n, "child unit", f.strs("childSample")))
			}
			if len(refs) == 0 {
				return ""
			}
			return fmt.Sprintf("unit %q has %s", id, strings.Join(refs, " and "))
		})
}

// delete runs check for $id (no record: ENOTFOUND), lets referenced
// describe what still refers to the entity ("" for nothing) and, unless
// something does and cascade is false (ECONFLICT), runs del. ch is what the
// delete changes for routing caches.
func (s *Store) delete(ctx context.Context, kind, id string, cascade bool, ch graphChange, check, del string,
	referenced func(*fields) string) error {
	params := map[string]any{"id": id, "cascade": cascade}
	_, err := update(ctx, s, "delete "+kind, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		if _, err := ch.record(ctx, tx); err != nil {
			return struct{}{}, err
		}
		recs, err := collect(ctx, tx, check, params)
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) == 0 {
			return struct{}{}, graph.Errorf(graph.ENOTFOUND, "%s %q not found", kind, id)
		}
		f := fields{r: recs[0]}
		refs := referenced(&f)
		if f.err != nil {
			return struct{}{}, f.err
		}
		if refs != "" && !cascade {
			return struct{}{}, graph.Errorf(graph.ECONFLICT, "%s; delete with cascade to clear those references", refs)
		}
		_, err = collect(ctx, tx, del, params)
		return struct{}{}, err
	})
	return err
}

// some describes n things by a sample of their ids: `2 accounts ("a1", "a2")`.
func some(n int, thing string, sample []string) string {
	if n != 1 {
		thing += "s"
	}
	quoted := make([]string, len(sample))
	for i, id := range sample {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	list := strings.Join(quoted, ", ")
	if n > len(sample) {
		list += ", …"
	}
	return fmt.Sprintf("%d %s (%s)", n, thing, list)
}
