package seed

import (
	"context"
	"fmt"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// contentsCap bounds the entities of one kind that Contents counts: past
// it, "more than" is enough to say that a store is not empty.
const contentsCap = 10 * graph.MaxListLimit

// Contents says what s holds, e.g. "8 units, 40 employees, 20 accounts,
// 150 customers", "" for a store that holds none of them; beyond 10,000 of
// a kind it says "more than 10000". Seeding refuses a store that is not
// empty unless forced, and tells the user this.
func Contents(ctx context.Context, s graph.Store) (string, error) {
	kinds := []struct {
		name string
		list func(graph.ListQuery) (int, string, error)
	}{
		{"units", pageOf(ctx, s.Units)},
		{"employees", pageOf(ctx, s.Employees)},
		{"accounts", pageOf(ctx, s.Accounts)},
		{"customers", pageOf(ctx, s.Customers)},
	}
	var parts []string
	for _, k := range kinds {
		n, more, err := countUpTo(k.list, contentsCap)
		if err != nil {
			return "", fmt.Errorf("seed: what the store holds: %w", err)
		}
		switch {
		case more:
			parts = append(parts, fmt.Sprintf("more than %d %s", contentsCap, k.name))
		case n > 0:
			parts = append(parts, fmt.Sprintf("%d %s", n, k.name))
		}
	}
	return strings.Join(parts, ", "), nil
}

// pageOf adapts a store's list of one kind to a counter's needs.
func pageOf[T any](ctx context.Context, list func(context.Context, graph.ListQuery) (graph.Page[T], error)) func(graph.ListQuery) (int, string, error) {
	return func(q graph.ListQuery) (int, string, error) {
		p, err := list(ctx, q)
		return len(p.Items), p.Next, err
	}
}

// countUpTo counts the items of a list up to limit, and whether there are
// more.
func countUpTo(list func(graph.ListQuery) (int, string, error), limit int) (int, bool, error) {
	q := graph.ListQuery{Limit: graph.MaxListLimit}
	total := 0
	for {
		n, next, err := list(q)
		if err != nil {
			return 0, false, err
		}
		total += n
		if next == "" {
			return total, false, nil
		}
		if total >= limit {
			return total, true, nil
		}
		q.After = next
	}
}
