package delivery

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
)

// BenchmarkDeliverToMailpit renders and hands CONTACTGRAPH_BENCH_LETTERS
// letters (100,000) of one campaign to a local Mailpit through the embedded
// store's outbox, each letter with both parts, and reports letters per
// second and the peak resident memory of this process. Run it once:
//
//	go test -run '^$' -bench DeliverToMailpit -benchtime 1x ./delivery/
func BenchmarkDeliverToMailpit(b *testing.B) {
	n := 100_000
	if v := os.Getenv("CONTACTGRAPH_BENCH_LETTERS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	m := mailpittest.Start(b)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := embedded.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		var batch graph.Batch
		for e := range 100 {
			batch.Employees = append(batch.Employees, graph.Employee{ID: fmt.Sprintf("e%03d", e), Name: fmt.Sprintf("Employee %d", e),
				Email: fmt.Sprintf("e%03d@nordwerk.example", e), Active: true, Sender: true, Broker: true, Signature: "Employee\nNordwerk"})
		}
		for c := range n {
			id := fmt.Sprintf("c%06d", c)
			batch.Customers = append(batch.Customers, graph.Customer{ID: id, Name: "Customer " + id, Email: id + "@kunde.example"})
			batch.Relationships = append(batch.Relationships, graph.Relationship{A: id, B: fmt.Sprintf("e%03d", c%100), Trust: 0.9})
		}
		if _, err := s.Batch(b.Context(), batch); err != nil {
			b.Fatal(err)
		}
		saved, err := campaigns.Save(b.Context(), s, "Bench", campaigns.Campaign{All: true, MaxRecipients: n}, "bench")
		if err == nil {
			_, err = campaigns.SetLetter(b.Context(), s, saved.ID, testLetter)
		}
		if err != nil {
			b.Fatal(err)
		}
		cfg := testConfig(m)
		cfg.Batch = 200
		r, err := New(s, cfg, zerolog.Nop())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := r.Deliver(b.Context(), saved.ID, "bench", time.Time{}); err != nil {
			b.Fatal(err)
		}
		for {
			got, err := campaigns.Load(b.Context(), s, saved.ID)
			if err != nil {
				b.Fatal(err)
			}
			if got.Delivery.State == campaigns.DeliveryDone {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		counts, _ := s.LetterCounts(b.Context(), saved.ID)
		if counts[graph.LetterSent] != n {
			b.Fatalf("outbox %v, want %d sent", counts, n)
		}
		r.Close()
		_ = s.Close()
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		b.ReportMetric(float64(n)/elapsed.Seconds(), "letters/s")
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
		b.Logf("%d letters in %s: %.0f letters/s, peak RSS %.0f MiB (this process; Mailpit apart)", n, elapsed.Round(time.Millisecond),
			float64(n)/elapsed.Seconds(), float64(ru.Maxrss)/1024)
	}
}
