package embedded

import (
	"context"
	"encoding/hex"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/contactgraph/contactgraph/graph"
)

// The keys of captured items live only in the file, in one bucket, as the
// 32 bytes of their digest with an empty value. Files written before
// capture existed lack the bucket; the first capture creates it.
var bucketCaptured = []byte("captured")

// RecordCaptured records the interactions of the items not captured yet
// and their keys, in one transaction.
func (s *Store) RecordCaptured(ctx context.Context, items []graph.CapturedItem, m graph.TrustModel) ([]bool, error) {
	if err := graph.ValidateCaptured(items, m); err != nil {
		return nil, err
	}
	unlock, err := s.write(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	recorded := make([]bool, len(items))
	keys := make([][]byte, len(items))
	seen := make(map[string]bool, len(items))
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCaptured)
		for i, it := range items {
			k, _ := hex.DecodeString(it.Key)
			keys[i] = k
			if seen[it.Key] || (b != nil && b.Get(k) != nil) {
				continue
			}
			seen[it.Key] = true
			recorded[i] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("embedded: read captured keys: %w", err)
	}
	var ins []graph.Interaction
	c := &change{}
	for i, it := range items {
		if recorded[i] {
			ins = append(ins, it.Interactions...)
			c.captured = append(c.captured, keys[i])
		}
	}
	var refs graph.Batch
	for _, in := range graph.Creating(ins) {
		refs.Relationships = append(refs.Relationships, graph.Relationship{A: in.A, B: in.B})
	}
	if err := refs.CheckRefs(s.mem.existing(refs), true); err != nil {
		return nil, err
	}
	if _, err := s.record(ins, m, c); err != nil {
		return nil, err
	}
	if len(c.captured) == 0 {
		return recorded, nil
	}
	if err := s.commit(c); err != nil {
		return nil, fmt.Errorf("embedded: record captured items: %w", err)
	}
	return recorded, nil
}

// CapturedCount returns how many captured keys the file holds.
func (s *Store) CapturedCount(ctx context.Context) (int, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	n := 0
	err = s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketCaptured); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n, err
}
