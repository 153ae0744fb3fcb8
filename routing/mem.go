package routing

import (
	"context"
	"sync"

	"github.com/contactgraph/contactgraph/graph"
)

// MemNetwork is an in-memory Network (and Accounts) for tests, benchmarks
// and tools that hold a whole graph in memory. It checks nothing but the
// shape of relationships: ends need not be known persons, as a store read
// mid-change may return. It is safe for concurrent use.
type MemNetwork struct {
	mu       sync.RWMutex
	persons  map[string]graph.Person
	accounts map[string]graph.Account
	rels     []graph.Relationship
	pairs    map[[2]string]int32 // canonical ends → index in rels
	adj      map[string][]int32  // person id → indexes in rels
}

var (
	_ Network  = (*MemNetwork)(nil)
	_ Accounts = (*MemNetwork)(nil)
)

// NewMemNetwork returns an empty network.
func NewMemNetwork() *MemNetwork {
	return &MemNetwork{
		persons: map[string]graph.Person{}, accounts: map[string]graph.Account{},
		pairs: map[[2]string]int32{}, adj: map[string][]int32{},
	}
}

// PutPerson adds or replaces a person.
func (m *MemNetwork) PutPerson(p graph.Person) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.persons[p.ID] = p
}

// PutAccount adds or replaces an account.
func (m *MemNetwork) PutAccount(a graph.Account) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.accounts[a.ID] = a
}

// PutRelationship adds the relationship between r.A and r.B or replaces the
// one there is (in either order), normalised as a store keeps it.
// EINVALID: the ends are equal or empty.
func (m *MemNetwork) PutRelationship(r graph.Relationship) error {
	if r.A == "" || r.B == "" || r.A == r.B {
		return graph.Errorf(graph.EINVALID, "relationship %q–%q: ends must be two different persons", r.A, r.B)
	}
	r.Normalize()
	m.mu.Lock()
	defer m.mu.Unlock()
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
func (m *MemNetwork) Len() (persons, relationships int) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.persons), len(m.rels)
}

// Persons returns the persons among ids, once each.
func (m *MemNetwork) Persons(ctx context.Context, ids []string) ([]graph.Person, error) {
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
func (m *MemNetwork) Ties(ctx context.Context, ids []string) ([]graph.Relationship, error) {
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
func (m *MemNetwork) Account(ctx context.Context, id string) (graph.Account, error) {
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
