package neo4jstore

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// chunk is the most rows one statement writes; a larger batch runs the
// statement several times within its one transaction.
const chunk = 5000

// unitLock is the lock that every writer of units takes, so that two
// writers cannot each add half of a parent cycle.
const unitLock = "units"

// PutEmployee creates or replaces an employee.
func (s *Store) PutEmployee(ctx context.Context, e graph.Employee) (bool, error) {
	if err := e.Validate().Err(); err != nil {
		return false, err
	}
	b := graph.Batch{Employees: []graph.Employee{e}}
	res, err := s.write(ctx, "put employee", b, b, true)
	return res.Created > 0, err
}

// PutCustomer creates or replaces a customer.
func (s *Store) PutCustomer(ctx context.Context, c graph.Customer) (bool, error) {
	if err := c.Validate().Err(); err != nil {
		return false, err
	}
	b := graph.Batch{Customers: []graph.Customer{c}}
	res, err := s.write(ctx, "put customer", b, b, true)
	return res.Created > 0, err
}

// PutAccount creates or replaces an account.
func (s *Store) PutAccount(ctx context.Context, a graph.Account) (bool, error) {
	if err := a.Validate().Err(); err != nil {
		return false, err
	}
	b := graph.Batch{Accounts: []graph.Account{a}}
	res, err := s.write(ctx, "put account", b, b, true)
	return res.Created > 0, err
}

// PutUnit creates or replaces a unit.
func (s *Store) PutUnit(ctx context.Context, u graph.Unit) (bool, error) {
	if err := u.Validate().Err(); err != nil {
		return false, err
	}
	b := graph.Batch{Units: []graph.Unit{u}}
	res, err := s.write(ctx, "put unit", b, b, true)
	return res.Created > 0, err
}

// PutRelationship creates or replaces the relationship between r.A and r.B.
func (s *Store) PutRelationship(ctx context.Context, r graph.Relationship) (bool, error) {
	check, norm := normalize([]graph.Relationship{r})
	if err := check[0].Validate().Err(); err != nil {
		return false, err
	}
	res, err := s.write(ctx, "put relationship",
		graph.Batch{Relationships: norm}, graph.Batch{Relationships: check}, true)
	return res.Created > 0, err
}

// Batch upserts everything in b in one transaction.
func (s *Store) Batch(ctx context.Context, b graph.Batch) (graph.BatchResult, error) {
	check := b
	check.Relationships, b.Relationships = normalize(b.Relationships)
	if err := check.Validate().Err(); err != nil {
		return graph.BatchResult{}, err
	}
	if b.Size() == 0 {
		return graph.BatchResult{}, nil
	}
	return s.write(ctx, "batch", b, check, false)
}

// normalize returns the relationships as the caller gave them but with
// their defaults filled (to validate and check, so that error fields name
// the caller's ends) and fully normalised (to write). rs is not modified.
func normalize(rs []graph.Relationship) (check, write []graph.Relationship) {
	check = make([]graph.Relationship, len(rs))
	write = make([]graph.Relationship, len(rs))
	for i, r := range rs {
		n := r
		n.Normalize()
		r.Visibility = n.Visibility
		check[i], write[i] = r, n
	}
	return check, write
}

// write runs the upsert of b (validated) in one write transaction. refs is
// b as the caller gave it, for reference checks and their field names. A
// write that loses a race with a concurrent writer runs again.
func (s *Store) write(ctx context.Context, op string, b, refs graph.Batch, single bool) (graph.BatchResult, error) {
	w := batchWrite{
		units:         rows(b.Units, unitRow),
		accounts:      rows(b.Accounts, accountRow),
		employees:     rows(b.Employees, employeeRow),
		customers:     rows(b.Customers, customerRow),
		relationships: rows(b.Relationships, relationshipRow),
		refs:          refs,
		single:        single,
		change:        batchChange(b),
	}
	return update(ctx, s, op, func(tx neo4j.ManagedTransaction) (graph.BatchResult, error) {
		return w.run(ctx, tx)
	})
}

// batchWrite is one upsert, its entities as statement rows.
type batchWrite struct {
	units, accounts, employees, customers, relationships []any

	refs   graph.Batch
	single bool
	change graphChange // for routing caches
}

// step is one statement of a write. Counted steps write entities (and tell
// how many they created); the others write references of entities that an
// earlier step wrote.
type step struct {
	query   string
	rows    []any
	counted bool
}

