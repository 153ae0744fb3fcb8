package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// WarmRoutingCache fetches the relationships of the n persons with the
// most relationships into the routing cache, so that the first questions
// after a start do not each wait for a hub's (on the synthetic network of
// 2 million relationships, fetching its biggest hub takes Neo4j about a
// quarter of a second). It returns how many persons it warmed. A cache
// that keeps nothing (Config.RoutingCacheArcs < 0) is left alone.
func (s *Store) WarmRoutingCache(ctx context.Context, n int) (int, error) {
	if s.cache.budget <= 0 || n <= 0 {
		return 0, nil
	}
	ids, err := readTx(ctx, s, "busiest persons", func(tx neo4j.ManagedTransaction) ([]string, error) {
		r, err := one(ctx, tx, queries.BusiestPersons, map[string]any{"limit": int64(n)})
		if err != nil {
			return nil, err
		}
		f := fields{r: r}
		ids := f.strs("ids")
		return ids, f.wrap("busiest persons")
	})
	if err != nil {
		return 0, err
	}
	err = s.ReadGraph(ctx, func(g graph.View) error {
		for _, id := range ids {
			if v, ok := g.Node(id); ok {
				g.Arcs(v)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("neo4jstore: warm the routing cache: %w", err)
	}
	return len(ids), nil
}
