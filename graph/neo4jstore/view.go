package neo4jstore

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// The store answers every routing question over its routing cache (cache.go).
var _ graph.Network = (*Store)(nil)

// ReadGraph calls read with a view of the routing cache at a revision no
// older than the graph's when ReadGraph was called. The view answers from
// entries only; a person it lacks is a miss, which it notes and answers as
// if the person were not there (no arcs, no node). If read met a miss, its
// answer is thrown away: ReadGraph fetches every person missed in one
// transaction and calls read again on a new view, until a call meets none.
// That call read nothing but entries of one revision, so its answer is
// exactly the answer over the graph at that revision; routing reads only
// what can change the answer (graph.Network), so the rounds grow with the
// neighbourhood needed, and the first round usually needs none.
//
// A round notes at most missBatch·2^k misses, k the rounds before it that
// noted as many as they could, and answers the rest as misses too without
// noting them. Routing reads best first, so
// the misses noted are the ones most likely needed; the persons beyond
// them are often not needed at all once those are known: a search that
// meets a miss finds no ends behind it, so its threshold stays low and it
// would note every person above the floor (on the synthetic network, a
// first question at 3 hops through a hub noted 23,951 persons, where
// the answer needs a few hundred).
func (s *Store) ReadGraph(ctx context.Context, read func(graph.View) error) error {
	if err := s.syncCache(ctx); err != nil {
		return err
	}
	held := map[int32]*entry{}
	start := time.Now()
	full := 0 // rounds that noted as many misses as they could
	for round := 1; ; round++ {
		w := s.cache.view(held)
		w.missLimit = missBatch << min(full, 20)
		err := read(w)
		if w.dropped {
			full++
		}
		if len(w.missFull)+len(w.missPerson) == 0 {
			if round > 1 {
				s.log.Debug().Int("rounds", round).Int("fetched", len(held)).Dur("took", time.Since(start)).
					Msg("routing cache: fetched what a question needed")
			}
			return err
		}
		if round == maxReadRounds {
			return fmt.Errorf("neo4jstore: routing: the graph changed under %d rounds of fetches", round)
		}
		if err := s.fetchMissed(ctx, w, held); err != nil {
			return err
		}
	}
}

// syncCache brings the cache to the graph's current revision. It reads
// the revision where writes go (a cluster's leader), so that a follower
// that lags behind cannot hide an acknowledged write; it writes nothing.
func (s *Store) syncCache(ctx context.Context) error {
	c := s.cache
	c.mu.RLock()
	since := c.rev
	c.mu.RUnlock()
	type state struct {
		epoch   string
		rev     int64
		changes []change
	}
	st, err := writeTx(ctx, s, "routing revision", func(tx neo4j.ManagedTransaction) (state, error) {
		r, err := one(ctx, tx, queries.GraphChanges, map[string]any{"since": since})
		if err != nil {
			return state{}, err
		}
		epoch, rev, changes, err := toRevision(r)
		return state{epoch, rev, changes}, err
	})
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.apply(st.epoch, st.rev, since, st.changes)
	c.mu.Unlock()
	return nil
}

// fetchMissed fetches what view w missed, under the graph's lock, installs
// it and adds the new entries to held.
func (s *Store) fetchMissed(ctx context.Context, w *view, held map[int32]*entry) error {
	c := s.cache
	c.rounds.Add(1)
	c.fetchMu.Lock()
	defer c.fetchMu.Unlock()
	c.mu.RLock()
	since := c.rev
	c.mu.RUnlock()
	rows := make([]any, 0, len(w.missFull)+len(w.missPerson))
	asked := make([]string, 0, cap(rows))
	for id := range w.missFull {
		rows = append(rows, map[string]any{"id": id, "full": true})
		asked = append(asked, id)
	}
	for id := range w.missPerson {
		if !w.missFull[id] {
			rows = append(rows, map[string]any{"id": id, "full": false})
			asked = append(asked, id)
		}
	}
	type result struct {
		epoch   string
		rev     int64
		changes []change
		got     []fetched
	}
	res, err := writeTx(ctx, s, "routing fetch", func(tx neo4j.ManagedTransaction) (result, error) {
		r, err := one(ctx, tx, queries.TakeGraphLock, map[string]any{"since": since})
		if err != nil {
			return result{}, err
		}
		epoch, rev, changes, err := toRevision(r)
		if err != nil {
			return result{}, err
		}
		var got []fetched
		for part := range slices.Chunk(rows, lookupChunk) {
			r, err := one(ctx, tx, queries.RoutingAdjacency, map[string]any{"rows": part})
			if err != nil {
				return result{}, err
			}
			fs, err := convertItems(r, "persons", toFetched)
			if err != nil {
				return result{}, err
			}
			got = append(got, fs...)
		}
		return result{epoch, rev, changes, got}, nil
	})
	if err != nil {
		return err
	}
	for v, e := range c.install(res.epoch, res.rev, since, res.changes, res.got, asked) {
		held[v] = e
	}
	return nil
}

