package campaigns

import (
	"context"
	"fmt"

	"github.com/contactgraph/contactgraph/graph"
)

// unitAccounts returns the accounts owned by the employees of the units
// and the units below them, unit by unit, employees and accounts by id; a
// unit that does not exist is an error, one whose employees own no account
// too (as a segment no account is in).
func (s *selector) unitAccounts(ctx context.Context, units []string) ([]string, error) {
	if len(units) == 0 {
		return nil, nil
	}
	children := map[string][]string{}
	known := map[string]bool{}
	err := eachPage(ctx, s.cat.Units, "", func(u graph.Unit) {
		known[u.ID] = true
		children[u.Parent] = append(children[u.Parent], u.ID)
	})
	if err != nil {
		return nil, err
	}
	var probs graph.Problems
	var out []string
	named := map[string]bool{}
	for i, unit := range units {
		if named[unit] {
			continue
		}
		named[unit] = true
		if !known[unit] {
			probs.Add(fmt.Sprintf("units[%d]", i), "no unit has id %q", unit)
			continue
		}
		before := len(out)
		for _, u := range subtree(unit, children) {
			var owners []string
			if err := eachPage(ctx, s.cat.Employees, u, func(e graph.Employee) { owners = append(owners, e.ID) }); err != nil {
				return nil, err
			}
			for _, owner := range owners {
				if err := eachPage(ctx, s.cat.Accounts, owner, func(a graph.Account) { out = append(out, a.ID) }); err != nil {
					return nil, err
				}
			}
		}
		if len(out) == before {
			probs.Add(fmt.Sprintf("units[%d]", i), "no employee of unit %q (or a unit below it) owns an account", unit)
		}
	}
	return out, probs.Err()
}

// subtree is unit and every unit below it, depth first, children by id.
func subtree(unit string, children map[string][]string) []string {
	out := []string{unit}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

// eachPage calls f with every item of a list in scope, page by page.
func eachPage[T any](ctx context.Context, list func(context.Context, graph.ListQuery) (graph.Page[T], error), scope string, f func(T)) error {
	q := graph.ListQuery{Scope: scope, Limit: graph.MaxListLimit}
	for {
		page, err := list(ctx, q)
		if err != nil {
			return fmt.Errorf("campaigns: select by unit: %w", err)
		}
		for _, it := range page.Items {
			f(it)
		}
		if page.Next == "" {
			return nil
		}
		q.After = page.Next
	}
}
