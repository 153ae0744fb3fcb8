package neo4jstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/neo4jstore"
	"github.com/contactgraph/contactgraph/graph/storetest"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
)

// The Neo4j comes from NEO4J_TEST_URI (scripts/test starts one); without it
// these tests skip, unless CI is set (see internal/neo4jtest).

// shared is the process-wide test store, wiped for each test; closing it is
// left to the end of the process.
type shared struct{ *neo4jstore.Store }

func (shared) Close() error { return nil }

func TestStore(t *testing.T) {
	neo4jtest.Open(t) // skips (or fails in CI) once, not per subtest
	storetest.TestStore(t, func(t *testing.T) graph.Store {
		return shared{neo4jtest.Open(t)}
	})
}

func TestMigrateTwice(t *testing.T) {
	s := neo4jtest.Open(t)
	for range 2 {
		if err := s.Migrate(t.Context()); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
	}
}

// A batch larger than one statement's chunk is still one transaction.
func TestLargeBatch(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := t.Context()
	const n = 12_000
	var b graph.Batch
	for i := range n {
		b.Customers = append(b.Customers, graph.Customer{ID: fmt.Sprintf("c%05d", i), Name: "C"})
		if i > 0 {
			b.Relationships = append(b.Relationships, graph.Relationship{
				A: fmt.Sprintf("c%05d", i), B: fmt.Sprintf("c%05d", i-1), Trust: 0.5})
		}
	}
	res, err := s.Batch(ctx, b)
	if err != nil {
		t.Fatalf("Batch: %v", err)
	}
	if want := (graph.BatchResult{Created: 2*n - 1}); res != want {
		t.Fatalf("Batch = %+v, want %+v", res, want)
	}
	// The last relationship refers to a person that does not exist: nothing
	// of the second batch may stay.
	b.Relationships[len(b.Relationships)-1].A = "nobody"
	for i := range b.Customers {
		b.Customers[i].Name = "Renamed"
	}
	if _, err := s.Batch(ctx, b); graph.ErrorCode(err) != graph.EINVALID {
		t.Fatalf("Batch with an unknown person: %v, want EINVALID", err)
	}
	c, err := s.Customer(ctx, "c00000")
	if err != nil || c.Name != "C" {
		t.Fatalf("customer after a failed batch: %+v, %v", c, err)
	}
	ties, err := s.Ties(ctx, []string{"c05000"})
	if err != nil || len(ties) != 2 {
		t.Fatalf("Ties(c05000) = %v, %v; want 2", ties, err)
	}

	// Lookups of more ids than one statement takes: each tie still once.
	ids := make([]string, n)
	for i := range ids {
		ids[i] = b.Customers[i].ID
	}
	ps, err := s.Persons(ctx, ids)
	if err != nil || len(ps) != n {
		t.Fatalf("Persons of all: %d, %v; want %d", len(ps), err, n)
	}
	ties, err = s.Ties(ctx, ids)
	if err != nil || len(ties) != n-1 {
		t.Fatalf("Ties of all: %d, %v; want %d", len(ties), err, n-1)
	}
	seen := map[string]bool{}
	for _, r := range ties {
		if k := r.A + "-" + r.B; seen[k] || r.A >= r.B {
			t.Fatalf("tie %s twice or not canonical", k)
		} else {
			seen[k] = true
		}
	}
}

func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	_, err := neo4jstore.Open(ctx, neo4jstore.Config{
		URI: "bolt://127.0.0.1:1", User: "neo4j", Password: "s3cret-pw", Logger: zerolog.Nop(),
	})
	if code := graph.ErrorCode(err); code != graph.EUNAVAILABLE {
		t.Fatalf("Open of a closed port: %v (code %q), want EUNAVAILABLE", err, code)
	}
	if !strings.Contains(err.Error(), "bolt://127.0.0.1:1") || strings.Contains(err.Error(), "s3cret-pw") {
		t.Fatalf("error %q should name the URI and not the password", err)
	}
}

func TestOpenBadURI(t *testing.T) {
	_, err := neo4jstore.Open(t.Context(), neo4jstore.Config{URI: "http://127.0.0.1:7474", Logger: zerolog.Nop()})
	if code := graph.ErrorCode(err); code != graph.EINVALID {
		t.Fatalf("Open of an http URI: %v (code %q), want EINVALID", err, code)
	}
}

// benchNetwork fills the store with persons p000000… in a ring with chords
// (each person knows the next `degree` persons), in batches.
func benchNetwork(b *testing.B, s *neo4jstore.Store, persons, degree int) {
	b.Helper()
	id := func(i int) string { return fmt.Sprintf("p%06d", i%persons) }
	const perBatch = 2000
	for start := 0; start < persons; start += perBatch {
		var batch graph.Batch
		for i := start; i < min(start+perBatch, persons); i++ {
			batch.Customers = append(batch.Customers, graph.Customer{ID: id(i), Name: "P"})
		}
		if _, err := s.Batch(b.Context(), batch); err != nil {
			b.Fatalf("Batch of persons: %v", err)
		}
	}
	for start := 0; start < persons; start += perBatch {
		var batch graph.Batch
		for i := start; i < min(start+perBatch, persons); i++ {
			for d := 1; d <= degree; d++ {
				batch.Relationships = append(batch.Relationships, graph.Relationship{A: id(i), B: id(i + d), Trust: 0.5})
			}
		}
		if _, err := s.Batch(b.Context(), batch); err != nil {
			b.Fatalf("Batch of relationships: %v", err)
		}
	}
}

// BenchmarkBatchRelationships measures bulk writes of relationships
// (reported per relationship).
func BenchmarkBatchRelationships(b *testing.B) {
	s := neo4jtest.Open(b)
	const persons, degree = 5000, 10
	start := time.Now()
	benchNetwork(b, s, persons, degree)
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(persons*degree), "µs/rel")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkTies measures one hop of routing: the ties of a frontier of 100
// persons in a network of 20,000 persons and 200,000 relationships (each
// person has 20 ties).
func BenchmarkTies(b *testing.B) {
	s := neo4jtest.Open(b)
	const persons, degree = 20_000, 10
	benchNetwork(b, s, persons, degree)
	frontier := make([]string, 100)
	for i := range frontier {
		frontier[i] = fmt.Sprintf("p%06d", i*(persons/len(frontier)))
	}
	b.ResetTimer()
	for b.Loop() {
		ties, err := s.Ties(b.Context(), frontier)
		if err != nil || len(ties) != len(frontier)*2*degree {
			b.Fatalf("Ties = %d, %v; want %d", len(ties), err, len(frontier)*2*degree)
		}
	}
}

// BenchmarkPersons measures the lookup of 1,000 persons by id.
func BenchmarkPersons(b *testing.B) {
	s := neo4jtest.Open(b)
	const persons = 20_000
	benchNetwork(b, s, persons, 0)
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = fmt.Sprintf("p%06d", i*(persons/len(ids)))
	}
	b.ResetTimer()
	for b.Loop() {
		ps, err := s.Persons(b.Context(), ids)
		if err != nil || len(ps) != len(ids) {
			b.Fatalf("Persons = %d, %v", len(ps), err)
		}
	}
}
