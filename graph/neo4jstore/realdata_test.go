package neo4jstore_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
	"github.com/contactgraph/contactgraph/seed"
)

// TestRoutingRealData loads the real data sets (LDBC SNB SF0.1, Advogato)
// into Neo4j and requires Contacts and Paths over the store, through its
// routing cache, to answer exactly as over routingtest.Network holding the
// same data (which routing's real-data and property tests check).
func TestRoutingRealData(t *testing.T) {
	sets := []struct {
		name string
		load func(dir string) (graph.Batch, error)
	}{
		{"ldbc-snb-sf0.1", func(dir string) (graph.Batch, error) { return seed.LDBC(os.DirFS(dir)) }},
		{"advogato", func(dir string) (graph.Batch, error) {
			f, err := os.Open(filepath.Join(dir, "out.advogato"))
			if err != nil {
				return graph.Batch{}, err
			}
			defer f.Close()
			return seed.Advogato(f)
		}},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			// testdata/ at the repository root (see testdata/README.md).
			dir := filepath.Join("..", "..", "testdata", set.name)
			if _, err := os.Stat(dir); err != nil {
				t.Fatalf("no real data at %s: %v", dir, err)
			}
			b, err := set.load(dir)
			if err != nil {
				t.Fatal(err)
			}
			s := neo4jtest.Open(t)
			ctx := t.Context()
			if _, err := s.Batch(ctx, b); err != nil {
				t.Fatal(err)
			}
			mem := routingtest.New()
			for _, e := range b.Employees {
				mem.PutPerson(e.Person())
			}
			for _, c := range b.Customers {
				mem.PutPerson(c.Person())
			}
			for _, r := range b.Relationships {
				if err := mem.PutRelationship(r); err != nil {
					t.Fatal(err)
				}
			}
			rng := rand.New(rand.NewPCG(5, 6))
			for i := range 40 {
				c := b.Customers[rng.IntN(len(b.Customers))].ID
				p := routing.Params{AsOf: cacheAsOf, MaxHops: 1 + i%4, Limit: 10}
				got, err := routing.Contacts(ctx, s, c, p)
				want, wantErr := routing.Contacts(ctx, mem, c, p)
				sameAnswer(t, fmt.Sprintf("contacts %s hops %d", c, p.MaxHops), got, err, want, wantErr)
				from := b.Employees[rng.IntN(len(b.Employees))].ID
				p.Limit = 3
				gotP, err := routing.Paths(ctx, s, from, c, p)
				wantP, wantErr := routing.Paths(ctx, mem, from, c, p)
				sameAnswer(t, fmt.Sprintf("paths %s %s hops %d", from, c, p.MaxHops), gotP, err, wantP, wantErr)
			}
		})
	}
}