// toRevision reads a record of queries.GraphChanges or TakeGraphLock.
func toRevision(r *neo4j.Record) (string, int64, []change, error) {
	f := fields{r: r}
	epoch := f.str("epoch")
	rev := f.integer("rev")
	if f.err != nil {
		return "", 0, nil, f.err
	}
	its, err := items(r, "changes")
	if err != nil {
		return "", 0, nil, err
	}
	out := make([]change, len(its))
	for i, it := range its {
		ch := change{rev: int64(it.integer(0)), all: it.boolean(1)}
		ch.ids = anyStrings(&it, 2)
		ch.persons = anyStrings(&it, 3)
		ts, _ := value[[]any](&it, 4)
		for _, t := range ts {
			n, ok := t.(int64)
			if !ok {
				return "", 0, nil, fmt.Errorf("reading change %d: trait %T", ch.rev, t)
			}
			ch.traits = append(ch.traits, graph.Traits(n))
		}
		ch.rels = toRelChanges(&it)
		if it.err != nil || len(ch.traits) != len(ch.persons) {
			return "", 0, nil, fmt.Errorf("reading change %d: %v", ch.rev, it.err)
		}
		out[i] = ch
	}
	return epoch, int64(rev), out, nil
}

// toRelChanges reads the relationships of a change item (values 5 to 11,
// parallel lists; see queries.GraphChangeRels).
func toRelChanges(it *item) []relChange {
	as, bs := anyStrings(it, 5), anyStrings(it, 6)
	ids, _ := value[[]any](it, 7)
	trust, _ := value[[]any](it, 8)
	secs, _ := value[[]any](it, 9)
	nsecs, _ := value[[]any](it, 10)
	flags, _ := value[[]any](it, 11)
	n := len(as)
	if len(bs) != n || len(ids) != n || len(trust) != n || len(secs) != n || len(nsecs) != n || len(flags) != n {
		if it.err == nil {
			it.err = fmt.Errorf("relationship lists of %d, %d, %d, %d, %d, %d and %d values",
				len(as), len(bs), len(ids), len(trust), len(secs), len(nsecs), len(flags))
		}
		return nil
	}
	out := make([]relChange, n)
	for i := range out {
		id, ok1 := ids[i].(int64)
		t, ok2 := trust[i].(float64)
		sec, ok3 := secs[i].(int64)
		nsec, ok4 := nsecs[i].(int64)
		f, ok5 := flags[i].(int64)
		if !(ok1 && ok2 && ok3 && ok4 && ok5) || id > math.MaxInt32 {
			if it.err == nil {
				it.err = fmt.Errorf("relationship %d of the change is malformed", i)
			}
			return nil
		}
		out[i] = relChange{a: as[i], b: bs[i], rel: id, priv: f&2 != 0,
			arc: graph.Arc{Rel: int32(id), Trust: t, ContactSec: sec, ContactNsec: int32(nsec), HasContact: f&1 != 0}}
		if !out[i].arc.HasContact {
			out[i].arc.ContactSec, out[i].arc.ContactNsec = 0, 0
		}
	}
	return out
}

// anyStrings reads value i of it, a list of strings.
func anyStrings(it *item, i int) []string {
	l, _ := value[[]any](it, i)
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, ok := x.(string)
		if !ok && it.err == nil {
			it.err = fmt.Errorf("value %d holds a %T, want strings", i, x)
		}
		out = append(out, s)
	}
	return out
}

