package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// graphChange is what a write changes of what routing reads, for the
// routing caches of every process (cache.go, queries.GraphChange).
type graphChange struct {
	ids     []string // persons whose record changes
	as, bs  []string // relationships written or deleted, canonical ends
	around  []string // persons deleted: their neighbours change
	persons []string // persons whose traits become traits (0: deleted)
	traits  []int64
	all     bool // everything may change
}

// person notes that p is written.
func (ch *graphChange) person(p graph.Person) {
	ch.ids = append(ch.ids, p.ID)
	ch.persons = append(ch.persons, p.ID)
	ch.traits = append(ch.traits, int64(graph.TraitsOf(p)))
}

// deleted notes that person id is deleted with its relationships.
func (ch *graphChange) deleted(id string) {
	ch.ids = append(ch.ids, id)
	ch.around = append(ch.around, id)
	ch.persons = append(ch.persons, id)
	ch.traits = append(ch.traits, 0)
}

// relationship notes that the relationship between a and b (canonical
// order) is written or deleted.
func (ch *graphChange) relationship(a, b string) {
	ch.as = append(ch.as, a)
	ch.bs = append(ch.bs, b)
}

// empty reports whether the write changes nothing routing reads.
func (ch *graphChange) empty() bool { return !ch.all && len(ch.ids)+len(ch.as) == 0 }

// record runs queries.GraphChange in tx, unless ch is empty, and returns
// the new revision. It must be the transaction's first write of persons or
// relationships: it takes the graph's lock, which orders writers and the
// caches' fetches. A write of relationships ends with finish.
func (ch *graphChange) record(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
	if ch.empty() {
		return 0, nil
	}
	if len(ch.as) > changeMaxRels {
		ch.all = true
	}
	r, err := one(ctx, tx, queries.GraphChange, map[string]any{
		"ids": nonNil(ch.ids), "around": nonNil(ch.around), "persons": nonNil(ch.persons), "traits": nonNilInts(ch.traits),
		"all": ch.all, "max": int64(changeMaxIDs), "keep": int64(changeKeep),
	})
	if err != nil {
		return 0, err
	}
	rev, err := getInt(r, "rev")
	return int64(rev), err
}

// finish adds the relationships written to change rev (record's), as the
// transaction leaves them (queries.GraphChangeRels): the last statement
// of the transaction.
func (ch *graphChange) finish(ctx context.Context, tx neo4j.ManagedTransaction, rev int64) error {
	if ch.all || len(ch.as) == 0 {
		return nil
	}
	_, err := one(ctx, tx, queries.GraphChangeRels, map[string]any{"rev": rev, "as": ch.as, "bs": ch.bs})
	return err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilInts(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}

// batchChange is the change of writing b (relationships normalised).
func batchChange(b graph.Batch) graphChange {
	var ch graphChange
	if len(b.Employees)+len(b.Customers) > changeMaxIDs || len(b.Relationships) > changeMaxRels {
		ch.all = true
		return ch
	}
	for _, e := range b.Employees {
		ch.person(e.Person())
	}
	for _, c := range b.Customers {
		ch.person(c.Person())
	}
	for _, r := range b.Relationships {
		ch.relationship(r.A, r.B)
	}
	return ch
}
