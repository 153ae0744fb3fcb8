package neo4jstore

import (
	"context"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// Employee returns one employee.
func (s *Store) Employee(ctx context.Context, id string) (graph.Employee, error) {
	return get(ctx, s, "get employee", queries.Employee, id, toEmployee)
}

// Customer returns one customer.
func (s *Store) Customer(ctx context.Context, id string) (graph.Customer, error) {
	return get(ctx, s, "get customer", queries.Customer, id, toCustomer)
}

// Account returns one account.
func (s *Store) Account(ctx context.Context, id string) (graph.Account, error) {
	return get(ctx, s, "get account", queries.Account, id, toAccount)
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id string) (graph.Unit, error) {
	return get(ctx, s, "get unit", queries.Unit, id, toUnit)
}

// get reads the entity that query returns for $id; op names its kind
// ("get employee") for messages.
func get[T any](ctx context.Context, s *Store, op, query, id string, conv func(*neo4j.Record) (T, error)) (T, error) {
	return readTx(ctx, s, op, func(tx neo4j.ManagedTransaction) (T, error) {
		recs, err := collect(ctx, tx, query, map[string]any{"id": id})
		if err != nil {
			return *new(T), err
		}
		if len(recs) == 0 {
			return *new(T), graph.Errorf(graph.ENOTFOUND, "%s %q not found", strings.TrimPrefix(op, "get "), id)
		}
		return conv(recs[0])
	})
}

// Employees lists employees by id, optionally those of one unit.
func (s *Store) Employees(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Employee], error) {
	return list(ctx, s, "list employees", queries.Employees, queries.EmployeesInUnit, q, toEmployee,
		func(e graph.Employee) string { return e.ID })
}

// Customers lists customers by id, optionally those of one account.
func (s *Store) Customers(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Customer], error) {
	return list(ctx, s, "list customers", queries.Customers, queries.CustomersAtAccount, q, toCustomer,
		func(c graph.Customer) string { return c.ID })
}

// Accounts lists accounts by id, optionally those of one owner.
func (s *Store) Accounts(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Account], error) {
	return list(ctx, s, "list accounts", queries.Accounts, queries.AccountsOfOwner, q, toAccount,
		func(a graph.Account) string { return a.ID })
}

// Units lists units by id, optionally the children of one unit.
func (s *Store) Units(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Unit], error) {
	return list(ctx, s, "list units", queries.Units, queries.UnitsBelow, q, toUnit,
		func(u graph.Unit) string { return u.ID })
}

// list reads one page with query, or with scoped when q has a Scope. It
// fetches one item more than the page holds to learn whether a next page
// exists.
func list[T any](ctx context.Context, s *Store, op, query, scoped string, q graph.ListQuery,
	conv func(*neo4j.Record) (T, error), id func(T) string) (graph.Page[T], error) {
	limit := q.Limit
	if limit <= 0 {
		limit = graph.DefaultListLimit
	}
	limit = min(limit, graph.MaxListLimit)
	params := map[string]any{"after": q.After, "q": strings.ToLower(q.Q), "limit": int64(limit + 1)}
	if q.Scope != "" {
		query = scoped
		params["scope"] = q.Scope
	}
	items, err := readTx(ctx, s, op, func(tx neo4j.ManagedTransaction) ([]T, error) {
		recs, err := collect(ctx, tx, query, params)
		if err != nil {
			return nil, err
		}
		return mapAll(recs, conv)
	})
	if err != nil {
		return graph.Page[T]{}, err
	}
	page := graph.Page[T]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.Next = id(items[limit-1])
	}
	return page, nil
}

// lookupChunk bounds the ids of one lookup statement, and so the size of
// its one record (see queries.Ties).
const lookupChunk = 2000

// Persons returns the persons among ids that exist, one index seek each.
func (s *Store) Persons(ctx context.Context, ids []string) ([]graph.Person, error) {
	ids = distinct(ids)
	if len(ids) == 0 {
		return []graph.Person{}, nil
	}
	return readTx(ctx, s, "persons", func(tx neo4j.ManagedTransaction) ([]graph.Person, error) {
		out := make([]graph.Person, 0, len(ids))
		for part := range slices.Chunk(ids, lookupChunk) {
			got, err := lookup(ctx, tx, queries.Persons, "persons", part, toPerson)
			if err != nil {
				return nil, err
			}
			out = append(out, got...)
		}
		return out, nil
	})
}

// Ties returns every relationship with an end among ids, each once and with
// canonical ends.
func (s *Store) Ties(ctx context.Context, ids []string) ([]graph.Relationship, error) {
	ids = distinct(ids)
	if len(ids) == 0 {
		return []graph.Relationship{}, nil
	}
	return readTx(ctx, s, "ties", func(tx neo4j.ManagedTransaction) ([]graph.Relationship, error) {
		var out []graph.Relationship
		seen := map[[2]string]bool{} // across chunks: both ends may be in different ones
		for part := range slices.Chunk(ids, lookupChunk) {
			got, err := lookup(ctx, tx, queries.Ties, "ties", part, toTie)
			if err != nil {
				return nil, err
			}
			if len(part) == len(ids) {
				return got, nil
			}
			for _, r := range got {
				if k := [2]string{r.A, r.B}; !seen[k] {
					seen[k] = true
					out = append(out, r)
				}
			}
		}
		return out, nil
	})
}

// lookup runs a query that collects its answer for $ids into the list key
// of one record, and converts each item.
func lookup[T any](ctx context.Context, tx neo4j.ManagedTransaction, query, key string, ids []string,
	conv func(item) (T, error)) ([]T, error) {
	r, err := one(ctx, tx, query, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	return convertItems(r, key, conv)
}

// convertItems converts each item of the list column key of r.
func convertItems[T any](r *neo4j.Record, key string, conv func(item) (T, error)) ([]T, error) {
	its, err := items(r, key)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(its))
	for i, it := range its {
		if out[i], err = conv(it); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// distinct returns the ids sorted and without duplicates, leaving ids as it
// is.
func distinct(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
