package bench

import (
	"context"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
)

// BenchmarkSavedCampaign saves the 100,000-recipient campaign (10% of the
// senders limited) per store, reads it back and has one sender decline one
// recipient. save-ms includes resolving it (BenchmarkCampaign's figure);
// snapshot-kB is the stored snapshot (gzip JSON), load-ms a read of the
// whole campaign, decline-ms one decline (re-assign and store anew).
//
//	go test -run '^$' -bench SavedCampaign -benchtime 3x -timeout 0 ./bench/
func BenchmarkSavedCampaign(b *testing.B) {
	ctx := context.Background()
	for _, st := range []struct {
		name string
		open func(testing.TB) graph.Store
	}{
		{"embedded", func(tb testing.TB) graph.Store { return openEmbedded(tb) }},
		{"neo4j", func(tb testing.TB) graph.Store { s, _ := openNeo4j(tb); return s }},
	} {
		b.Run("store="+st.name, func(b *testing.B) {
			store := st.open(b)
			c := campaignOf(true)
			var save, load, decline time.Duration
			var size int
			for b.Loop() {
				start := time.Now()
				saved, err := campaigns.Save(ctx, store, "Benchmark", c, "bench")
				if err != nil {
					b.Fatal(err)
				}
				save += time.Since(start)
				size = len(saved.Snapshot)

				start = time.Now()
				back, err := campaigns.Load(ctx, store, saved.ID)
				if err != nil {
					b.Fatal(err)
				}
				load += time.Since(start)

				var sender, customer string
				for _, r := range back.Rows {
					if r.Sender != nil && r.Sender.ID != nil {
						sender, customer = *r.Sender.ID, r.Customer
						break
					}
				}
				start = time.Now()
				if _, _, err := campaigns.DeclineRecipients(ctx, store, saved.ID, sender, []string{customer}, "bench"); err != nil {
					b.Fatal(err)
				}
				decline += time.Since(start)
			}
			n := float64(b.N)
			b.ReportMetric(float64(save.Milliseconds())/n, "save-ms")
			b.ReportMetric(float64(load.Milliseconds())/n, "load-ms")
			b.ReportMetric(float64(decline.Milliseconds())/n, "decline-ms")
			b.ReportMetric(float64(size)/1000, "snapshot-kB")
			b.ReportMetric(0, "ns/op")
		})
	}
}
