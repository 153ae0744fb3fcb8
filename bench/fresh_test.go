package bench

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph/neo4jstore"
	"github.com/contactgraph/contactgraph/routing"
)

// BenchmarkFreshNeo4j asks about customers the store's routing cache has
// never been asked about: a new Neo4j store answers Contacts for the first
// half of the sample (untimed: the hubs and the neighbourhoods of those
// customers come into the cache), then each customer of the second half
// once, timed. That is a running service meeting a new customer, between
// BenchmarkContacts (every question asked before) and BenchmarkColdNeo4j
// (nothing kept at all). Run it with -benchtime of at most 100x: an op
// beyond the second half would repeat a question.
func BenchmarkFreshNeo4j(b *testing.B) {
	smp := standardSample(b)
	ctx := context.Background()
	_, uri := openNeo4j(b)
	half := len(smp.Customers) / 2
	for hops := 1; hops <= 3; hops++ {
		b.Run("op=contacts/hops="+string(rune('0'+hops)), func(b *testing.B) {
			st, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, Logger: zerolog.Nop()})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			p := routing.Params{AsOf: asOf, MaxHops: hops, Limit: contactsLimit}
			for _, c := range smp.Customers[:half] {
				if _, err := routing.Contacts(ctx, st, c, p); err != nil {
					b.Fatal(err)
				}
			}
			var took []time.Duration
			answers, i := 0, 0
			for b.Loop() {
				if i == half {
					b.Fatalf("more than %d ops would repeat questions: run with -benchtime %dx", half, half)
				}
				start := time.Now()
				got, err := routing.Contacts(ctx, st, smp.Customers[half+i], p)
				took = append(took, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				answers += len(got.Contacts)
				i++
			}
			slices.Sort(took)
			b.ReportMetric(ms(percentile(took, 0.50)), "p50-ms")
			b.ReportMetric(ms(percentile(took, 0.99)), "p99-ms")
			b.ReportMetric(ms(took[len(took)-1]), "max-ms")
			b.ReportMetric(float64(answers)/float64(len(took)), "answers/op")
			reportCache(b, st)
		})
	}
}
