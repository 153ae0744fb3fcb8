package embedded

import (
	"slices"
	"sort"
	"strings"
)

// table holds one kind of entity by id, with its rows sorted by id for
// paging. Rows point at the entities, so that a scan walks a slice instead
// of probing the map, and a replace changes the entity in place.
type table[T any] struct {
	byID map[string]*T
	rows []row[T] // sorted by id; excludes pending
	// pending collects rows added since the last settle, so that a bulk
	// write sorts and merges them once instead of inserting one by one.
	pending []row[T]
}

type row[T any] struct {
	id string
	v  *T
}

func newTable[T any]() table[T] {
	return table[T]{byID: map[string]*T{}}
}

func (t *table[T]) get(id string) (T, bool) {
	p, ok := t.byID[id]
	if !ok {
		var zero T
		return zero, false
	}
	return *p, true
}

func (t *table[T]) has(id string) bool {
	_, ok := t.byID[id]
	return ok
}

func (t *table[T]) len() int { return len(t.byID) }

// reserve makes room for n rows, on an empty table.
func (t *table[T]) reserve(n int) {
	t.byID = make(map[string]*T, n)
	t.pending = make([]row[T], 0, n)
}

// put stores v; a new row waits in pending until settle.
func (t *table[T]) put(id string, v T) {
	if p, ok := t.byID[id]; ok {
		*p = v
		return
	}
	p := &v
	t.byID[id] = p
	t.pending = append(t.pending, row[T]{id, p})
}

// settle merges the pending rows into the sorted rows.
func (t *table[T]) settle() {
	switch n := len(t.pending); {
	case n == 0:
		return
	case n <= 16:
		for _, r := range t.pending {
			i, _ := slices.BinarySearchFunc(t.rows, r.id, cmpRow)
			t.rows = slices.Insert(t.rows, i, r)
		}
	default:
		slices.SortFunc(t.pending, func(a, b row[T]) int { return strings.Compare(a.id, b.id) })
		t.rows = mergeSorted(t.rows, t.pending)
	}
	clear(t.pending)
	t.pending = t.pending[:0]
	if cap(t.pending) > 4096 {
		t.pending = nil // a load's worth of room is not kept
	}
}

// remove deletes id; the table must be settled.
func (t *table[T]) remove(id string) {
	if _, ok := t.byID[id]; !ok {
		return
	}
	delete(t.byID, id)
	if i, ok := slices.BinarySearchFunc(t.rows, id, cmpRow); ok {
		t.rows = slices.Delete(t.rows, i, i+1)
	}
}

// rowsOf returns the rows of ids, in the order given.
func (t *table[T]) rowsOf(ids []string) []row[T] {
	out := make([]row[T], 0, len(ids))
	for _, id := range ids {
		if p, ok := t.byID[id]; ok {
			out = append(out, row[T]{id, p})
		}
	}
	return out
}

func cmpRow[T any](r row[T], id string) int { return strings.Compare(r.id, id) }

// mergeSorted merges two sorted slices of rows without common ids.
func mergeSorted[T any](a, b []row[T]) []row[T] {
	if len(a) == 0 {
		return slices.Clone(b)
	}
	out := make([]row[T], 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i].id < b[j].id {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// refIndex maps a referenced id (a unit, an account, an owner) to the ids of
// the entities that refer to it: for scoped lists and delete checks.
type refIndex map[string]map[string]struct{}

func (x refIndex) add(key, id string) {
	if key == "" {
		return
	}
	set := x[key]
	if set == nil {
		set = map[string]struct{}{}
		x[key] = set
	}
	set[id] = struct{}{}
}

func (x refIndex) remove(key, id string) {
	if set := x[key]; set != nil {
		delete(set, id)
		if len(set) == 0 {
			delete(x, key)
		}
	}
}

// ids returns the ids referring to key, sorted.
func (x refIndex) ids(key string) []string {
	set := x[key]
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}
