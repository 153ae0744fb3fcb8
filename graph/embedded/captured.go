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
func (s *Store) RecordCaptured(ctx context.Context, items []graph.CapturedItem, defaultTrust float64) ([]bool, error) {
	if err := graph.ValidateCaptured(items, defaultTrust); err != nil {
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
	var refs graph.Batch
	for i, it := range items {
		if recorded[i] {
			for _, in := range it.Interactions {
				refs.Relationships = append(refs.Relationships, graph.Relationship{A: in.A, B: in.B})
			}
		}
	}
	if err := refs.CheckRefs(s.mem.existing(refs), true); err != nil {
		return nil, err
	}
	// Apply the interactions in order over what memory holds, a pair met
	// twice in the call counting twice.
	changed := map[pair]graph.Relationship{}
	var order []pair
	c := &change{}
	for i, it := range items {
		if !recorded[i] {
			continue
		}
		c.captured = append(c.captured, keys[i])
		for _, in := range it.Interactions {
			at := in.At.UTC()
			k := pairOf(in.A, in.B)
			r, ok := changed[k]
			if !ok {
				if slot, exists := s.mem.net.find(in.A, in.B); exists {
					r, ok = s.mem.net.relationship(slot), true
				}
				order = append(order, k)
			}
			if ok {
				r.Interactions++
				if r.LastContact == nil || at.After(*r.LastContact) {
					r.LastContact = &at
				}
			} else {
				r = graph.Relationship{A: k[0], B: k[1], Trust: defaultTrust, LastContact: &at,
					Visibility: graph.Public, Source: graph.SourceInteraction, Interactions: 1}
			}
			changed[k] = r
		}
	}
	for _, k := range order {
		c.rels = append(c.rels, changed[k])
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
