package seed

import (
	"cmp"
	"context"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// exportRelationships writes every relationship once, ordered by its ends
// in canonical order (A < B). It walks all persons in id order, merging
// the employee and the customer lists, a page of ids at a time, asks the
// store for the ties of the page and keeps those whose A end is on it: the
// ties of a page are sorted, and every tie comes with the page of its A.
// It returns the number of private relationships left out.
func exportRelationships(ctx context.Context, s graph.Store, o ExportOptions, out *csvOut) (omitted int, err error) {
	emps := &idPager{list: func(ctx context.Context, q graph.ListQuery) ([]string, string, error) {
		p, err := s.Employees(ctx, q)
		return ids(p.Items, func(e graph.Employee) string { return e.ID }), p.Next, err
	}, size: o.PageSize}
	custs := &idPager{list: func(ctx context.Context, q graph.ListQuery) ([]string, string, error) {
		p, err := s.Customers(ctx, q)
		return ids(p.Items, func(c graph.Customer) string { return c.ID }), p.Next, err
	}, size: o.PageSize}
	for {
		page, err := mergeIDs(ctx, emps, custs, o.PageSize)
		if err != nil || len(page) == 0 {
			return omitted, err
		}
		ties, err := s.Ties(ctx, page)
		if err != nil {
			return omitted, err
		}
		keep := ties[:0]
		for _, r := range ties {
			r = r.Canonical()
			if _, onPage := slices.BinarySearch(page, r.A); !onPage {
				continue
			}
			if r.Visibility == graph.Private && !o.IncludePrivate {
				omitted++
				continue
			}
			keep = append(keep, r)
		}
		slices.SortFunc(keep, func(x, y graph.Relationship) int {
			return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
		})
		for _, r := range keep {
			if err := out.write(relationshipRecord(r)); err != nil {
				return omitted, err
			}
		}
	}
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

// idPager reads the ids of one list page by page.
type idPager struct {
	list  func(context.Context, graph.ListQuery) ([]string, string, error)
	size  int
	buf   []string
	after string
	done  bool
}

// peek returns the next id without taking it; ok is false at the end.
func (p *idPager) peek(ctx context.Context) (id string, ok bool, err error) {
	for len(p.buf) == 0 && !p.done {
		got, next, err := p.list(ctx, graph.ListQuery{Limit: p.size, After: p.after})
		if err != nil {
			return "", false, err
		}
		p.buf, p.after, p.done = got, next, next == ""
	}
	if len(p.buf) == 0 {
		return "", false, nil
	}
	return p.buf[0], true, nil
}

// mergeIDs takes up to n ids from a and b together, in id order (the two
// lists share no id).
func mergeIDs(ctx context.Context, a, b *idPager, n int) ([]string, error) {
	var out []string
	for len(out) < n {
		x, xok, err := a.peek(ctx)
		if err != nil {
			return nil, err
		}
		y, yok, err := b.peek(ctx)
		if err != nil {
			return nil, err
		}
		switch {
		case xok && (!yok || x < y):
			out = append(out, x)
			a.buf = a.buf[1:]
		case yok:
			out = append(out, y)
			b.buf = b.buf[1:]
		default:
			return out, nil
		}
	}
	return out, nil
}
