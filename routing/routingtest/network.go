// Package routingtest holds a whole network in memory as a graph.Network
// (and routing.Accounts), for tests, benchmarks and the conformance suite's
// reference answers. It is independent of the stores: its ReadGraph hands
// out a snapshot. It also holds what
// the property tests of routing and of the packages built on it share:
// random networks (DrawFixture) and a brute-force enumeration of simple
// paths that answers every question by the rules alone (Oracle).
package routingtest

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/contactgraph/contactgraph/graph"
)

// Network is an in-memory graph.Network (and routing.Accounts). It checks
// nothing but the shape of relationships: ends need not be known persons,
// as a store read mid-change may return. It is safe for concurrent use.
type Network struct {
	mu       sync.RWMutex
	snap     *memGraph // the last ReadGraph's snapshot; nil after a write
	persons  map[string]graph.Person
	accounts map[string]graph.Account
	rels     []graph.Relationship
	pairs    map[[2]string]int32 // canonical ends → index in rels
	adj      map[string][]int32  // person id → indexes in rels
}

var _ graph.Network = (*Network)(nil)

// New returns an empty network.
func New() *Network {
	return &Network{
		persons: map[string]graph.Person{}, accounts: map[string]graph.Account{},
		pairs: map[[2]string]int32{}, adj: map[string][]int32{},
	}
}

// PutPerson adds or replaces a person.
func (m *Network) PutPerson(p graph.Person) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snap = nil
	m.persons[p.ID] = p
}

// PutAccount adds or replaces an account.
func (m *Network) PutAccount(a graph.Account) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snap = nil
	m.accounts[a.ID] = a
}

// PutRelationship adds the relationship between r.A and r.B or replaces the
// one there is (in either order), normalised as a store keeps it.
// EINVALID: the ends are equal or empty.
func (m *Network) PutRelationship(r graph.Relationship) error {
	if r.A == "" || r.B == "" || r.A == r.B {
		return graph.Errorf(graph.EINVALID, "relationship %q–%q: ends must be two different persons", r.A, r.B)
	}
	r.Normalize()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snap = nil
	key := [2]string{r.A, r.B}
	if i, ok := m.pairs[key]; ok {
		m.rels[i] = r
		return nil
	}
	i := int32(len(m.rels))
	m.rels = append(m.rels, r)
	m.pairs[key] = i
	m.adj[r.A] = append(m.adj[r.A], i)
	m.adj[r.B] = append(m.adj[r.B], i)
	return nil
}

// Len returns the number of persons and relationships.
func (m *Network) Len() (persons, relationships int) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.persons), len(m.rels)
}

// Persons returns the persons among ids, once each.
func (m *Network) Persons(ctx context.Context, ids []string) ([]graph.Person, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]graph.Person, 0, len(ids))
	seen := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		if _, dup := seen[id]; dup {
			continue
		}
		seen[id] = struct{}{}
		if p, ok := m.persons[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// Ties returns every relationship with an end among ids, once each.
func (m *Network) Ties(ctx context.Context, ids []string) ([]graph.Relationship, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	set := make(map[string]struct{}, len(ids))
	asked := make([]string, 0, len(ids))
	n := 0
	for _, id := range ids {
		if _, dup := set[id]; dup {
			continue
		}
		set[id] = struct{}{}
		asked = append(asked, id)
		n += len(m.adj[id])
	}
	out := make([]graph.Relationship, 0, n)
	for _, id := range asked {
		for _, i := range m.adj[id] {
			r := m.rels[i]
			// A relationship between two asked ids is returned by its
			// canonical first end only.
			if id == r.B {
				if _, both := set[r.A]; both {
					continue
				}
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// Account returns an account. ENOTFOUND: no such account.
func (m *Network) Account(ctx context.Context, id string) (graph.Account, error) {
	if err := ctx.Err(); err != nil {
		return graph.Account{}, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	a, ok := m.accounts[id]
	if !ok {
		return graph.Account{}, graph.Errorf(graph.ENOTFOUND, "account %q not found", id)
	}
	return a, nil
}

// ReadGraph calls read with a snapshot of the network, taken anew after
// every write.
func (m *Network) ReadGraph(ctx context.Context, read func(graph.View) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	if m.snap == nil {
		m.snap = newMemGraph(m)
	}
	g := m.snap
	m.mu.Unlock()
	return read(g)
}

// memGraph is a snapshot of a Network as a graph.View. Ends of relationships
// that are not persons are nodes without traits.
type memGraph struct {
	node    map[string]int32
	ids     []string
	traits  []graph.Traits
	persons []graph.Person
	arcs    [][]graph.Arc
	toEmp   [][]graph.Arc
	rels    []graph.Relationship
}

func newMemGraph(m *Network) *memGraph {
	g := &memGraph{node: map[string]int32{}, rels: slices.Clone(m.rels)}
	add := func(id string) int32 {
		if v, ok := g.node[id]; ok {
			return v
		}
		v := int32(len(g.ids))
		g.node[id] = v
		g.ids = append(g.ids, id)
		p, ok := m.persons[id]
		if ok {
			g.traits = append(g.traits, graph.TraitsOf(p))
		} else {
			g.traits = append(g.traits, 0)
		}
		g.persons = append(g.persons, p)
		g.arcs = append(g.arcs, nil)
		return v
	}
	ids := slices.Sorted(maps.Keys(m.persons))
	for _, id := range ids {
		add(id)
	}
	for i, r := range g.rels {
		a, b := add(r.A), add(r.B)
		arc := graph.Arc{Rel: int32(i), Trust: r.Trust}
		if r.LastContact != nil {
			arc.HasContact, arc.ContactSec, arc.ContactNsec = true, r.LastContact.Unix(), int32(r.LastContact.Nanosecond())
		}
		arc.To = b
		g.arcs[a] = append(g.arcs[a], arc)
		arc.To = a
		g.arcs[b] = append(g.arcs[b], arc)
	}
	g.toEmp = make([][]graph.Arc, len(g.arcs))
	for v, as := range g.arcs {
		slices.SortFunc(as, graph.ArcOrder)
		for _, a := range as {
			if g.traits[a.To]&graph.TraitEmployee != 0 {
				g.toEmp[v] = append(g.toEmp[v], a)
			}
		}
	}
	return g
}

func (g *memGraph) Node(id string) (int32, bool) {
	v, ok := g.node[id]
	return v, ok
}

func (g *memGraph) ID(v int32) string                         { return g.ids[v] }
func (g *memGraph) Traits() []graph.Traits                    { return g.traits }
func (g *memGraph) Person(v int32) graph.Person               { return g.persons[v] }
func (g *memGraph) Arcs(v int32) []graph.Arc                  { return g.arcs[v] }
func (g *memGraph) EmployeeArcs(v int32) []graph.Arc          { return g.toEmp[v] }
func (g *memGraph) Relationship(rel int32) graph.Relationship { return g.rels[rel] }
