package neo4jstore

import (
	"context"
	"fmt"
	"maps"
)

// CheckRoutingCache compares every entry of s's routing cache, brought to
// the current revision, with the same persons fetched afresh: the
// relationships (ends, trust, last contact, id, visibility, order), the
// employee lists, the person and the traits of every other end. It lets
// tests see that a cache patched by changes holds what a fetch would.
func CheckRoutingCache(ctx context.Context, s *Store) error {
	if err := s.syncCache(ctx); err != nil {
		return err
	}
	c := s.cache
	c.mu.RLock()
	entries := maps.Clone(c.entries)
	ids, traits := c.ids, c.traits
	c.mu.RUnlock()
	fresh := &Store{driver: s.driver, db: s.db, log: s.log, cache: newRoutingCache(1 << 30)}
	w := fresh.cache.view(map[int32]*entry{})
	for _, e := range entries {
		if e.full {
			w.missFull[ids[e.node]] = true
		} else {
			w.missPerson[ids[e.node]] = true
		}
	}
	if len(entries) == 0 {
		return nil
	}
	held := map[int32]*entry{}
	if err := fresh.fetchMissed(ctx, w, held); err != nil {
		return err
	}
	f := fresh.cache
	for _, e := range entries {
		id := ids[e.node]
		v, ok := f.index[id]
		want := held[v]
		if !ok || want == nil {
			return fmt.Errorf("%s: cached, but the database has no such person", id)
		}
		if e.person != want.person || e.full != want.full {
			return fmt.Errorf("%s: cached %+v (full %v), fetched %+v (full %v)", id, e.person, e.full, want.person, want.full)
		}
		if traits[e.node] != f.traits[v] {
			return fmt.Errorf("%s: cached traits %b, fetched %b", id, traits[e.node], f.traits[v])
		}
		if len(e.arcs) != len(want.arcs) || len(e.emp) != len(want.emp) {
			return fmt.Errorf("%s: %d arcs (%d to employees) cached, %d (%d) fetched", id, len(e.arcs), len(e.emp), len(want.arcs), len(want.emp))
		}
		for i, a := range e.arcs {
			b := want.arcs[i]
			a.To, b.To = 0, 0
			if a != b || ids[e.arcs[i].To] != f.ids[want.arcs[i].To] || e.priv[i] != want.priv[i] ||
				traits[e.arcs[i].To] != f.traits[want.arcs[i].To] {
				return fmt.Errorf("%s: arc %d cached %+v to %s (private %v), fetched %+v to %s (private %v)",
					id, i, e.arcs[i], ids[e.arcs[i].To], e.priv[i], want.arcs[i], f.ids[want.arcs[i].To], want.priv[i])
			}
		}
		for i, a := range e.emp {
			b := want.emp[i]
			if ids[a.To] != f.ids[b.To] || a.Rel != b.Rel {
				return fmt.Errorf("%s: employee arc %d cached to %s, fetched to %s", id, i, ids[a.To], f.ids[b.To])
			}
		}
	}
	return nil
}

// FetchRounds returns how many times s's ReadGraph has fetched what a view
// missed.
func FetchRounds(s *Store) int64 { return s.cache.rounds.Load() }

// MissBatch is how many misses the first round of ReadGraph notes.
const MissBatch = missBatch
