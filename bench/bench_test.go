package bench

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/neo4jstore"
	"github.com/contactgraph/contactgraph/queries"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
)

// Run (docs/benchmarks.md, section Routing, has the exact commands):
//
//	go test -run '^$' -bench . -benchtime 400x -timeout 0 ./bench/
//
// with CONTACTGRAPH_BENCH_NEO4J_URI set for the Neo4j rows. Every op asks
// about the next customer (or pair) of the sample in turn, after one
// untimed pass over the whole sample; p50-ms and p99-ms are the nearest-rank
// percentiles of the timed ops.

// asOf is the moment trust is decayed to: the generator's reference date, so
// that the answers do not drift with the calendar.
var asOf = seed.SyntheticReference

// contactsLimit and pathsLimit are the answers asked for: the API's default
// for contacts, and three paths, as a person exploring a connection would.
const (
	contactsLimit = 5
	pathsLimit    = 3
)

// store is a graph.Network under test, opened on first use.
type store struct {
	name string
	open func(testing.TB) graph.Network
}

var stores = []store{
	{"embedded", func(tb testing.TB) graph.Network { return openEmbedded(tb) }},
	{"neo4j", func(tb testing.TB) graph.Network { st, _ := openNeo4j(tb); return st }},
}

// BenchmarkContacts asks who knows each sample customer, per store and hop
// limit, and runs the plain Cypher of queries.BaselineContacts (three hops)
// on the same Neo4j data as store=neo4j-cypher.
func BenchmarkContacts(b *testing.B) {
	smp := standardSample(b)
	ctx := context.Background()
	for _, st := range stores {
		b.Run("store="+st.name, func(b *testing.B) {
			net := st.open(b)
			for hops := 1; hops <= 3; hops++ {
				b.Run(fmt.Sprintf("hops=%d", hops), func(b *testing.B) {
					p := routing.Params{AsOf: asOf, MaxHops: hops, Limit: contactsLimit}
					measure(b, len(smp.Customers), func(i int) (int, error) {
						got, err := routing.Contacts(ctx, net, smp.Customers[i], p)
						return len(got.Contacts), err
					})
					reportCache(b, net)
				})
			}
		})
	}
	b.Run("store=neo4j-cypher/hops=3", func(b *testing.B) {
		_, uri := openNeo4j(b)
		driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
		if err != nil {
			b.Fatal(err)
		}
		defer func() {
			if err := driver.Close(ctx); err != nil {
				b.Error(err)
			}
		}()
		measure(b, len(smp.Customers), func(i int) (int, error) {
			got, err := baselineContacts(ctx, driver, smp.Customers[i])
			return len(got), err
		})
	})
}

// BenchmarkPaths asks for the best three paths of each sample pair, per
// store and hop limit.
func BenchmarkPaths(b *testing.B) {
	smp := standardSample(b)
	ctx := context.Background()
	for _, st := range stores {
		b.Run("store="+st.name, func(b *testing.B) {
			net := st.open(b)
			for hops := 1; hops <= 3; hops++ {
				b.Run(fmt.Sprintf("hops=%d", hops), func(b *testing.B) {
					p := routing.Params{AsOf: asOf, MaxHops: hops, Limit: pathsLimit}
					measure(b, len(smp.Pairs), func(i int) (int, error) {
						got, err := routing.Paths(ctx, net, smp.Pairs[i].From, smp.Pairs[i].To, p)
						return len(got.Paths), err
					})
					reportCache(b, net)
				})
			}
		})
	}
}

// BenchmarkColdNeo4j asks Contacts and Paths at three hops of a Neo4j store
// whose routing cache keeps nothing between operations: every op fetches
// all it reads, hubs included, as the first question about a part of the
// graph does after a start or a change. No untimed pass.
func BenchmarkColdNeo4j(b *testing.B) {
	smp := standardSample(b)
	ctx := context.Background()
	_, uri := openNeo4j(b)
	st, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, Logger: zerolog.Nop(), RoutingCacheArcs: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	p := routing.Params{AsOf: asOf, MaxHops: 3, Limit: contactsLimit}
	b.Run("op=contacts", func(b *testing.B) {
		b.Setenv(warmupEnv, "0")
		measure(b, len(smp.Customers), func(i int) (int, error) {
			got, err := routing.Contacts(ctx, st, smp.Customers[i], p)
			return len(got.Contacts), err
		})
	})
	b.Run("op=paths", func(b *testing.B) {
		b.Setenv(warmupEnv, "0")
		q := p
		q.Limit = pathsLimit
		measure(b, len(smp.Pairs), func(i int) (int, error) {
			got, err := routing.Paths(ctx, st, smp.Pairs[i].From, smp.Pairs[i].To, q)
			return len(got.Paths), err
		})
	})
}

