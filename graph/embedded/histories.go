package embedded

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/contactgraph/contactgraph/graph"
)

// The histories of relationships live only in the file, in one bucket
// keyed like the relationships (relKey), and are read when a question or a
// write needs them: routing reads none of it. Files written before
// histories existed lack the bucket; the first interaction creates it.
var bucketHistories = []byte("histories")

// A history's value:
//
//	byte    version (1)
//	byte    flags: 1 learned trust
//	8 bytes learned trust if flagged, IEEE 754, big endian
//	uvarint number of events, then per event, oldest first:
//	  8 bytes seconds (int64), 4 bytes nanoseconds (int32), big endian
//	  byte    kind: its index in graph.EventKinds
//	  byte    1 if end A took it up, else 0
const historyVersion = 1

const flagLearned = 1

func encodeHistory(h graph.History) ([]byte, error) {
	buf := make([]byte, 0, 2+8+binary.MaxVarintLen64+14*len(h.Events))
	var flags byte
	if h.LearnedTrust != nil {
		flags |= flagLearned
	}
	buf = append(buf, historyVersion, flags)
	if h.LearnedTrust != nil {
		buf = binary.BigEndian.AppendUint64(buf, math.Float64bits(*h.LearnedTrust))
	}
	buf = binary.AppendUvarint(buf, uint64(len(h.Events)))
	for _, e := range h.Events {
		k := slices.Index(graph.EventKinds, e.Kind)
		if k < 0 {
			return nil, fmt.Errorf("history %s–%s: event kind %q is unknown", h.A, h.B, e.Kind)
		}
		buf = binary.BigEndian.AppendUint64(buf, uint64(e.At.Unix()))
		buf = binary.BigEndian.AppendUint32(buf, uint32(e.At.Nanosecond()))
		by := byte(0)
		if e.ByA {
			by = 1
		}
		buf = append(buf, byte(k), by)
	}
	return buf, nil
}

func decodeHistory(k pair, data []byte) (graph.History, error) {
	h := graph.History{A: k[0], B: k[1]}
	bad := func(what string) (graph.History, error) {
		return graph.History{}, fmt.Errorf("history %s–%s: %s", k[0], k[1], what)
	}
	if len(data) < 2 || data[0] != historyVersion {
		return bad("unknown version or too short")
	}
	flags := data[1]
	data = data[2:]
	if flags&flagLearned != 0 {
		if len(data) < 8 {
			return bad("truncated learned trust")
		}
		t := math.Float64frombits(binary.BigEndian.Uint64(data))
		h.LearnedTrust = &t
		data = data[8:]
	}
	n, size := binary.Uvarint(data)
	if size <= 0 || n > uint64(len(data))/14 {
		return bad("bad event count")
	}
	data = data[size:]
	h.Events = make([]graph.Event, n)
	for i := range h.Events {
		if len(data) < 14 || int(data[12]) >= len(graph.EventKinds) {
			return bad("truncated or unknown event")
		}
		at := stamp{sec: int64(binary.BigEndian.Uint64(data)), nsec: int32(binary.BigEndian.Uint32(data[8:])), set: true}
		h.Events[i] = graph.Event{At: at.time(), Kind: graph.EventKinds[data[12]], ByA: data[13] == 1}
		data = data[14:]
	}
	return h, nil
}

// readHistories reads the stored histories of the canonical pairs ks;
// a pair without one gets an empty history.
func readHistories(tx *bolt.Tx, ks []pair) ([]graph.History, error) {
	out := make([]graph.History, len(ks))
	b := tx.Bucket(bucketHistories)
	for i, k := range ks {
		out[i] = graph.History{A: k[0], B: k[1]}
		if b == nil {
			continue
		}
		if v := b.Get(relKey(k)); v != nil {
			h, err := decodeHistory(k, v)
			if err != nil {
				return nil, err
			}
			out[i] = h
		}
	}
	return out, nil
}

func (s *Store) histories(ks []pair) ([]graph.History, error) {
	var out []graph.History
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = readHistories(tx, ks)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("embedded: read histories: %w", err)
	}
	return out, nil
}

// Histories returns the history of each pair's relationship.
func (s *Store) Histories(ctx context.Context, pairs [][2]string) ([]graph.History, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	ks := make([]pair, len(pairs))
	for i, p := range pairs {
		ks[i] = pairOf(p[0], p[1])
	}
	out, err := s.histories(ks)
	if err != nil {
		return nil, err
	}
	for i, k := range ks {
		if _, ok := s.mem.net.find(k[0], k[1]); !ok {
			out[i] = graph.History{A: k[0], B: k[1]} // a history outlives no relationship
		}
	}
	return out, nil
}

// putHistories writes histories in tx.
func putHistories(tx *bolt.Tx, hs []graph.History) error {
	if len(hs) == 0 {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bucketHistories)
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", bucketHistories, err)
	}
	for _, h := range hs {
		v, err := encodeHistory(h)
		if err != nil {
			return err
		}
		if err := b.Put(relKey(pair{h.A, h.B}), v); err != nil {
			return fmt.Errorf("write history %s–%s: %w", h.A, h.B, err)
		}
	}
	return nil
}

// deleteHistories deletes the histories of the pairs ks in tx.
func deleteHistories(tx *bolt.Tx, ks []pair) error {
	b := tx.Bucket(bucketHistories)
	if b == nil {
		return nil
	}
	for _, k := range ks {
		if err := b.Delete(relKey(k)); err != nil {
			return fmt.Errorf("delete history %s–%s: %w", k[0], k[1], err)
		}
	}
	return nil
}

// routed sets the trust of the relationships rs that are put with the
// learned trust as their source to the learned trust of their history,
// where there is one.
func (s *Store) routed(rs []graph.Relationship) error {
	var ks []pair
	var at []int
	for i, r := range rs {
		if r.TrustSource == graph.TrustLearned {
			ks = append(ks, pair{r.A, r.B})
			at = append(at, i)
		}
	}
	if len(ks) == 0 {
		return nil
	}
	hs, err := s.histories(ks)
	if err != nil {
		return err
	}
	for j, i := range at {
		rs[i].Trust = graph.Routed(rs[i].Trust, rs[i].TrustSource, hs[j].LearnedTrust)
	}
	return nil
}
