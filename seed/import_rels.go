package seed

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// relCheck is what the first pass keeps of relationships.csv: 16 bytes per
// relationship for the duplicate check, and the rows whose ends the store
// has not been asked about yet.
type relCheck struct {
	pairs    []relPair
	deferred []relRef
}

// relPair is one relationship's pair of person indexes, smaller first.
type relPair struct {
	key       uint64
	row, line int32
}

// relRef is a row with an end that only the store can resolve.
type relRef struct {
	row, line int32
	a, b      int32 // person indexes, -1 for an invalid id
}

func (imp *importer) checkRelationship(c *csvReader, f *fileState, probs []RowError, rc *relCheck) {
	r, more := readRelationship(c, true)
	probs = mergeProblems(probs, more)
	ends := [2]int32{-1, -1}
	deferred := false
	for i, id := range []string{r.A, r.B} {
		if !graph.ValidID(id) {
			continue
		}
		ends[i] = imp.personOf(id)
		p := &imp.people[ends[i]]
		col := c.cols[relA+i]
		switch {
		case p.file != kindNone && !p.ok:
			probs = append(probs, RowError{File: c.file, Line: c.line, Column: col,
				Reason: fmt.Sprintf("person %q is invalid (%s)", id, imp.files[personFile(p.file)].where(p.line))})
		case p.file != kindNone:
		case !p.looked:
			deferred = true
		case p.stored == kindNone:
			probs = append(probs, RowError{File: c.file, Line: c.line, Column: col,
				Reason: fmt.Sprintf("person %q does not exist", id)})
		}
	}
	row, line := int32(c.row), int32(c.line)
	if a, b := ends[0], ends[1]; a >= 0 && b >= 0 && a != b {
		lo, hi := min(a, b), max(a, b)
		rc.pairs = append(rc.pairs, relPair{key: uint64(lo)<<32 | uint64(hi), row: row, line: line})
	}
	if deferred {
		rc.deferred = append(rc.deferred, relRef{row: row, line: line, a: ends[0], b: ends[1]})
	}
	imp.fail(f, c.row, probs...)
}

// finishRelationships asks the store about the persons that only
// relationships.csv names and reports the ends that do not exist and the
// pairs that appear more than once (every occurrence after the first).
func (imp *importer) finishRelationships(ctx context.Context, f *fileState, rc *relCheck) error {
	if err := imp.lookupPersons(ctx); err != nil {
		return err
	}
	for _, d := range rc.deferred {
		for i, end := range []int32{d.a, d.b} {
			if end < 0 {
				continue
			}
			if p := imp.people[end]; p.file == kindNone && p.stored == kindNone {
				imp.failf(f, int(d.row), d.line, Columns[RelationshipsFile][relA+i], "person %q does not exist", p.id)
			}
		}
	}
	rc.deferred = nil
	slices.SortFunc(rc.pairs, func(x, y relPair) int {
		return cmp.Or(cmp.Compare(x.key, y.key), cmp.Compare(x.row, y.row))
	})
	for i := 0; i < len(rc.pairs); {
		first := rc.pairs[i]
		j := i + 1
		for ; j < len(rc.pairs) && rc.pairs[j].key == first.key; j++ {
			p := rc.pairs[j]
			a, b := imp.people[p.key>>32].id, imp.people[uint32(p.key)].id
			a, b = min(a, b), max(a, b)
			imp.failf(f, int(p.row), p.line, "", "the relationship between %q and %q appears again (first at line %d)",
				a, b, first.line)
		}
		i = j
	}
	return nil
}