// reportCache reports how much the routing cache of a Neo4j store holds
// after a benchmark: persons and relationship ends.
func reportCache(b *testing.B, net graph.Network) {
	if st, ok := net.(*neo4jstore.Store); ok {
		persons, arcs := st.RoutingCacheSize()
		b.ReportMetric(float64(persons), "cached-persons")
		b.ReportMetric(float64(arcs), "cached-arcs")
	}
}

// warmupEnv, if set, bounds the untimed ops before a benchmark (default:
// the whole sample), for quick runs.
const warmupEnv = "CONTACTGRAPH_BENCH_WARMUP"

// measure runs op over the sample once untimed, then once per op of the
// benchmark on the sample's next item, and reports the percentiles of the
// ops' durations and the mean number of answers.
func measure(b *testing.B, items int, op func(i int) (answers int, err error)) {
	b.Helper()
	warm := items
	if n, err := strconv.Atoi(os.Getenv(warmupEnv)); err == nil && n >= 0 {
		warm = min(n, items)
	}
	for i := range warm {
		if _, err := op(i); err != nil {
			b.Fatal(err)
		}
	}
	var took []time.Duration
	answers, i := 0, 0
	for b.Loop() {
		start := time.Now()
		n, err := op(i % items)
		took = append(took, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		answers += n
		i++
	}
	slices.Sort(took)
	b.ReportMetric(ms(percentile(took, 0.50)), "p50-ms")
	b.ReportMetric(ms(percentile(took, 0.99)), "p99-ms")
	b.ReportMetric(ms(took[len(took)-1]), "max-ms")
	b.ReportMetric(float64(answers)/float64(len(took)), "answers/op")
}

// percentile returns the nearest-rank q-percentile of sorted durations.
func percentile(sorted []time.Duration, q float64) time.Duration {
	k := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(k, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// TestBaselineAgrees checks that the baseline measured against answers
// the question routing answers: for sample customers, the scores of the
// five best employees within three hops are the same (the baseline breaks
// ties by employee id, not hops, so only the scores are compared). It needs
// the Neo4j of the benchmarks.
func TestBaselineAgrees(t *testing.T) {
	st, uri := openNeo4j(t)
	smp := standardSample(t)
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	for _, c := range smp.Customers[:20] {
		base, err := baselineContacts(ctx, driver, c)
		if err != nil {
			t.Fatal(err)
		}
		got, err := routing.Contacts(ctx, st, c, routing.Params{AsOf: asOf, MaxHops: 3, Limit: contactsLimit})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Contacts) != len(base) {
			t.Fatalf("%s: routing found %d contacts, the baseline %d", c, len(got.Contacts), len(base))
		}
		for i, b := range base {
			if s := got.Contacts[i].Score; !routing.ScoresEqual(s, b.score) {
				t.Errorf("%s: contact %d scores %v, in the baseline %v (%s)", c, i, s, b.score, b.employee)
			}
		}
	}
}

// baselineScore is one row of queries.BaselineContacts.
type baselineScore struct {
	employee string
	score    float64
}

// baselineContacts runs queries.BaselineContacts for one customer.
func baselineContacts(ctx context.Context, driver neo4j.DriverWithContext, customer string) ([]baselineScore, error) {
	res, err := neo4j.ExecuteQuery(ctx, driver, queries.BaselineContacts, map[string]any{
		"id": customer, "asOf": asOf, "halfLifeDays": float64(routing.DefaultHalfLifeDays),
		"minTrust": 0.0, "limit": int64(contactsLimit),
	}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, fmt.Errorf("baseline contacts of %s: %w", customer, err)
	}
	out := make([]baselineScore, 0, len(res.Records))
	for _, r := range res.Records {
		id, _, err := neo4j.GetRecordValue[string](r, "employee")
		if err != nil {
			return nil, err
		}
		score, _, err := neo4j.GetRecordValue[float64](r, "score")
		if err != nil {
			return nil, err
		}
		out = append(out, baselineScore{id, score})
	}
	return out, nil
}
