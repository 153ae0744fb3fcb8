package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// The keys of captured items are (:Captured {key}) nodes outside the graph
// of persons, one per digest (constraint captured_key). RecordCaptured
// reads which keys are stored, notes the interactions of the others and
// creates their nodes in one transaction; a concurrent capture of the same
// key makes the constraint refuse the second, which then runs again and
// finds the key stored.

// RecordCaptured records the interactions of the items not captured yet
// and their keys, in one transaction.
func (s *Store) RecordCaptured(ctx context.Context, items []graph.CapturedItem, m graph.TrustModel) ([]bool, error) {
	if err := graph.ValidateCaptured(items, m); err != nil {
		return nil, err
	}
	keys := make([]any, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	return update(ctx, s, "record captured items", func(tx neo4j.ManagedTransaction) ([]bool, error) {
		recs, err := collect(ctx, tx, queries.CapturedKeys, map[string]any{"keys": keys})
		if err != nil {
			return nil, err
		}
		stored := make(map[string]bool, len(recs))
		for _, r := range recs {
			f := fields{r: r}
			stored[f.str("key")] = true
			if f.err != nil {
				return nil, f.err
			}
		}
		recorded := make([]bool, len(items))
		var refs graph.Batch
		var ins []graph.Interaction
		var fresh []any
		var ch graphChange
		for i, it := range items {
			if stored[it.Key] {
				continue
			}
			stored[it.Key] = true
			recorded[i] = true
			fresh = append(fresh, it.Key)
			for _, in := range it.Interactions {
				c := graph.Relationship{A: in.A, B: in.B}.Canonical()
				ch.relationship(c.A, c.B)
				ins = append(ins, in)
			}
		}
		if len(fresh) == 0 {
			return recorded, nil
		}
		rev, err := ch.record(ctx, tx)
		if err != nil {
			return nil, err
		}
		for _, in := range graph.Creating(ins) {
			refs.Relationships = append(refs.Relationships, graph.Relationship{A: in.A, B: in.B})
		}
		ex, err := existing(ctx, tx, refs)
		if err != nil {
			return nil, err
		}
		if err := refs.CheckRefs(ex, true); err != nil {
			return nil, err
		}
		if _, _, err := record(ctx, tx, ins, m); err != nil {
			return nil, err
		}
		if _, err := collect(ctx, tx, queries.CreateCaptured, map[string]any{"keys": fresh}); err != nil {
			return nil, err
		}
		return recorded, ch.finish(ctx, tx, rev)
	})
}

// CapturedCount returns how many captured keys the database holds.
func (s *Store) CapturedCount(ctx context.Context) (int, error) {
	return readTx(ctx, s, "count captured items", func(tx neo4j.ManagedTransaction) (int, error) {
		recs, err := collect(ctx, tx, queries.CapturedCount, nil)
		if err != nil {
			return 0, err
		}
		f := fields{r: recs[0]}
		n := f.integer("n")
		return n, f.err
	})
}
