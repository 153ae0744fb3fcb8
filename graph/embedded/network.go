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
// are one slice away, with what routing reads of them inline.
type network struct {
	nodeOf map[string]int32
	ids    []string       // node → person id
	traits []graph.Traits // node → what routing needs of the person; 0: none
	// adj holds each node's relationships as graph.Arc values, and toEmployees
	// those whose other end is an employee, for graph.View.
	adj         arcLists
	toEmployees arcLists

	// slots holds the relationships; a pair's slot is found in the arcs
	// of its end with fewer (slotOf), which costs less than an index of
	// millions of pairs.
	slots []relRecord
	free  []int32 // slots of deleted relationships, for reuse

	sourceOf map[string]int32
	sources  []string // interned Source texts; 0 is ""
}

// relRecord is one relationship; a and b are nodes with ids[a] < ids[b].
type relRecord struct {
	a, b         int32
	source       int32
	private      bool
	learned      bool // the learned trust routes (graph.TrustLearned)
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
	return network{nodeOf: map[string]int32{},
		adj: newArcLists(), toEmployees: newArcLists(),
		sourceOf: map[string]int32{"": 0}, sources: []string{""}}
}

// reserve makes room for persons and relationships, on an empty network.
func (n *network) reserve(persons, relationships int) {
	n.nodeOf = make(map[string]int32, persons)
	n.ids = make([]string, 0, persons)
	n.traits = make([]graph.Traits, 0, persons)
	n.adj.of = make([][]graph.Arc, 0, persons)
	n.toEmployees.of = make([][]graph.Arc, 0, persons)
	n.slots = make([]relRecord, 0, relationships)
}

// node returns the node of a person id, numbering it if it has none.
func (n *network) node(id string) int32 {
	if v, ok := n.nodeOf[id]; ok {
		return v
	}
	v := int32(len(n.ids))
	n.nodeOf[id] = v
	n.ids = append(n.ids, id)
	n.traits = append(n.traits, 0)
	n.adj.grow()
	n.toEmployees.grow()
	return v
}

// setTraits records the traits of the person id (0 when it is deleted).
func (n *network) setTraits(id string, t graph.Traits) {
	if t == 0 {
		if v, ok := n.nodeOf[id]; ok {
			n.traits[v] = 0
		}
		return
	}
	n.traits[n.node(id)] = t
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

// slotOf returns the slot of the relationship between nodes a and b,
// looked up among the arcs of the end with fewer.
func (n *network) slotOf(a, b int32) (int32, bool) {
	if len(n.adj.of[b]) < len(n.adj.of[a]) {
		a, b = b, a
	}
	for _, arc := range n.adj.of[a] {
		if arc.To == b {
			return arc.Rel, true
		}
	}
	return 0, false
}

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
	return n.slotOf(na, nb)
}

// put stores the canonical relationship r, in place if it exists.
func (n *network) put(r graph.Relationship) {
	rec := relRecord{a: n.node(r.A), b: n.node(r.B), source: n.source(r.Source),
		private: r.Visibility == graph.Private, learned: r.TrustSource == graph.TrustLearned, trust: r.Trust, interactions: int64(r.Interactions),
		lastContact: toStamp(r.LastContact), since: toStamp(r.Since)}
	n.putRecord(rec)
}

func (n *network) putRecord(rec relRecord) {
	if slot, ok := n.slotOf(rec.a, rec.b); ok {
		old := n.slots[slot]
		n.slots[slot] = rec
		if old.trust != rec.trust || old.lastContact != rec.lastContact {
			for _, end := range [2]int32{rec.a, rec.b} {
				n.removeArc(end, slot)
				n.addArc(end, arcOf(&rec, end, slot))
			}
		}
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
	n.addArc(rec.a, arcOf(&rec, rec.a, slot))
	n.addArc(rec.b, arcOf(&rec, rec.b, slot))
}

// index builds the index and the arcs of the relationships in slots, which
// must be all there is and each pair once: what loading the file does. Each
// node's arcs get a window of one array, exactly as long as its degree, so
// that neither the arcs nor their lists carry the slack of appending one
// by one; a later write to a node copies its window out (its capacity is
// its length).
func (n *network) index() {
	if cap(n.slots) > len(n.slots) {
		n.slots = slices.Clone(n.slots) // without the slack of appending
	}
	nodes := len(n.ids)
	deg, emp := make([]int32, nodes), make([]int32, nodes)
	employee := func(v int32) bool { return n.traits[v]&graph.TraitEmployee != 0 }
	for slot := range n.slots {
		rec := &n.slots[slot]
		deg[rec.a]++
		deg[rec.b]++
		if employee(rec.b) {
			emp[rec.a]++
		}
		if employee(rec.a) {
			emp[rec.b]++
		}
	}
	n.adj.windows(deg)
	n.toEmployees.windows(emp)
	for slot := range n.slots {
		rec := &n.slots[slot]
		for _, end := range [2]int32{rec.a, rec.b} {
			a := arcOf(rec, end, int32(slot))
			n.adj.of[end] = append(n.adj.of[end], a)
			if employee(a.To) {
				n.toEmployees.of[end] = append(n.toEmployees.of[end], a)
			}
		}
	}
	n.adj.sortAll()
	n.toEmployees.sortAll()
}

// arcOf is the relationship rec in slot seen from its end from.
func arcOf(rec *relRecord, from, slot int32) graph.Arc {
	a := graph.Arc{To: rec.b, Rel: slot, Trust: rec.trust}
	if from == rec.b {
		a.To = rec.a
	}
	if lc := rec.lastContact; lc.set {
		a.HasContact, a.ContactSec, a.ContactNsec = true, lc.sec, lc.nsec
	}
	return a
}

// addArc adds an arc to v's.
func (n *network) addArc(v int32, a graph.Arc) {
	n.adj.add(v, a)
	if n.traits[a.To]&graph.TraitEmployee != 0 {
		n.toEmployees.add(v, a)
	}
}

// removeArc removes the arc of the relationship in slot from v's.
func (n *network) removeArc(v, slot int32) {
	if to := n.adj.remove(v, slot); n.traits[to]&graph.TraitEmployee != 0 {
		n.toEmployees.remove(v, slot)
	}
}

// settle puts the arcs of the nodes changed since the last settle in order.
func (n *network) settle() {
	n.adj.settle()
	n.toEmployees.settle()
}

// delete removes the relationship between a and b, if any.
func (n *network) delete(a, b string) {
	slot, ok := n.find(a, b)
	if !ok {
		return
	}
	rec := n.slots[slot]
	n.removeArc(rec.a, slot)
	n.removeArc(rec.b, slot)
	n.slots[slot] = relRecord{}
	n.free = append(n.free, slot)
}

// of returns the slots of the relationships of a person.
func (n *network) of(id string) []int32 {
	v, ok := n.nodeOf[id]
	if !ok {
		return nil
	}
	out := make([]int32, len(n.adj.of[v]))
	for i, a := range n.adj.of[v] {
		out[i] = a.Rel
	}
	return out
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
		src := graph.TrustDeclared
		if rec.learned {
			src = graph.TrustLearned
		}
		out[i] = graph.Relationship{A: n.ids[rec.a], B: n.ids[rec.b], Trust: rec.trust,
			LastContact: at(rec.lastContact), Since: at(rec.since), Visibility: vis,
			Source: n.sources[rec.source], Interactions: int(rec.interactions), TrustSource: src}
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
		for _, a := range n.adj.of[v] {
			// A tie between two of the ids is taken from its A end.
			if _, both := in[a.To]; both && n.slots[a.Rel].a != v {
				continue
			}
			found = append(found, a.Rel)
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
