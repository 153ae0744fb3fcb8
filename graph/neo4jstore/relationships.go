package neo4jstore

import (
	"context"
	"errors"

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

// RecordInteraction notes that two persons met.
func (s *Store) RecordInteraction(ctx context.Context, i graph.Interaction, defaultTrust float64) (graph.Relationship, bool, error) {
	if err := i.Validate().Err(); err != nil {
		return graph.Relationship{}, false, err
	}
	if !graph.ValidTrust(defaultTrust) {
		return graph.Relationship{}, false, graph.Errorf(graph.EINVALID,
			"the default trust %v of new relationships is not in (0, 1]", defaultTrust)
	}
	// The reference check sees the ends as the caller gave them, so that its
	// fields name the caller's a and b.
	refs := graph.Batch{Relationships: []graph.Relationship{{A: i.A, B: i.B}}}
	c := graph.Relationship{A: i.A, B: i.B}.Canonical()
	params := map[string]any{
		"a": c.A, "b": c.B, "at": i.At.UTC(), "trust": defaultTrust,
		"visibility": graph.Public, "source": graph.SourceInteraction,
	}
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
		recs, err := collect(ctx, tx, queries.RecordInteraction, params)
		if err != nil {
			return result{}, err
		}
		if len(recs) == 0 {
			return result{}, errStale // an end was deleted after the check
		}
		rel, err := toRelationship(recs[0])
		f := fields{r: recs[0]}
		created := f.boolean("created")
		if err := errors.Join(err, f.err); err != nil {
			return result{}, err
		}
		return result{rel, created}, ch.finish(ctx, tx, rev)
	})
	return res.rel, res.created, err
}
