package server

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// pathID returns the path parameter name, which must be a valid id; the
// error names the parameter.
func pathID(c *gin.Context, name string) (string, error) {
	id := c.Param(name)
	return id, graph.CheckID(name, id)
}

// query returns the query parameters of the request, allowing only names and
// each at most once: a misspelt filter is an error, not an unfiltered list.
// A parameter given with an empty value (?owner=) is an error too, so that
// a filter whose value got lost is not an unfiltered list either; only q,
// the search text, may be empty (it then matches everything).
func query(c *gin.Context, names ...string) (url.Values, error) {
	v, err := url.ParseQuery(c.Request.URL.RawQuery)
	if err != nil {
		return nil, graph.Errorf(graph.EINVALID, "malformed query string: %v", err)
	}
	var p graph.Problems
	for _, k := range slices.Sorted(maps.Keys(v)) {
		switch {
		case !slices.Contains(names, k):
			if len(names) == 0 {
				p.Add(k, "is not a query parameter of this endpoint, which takes none")
			} else {
				p.Add(k, "is not a query parameter of this endpoint (it takes %s)", joinNames(names))
			}
		case len(v[k]) > 1:
			p.Add(k, "is given %d times; give it once", len(v[k]))
		case v[k][0] == "" && k != "q":
			p.Add(k, "is empty: give it a value or leave it out")
		}
	}
	return v, p.Err()
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			s += " and "
		default:
			s += ", "
		}
		s += n
	}
	return s
}

// cascadeParam reads ?cascade=true|false (default false).
func cascadeParam(v url.Values) (bool, error) {
	s := v.Get("cascade")
	if s == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, invalid("cascade", "must be true or false, not %q", clipValue(s))
	}
	return b, nil
}

// listQuery reads the parameters of a list: q, the list's scope filter
// (unit, account, owner or parent), limit and cursor. An empty q counts as
// absent; any other empty value is an error (query). Every problem is
// reported at once.
func listQuery(c *gin.Context, scope string) (graph.ListQuery, error) {
	v, err := query(c, "q", scope, "limit", "cursor")
	if err != nil {
		return graph.ListQuery{}, err
	}
	var p graph.Problems
	q := graph.ListQuery{Q: v.Get("q"), Scope: v.Get(scope)}
	if !utf8.ValidString(q.Q) || utf8.RuneCountInString(q.Q) > graph.MaxTextLen {
		p.Add("q", "must be valid text of at most %d characters", graph.MaxTextLen)
	}
	if q.Scope != "" && !graph.ValidID(q.Scope) {
		p.Add(scope, "%q is not a valid id", clipValue(q.Scope))
	}
	q.Limit, q.After = pageParams(v, &p)
	return q, p.Err()
}

// pageParams reads the limit (default graph.DefaultListLimit) and cursor of
// a list, naming a bad one in p.
func pageParams(v url.Values, p *graph.Problems) (limit int, after string) {
	limit = readLimit(v, graph.DefaultListLimit, graph.MaxListLimit, p)
	if s := v.Get("cursor"); s != "" {
		var ok bool
		if after, ok = decodeCursor(s); !ok {
			p.Add("cursor", "is not a cursor of this list: pass the next value of the previous page")
		}
	}
	return limit, after
}

// Cursors are opaque to clients, but have the form of an id (the OpenAPI
// document's Cursor schema): the last id of a page. Any id is a cursor: the
// page starts after it. That way every value a client or a generator may
// take from the schema is one the server takes.

func encodeCursor(after string) *string {
	if after == "" {
		return nil
	}
	return &after
}

func decodeCursor(s string) (string, bool) {
	return s, graph.ValidID(s)
}

// idOnly reads the path id of a request that takes no query parameters.
func idOnly(c *gin.Context) (string, error) {
	id, err := pathID(c, "id")
	if err == nil {
		_, err = query(c)
	}
	return id, err
}

// readLimit reads the parameter limit of v, between 1 and max (def when it
// is not given), naming a bad one in p.
func readLimit(v url.Values, def, max int, p *graph.Problems) int {
	s := v.Get("limit")
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		p.Add("limit", "must be between 1 and %d, not %q", max, clipValue(s))
	}
	return n
}
