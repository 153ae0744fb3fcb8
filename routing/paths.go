package routing

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// PathsResult answers "how are these two persons connected" (GET /paths).
type PathsResult struct {
	From  string    `json:"from"`
	To    string    `json:"to"`
	AsOf  time.Time `json:"asOf"`
	Paths []Path    `json:"paths"`
}

// Path is one simple path between two persons: Nodes from the first person
// to the second, Edges[i] joining Nodes[i] and Nodes[i+1].
type Path struct {
	Score float64  `json:"score"`
	Hops  int      `json:"hops"`
	Nodes []string `json:"nodes"`
	Edges []Edge   `json:"edges"`
}

// Paths returns the p.Limit (default 1, at most 10) best distinct simple
// paths from one person to another within p.MaxHops (default 3), best first,
// leaving out paths that score below p.MinTrust (default 0). The ends may be
// persons of any kind, inactive employees included; interior nodes follow
// the interior rules. ENOTFOUND: either person does not exist. EINVALID: a
// parameter is out of range or from equals to.
func Paths(ctx context.Context, net graph.Network, from, to string, p Params) (PathsResult, error) {
	s, err := p.resolve(pathsDefaults)
	if err != nil {
		return PathsResult{}, err
	}
	if from == to {
		return PathsResult{}, &graph.Error{Code: graph.EINVALID, Message: "to: must differ from from",
			Fields: []graph.FieldError{{Field: "to", Message: "must differ from from"}}}
	}
	var out PathsResult
	err = net.ReadGraph(ctx, func(view graph.View) error {
		var err error
		out, err = pathsIn(ctx, view, from, to, s)
		return err
	})
	return out, err
}

// pathsResult is the answer from the best paths found, best first.
func pathsResult(g *subgraph, from, to string, best []candidate, s settings) PathsResult {
	out := PathsResult{From: from, To: to, AsOf: s.asOf, Paths: []Path{}}
	for _, c := range best {
		if !atLeast(c.score, s.minTrust) {
			break
		}
		_, edges := g.describe(c.nodes)
		out.Paths = append(out.Paths, Path{Score: c.score, Hops: len(c.nodes) - 1, Nodes: g.idsOf(c.nodes), Edges: edges})
	}
	return out
}

// candidate is a path found by Yen's algorithm.
type candidate struct {
	nodes []int32
	score float64
}

// yen returns the k best simple paths from src to dst of at most hops
// relationships, best first (package comment, k best paths).
func yen(ctx context.Context, sr *search, src, dst int32, hops, k int) ([]candidate, error) {
	g := sr.g
	sr.run(src, hops, dst, nil)
	_, at, ok := sr.result(dst)
	if !ok {
		return nil, nil
	}
	first := sr.path(at)
	found := []candidate{{nodes: first, score: g.score(first)}}
	var pool []candidate
	known := map[string]bool{pathKey(g, first): true}
	var forbid []int32
	for len(found) < k {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		last := found[len(found)-1].nodes
		for i := 0; i+1 < len(last); i++ {
			root := last[:i+1]
			forbid = forbid[:0]
			for _, f := range found {
				if len(f.nodes) > i+1 && slices.Equal(f.nodes[:i+1], root) {
					forbid = append(forbid, f.nodes[i+1])
				}
			}
			for _, v := range root[:i] {
				sr.blocked[v] = true
			}
			sr.run(root[i], hops-i, dst, forbid)
			for _, v := range root[:i] {
				sr.blocked[v] = false
			}
			_, at, ok := sr.result(dst)
			if !ok {
				continue
			}
			nodes := append(slices.Clone(root[:i]), sr.path(at)...)
			key := pathKey(g, nodes)
			if known[key] {
				continue
			}
			known[key] = true
			pool = append(pool, candidate{nodes: nodes, score: g.score(nodes)})
		}
		if len(pool) == 0 {
			break
		}
		bi := 0
		for i := 1; i < len(pool); i++ {
			if comparePaths(g, pool[i], pool[bi]) < 0 {
				bi = i
			}
		}
		found = append(found, pool[bi])
		pool = slices.Delete(pool, bi, bi+1)
	}
	return found, nil
}

// comparePaths orders paths by score descending, hops ascending and id
// sequence ascending.
func comparePaths(g *subgraph, a, b candidate) int {
	if !ScoresEqual(a.score, b.score) {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	if len(a.nodes) != len(b.nodes) {
		return len(a.nodes) - len(b.nodes)
	}
	for i := range a.nodes {
		if c := strings.Compare(g.id(a.nodes[i]), g.id(b.nodes[i])); c != 0 {
			return c
		}
	}
	return 0
}

// pathKey identifies a node sequence.
func pathKey(g *subgraph, nodes []int32) string {
	var b strings.Builder
	for _, v := range nodes {
		b.WriteString(g.id(v))
		b.WriteByte(0)
	}
	return b.String()
}
