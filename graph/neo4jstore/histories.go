package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// A relationship's history lives on its KNOWS as parallel lists (see
// queries/histories.cypher), so that it goes wherever the relationship
// goes: deleting the relationship or a person deletes it too.

// Histories returns the history of each pair's relationship.
func (s *Store) Histories(ctx context.Context, pairs [][2]string) ([]graph.History, error) {
	if len(pairs) == 0 {
		return []graph.History{}, nil
	}
	return readTx(ctx, s, "histories", func(tx neo4j.ManagedTransaction) ([]graph.History, error) {
		got, err := readHistories(ctx, tx, pairs)
		if err != nil {
			return nil, err
		}
		out := make([]graph.History, len(got))
		for i, g := range got {
			out[i] = g.history
		}
		return out, nil
	})
}

// storedHistory is a pair's relationship, if it exists, and its history.
type storedHistory struct {
	exists  bool
	rel     graph.Relationship
	history graph.History
}

// readHistories reads the relationships and histories of pairs (either
// order of ends), ends in canonical order.
func readHistories(ctx context.Context, tx neo4j.ManagedTransaction, pairs [][2]string) ([]storedHistory, error) {
	ps := make([]any, len(pairs))
	canon := make([][2]string, len(pairs))
	for i, p := range pairs {
		c := graph.Relationship{A: p[0], B: p[1]}.Canonical()
		canon[i] = [2]string{c.A, c.B}
		ps[i] = []any{c.A, c.B}
	}
	recs, err := collect(ctx, tx, queries.Histories, map[string]any{"pairs": ps})
	if err != nil {
		return nil, err
	}
	if len(recs) != len(pairs) {
		return nil, fmt.Errorf("histories: %d records for %d pairs", len(recs), len(pairs))
	}
	out := make([]storedHistory, len(pairs))
	for i, r := range recs {
		f := fields{r: r}
		h := graph.History{A: canon[i][0], B: canon[i][1]}
		sh := storedHistory{exists: f.boolean("exists")}
		if sh.exists {
			sh.rel = graph.Relationship{A: h.A, B: h.B, Trust: f.float("trust"),
				LastContact: f.optTime("lastContact"), Since: f.optTime("since"),
				Visibility: f.str("visibility"), Source: f.str("source"), Interactions: f.integer("interactions"),
				TrustSource: f.str("trustSource")}
			if v, isNil, err := neo4j.GetRecordValue[float64](r, "learnedTrust"); err == nil && !isNil {
				h.LearnedTrust = &v
			} else {
				f.check("learnedTrust", err)
			}
			h.Events, err = events(r)
			f.check("history", err)
		}
		if err := f.wrap("history"); err != nil {
			return nil, err
		}
		sh.history = h
		out[i] = sh
	}
	return out, nil
}

// events reads the lists of a history record.
func events(r *neo4j.Record) ([]graph.Event, error) {
	list := func(key string) []any {
		v, _, _ := neo4j.GetRecordValue[[]any](r, key)
		return v
	}
	secs, nsecs, kinds, byA := list("hSec"), list("hNsec"), list("hKind"), list("hByA")
	if len(nsecs) != len(secs) || len(kinds) != len(secs) || len(byA) != len(secs) {
		return nil, errors.New("the history's lists differ in length")
	}
	out := make([]graph.Event, len(secs))
	for i := range secs {
		sec, ok1 := secs[i].(int64)
		nsec, ok2 := nsecs[i].(int64)
		kind, ok3 := kinds[i].(string)
		by, ok4 := byA[i].(bool)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, fmt.Errorf("history event %d has values of the wrong types", i)
		}
		out[i] = graph.Event{At: time.Unix(sec, nsec).UTC(), Kind: kind, ByA: by}
	}
	return out, nil
}

// historyRow is the row record_histories.cypher writes.
func historyRow(r graph.Relationship, h graph.History) any {
	row := relationshipRow(r).(map[string]any)
	var learned any
	if h.LearnedTrust != nil {
		learned = *h.LearnedTrust
	}
	n := len(h.Events)
	secs, nsecs, kinds, byA := make([]any, n), make([]any, n), make([]any, n), make([]any, n)
	for i, e := range h.Events {
		secs[i], nsecs[i], kinds[i], byA[i] = e.At.Unix(), int64(e.At.Nanosecond()), e.Kind, e.ByA
	}
	row["learnedTrust"], row["hSec"], row["hNsec"], row["hKind"], row["hByA"] = learned, secs, nsecs, kinds, byA
	return row
}

// record adds the interactions ins to the histories of their
// relationships in tx, creating relationships (graph.GroupInteractions,
// graph.TrustModel.Record), after the ends of those that may create one
// were checked. It returns the relationships as written and which were
// created. The caller's graphChange names every pair of ins.
func record(ctx context.Context, tx neo4j.ManagedTransaction, ins []graph.Interaction, m graph.TrustModel) ([]graph.Relationship, []bool, error) {
	pairs := make([][2]string, 0, len(ins))
	for _, in := range ins {
		pairs = append(pairs, [2]string{in.A, in.B})
	}
	pairs = distinctPairs(pairs)
	stored, err := readHistories(ctx, tx, pairs)
	if err != nil {
		return nil, nil, err
	}
	byPair := make(map[[2]string]storedHistory, len(stored))
	for _, sh := range stored {
		byPair[[2]string{sh.history.A, sh.history.B}] = sh
	}
	groups := graph.GroupInteractions(ins, func(a, b string) bool { return byPair[[2]string{a, b}].exists })
	rels := make([]graph.Relationship, len(groups))
	created := make([]bool, len(groups))
	rows := make([]any, len(groups))
	for i, g := range groups {
		sh := byPair[[2]string{g.A, g.B}]
		r := sh.rel
		if !sh.exists {
			r = graph.Relationship{A: g.A, B: g.B}
		}
		r, h := m.Record(r, sh.exists, sh.history, g.Events)
		rels[i], created[i], rows[i] = r, !sh.exists, historyRow(r, h)
	}
	if len(rows) == 0 {
		return rels, created, nil
	}
	rec, err := one(ctx, tx, queries.RecordHistories, map[string]any{"rows": rows})
	if err != nil {
		return nil, nil, err
	}
	f := fields{r: rec}
	if n := f.integer("n"); f.err != nil || n != len(rows) {
		return nil, nil, errors.Join(f.err, errStale) // an end was deleted after the check
	}
	return rels, created, nil
}

func distinctPairs(ps [][2]string) [][2]string {
	seen := make(map[[2]string]bool, len(ps))
	out := ps[:0:0]
	for _, p := range ps {
		c := graph.Relationship{A: p[0], B: p[1]}.Canonical()
		k := [2]string{c.A, c.B}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
