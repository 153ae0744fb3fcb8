package embedded

import (
	"context"
	"sort"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// limitOf returns the page size of q: DefaultListLimit for 0 (or less),
// at most MaxListLimit.
func limitOf(q graph.ListQuery) int {
	switch {
	case q.Limit <= 0:
		return graph.DefaultListLimit
	case q.Limit > graph.MaxListLimit:
		return graph.MaxListLimit
	}
	return q.Limit
}

// page selects the entities after q.After that match, up to the limit, from
// rows in id order. Next is set only when a further match exists, so that
// the last page always says so.
func page[T any](rows []row[T], q graph.ListQuery, match func(*T) bool) graph.Page[T] {
	limit := limitOf(q)
	i := 0
	if q.After != "" {
		i = sort.Search(len(rows), func(i int) bool { return rows[i].id > q.After })
	}
	items := make([]T, 0, min(limit, len(rows)-i))
	var last string
	for ; i < len(rows); i++ {
		if !match(rows[i].v) {
			continue
		}
		if len(items) == limit {
			return graph.Page[T]{Items: items, Next: last}
		}
		items = append(items, *rows[i].v)
		last = rows[i].id
	}
	return graph.Page[T]{Items: items}
}

// list pages through a table, or through the entities that refer to
// q.Scope.
func list[T any](s *Store, ctx context.Context, q graph.ListQuery, pick func(m *memory) (*table[T], refIndex),
	match func(*T) bool) (graph.Page[T], error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return graph.Page[T]{}, err
	}
	defer unlock()
	t, scope := pick(s.mem)
	rows := t.rows
	if q.Scope != "" {
		rows = t.rowsOf(scope.ids(q.Scope))
	}
	return page(rows, q, match), nil
}

// matcher is graph.Matches for one query, without allocating for ASCII
// text: a list with q scans every entity.
type matcher struct {
	q     string
	lower string
	ascii bool
}

func newMatcher(q string) matcher {
	lower := strings.ToLower(q)
	return matcher{q: q, lower: lower, ascii: isASCII(lower)}
}

// any reports whether q matches any of the fields, exactly as graph.Matches.
func (m matcher) any(fields ...string) bool {
	if m.q == "" {
		return true
	}
	if !m.ascii {
		return graph.Matches(m.q, fields...)
	}
	for _, f := range fields {
		if isASCII(f) {
			if containsFold(f, m.lower) {
				return true
			}
		} else if strings.Contains(strings.ToLower(f), m.lower) {
			return true
		}
	}
	return false
}

// anyOf reports whether q matches one of fields, and not when there are
// none (unlike any with an empty q).
func (m matcher) anyOf(fields []string) bool {
	return len(fields) > 0 && m.any(fields...)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// containsFold reports whether the ASCII text s contains lower, which is
// in lower case, ignoring the case of s.
func containsFold(s, lower string) bool {
	n := len(lower)
	if n == 0 {
		return true
	}
	first := lower[0]
	for i := 0; i+n <= len(s); i++ {
		if toLowerASCII(s[i]) != first {
			continue
		}
		j := 1
		for j < n && toLowerASCII(s[i+j]) == lower[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func toLowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
