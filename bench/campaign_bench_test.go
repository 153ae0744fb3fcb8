package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/routing"
)

// Run (docs/benchmarks.md, section Campaigns):
//
//	go test -run '^$' -bench Campaign -benchtime 3x -timeout 0 ./bench/
//
// with CONTACTGRAPH_BENCH_NEO4J_URI set for the Neo4j rows.

// campaignRecipients is the size of the benchmark campaign: every fifth
// customer of the standard network, 100,000 of its 500,000.
const campaignRecipients = 100_000

// campaignCapacity is the capacity of the limited senders: every tenth
// employee (10% of the senders) may send to this many recipients, far
// fewer than the popular ones among them are trusted by.
const campaignCapacity = 50

// campaignOf returns the benchmark campaign, with capacities or without.
func campaignOf(limited bool) campaigns.Campaign {
	c := campaigns.Campaign{Params: routing.Params{AsOf: asOf},
		Fallback: routing.Fallback{Name: "Vorstand", Email: "vorstand@example.com"}}
	for i := 0; i < Standard.Customers && len(c.Recipients) < campaignRecipients; i += Standard.Customers / campaignRecipients {
		c.Recipients = append(c.Recipients, fmt.Sprintf("c%07d", i))
	}
	if limited {
		c.Capacity = map[string]int{}
		for i := 0; i < Standard.Employees; i += 10 {
			c.Capacity[fmt.Sprintf("e%06d", i)] = campaignCapacity
		}
	}
	return c
}

// BenchmarkCampaign resolves the 100,000-recipient campaign per store,
// without capacities and with 10% of the senders limited. rank-ms is the
// part spent finding every recipient's candidates (routing.Senders over
// the store), assign-ms the rest: the optimal assignment under capacities,
// the account owners and the answer.
func BenchmarkCampaign(b *testing.B) {
	ctx := context.Background()
	for _, st := range []struct {
		name string
		open func(testing.TB) campaigns.Catalog
	}{
		{"embedded", func(tb testing.TB) campaigns.Catalog { return openEmbedded(tb) }},
		{"neo4j", func(tb testing.TB) campaigns.Catalog { s, _ := openNeo4j(tb); return s }},
	} {
		b.Run("store="+st.name, func(b *testing.B) {
			cat := st.open(b)
			for _, limited := range []bool{false, true} {
				b.Run(fmt.Sprintf("limited=%v", limited), func(b *testing.B) {
					c := campaignOf(limited)
					var rank, total time.Duration
					var res *campaigns.Result
					for b.Loop() {
						start := time.Now()
						var ranked time.Time
						c.Progress = func(done, all int) {
							if done == all {
								ranked = time.Now()
							}
						}
						var err error
						if res, err = campaigns.Resolve(ctx, cat, c); err != nil {
							b.Fatal(err)
						}
						end := time.Now()
						rank += ranked.Sub(start)
						total += end.Sub(start)
					}
					n := float64(b.N)
					b.ReportMetric(float64(rank.Milliseconds())/n, "rank-ms")
					b.ReportMetric(float64((total-rank).Milliseconds())/n, "assign-ms")
					s := res.Summary
					b.ReportMetric(float64(s.ByReason[routing.ReasonTrustedPath]), "trusted")
					b.ReportMetric(float64(s.ByReason[routing.ReasonAccountOwner]), "owner")
					b.ReportMetric(float64(s.ByReason[routing.ReasonFallback]), "fallback")
					b.ReportMetric(s.TotalScore, "score")
				})
			}
		})
	}
}
