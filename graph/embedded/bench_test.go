package embedded_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
)

// Run with: go test -run '^$' -bench . -benchtime 2000x ./graph/embedded
// Results are recorded in the package's BENCHMARKS.md.

// fill writes employees, customers (all in accounts of 50) and random
// relationships among them, in batches of 50k.
func fill(b *testing.B, s *embedded.Store, employees, customers, relationships int) {
	b.Helper()
	ctx := b.Context()
	flush := func(batch *graph.Batch) {
		if batch.Size() == 0 {
			return
		}
		if _, err := s.Batch(ctx, *batch); err != nil {
			b.Fatal(err)
		}
		*batch = graph.Batch{}
	}
	var batch graph.Batch
	for i := range customers / 50 {
		batch.Accounts = append(batch.Accounts, graph.Account{ID: fmt.Sprintf("a%06d", i), Name: "Account"})
	}
	flush(&batch)
	for i := range employees {
		batch.Employees = append(batch.Employees, graph.Employee{ID: fmt.Sprintf("e%06d", i), Name: "Employee",
			Email: "e@example.com", Active: true, Sender: true, Broker: true})
		if batch.Size() == 50_000 {
			flush(&batch)
		}
	}
	for i := range customers {
		batch.Customers = append(batch.Customers, graph.Customer{ID: fmt.Sprintf("c%06d", i), Name: "Customer",
			Email: "c@example.com", Account: fmt.Sprintf("a%06d", i/50)})
		if batch.Size() == 50_000 {
			flush(&batch)
		}
	}
	flush(&batch)
	rng := rand.New(rand.NewPCG(1, 2))
	seen := make(map[[2]int]bool, relationships)
	persons := employees + customers
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for len(seen) < relationships {
		x, y := rng.IntN(persons), rng.IntN(persons)
		if x == y || seen[[2]int{min(x, y), max(x, y)}] {
			continue
		}
		seen[[2]int{min(x, y), max(x, y)}] = true
		batch.Relationships = append(batch.Relationships, graph.Relationship{A: personID(x, employees), B: personID(y, employees),
			Trust: 0.5, LastContact: &at, Source: "bench"})
		if batch.Size() == 50_000 {
			flush(&batch)
		}
	}
	flush(&batch)
}

func personID(i, employees int) string {
	if i < employees {
		return fmt.Sprintf("e%06d", i)
	}
	return fmt.Sprintf("c%06d", i-employees)
}

func reopen(b *testing.B, dir string, s *embedded.Store) *embedded.Store {
	b.Helper()
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	s, err := embedded.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("open and load: %v", time.Since(start))
	b.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkBatch(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			s, err := embedded.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			fill(b, s, 100, 0, 0)
			for i := 0; b.Loop(); i++ {
				var batch graph.Batch
				for j := range n {
					id := fmt.Sprintf("c%d-%d", i, j)
					batch.Customers = append(batch.Customers, graph.Customer{ID: id, Name: "C", Email: "c@example.com"})
					batch.Relationships = append(batch.Relationships, graph.Relationship{A: id, B: personID(j%100, 100), Trust: 0.5})
				}
				if _, err := s.Batch(b.Context(), batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2*n), "ns/entity")
		})
	}
}

func BenchmarkCustomers500k(b *testing.B) {
	dir := b.TempDir()
	s, err := embedded.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	fill(b, s, 1_000, 500_000, 0)
	s = reopen(b, dir, s)
	ctx := b.Context()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, bc := range []struct {
		name string
		q    func() graph.ListQuery
	}{
		{"first", func() graph.ListQuery { return graph.ListQuery{} }},
		{"after", func() graph.ListQuery { return graph.ListQuery{After: fmt.Sprintf("c%06d", rng.IntN(500_000))} }},
		{"scope", func() graph.ListQuery { return graph.ListQuery{Scope: fmt.Sprintf("a%06d", rng.IntN(10_000))} }},
		{"q-rare", func() graph.ListQuery { return graph.ListQuery{Q: fmt.Sprintf("c%06d", rng.IntN(500_000))} }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Customers(ctx, bc.q()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("put", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.PutCustomer(ctx, graph.Customer{ID: fmt.Sprintf("c%06d", rng.IntN(600_000)), Name: "N"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkTies2M(b *testing.B) {
	const employees, customers = 5_000, 200_000
	dir := b.TempDir()
	s, err := embedded.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	fill(b, s, employees, customers, 2_000_000)
	s = reopen(b, dir, s)
	ctx := b.Context()
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 100, 1_000} {
		ids := make([]string, n)
		b.Run(fmt.Sprintf("ties-%d", n), func(b *testing.B) {
			found := 0
			for b.Loop() {
				for i := range ids {
					ids[i] = personID(rng.IntN(employees+customers), employees)
				}
				rs, err := s.Ties(ctx, ids)
				if err != nil {
					b.Fatal(err)
				}
				found += len(rs)
			}
			b.ReportMetric(float64(found)/float64(b.N), "ties/op")
		})
		b.Run(fmt.Sprintf("persons-%d", n), func(b *testing.B) {
			for b.Loop() {
				for i := range ids {
					ids[i] = personID(rng.IntN(employees+customers), employees)
				}
				if _, err := s.Persons(ctx, ids); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