// toFetched reads an item of queries.RoutingAdjacency and sorts its arcs
// in graph.View.Arcs order.
func toFetched(it item) (fetched, error) {
	p, err := toPerson(it)
	if err != nil {
		return fetched{}, err
	}
	out := fetched{person: p}
	l, isNil := value[[]any](&it, 12)
	if it.err != nil {
		return fetched{}, fmt.Errorf("reading person %s: %w", p.ID, it.err)
	}
	if isNil {
		return out, nil
	}
	out.full = true
	out.arcs = make([]rawArc, 0, len(l))
	for _, x := range l {
		v, ok := x.([]any)
		if !ok {
			return fetched{}, fmt.Errorf("reading person %s: relationship is a %T", p.ID, x)
		}
		a := item{v: v}
		other := graph.Person{ID: a.str(0), Kind: graph.KindCustomer}
		if a.boolean(1) {
			other.Kind = graph.KindEmployee
			other.Active, other.Sender, other.Broker = a.boolean(2), a.boolean(3), a.boolean(4)
		}
		rel := a.integer(5)
		if rel < 0 || rel > math.MaxInt32 {
			a.err = fmt.Errorf("relationship id %d does not fit the cache's numbers", rel)
		}
		arc := graph.Arc{Rel: int32(rel), Trust: a.float(6)}
		if sec, isNil := value[int64](&a, 7); !isNil {
			nsec, _ := value[int64](&a, 8)
			arc.ContactSec, arc.ContactNsec, arc.HasContact = sec, int32(nsec), true
		}
		priv := a.boolean(9)
		if a.err != nil {
			return fetched{}, fmt.Errorf("reading a relationship of %s: %w", p.ID, a.err)
		}
		out.arcs = append(out.arcs, rawArc{arc: arc, other: other.ID, traits: graph.TraitsOf(other), priv: priv})
	}
	slices.SortFunc(out.arcs, func(a, b rawArc) int { return graph.ArcOrder(a.arc, b.arc) })
	return out, nil
}

// view is the graph.View one call of read sees: the cache at one
// revision, the entries it used pinned so that they stay the same while
// read runs, and the persons it missed.
type view struct {
	c      *routingCache
	rev    int64
	gen    uint64
	index  map[string]int32
	ids    []string
	traits []graph.Traits
	held   map[int32]*entry
	pinned map[int32]*entry
	order  []*entry // pinned, in the order of use
	recent []int32  // the last nodes asked for their person, latest last

	missFull   map[string]bool // persons whose relationships are needed
	missPerson map[string]bool // persons whose record is needed
	missLimit  int             // misses noted at most (0: no limit)
	dropped    bool            // a miss was not noted: missLimit were
}

// missBatch is how many misses the first round of ReadGraph notes; each
// further round notes twice as many as the one before.
const missBatch = 256

// miss notes that id was missed, its relationships too if full, unless
// a search met it (its arcs were asked for by node) and the view has noted
// missLimit misses already. Persons asked for by id (Node) and persons
// described (Person) are always needed: a campaign looks up each of its
// recipients by id, and all of them in one round.
func (w *view) miss(id string, full, searched bool) {
	if searched && w.missLimit > 0 && len(w.missFull)+len(w.missPerson) >= w.missLimit {
		w.dropped = true
		return
	}
	if full {
		w.missFull[id] = true
	} else {
		w.missPerson[id] = true
	}
}

var _ graph.View = (*view)(nil)

// view returns a view of the cache as it is now, taking entries from held
// first (those fetched for this operation, which the cache may have let go).
func (c *routingCache) view(held map[int32]*entry) *view {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return &view{c: c, rev: c.rev, gen: c.gen, index: c.index, ids: c.ids[:len(c.ids):len(c.ids)], traits: c.traits,
		held: held, pinned: map[int32]*entry{}, missFull: map[string]bool{}, missPerson: map[string]bool{}}
}

