package routingtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"pgregory.net/rapid"

	"github.com/contactgraph/contactgraph/graph"
)

// AsOf is the fixed moment of the property tests.
var AsOf = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// Fixture is a small random network.
type Fixture struct {
	Persons  []graph.Person
	Rels     []graph.Relationship
	Accounts []graph.Account
	HalfLife float64
}

// idPool mixes cases and lengths so that id order differs from drawing
// order ("B" < "a" < "ab" < "b").
var idPool = []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "ab", "B", "x1"}

// trusts and ages are drawn from small sets so that exact ties happen:
// with a half-life of 365 days, ages of 365 and 730 days halve and quarter
// the trust, landing on other values of the set.
var (
	trusts = []float64{0.25, 0.5, 0.8, 1.0}
	ages   = []time.Duration{-1, 0, 365 * 24 * time.Hour, 730 * 24 * time.Hour, -30 * 24 * time.Hour, 100 * 24 * time.Hour, 36 * time.Hour}
)

// MinTrusts are thresholds to draw from: none, the route default, and
// values that products of the fixture's trusts meet exactly.
var MinTrusts = []float64{0, 0.2, 0.25, 0.3, 0.5, 0.64}

// DrawFixture draws a network of 2 to maxNodes persons.
func DrawFixture(t *rapid.T, maxNodes int) Fixture {
	// rapid leans towards small draws; list the larger sizes first so that
	// most networks have room for alternative routes.
	var sizes []int
	for n := maxNodes; n >= 2; n-- {
		sizes = append(sizes, n)
	}
	n := rapid.SampledFrom(sizes).Draw(t, "n")
	ids := rapid.Permutation(idPool).Draw(t, "ids")[:n]
	f := Fixture{HalfLife: rapid.SampledFrom([]float64{365, 100}).Draw(t, "halfLife")}
	var employees []string
	for _, id := range ids {
		if rapid.Bool().Draw(t, "customer "+id) {
			f.Persons = append(f.Persons, graph.Customer{
				ID: id, Name: "Customer " + id,
				Email:   rapid.SampledFrom([]string{id + "@example.com", id + "@example.com", id + "@example.com", ""}).Draw(t, "email "+id),
				Account: rapid.SampledFrom([]string{"", "acc1", "acc2"}).Draw(t, "account "+id),
				OptOut:  rapid.IntRange(0, 4).Draw(t, "optOut "+id) == 0,
			}.Person())
			continue
		}
		employees = append(employees, id)
		f.Persons = append(f.Persons, graph.Employee{
			ID: id, Name: "Employee " + id, Email: id + "@example.com", Unit: "u1",
			Active: rapid.IntRange(0, 4).Draw(t, "active "+id) > 0,
			Sender: rapid.IntRange(0, 3).Draw(t, "sender "+id) > 0,
			Broker: rapid.IntRange(0, 3).Draw(t, "broker "+id) > 0,
		}.Person())
	}
	owners := append(employees, "", "ghost")
	f.Accounts = []graph.Account{{ID: "acc1", Name: "Account 1", Owner: rapid.SampledFrom(owners).Draw(t, "owner acc1")}}
	density := rapid.SampledFrom([]int{40, 60, 25, 80, 15}).Draw(t, "density")
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			if rapid.IntRange(0, 99).Draw(t, "edge") >= density {
				continue
			}
			r := graph.Relationship{A: ids[i], B: ids[j], Trust: rapid.SampledFrom(trusts).Draw(t, "trust"),
				Visibility: rapid.SampledFrom([]string{graph.Public, graph.Private}).Draw(t, "visibility")}
			if age := rapid.SampledFrom(ages).Draw(t, "age"); age != -1 {
				lc := AsOf.Add(-age)
				r.LastContact = &lc
			}
			f.Rels = append(f.Rels, r)
		}
	}
	// A relationship to someone the network does not know, as a store read
	// mid-change might return.
	if rapid.IntRange(0, 4).Draw(t, "dangling") == 0 {
		f.Rels = append(f.Rels, graph.Relationship{A: ids[0], B: "zz-gone", Trust: 1})
	}
	return f
}

// Network returns f as a Network behind a shuffling, counting wrapper. The
// persons and relationships go in in an order drawn from seed, each
// relationship with its ends either way round, so that the node and
// relationship numbers of its views differ from seed to seed.
func (f Fixture) Network(t interface{ Fatalf(string, ...any) }, seed uint64) *Shuffled {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := New()
	for _, i := range rng.Perm(len(f.Persons)) {
		m.PutPerson(f.Persons[i])
	}
	for _, a := range f.Accounts {
		m.PutAccount(a)
	}
	for _, i := range rng.Perm(len(f.Rels)) {
		r := f.Rels[i]
		if rng.IntN(2) == 0 {
			r.A, r.B = r.B, r.A
		}
		if err := m.PutRelationship(r); err != nil {
			t.Fatalf("put relationship: %v", err)
		}
	}
	return &Shuffled{Network: m, rng: rng}
}

func (f Fixture) Oracle() *Oracle {
	return NewOracle(f.Persons, f.Rels, f.Accounts, AsOf, f.HalfLife)
}

func (f Fixture) IDs(kind string) []string {
	var out []string
	for _, p := range f.Persons {
		if kind == "" || p.Kind == kind {
			out = append(out, p.ID)
		}
	}
	return out
}

// Shuffled answers in a random order, so that no result may depend on the
// order a store returns rows in, and counts calls.
type Shuffled struct {
	*Network
	mu                      sync.Mutex
	rng                     *rand.Rand
	PersonsCalls, TiesCalls int // calls of Persons and of Ties
}

func (s *Shuffled) Persons(ctx context.Context, ids []string) ([]graph.Person, error) {
	out, err := s.Network.Persons(ctx, ids)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.PersonsCalls++
	s.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, err
}

func (s *Shuffled) Ties(ctx context.Context, ids []string) ([]graph.Relationship, error) {
	out, err := s.Network.Ties(ctx, ids)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.TiesCalls++
	s.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	for i := range out {
		if s.rng.IntN(2) == 0 { // either order of the ends
			out[i].A, out[i].B = out[i].B, out[i].A
		}
	}
	return out, err
}

// describe prints a fixture for failure messages.
func (f Fixture) String() string {
	s := fmt.Sprintf("halfLife %v\n", f.HalfLife)
	for _, p := range f.Persons {
		s += fmt.Sprintf("  %s %s active=%v sender=%v broker=%v optOut=%v email=%q account=%q\n", p.Kind, p.ID, p.Active, p.Sender, p.Broker, p.OptOut, p.Email, p.Account)
	}
	for _, r := range f.Rels {
		lc := "-"
		if r.LastContact != nil {
			lc = AsOf.Sub(*r.LastContact).String()
		}
		s += fmt.Sprintf("  %s–%s %.2f age %s\n", r.A, r.B, r.Trust, lc)
	}
	return s
}