func (w *batchWrite) run(ctx context.Context, tx neo4j.ManagedTransaction) (graph.BatchResult, error) {
	var res graph.BatchResult
	if len(w.units) > 0 {
		if _, err := collect(ctx, tx, queries.TakeLock, map[string]any{"name": unitLock}); err != nil {
			return res, err
		}
	}
	rev, err := w.change.record(ctx, tx)
	if err != nil {
		return res, err
	}
	ex, err := existing(ctx, tx, w.refs)
	if err != nil {
		return res, err
	}
	if err := w.refs.CheckRefs(ex, w.single); err != nil {
		return res, err
	}
	// References point at entities written by earlier steps: units before
	// parents and employees, accounts before customers, employees before
	// owners, persons before relationships.
	steps := []step{
		{queries.PutUnits, w.units, true},
		{queries.PutUnitParents, w.units, false},
		{queries.PutAccounts, w.accounts, true},
		{queries.PutEmployees, w.employees, true},
		{queries.PutCustomers, w.customers, true},
		{queries.PutAccountOwners, w.accounts, false},
		{queries.PutRelationships, w.relationships, true},
	}
	written := 0
	for _, st := range steps {
		for part := range slices.Chunk(st.rows, chunk) {
			created, err := st.run(ctx, tx, part)
			if err != nil {
				return res, err
			}
			if st.counted {
				res.Created += created
				written += len(part)
			}
		}
	}
	res.Replaced = written - res.Created
	return res, w.change.finish(ctx, tx, rev)
}

// run writes part and returns how many entities it created. It returns
// errStale when the statement reports rows it could not write as the checks
// expected: fewer written rows, persons of the other kind (clashes) or
// references that were not found (missing).
func (st step) run(ctx context.Context, tx neo4j.ManagedTransaction, part []any) (int, error) {
	r, err := one(ctx, tx, st.query, map[string]any{"rows": part})
	if err != nil {
		return 0, err
	}
	f := fields{r: r}
	stale := false
	if _, ok := r.Get("written"); ok && f.integer("written") != len(part) {
		stale = true
	}
	for _, key := range []string{"clashes", "missing"} {
		if _, ok := r.Get(key); ok && len(f.strs(key)) > 0 {
			stale = true
		}
	}
	created := 0
	if st.counted {
		created = f.integer("created")
	}
	if f.err != nil {
		return 0, f.err
	}
	if stale {
		return 0, errStale
	}
	return created, nil
}

// existing reads what b refers to, one query per kind: every unit when b
// writes units (the cycle check needs the whole tree), else the units its
// employees refer to; the accounts and persons of b.Refs.
func existing(ctx context.Context, tx neo4j.ManagedTransaction, b graph.Batch) (graph.Existing, error) {
	ex := graph.Existing{Units: map[string]string{}, Accounts: map[string]bool{}, Persons: map[string]string{}}
	var units []*neo4j.Record
	var err error
	if len(b.Units) > 0 {
		units, err = collect(ctx, tx, queries.ExistingUnits, nil)
	} else if ids := unitRefs(b); len(ids) > 0 {
		units, err = collect(ctx, tx, queries.ExistingUnitsByID, map[string]any{"ids": ids})
	}
	if err != nil {
		return ex, err
	}
	for _, r := range units {
		f := fields{r: r}
		ex.Units[f.str("id")] = f.str("parent")
		if f.err != nil {
			return ex, f.err
		}
	}

	accounts, persons := b.Refs()
	if len(accounts) > 0 {
		recs, err := collect(ctx, tx, queries.ExistingAccounts, map[string]any{"ids": accounts})
		if err != nil {
			return ex, err
		}
		for _, r := range recs {
			f := fields{r: r}
			ex.Accounts[f.str("id")] = true
			if f.err != nil {
				return ex, f.err
			}
		}
	}
	if len(persons) > 0 {
		recs, err := collect(ctx, tx, queries.ExistingPersons, map[string]any{"ids": persons})
		if err != nil {
			return ex, err
		}
		for _, r := range recs {
			f := fields{r: r}
			kind := graph.KindCustomer
			if f.boolean("employee") {
				kind = graph.KindEmployee
			}
			ex.Persons[f.str("id")] = kind
			if f.err != nil {
				return ex, f.err
			}
		}
	}
	return ex, nil
}

// unitRefs returns the unit ids that the employees of b refer to.
func unitRefs(b graph.Batch) []string {
	var ids []string
	for _, e := range b.Employees {
		if e.Unit != "" {
			ids = append(ids, e.Unit)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
