package bench

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph/neo4jstore"
	"github.com/contactgraph/contactgraph/routing"
)

// BenchmarkFreshNeo4j asks about customers the store's routing cache has
// never been asked about, each once, timed: the second half of the sample,
// of a new Neo4j store that has first either answered Contacts for the
// first half (warm=asked: the hubs and those customers' neighbourhoods are
// cached, a running service meeting a new customer) or only been warmed
// with the 20 busiest persons (warm=hubs: what serve does at start, the
// first questions after a start). Between BenchmarkContacts (every
// question asked before) and BenchmarkColdNeo4j (nothing kept at all).
// Run it with -benchtime of at most 100x: an op beyond the second half
// would repeat a question.
func BenchmarkFreshNeo4j(b *testing.B) {
	for _, warm := range []string{"asked", "hubs"} {
		b.Run("warm="+warm, func(b *testing.B) { benchmarkFresh(b, warm) })
	}
}

func benchmarkFresh(b *testing.B, warm string) {
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
			if warm == "hubs" {
				if _, err := st.WarmRoutingCache(ctx, warmHubs()); err != nil {
					b.Fatal(err)
				}
			} else {
				for _, c := range smp.Customers[:half] {
					if _, err := routing.Contacts(ctx, st, c, p); err != nil {
						b.Fatal(err)
					}
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

// warmHubs is how many of the busiest persons warm=hubs warms: 20, as
// serve does by default, or CONTACTGRAPH_BENCH_WARM_HUBS.
func warmHubs() int {
	if n, err := strconv.Atoi(os.Getenv("CONTACTGRAPH_BENCH_WARM_HUBS")); err == nil && n >= 0 {
		return n
	}
	return 20
}
