package neo4jstore

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/contactgraph/contactgraph/graph"
)

// The routing cache: the relationships of the persons routing has read,
// held in this process as graph.Arc lists ordered by trust, so that
// every routing question runs over them as over the embedded store
// (graph.Network) and reads a hub's strongest relationships without Neo4j
// walking all of them. See ReadGraph (view.go) for how it stays exact.
//
// # Never stale
//
// Every write transaction that changes a person or a KNOWS relationship
// starts with queries.GraphChange: it raises the revision on the lock node
// 'graph' (taking its write lock until the transaction ends) and writes a
// ContactgraphChange node naming what changed, in the same transaction.
// The cache knows the graph at one revision: every entry it holds is the
// person and relationships at that revision. Before every routing
// operation it reads the current revision and the changes since its own
// (queries.GraphChanges, one index seek and a range scan, a fraction of a
// millisecond) and applies them; a revision read after a write
// was acknowledged includes it, so no answer misses an acknowledged write,
// whichever process made it. What it fetches it fetches under the same
// lock (queries.TakeGraphLock), so that the fetched relationships are
// exactly those of the revision read with them, and no write is seen half
// done (Neo4j reads are read-committed, not snapshots).
//
// A change names the persons whose record changed, whose entries the cache
// drops. Changes of a person's traits (kind, active, sender, broker) travel
// in the change itself and update the trait table; its relationships'
// other ends need not be fetched again. A change of relationships ends
// with the relationships as the write left them (queries.GraphChangeRels,
// in the same transaction, so at the same revision): the cache patches the
// entries of both ends (patch) instead of fetching a hub's hundred
// thousand relationships again after every interaction recorded with it.
// Deleting a person drops its neighbours' entries. A
// change of more than changeMaxIDs persons or changeMaxRels relationships
// (a batch of an import), or the cascade
// delete of a unit or account (which changes persons' unit or account)
// makes every cache forget everything; so does a cache more than
// changeKeep revisions behind, or a new lock node (epoch).
//
// The price is write contention: writers of persons and relationships take
// one lock, so they run one after another (other writes, units and
// accounts, do not take it). Neo4j Community serialises much of that
// anyway (a hub's relationships lock the hub), and a write holds the lock
// for its own duration only.
//
// # Memory
//
// An entry holds 37 bytes per relationship end (a graph.Arc, the sort by
// relationship, a visibility flag), 32 more if the other end is an
// employee (the employee list), and the person. The cache keeps at most
// Config.RoutingCacheArcs relationship ends (default defaultCacheArcs; the
// synthetic network of 2 million relationships has 4 million) and forgets
// the least recently used entries beyond that. The table of person ids and
// traits that numbers the nodes grows with the persons seen at the other
// ends (about 70 bytes each), up to the persons of the database. Measured
// on the synthetic network (docs/benchmarks.md): every benchmark question
// at 1–3 hops left 784,340 relationship ends of 45,128 persons cached in
// 81 MB of heap, 104 bytes per end with the id table; a full default
// budget comes to about 250 MB.

// Tuning of the cache and its change log.
const (
	defaultCacheArcs = 4_000_000
	changeMaxIDs     = 10_000 // more persons in one change: forget everything
	// changeMaxRels: a write of more relationships (a bulk import) makes
	// every cache forget everything instead of logging each relationship;
	// logging them cost an import of 2 million relationships a quarter of
	// its time.
	changeMaxRels = 1_000
	changeKeep    = 10_000 // revisions of changes kept in Neo4j
	maxReadRounds = 32     // fetch rounds of one ReadGraph
)

// routingCache is the cache of one Store.
type routingCache struct {
	budget int // relationship ends kept; 0: nothing between operations

	fetchMu sync.Mutex // one fetch at a time, so that installs go in revision order

	mu      sync.RWMutex
	epoch   string // of the lock node; "" before it exists
	rev     int64  // the revision every entry is at
	gen     uint64 // installs so far
	index   map[string]int32
	ids     []string       // node → person id; only appended to
	traits  []graph.Traits // node → traits; replaced, never modified, once a view may hold it
	entries map[int32]*entry
	absent  map[string]uint64 // ids found not to be persons, with the gen of that install
	held    int               // relationship ends in entries
	clock   atomic.Uint64     // for least recently used
	rounds  atomic.Int64      // fetches of what views missed
}

func newRoutingCache(budget int) *routingCache {
	if budget < 0 {
		budget = 0
	}
	return &routingCache{budget: budget, index: map[string]int32{}, entries: map[int32]*entry{}, absent: map[string]uint64{}}
}

