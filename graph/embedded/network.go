package embedded

import (
	"slices"
	"strings"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// network holds the relationships compactly: persons are numbered nodes and
// each relationship is a record without pointers in one slice. Millions of
// them then cost the garbage collector next to nothing, and a person's ties
// are one slice of slot numbers away.
type network struct {
	nodeOf map[string]int32
	ids    []string  // node → person id
	adj    [][]int32 // node → slots of its relationships

	slots  []relRecord
	free   []int32          // slots of deleted relationships, for reuse
	bySlot map[uint64]int32 // ends as nodes (canonical order) → slot

	sourceOf map[string]int32
	sources  []string // interned Source texts; 0 is ""
}

// relRecord is one relationship; a and b are nodes with ids[a] < ids[b].
type relRecord struct {
	a, b         int32
	source       int32
	private      bool
	trust        float64
	interactions int64
	lastContact  stamp
	since        stamp
}

// stamp is an optional time in UTC, exact to the nanosecond.
type stamp struct {
	sec  int64
	nsec int32
	set  bool
}

func toStamp(t *time.Time) stamp {
	if t == nil {
		return stamp{}
	}
	return stamp{sec: t.Unix(), nsec: int32(t.Nanosecond()), set: true}
}

func (s stamp) time() time.Time { return time.Unix(s.sec, int64(s.nsec)).UTC() }

func newNetwork() network {
	return network{nodeOf: map[string]int32{}, bySlot: map[uint64]int32{},
		sourceOf: map[string]int32{"": 0}, sources: []string{""}}
}

// node returns the node of a person id, numbering it if it has none.
func (n *network) node(id string) int32 {
	if v, ok := n.nodeOf[id]; ok {
		return v
	}
	v := int32(len(n.ids))
	n.nodeOf[id] = v
	n.ids = append(n.ids, id)
	n.adj = append(n.adj, nil)
	return v
}

func (n *network) source(s string) int32 {
	if v, ok := n.sourceOf[s]; ok {
		return v
	}
	v := int32(len(n.sources))
	n.sourceOf[s] = v
	n.sources = append(n.sources, s)
	return v
}

func key(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// find returns the slot of the relationship between a and b, in any order.
func (n *network) find(a, b string) (int32, bool) {
	if b < a {
		a, b = b, a
	}
	na, ok := n.nodeOf[a]
	if !ok {
		return 0, false
	}
	nb, ok := n.nodeOf[b]
	if !ok {
		return 0, false
	}
	slot, ok := n.bySlot[key(na, nb)]
	return slot, ok
}

// put stores the canonical relationship r, in place if it exists.
func (n *network) put(r graph.Relationship) {
	rec := relRecord{a: n.node(r.A), b: n.node(r.B), source: n.source(r.Source),
		private: r.Visibility == graph.Private, trust: r.Trust, interactions: int64(r.Interactions),
		lastContact: toStamp(r.LastContact), since: toStamp(r.Since)}
	n.putRecord(rec)
}

func (n *network) putRecord(rec relRecord) {
	k := key(rec.a, rec.b)
	if slot, ok := n.bySlot[k]; ok {
		n.slots[slot] = rec
		return
	}
	var slot int32
	if last := len(n.free) - 1; last >= 0 {
		slot = n.free[last]
		n.free = n.free[:last]
		n.slots[slot] = rec
	} else {
		slot = int32(len(n.slots))
		n.slots = append(n.slots, rec)
	}
	n.bySlot[k] = slot
	n.adj[rec.a] = append(n.adj[rec.a], slot)
	n.adj[rec.b] = append(n.adj[rec.b], slot)
}

// delete removes the relationship between a and b, if any.
func (n *network) delete(a, b string) {
	slot, ok := n.find(a, b)
	if !ok {
		return
	}
	rec := n.slots[slot]
	delete(n.bySlot, key(rec.a, rec.b))
	for _, end := range [2]int32{rec.a, rec.b} {
		s := n.adj[end]
		i := slices.Index(s, slot)
		s[i] = s[len(s)-1]
		n.adj[end] = s[:len(s)-1]
	}
	n.slots[slot] = relRecord{}
	n.free = append(n.free, slot)
}

// of returns the slots of the relationships of a person.
func (n *network) of(id string) []int32 {
	v, ok := n.nodeOf[id]
	if !ok {
		return nil
	}
	return n.adj[v]
}

// ends returns the ids of the ends of the relationship in slot.
func (n *network) ends(slot int32) pair {
	rec := &n.slots[slot]
	return pair{n.ids[rec.a], n.ids[rec.b]}
}

// relationships converts the records in slots to the domain's type, with
// all their times in one allocation.
func (n *network) relationships(slots []int32) []graph.Relationship {
	times := 0
	for _, slot := range slots {
		rec := &n.slots[slot]
		if rec.lastContact.set {
			times++
		}
		if rec.since.set {
			times++
		}
	}
	slab := make([]time.Time, 0, times)
	at := func(s stamp) *time.Time {
		if !s.set {
			return nil
		}
		slab = append(slab, s.time())
		return &slab[len(slab)-1]
	}
	out := make([]graph.Relationship, len(slots))
	for i, slot := range slots {
		rec := &n.slots[slot]
		vis := graph.Public
		if rec.private {
			vis = graph.Private
		}
		out[i] = graph.Relationship{A: n.ids[rec.a], B: n.ids[rec.b], Trust: rec.trust,
			LastContact: at(rec.lastContact), Since: at(rec.since), Visibility: vis,
			Source: n.sources[rec.source], Interactions: int(rec.interactions)}
	}
	return out
}

func (n *network) relationship(slot int32) graph.Relationship {
	return n.relationships([]int32{slot})[0]
}

// ties returns the slots of every relationship with an end among ids, each
// once: a tie between two of the ids is taken from its A end only.
func (n *network) ties(ids []string) []int32 {
	in := make(map[int32]struct{}, len(ids))
	for _, id := range ids {
		if v, ok := n.nodeOf[id]; ok {
			in[v] = struct{}{}
		}
	}
	var found []int32
	for v := range in {
		for _, slot := range n.adj[v] {
			rec := &n.slots[slot]
			other := rec.a
			if other == v {
				other = rec.b
			}
			if _, both := in[other]; both && rec.a != v {
				continue
			}
			found = append(found, slot)
		}
	}
	return found
}

// sortByOther orders the slots of id's relationships by the other end.
func (n *network) sortByOther(id string, slots []int32) {
	v := n.nodeOf[id]
	other := func(slot int32) string {
		rec := &n.slots[slot]
		if rec.a == v {
			return n.ids[rec.b]
		}
		return n.ids[rec.a]
	}
	slices.SortFunc(slots, func(x, y int32) int { return strings.Compare(other(x), other(y)) })
}
