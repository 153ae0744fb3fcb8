package embedded

import (
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// arcLists holds a list of graph.Arc values per node, in graph.ArcOrder (the
// order graph.View promises) except for the nodes in dirty, whose arcs
// from dirty[v] on are unordered until settle. Writes append and settle
// merges, so that a write costs a node O(degree), not a sort of all its
// arcs, and a bulk load sorts each node once.
type arcLists struct {
	of    [][]graph.Arc
	dirty map[int32]int
}

func newArcLists() arcLists { return arcLists{dirty: map[int32]int{}} }

// grow adds a node without arcs.
func (l *arcLists) grow() { l.of = append(l.of, nil) }

// add appends a to v's arcs.
func (l *arcLists) add(v int32, a graph.Arc) {
	if _, ok := l.dirty[v]; !ok {
		l.dirty[v] = len(l.of[v])
	}
	l.of[v] = append(l.of[v], a)
}

// remove removes the arc of the relationship rel from v's, keeping the
// order of the others, and returns the arc's other end.
func (l *arcLists) remove(v, rel int32) (to int32) {
	arcs := l.of[v]
	i := slices.IndexFunc(arcs, func(a graph.Arc) bool { return a.Rel == rel })
	to = arcs[i].To
	l.of[v] = slices.Delete(arcs, i, i+1)
	if p, ok := l.dirty[v]; ok && i < p {
		l.dirty[v] = p - 1
	}
	return to
}

// windows gives every node v an empty list with room for exactly deg[v]
// arcs, all in one array; lists must be empty.
func (l *arcLists) windows(deg []int32) {
	total := 0
	for _, d := range deg {
		total += int(d)
	}
	all := make([]graph.Arc, total)
	off := 0
	for v, d := range deg {
		end := off + int(d)
		l.of[v] = all[off:off:end]
		off = end
	}
	clear(l.dirty)
}

// sortAll puts every node's arcs in order.
func (l *arcLists) sortAll() {
	for _, arcs := range l.of {
		slices.SortFunc(arcs, graph.ArcOrder)
	}
}

// settle puts the arcs of the dirty nodes in order: the new ones are sorted
// and merged into the ordered ones.
func (l *arcLists) settle() {
	for v, p := range l.dirty {
		arcs := l.of[v]
		tail := arcs[p:]
		slices.SortFunc(tail, graph.ArcOrder)
		if p == 0 {
			if cap(arcs) > len(arcs)+len(arcs)/4+8 {
				arcs = slices.Clip(slices.Clone(arcs))
			}
			l.of[v] = arcs
			continue
		}
		merged := make([]graph.Arc, 0, len(arcs))
		head := arcs[:p]
		for len(head) > 0 && len(tail) > 0 {
			if graph.ArcOrder(tail[0], head[0]) < 0 {
				merged = append(merged, tail[0])
				tail = tail[1:]
			} else {
				merged = append(merged, head[0])
				head = head[1:]
			}
		}
		merged = append(merged, head...)
		l.of[v] = append(merged, tail...)
	}
	clear(l.dirty)
}