// entry is one person as the cache knows it, at the cache's revision.
type entry struct {
	node   int32
	person graph.Person
	full   bool          // arcs known
	arcs   []graph.Arc   // graph.View.Arcs order
	emp    []graph.Arc   // the arcs to employees
	priv   []bool        // arcs[i] is private
	gen    uint64        // the install that made it
	dead   atomic.Int64  // the revision that changed it; 0 while current
	used   atomic.Uint64 // clock of the last view that used it

	relOnce sync.Once
	byRel   []int32 // indexes of arcs by Rel, made on first use (rels)
}

func (e *entry) size() int { return 1 + len(e.arcs) }

// rels returns the indexes of e's arcs ordered by Rel.
func (e *entry) rels() []int32 {
	e.relOnce.Do(func() {
		e.byRel = make([]int32, len(e.arcs))
		for i := range e.byRel {
			e.byRel[i] = int32(i)
		}
		slices.SortFunc(e.byRel, func(i, j int32) int { return int(e.arcs[i].Rel) - int(e.arcs[j].Rel) })
	})
	return e.byRel
}

// change is one ContactgraphChange.
type change struct {
	rev     int64
	all     bool
	ids     []string
	persons []string
	traits  []graph.Traits
	rels    []relChange
}

// relChange is a relationship as a write left it (queries.GraphChangeRels).
type relChange struct {
	a, b string
	rel  int64 // −1: deleted
	arc  graph.Arc
	priv bool
}

// apply brings the cache from its revision to rev, given the changes after
// since (since ≤ c.rev, in revision order) read together with rev and
// epoch. The caller holds c.mu.
func (c *routingCache) apply(epoch string, rev, since int64, changes []change) {
	if epoch != c.epoch {
		c.forget(rev)
		c.epoch, c.rev = epoch, rev
		return
	}
	if rev <= c.rev {
		return
	}
	// Every revision in (c.rev, rev] must be there, or the log was pruned.
	want := c.rev + 1
	for _, ch := range changes {
		if ch.rev < want {
			continue
		}
		if ch.rev != want {
			break
		}
		want++
	}
	if want != rev+1 {
		c.forget(rev)
		c.rev = rev
		return
	}
	var traits []graph.Traits
	for _, ch := range changes {
		if ch.rev <= c.rev {
			continue
		}
		if ch.all {
			c.forget(ch.rev)
			traits = nil
			continue
		}
		for _, id := range ch.ids {
			c.drop(id, ch.rev)
		}
		for i, id := range ch.persons {
			c.drop(id, ch.rev)
			if v, ok := c.index[id]; ok {
				if traits == nil {
					traits = slices.Clone(c.traits)
				}
				traits[v] = ch.traits[i]
			}
		}
		known := c.traits
		if traits != nil {
			known = traits
		}
		for _, rc := range ch.rels {
			c.patch(rc.a, rc.b, rc, ch.rev, known)
			c.patch(rc.b, rc.a, rc, ch.rev, known)
		}
	}
	if traits != nil {
		c.traits = traits
	}
	c.rev = rev
}

// patch brings the entry of person id up to the relationship rc with
// other, changed at rev: a new entry without the old arc to other and with
// the new one in its place in the order, so that a write does not make the
// cache fetch a hub's hundred thousand relationships again. If other has
// no node or no known traits (the cache forgot them), the entry is dropped
// instead. The caller holds c.mu.
func (c *routingCache) patch(id, other string, rc relChange, rev int64, traits []graph.Traits) {
	v, ok := c.index[id]
	if !ok {
		return
	}
	old := c.entries[v]
	if old == nil || !old.full {
		return // no relationships held: nothing to change
	}
	u, ok := c.index[other]
	if !ok || int(u) >= len(traits) || traits[u] == 0 {
		c.drop(id, rev)
		return
	}
	c.gen++
	e := &entry{node: v, person: old.person, full: true, gen: c.gen}
	e.arcs = make([]graph.Arc, 0, len(old.arcs)+1)
	e.priv = make([]bool, 0, len(old.arcs)+1)
	e.emp = make([]graph.Arc, 0, len(old.emp)+1)
	arc := rc.arc
	arc.To = u
	add := rc.rel >= 0
	employee := traits[u]&graph.TraitEmployee != 0
	for i, a := range old.arcs {
		if a.To == u {
			continue
		}
		if add && graph.ArcOrder(arc, a) < 0 {
			e.arcs = append(e.arcs, arc)
			e.priv = append(e.priv, rc.priv)
			add = false
		}
		e.arcs = append(e.arcs, a)
		e.priv = append(e.priv, old.priv[i])
	}
	if add {
		e.arcs = append(e.arcs, arc)
		e.priv = append(e.priv, rc.priv)
	}
	add = rc.rel >= 0 && employee
	for _, a := range old.emp {
		if a.To == u {
			continue
		}
		if add && graph.ArcOrder(arc, a) < 0 {
			e.emp = append(e.emp, arc)
			add = false
		}
		e.emp = append(e.emp, a)
	}
	if add {
		e.emp = append(e.emp, arc)
	}
	old.dead.Store(rev)
	e.used.Store(old.used.Load())
	c.entries[v] = e
	c.held += e.size() - old.size()
}

