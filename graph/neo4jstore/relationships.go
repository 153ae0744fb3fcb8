package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// Relationship returns the relationship between a and b, in either order.
func (s *Store) Relationship(ctx context.Context, a, b string) (graph.Relationship, error) {
	c := graph.Relationship{A: a, B: b}.Canonical()
	return readTx(ctx, s, "get relationship", func(tx neo4j.ManagedTransaction) (graph.Relationship, error) {
		recs, err := collect(ctx, tx, queries.Relationship, map[string]any{"a": c.A, "b": c.B})
		if err != nil {
			return graph.Relationship{}, err
		}
		if len(recs) == 0 {
			return graph.Relationship{}, graph.Errorf(graph.ENOTFOUND, "no relationship between %q and %q", a, b)
		}
		return toRelationship(recs[0])
	})
}

// DeleteRelationship deletes the relationship between a and b.
func (s *Store) DeleteRelationship(ctx context.Context, a, b string) error {
	c := graph.Relationship{A: a, B: b}.Canonical()
	var ch graphChange
	ch.relationship(c.A, c.B)
	_, err := update(ctx, s, "delete relationship", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		rev, err := ch.record(ctx, tx)
		if err != nil {
			return struct{}{}, err
		}
		r, err := one(ctx, tx, queries.DeleteRelationship, map[string]any{"a": c.A, "b": c.B})
		if err != nil {
			return struct{}{}, err
		}
		n, err := getInt(r, "deleted")
		if err == nil && n == 0 {
			err = graph.Errorf(graph.ENOTFOUND, "no relationship between %q and %q", a, b)
		}
		if err != nil {
			return struct{}{}, err
		}
		return struct{}{}, ch.finish(ctx, tx, rev)
	})
	return err
}

// PersonRelationships returns every relationship of a person, ordered by
// the other end's id.
func (s *Store) PersonRelationships(ctx context.Context, id string) ([]graph.Relationship, error) {
	return readTx(ctx, s, "person relationships", func(tx neo4j.ManagedTransaction) ([]graph.Relationship, error) {
		recs, err := collect(ctx, tx, queries.PersonRelationships, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, graph.Errorf(graph.ENOTFOUND, "person %q not found", id)
		}
		out := make([]graph.Relationship, 0, len(recs))
		for _, r := range recs {
			if v, _ := r.Get("a"); v == nil {
				continue // the person has no relationships
			}
			rel, err := toRelationship(r)
			if err != nil {
				return nil, err
			}
			out = append(out, rel)
		}
		return out, nil
	})
}

// RecordInteraction adds an interaction to a relationship's history.
func (s *Store) RecordInteraction(ctx context.Context, i graph.Interaction, m graph.TrustModel) (graph.Relationship, bool, error) {
	if err := i.Validate().Err(); err != nil {
		return graph.Relationship{}, false, err
	}
	if err := m.Validate().Err(); err != nil {
		return graph.Relationship{}, false, graph.Errorf(graph.EINVALID, "the trust model: %v", err)
	}
	// The reference check sees the ends as the caller gave them, so that its
	// fields name the caller's a and b.
	refs := graph.Batch{Relationships: []graph.Relationship{{A: i.A, B: i.B}}}
	c := graph.Relationship{A: i.A, B: i.B}.Canonical()
	type result struct {
		rel     graph.Relationship
		created bool
	}
	var ch graphChange
	ch.relationship(c.A, c.B)
	res, err := update(ctx, s, "record interaction", func(tx neo4j.ManagedTransaction) (result, error) {
		rev, err := ch.record(ctx, tx)
		if err != nil {
			return result{}, err
		}
		ex, err := existing(ctx, tx, refs)
		if err != nil {
			return result{}, err
		}
		if err := refs.CheckRefs(ex, true); err != nil {
			return result{}, err
		}
		rels, created, err := record(ctx, tx, []graph.Interaction{i}, m)
		if err != nil {
			return result{}, err
		}
		if len(rels) == 0 {
			return result{}, graph.Errorf(graph.ENOTFOUND,
				"no relationship between %q and %q: a campaign interaction never creates one", i.A, i.B)
		}
		return result{rels[0], created[0]}, ch.finish(ctx, tx, rev)
	})
	return res.rel, res.created, err
}
