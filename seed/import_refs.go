package seed

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// lookupChunk is the number of ids one store.Persons call asks about.
const lookupChunk = 5000

// lookupEntities asks the store about what the entity files refer to:
// every stored unit (the parent cycle check needs the whole tree), the
// accounts that are not in the files, and every person id met so far (a
// person of the files must not change kind).
func (imp *importer) lookupEntities(ctx context.Context) error {
	if imp.files[UnitsFile] != nil || imp.files[EmployeesFile] != nil {
		imp.storeUnits = map[string]string{}
		err := pageAll(ctx, imp.s.Units, func(u graph.Unit) { imp.storeUnits[u.ID] = u.Parent })
		if err != nil {
			return fmt.Errorf("seed: import: read units: %w", err)
		}
	}
	if err := imp.lookupAccounts(ctx); err != nil {
		return err
	}
	return imp.lookupPersons(ctx)
}

// lookupAccounts settles whether the accounts that customers refer to but
// the files lack are stored: one by one when they are few, else by paging
// through every stored account.
func (imp *importer) lookupAccounts(ctx context.Context) error {
	var missing []*accountInfo
	for _, a := range imp.accounts {
		if !a.inFile {
			missing = append(missing, a)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if first, err := imp.s.Accounts(ctx, graph.ListQuery{Limit: 1}); err != nil || len(first.Items) == 0 {
		return wrapLookup("accounts", err)
	}
	if len(missing) <= 1000 {
		for _, a := range missing {
			_, err := imp.s.Account(ctx, a.id)
			switch graph.ErrorCode(err) {
			case "":
				a.ok = true
			case graph.ENOTFOUND:
			default:
				return wrapLookup("accounts", err)
			}
		}
		return nil
	}
	return wrapLookup("accounts", pageAll(ctx, imp.s.Accounts, func(s graph.Account) {
		if a, ok := imp.accounts[s.ID]; ok && !a.inFile {
			a.ok = true
		}
	}))
}

// lookupPersons asks the store for the kind of every person id not asked
// about yet. A store without persons is not asked.
func (imp *importer) lookupPersons(ctx context.Context) error {
	var ids []string
	for i := range imp.people {
		if p := &imp.people[i]; !p.looked {
			p.looked = true
			ids = append(ids, p.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	emps, err := imp.s.Employees(ctx, graph.ListQuery{Limit: 1})
	if err != nil {
		return wrapLookup("persons", err)
	}
	custs, err := imp.s.Customers(ctx, graph.ListQuery{Limit: 1})
	if err != nil {
		return wrapLookup("persons", err)
	}
	if len(emps.Items)+len(custs.Items) == 0 {
		return nil
	}
	for part := range slices.Chunk(ids, lookupChunk) {
		found, err := imp.s.Persons(ctx, part)
		if err != nil {
			return wrapLookup("persons", err)
		}
		for _, sp := range found {
			k := kindCustomer
			if sp.Kind == graph.KindEmployee {
				k = kindEmployee
			}
			imp.people[imp.personIdx[sp.ID]].stored = k
		}
	}
	return nil
}

func wrapLookup(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("seed: import: look up stored %s: %w", what, err)
}

// pageAll calls fn for every entity of a store list, in id order.
func pageAll[T any](ctx context.Context, list func(context.Context, graph.ListQuery) (graph.Page[T], error), fn func(T)) error {
	q := graph.ListQuery{Limit: graph.MaxListLimit}
	for {
		page, err := list(ctx, q)
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			fn(it)
		}
		if page.Next == "" {
			return nil
		}
		q.After = page.Next
	}
}