// drop forgets the entry of id, changed at rev.
func (c *routingCache) drop(id string, rev int64) {
	delete(c.absent, id)
	v, ok := c.index[id]
	if !ok {
		return
	}
	if e := c.entries[v]; e != nil {
		e.dead.Store(rev)
		c.held -= e.size()
		delete(c.entries, v)
	}
}

// forget drops every entry and trait, changed at rev.
func (c *routingCache) forget(rev int64) {
	for _, e := range c.entries {
		e.dead.Store(rev)
	}
	c.entries = map[int32]*entry{}
	c.absent = map[string]uint64{}
	c.held = 0
	c.traits = make([]graph.Traits, len(c.ids))
}

// intern returns the node of id, numbering it if it is new. The caller
// holds c.mu and has made c.traits its own (see install).
func (c *routingCache) intern(id string) int32 {
	if v, ok := c.index[id]; ok {
		return v
	}
	v := int32(len(c.ids))
	c.index[id] = v
	c.ids = append(c.ids, id)
	c.traits = append(c.traits, 0)
	return v
}

// fetched is one person as queries.RoutingAdjacency returns it, arcs
// sorted but not yet numbered.
type fetched struct {
	person graph.Person
	full   bool
	arcs   []rawArc
}

// rawArc is an arc whose other end has no node number yet.
type rawArc struct {
	arc    graph.Arc
	other  string
	traits graph.Traits
	priv   bool
}

// install adds what a fetch at revision rev (epoch) read, with the changes
// after since, and records ids asked for that are not persons as absent.
// It returns the new entries, or nil if the cache moved past rev meanwhile
// (the entries would be of an old revision; the caller asks again).
func (c *routingCache) install(epoch string, rev, since int64, changes []change, got []fetched, asked []string) map[int32]*entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if epoch == c.epoch && rev < c.rev {
		return nil
	}
	c.apply(epoch, rev, since, changes)
	// Views may hold the trait table: change a copy (apply may have made
	// one already, but cheaply check by cloning once per install).
	c.traits = slices.Clone(c.traits)
	c.gen++
	out := make(map[int32]*entry, len(got))
	found := make(map[string]bool, len(got))
	for _, f := range got {
		found[f.person.ID] = true
		v := c.intern(f.person.ID)
		c.traits[v] = graph.TraitsOf(f.person)
		e := &entry{node: v, person: f.person, full: f.full, gen: c.gen}
		if f.full {
			e.arcs = make([]graph.Arc, len(f.arcs))
			e.priv = make([]bool, len(f.arcs))
			for i, a := range f.arcs {
				u := c.intern(a.other)
				c.traits[u] = a.traits
				a.arc.To = u
				e.arcs[i] = a.arc
				e.priv[i] = a.priv
				if a.traits&graph.TraitEmployee != 0 {
					e.emp = append(e.emp, a.arc)
				}
			}
		}
		if old := c.entries[v]; old != nil {
			if old.full && !e.full {
				out[v] = old
				continue
			}
			c.held -= old.size()
		}
		e.used.Store(c.clock.Add(1))
		c.entries[v] = e
		c.held += e.size()
		out[v] = e
	}
	for _, id := range asked {
		if !found[id] {
			c.absent[id] = c.gen
		}
	}
	if len(c.absent) > changeMaxIDs {
		c.absent = map[string]uint64{}
	}
	c.evict()
	return out
}

// evict forgets the least recently used entries until the cache holds at
// most 90 % of its budget, if it holds more than the budget.
func (c *routingCache) evict() {
	if c.held <= c.budget {
		return
	}
	all := make([]*entry, 0, len(c.entries))
	for _, e := range c.entries {
		all = append(all, e)
	}
	slices.SortFunc(all, func(a, b *entry) int {
		x, y := a.used.Load(), b.used.Load()
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	for _, e := range all {
		if c.held <= c.budget*9/10 {
			break
		}
		delete(c.entries, e.node)
		c.held -= e.size()
	}
}

// RoutingCacheSize returns the persons and the relationship ends the
// routing cache holds now (see Config.RoutingCacheArcs).
func (s *Store) RoutingCacheSize() (persons, arcs int) {
	c := s.cache
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries), c.held - len(c.entries)
}
