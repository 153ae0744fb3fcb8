// Package bench measures routing (Contacts and Paths) on the synthetic
// network contactgraph is sized for, 20,000 employees, 500,000 customers and
// about 2,000,000 relationships, in both stores and against a plain Cypher
// baseline. The benchmarks are in bench_test.go; docs/benchmarks.md
// (section Routing) records how to run them and what they measured.
//
// This file holds what the benchmarks share and what does not depend on a
// store: the size of the network, loading it into a store once, and the
// deterministic choice of the customers and pairs that are asked about.
package bench

import (
	"context"
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

// Size is one synthetic network: seed.Synthetic with these options.
type Size struct {
	Employees int
	Customers int
	Seed      uint64
}

// Standard is the network of the routing issue: 20,000 employees, 500,000
// customers, about 2,000,000 relationships.
var Standard = Size{Employees: 20_000, Customers: 500_000, Seed: 1}

// loadBatch caps the entities of one store.Batch while loading.
const loadBatch = 20_000

// Name identifies the network in cache directories and the marker:
// <seed>-<employees>-<customers>.
func (s Size) Name() string { return fmt.Sprintf("%d-%d-%d", s.Seed, s.Employees, s.Customers) }

// options are the generator's options for s.
func (s Size) options() seed.SyntheticOptions {
	return seed.SyntheticOptions{Employees: s.Employees, Customers: s.Customers, Seed: s.Seed, BatchSize: loadBatch}
}

// Marker is the unit written after the last batch of a load: a store that
// holds it holds the whole network s as the generator with this digest
// (Sample.Digest) makes it, so that a store loaded before the generator
// changed is not taken for the network. Units play no part in routing.
func (s Size) Marker(digest string) graph.Unit {
	return graph.Unit{ID: "bench-synthetic-" + s.Name() + "-" + digest,
		Name: "benchmark network " + s.Name() + " (generator digest " + digest + "), fully loaded"}
}

// digester fingerprints a generated network: every person and relationship
// in the order the generator emits them.
type digester struct{ h hash.Hash64 }

func newDigester() *digester { return &digester{h: fnv.New64a()} }

func (d *digester) add(b graph.Batch) {
	for _, e := range b.Employees {
		fmt.Fprintf(d.h, "e%s|%t|%t|%t\n", e.ID, e.Active, e.Sender, e.Broker)
	}
	for _, c := range b.Customers {
		fmt.Fprintf(d.h, "c%s|%s|%t\n", c.ID, c.Account, c.OptOut)
	}
	for _, r := range b.Relationships {
		lc := int64(0)
		if r.LastContact != nil {
			lc = r.LastContact.UnixNano()
		}
		fmt.Fprintf(d.h, "r%s|%s|%x|%d|%s\n", r.A, r.B, math.Float64bits(r.Trust), lc, r.Visibility)
	}
}

func (d *digester) sum() string { return fmt.Sprintf("%012x", d.h.Sum64()>>16) }

// Loader is what loading needs of a store; graph.Store satisfies it.
type Loader interface {
	Batch(ctx context.Context, b graph.Batch) (graph.BatchResult, error)
	PutUnit(ctx context.Context, u graph.Unit) (bool, error)
	Unit(ctx context.Context, id string) (graph.Unit, error)
}

// Loaded reports whether st holds the whole network s as the generator
// with digest makes it (its marker).
func Loaded(ctx context.Context, st Loader, s Size, digest string) (bool, error) {
	_, err := st.Unit(ctx, s.Marker(digest).ID)
	switch graph.ErrorCode(err) {
	case "":
		return true, nil
	case graph.ENOTFOUND:
		return false, nil
	}
	return false, err
}

// Load writes the network s into st, which should be empty, in batches of
// about 20,000 entities, and then the marker of the generator's digest,
// which it returns. progress (may be nil) hears about every batch.
func Load(ctx context.Context, st Loader, s Size, progress func(batches, entities int, elapsed time.Duration)) (string, error) {
	start := time.Now()
	batches, entities := 0, 0
	d := newDigester()
	err := seed.Synthetic(s.options(), func(b graph.Batch) error {
		d.add(b)
		if _, err := st.Batch(ctx, b); err != nil {
			return fmt.Errorf("bench: load batch %d: %w", batches+1, err)
		}
		batches++
		entities += b.Size()
		if progress != nil {
			progress(batches, entities, time.Since(start))
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if _, err := st.PutUnit(ctx, s.Marker(d.sum())); err != nil {
		return "", fmt.Errorf("bench: write marker: %w", err)
	}
	return d.sum(), nil
}

// Sample is what the benchmarks ask about, chosen deterministically from
// the generated network (see Choose).
type Sample struct {
	// Customers are asked "who knows this customer" in turn. Every fourth
	// (index 3, 7, …) knows a hub directly; the others are drawn uniformly.
	Customers []string
	// HubKnower[i] tells whether Customers[i] knows a hub.
	HubKnower []bool
	// Pairs are asked "how are these two connected", From an employee, To
	// Customers[i]. Even i: a uniformly drawn active employee (most are not
	// within three hops, so the search exhausts both neighbourhoods); i = 1
	// mod 4: an active employee exactly two hops away in the raw graph
	// (ignoring the interior rules); i = 3 mod 4: three hops away; or the
	// nearest distance below that has one.
	Pairs []Pair
	// Hubs are the active employees with the most relationships, most first.
	Hubs []string
	// HubDegrees are their numbers of relationships.
	HubDegrees []int

	Persons, Relationships int
	// NaturalHubShare is the share of all customers that know a hub directly.
	NaturalHubShare float64
	// Digest fingerprints the generated network (see Size.Marker).
	Digest string
}

// Pair is a question to Paths.
type Pair struct{ From, To string }

// sampleSize is the number of customers (and pairs) of a Sample; hubs is the
// number of hubs.
const (
	sampleSize = 200
	hubs       = 20
)

// Choose generates the network s in memory (without a store) and picks the
// sample: sampleSize customers, three quarters drawn uniformly among all
// customers and every fourth uniformly among those who know one of the 20
// biggest hubs, and one Paths pair per customer. The same s always gives the
// same sample.
func Choose(s Size) (*Sample, error) {
	n := newRawNetwork()
	d := newDigester()
	err := seed.Synthetic(s.options(), func(b graph.Batch) error {
		d.add(b)
		for _, e := range b.Employees {
			v := n.node(e.ID)
			n.employee[v], n.active[v] = true, e.Active
		}
		for _, c := range b.Customers {
			n.node(c.ID)
		}
		for _, r := range b.Relationships {
			n.edges = append(n.edges, [2]int32{n.node(r.A), n.node(r.B)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	n.build()
	out := &Sample{Persons: len(n.ids), Relationships: len(n.edges), Digest: d.sum()}

	var employees, customers []int32
	for v := range n.ids {
		if n.employee[v] {
			if n.active[v] {
				employees = append(employees, int32(v))
			}
		} else {
			customers = append(customers, int32(v))
		}
	}
	byDegree := slices.Clone(employees)
	slices.SortStableFunc(byDegree, func(a, b int32) int { return n.degree(b) - n.degree(a) })
	hub := make(map[int32]bool, hubs)
	for _, v := range byDegree[:min(hubs, len(byDegree))] {
		hub[v] = true
		out.Hubs = append(out.Hubs, n.ids[v])
		out.HubDegrees = append(out.HubDegrees, n.degree(v))
	}
	var knowers []int32
	for _, c := range customers {
		if slices.ContainsFunc(n.adj(c), func(v int32) bool { return hub[v] }) {
			knowers = append(knowers, c)
		}
	}
	out.NaturalHubShare = float64(len(knowers)) / float64(len(customers))

	rng := rand.New(rand.NewPCG(s.Seed, 0xbe9c4))
	chosen := map[int32]bool{}
	pick := func(from []int32) int32 {
		for {
			if v := from[rng.IntN(len(from))]; !chosen[v] {
				chosen[v] = true
				return v
			}
		}
	}
	for i := range sampleSize {
		var c int32
		if i%4 == 3 && len(knowers) > 0 {
			c = pick(knowers)
		} else {
			c = pick(customers)
		}
		out.Customers = append(out.Customers, n.ids[c])
		out.HubKnower = append(out.HubKnower, slices.ContainsFunc(n.adj(c), func(v int32) bool { return hub[v] }))
		to := employees[rng.IntN(len(employees))]
		if i%2 == 1 {
			if far := n.farthestActiveEmployees(c, 2+i%4/2); len(far) > 0 {
				to = far[rng.IntN(len(far))]
			}
		}
		out.Pairs = append(out.Pairs, Pair{From: n.ids[to], To: n.ids[c]})
	}
	return out, nil
}

// rawNetwork is the generated graph as numbered nodes, for choosing a
// sample.
type rawNetwork struct {
	index            map[string]int32
	ids              []string
	employee, active []bool
	edges            [][2]int32
	off, nbr         []int32
}

func newRawNetwork() *rawNetwork { return &rawNetwork{index: map[string]int32{}} }

func (n *rawNetwork) node(id string) int32 {
	if v, ok := n.index[id]; ok {
		return v
	}
	v := int32(len(n.ids))
	n.index[id] = v
	n.ids = append(n.ids, id)
	n.employee = append(n.employee, false)
	n.active = append(n.active, false)
	return v
}

func (n *rawNetwork) build() {
	n.off = make([]int32, len(n.ids)+1)
	for _, e := range n.edges {
		n.off[e[0]+1]++
		n.off[e[1]+1]++
	}
	for i := 1; i < len(n.off); i++ {
		n.off[i] += n.off[i-1]
	}
	n.nbr = make([]int32, 2*len(n.edges))
	fill := slices.Clone(n.off[:len(n.ids)])
	for _, e := range n.edges {
		n.nbr[fill[e[0]]] = e[1]
		fill[e[0]]++
		n.nbr[fill[e[1]]] = e[0]
		fill[e[1]]++
	}
}

func (n *rawNetwork) adj(v int32) []int32 { return n.nbr[n.off[v]:n.off[v+1]] }
func (n *rawNetwork) degree(v int32) int  { return int(n.off[v+1] - n.off[v]) }

// farthestActiveEmployees returns the active employees at the largest
// breadth-first distance from src up to hops that has any, sorted.
func (n *rawNetwork) farthestActiveEmployees(src int32, hops int) []int32 {
	dist := map[int32]int{src: 0}
	frontier := []int32{src}
	var best []int32
	for d := 1; d <= hops && len(frontier) > 0; d++ {
		var next, found []int32
		for _, u := range frontier {
			for _, v := range n.adj(u) {
				if _, ok := dist[v]; ok {
					continue
				}
				dist[v] = d
				next = append(next, v)
				if n.employee[v] && n.active[v] {
					found = append(found, v)
				}
			}
		}
		if len(found) > 0 {
			best = found
		}
		frontier = next
	}
	slices.Sort(best)
	return best
}