// entry returns the entry of node v at the view's revision, with its
// relationships if full, or nil after noting a miss (searched: of arcs
// a search asked for).
func (w *view) entry(v int32, full, searched bool) *entry {
	e, ok := w.pinned[v]
	if !ok {
		e = w.held[v]
		if !w.current(e) {
			w.c.mu.RLock()
			e = w.c.entries[v]
			w.c.mu.RUnlock()
		}
		if !w.current(e) {
			e = nil
		} else {
			e.used.Store(w.c.clock.Add(1))
			w.order = append(w.order, e)
		}
		w.pinned[v] = e
	}
	if e == nil || (full && !e.full) {
		w.miss(w.ids[v], full, searched)
		return nil
	}
	return e
}

// current reports whether e holds its person at the view's revision:
// installed before the view was made (so its nodes are numbered in it) and
// not changed at or before the view's revision.
func (w *view) current(e *entry) bool {
	if e == nil || e.gen > w.gen {
		return false
	}
	d := e.dead.Load()
	return d == 0 || d > w.rev
}

// Node returns the node of the person with id. An id the view does not
// know as a person is a miss, unless the cache knows it is none.
func (w *view) Node(id string) (int32, bool) {
	w.c.mu.RLock()
	v, ok := w.index[id]
	at, absent := w.c.absent[id]
	w.c.mu.RUnlock()
	if absent && at <= w.gen {
		return 0, false
	}
	if !ok || int(v) >= len(w.ids) {
		w.miss(id, true, false)
		return 0, false
	}
	if w.entry(v, true, false) == nil {
		return 0, false
	}
	return v, true
}

// ID returns the person id of node v.
func (w *view) ID(v int32) string { return w.ids[v] }

// Traits returns the traits of every node at the view's revision; 0 for
// persons deleted and for nodes whose traits the cache forgot (no entry
// of the view leads to them).
func (w *view) Traits() []graph.Traits { return w.traits }

// Person returns the person of node v.
func (w *view) Person(v int32) graph.Person {
	if len(w.recent) == recentPersons {
		w.recent = w.recent[1:]
	}
	w.recent = append(w.recent, v)
	if e := w.entry(v, false, false); e != nil {
		return e.person
	}
	return graph.Person{ID: w.ids[v]}
}

// Arcs returns the relationships of node v, ordered as graph.View says.
func (w *view) Arcs(v int32) []graph.Arc {
	if e := w.entry(v, true, true); e != nil {
		return e.arcs
	}
	return nil
}

// EmployeeArcs returns the arcs of v to employees.
func (w *view) EmployeeArcs(v int32) []graph.Arc {
	if e := w.entry(v, true, true); e != nil {
		return e.emp
	}
	return nil
}

// recentPersons is how many of the last persons asked for Relationship
// looks at first: routing describes a route's persons, then its
// relationships, which join them.
const recentPersons = 16

// Relationship returns the relationship of an arc that an entry of this
// view returned: what routing shows of it (ends, trust, last contact,
// visibility).
func (w *view) Relationship(rel int32) graph.Relationship {
	for i := len(w.recent) - 1; i >= 0; i-- {
		if e := w.pinned[w.recent[i]]; e != nil && e.full {
			if r, ok := w.relationshipIn(e, rel); ok {
				return r
			}
		}
	}
	for _, e := range w.order {
		if r, ok := w.relationshipIn(e, rel); ok {
			return r
		}
	}
	return graph.Relationship{}
}

// relationshipIn finds the relationship rel among the arcs of e.
func (w *view) relationshipIn(e *entry, rel int32) (graph.Relationship, bool) {
	byRel := e.rels()
	i, ok := slices.BinarySearchFunc(byRel, rel, func(i, rel int32) int { return int(e.arcs[i].Rel) - int(rel) })
	if !ok {
		return graph.Relationship{}, false
	}
	a := e.arcs[byRel[i]]
	r := graph.Relationship{A: e.person.ID, B: w.ids[a.To], Trust: a.Trust, Visibility: graph.Public}
	if e.priv[byRel[i]] {
		r.Visibility = graph.Private
	}
	if a.HasContact {
		t := time.Unix(a.ContactSec, int64(a.ContactNsec)).UTC()
		r.LastContact = &t
	}
	return r.Canonical(), true
}
