package neo4jstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// The store answers a level of routing's expansion in one round trip.
var _ graph.Network = (*Store)(nil)

// trustMargin widens routing's bounds of effective trust: Neo4j computes
// the decay with other floating-point functions than Go, so a relationship
// exactly at a bound must not fall out by rounding. Returning a few more
// relationships than needed is harmless.
const trustMargin = 1e-6

// Neighbours returns the relationships of the persons among q.IDs with the
// persons at their other ends, leaving out what q says routing does not
// need (queries.Neighbours). Large id lists go in chunks of one read
// transaction.
func (s *Store) Neighbours(ctx context.Context, q graph.Level) (graph.Near, error) {
	min := make(map[string]float64, len(q.IDs))
	upto := map[string]float64{}
	for i, id := range q.IDs {
		m := 0.0
		if q.MinTrust != nil {
			m = q.MinTrust[i] * (1 - trustMargin)
		}
		if old, ok := min[id]; !ok || m < old {
			min[id] = m
		}
		if q.MaxTrust != nil && q.MaxTrust[i] > 0 {
			upto[id] = q.MaxTrust[i] * (1 + trustMargin)
		}
	}
	var to any // null: everyone
	if q.To != nil {
		to = distinct(q.To)
	}
	ids := distinct(q.IDs)
	if len(ids) == 0 {
		return graph.Near{Ties: []graph.Relationship{}, Persons: []graph.Person{}}, nil
	}
	return readTx(ctx, s, "neighbours", func(tx neo4j.ManagedTransaction) (graph.Near, error) {
		var out graph.Near
		seenTies := map[[2]string]bool{} // across chunks: both ends may be in different ones
		seenPersons := map[string]bool{}
		for part := range slices.Chunk(ids, lookupChunk) {
			rows := make([]any, len(part))
			for i, id := range part {
				rows[i] = map[string]any{"id": id, "min": min[id], "max": upto[id]}
			}
			r, err := one(ctx, tx, queries.Neighbours, map[string]any{"rows": rows, "only": int64(q.Only),
				"to": to, "asOf": q.AsOf.UTC(), "halfLifeDays": q.HalfLifeDays})
			if err != nil {
				return graph.Near{}, err
			}
			ties, err := convertItems(r, "ties", toTie)
			if err != nil {
				return graph.Near{}, err
			}
			persons, err := convertItems(r, "persons", toNeighbour)
			if err != nil {
				return graph.Near{}, err
			}
			for _, t := range ties {
				if k := [2]string{t.A, t.B}; !seenTies[k] {
					seenTies[k] = true
					out.Ties = append(out.Ties, t)
				}
			}
			for _, p := range persons {
				if !seenPersons[p.ID] {
					seenPersons[p.ID] = true
					out.Persons = append(out.Persons, p.Person)
					out.Degrees = append(out.Degrees, p.degree)
				}
			}
		}
		return out, nil
	})
}

// neighbour is a person of queries.Neighbours with its degree.
type neighbour struct {
	graph.Person
	degree int
}

// toNeighbour reads a person of queries.Neighbours: one of queries.Persons
// and the degree.
func toNeighbour(it item) (neighbour, error) {
	p, err := toPerson(it)
	if err != nil {
		return neighbour{}, err
	}
	d := it.integer(12)
	if it.err != nil {
		return neighbour{}, fmt.Errorf("reading person: %w", it.err)
	}
	return neighbour{p, d}, nil
}
