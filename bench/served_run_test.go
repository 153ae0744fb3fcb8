package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// maxFailures ends a pass early: a server that fails this often is broken.
const maxFailures = 5

// servedRun is one run of TestServed: its configuration, the client, the
// directory of its logs and raw timings, and the figures so far.
type servedRun struct {
	t      *testing.T
	cfg    servedConfig
	root   string // the module
	dir    string // $TMPDIR/contactgraph-bench/served-runs/<time>
	asker  *asker
	report *servedReport
	rawMu  sync.Mutex
	rawF   *os.File
	raw    *bufio.Writer
}

func newServedRun(t *testing.T, root string, cfg servedConfig) *servedRun {
	started := time.Now().UTC()
	dir := filepath.Join(os.TempDir(), "contactgraph-bench", "served-runs", started.Format("20060102-150405"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "requests.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r := &servedRun{t: t, cfg: cfg, root: root, dir: dir, asker: newAsker(), rawF: f, raw: bufio.NewWriter(f),
		report: newServedReport(root, started, cfg)}
	fmt.Fprintln(r.raw, "store,op,hops,pass,client,item,ms,status,answers,error")
	t.Cleanup(r.closeRaw)
	t.Logf("run directory %s (serve logs, audit logs, requests.csv, report.md)", dir)
	return r
}

// record writes one request's figures to requests.csv.
func (r *servedRun) record(store string, q question, pass string, client, item int, a answer) {
	r.rawMu.Lock()
	defer r.rawMu.Unlock()
	msg := ""
	if a.err != nil {
		msg = strings.NewReplacer(",", ";", "\n", " ", "\"", "'").Replace(a.err.Error())
	}
	fmt.Fprintf(r.raw, "%s,%s,%d,%s,%d,%d,%.3f,%d,%d,%s\n", store, q.op, q.hops, pass, client, item, ms(a.took), a.status, a.answers, msg)
}

func (r *servedRun) closeRaw() {
	r.rawMu.Lock()
	defer r.rawMu.Unlock()
	if r.rawF == nil {
		return
	}
	if err := r.raw.Flush(); err != nil {
		r.t.Error(err)
	}
	if err := r.rawF.Close(); err != nil {
		r.t.Error(err)
	}
	r.rawF = nil
}

// pass asks the server at base n questions, about items 0, 1, … of the
// sample in turn (wrapping around), one after another, until deadline.
func (r *servedRun) pass(store, pass, base string, q question, smp *Sample, n int, deadline time.Time) timings {
	var s timings
	start := time.Now()
	items := len(smp.Customers)
	for k := range n {
		if time.Now().After(deadline) {
			s.cut = true
			break
		}
		a := r.asker.ask(base, q, smp, k%items)
		r.record(store, q, pass, 0, k%items, a)
		if s.add(a); s.failures >= maxFailures {
			break
		}
	}
	s.wall = time.Since(start)
	r.checkFailures(store, q, pass, &s)
	return s
}

// concurrentRow is the run of several clients at once.
type concurrentRow struct {
	store   string
	q       question
	clients int
	t       timings
	conns   int64 // connections the clients opened
}

func (c concurrentRow) throughput() float64 { return float64(len(c.t.took)) / c.t.wall.Seconds() }

// concurrent runs cfg.clients clients at once, each asking up to
// cfg.perClient questions one after another, client k starting at item
// k·200/clients of the sample, all within the budget.
func (r *servedRun) concurrent(store, base string, q question, smp *Sample) concurrentRow {
	items, clients := len(smp.Customers), r.cfg.clients
	deadline := time.Now().Add(r.cfg.budget)
	dials := r.asker.dials.Load()
	var mu sync.Mutex
	var s timings
	var wg sync.WaitGroup
	start := time.Now()
	for k := range clients {
		wg.Go(func() {
			for j := range r.cfg.perClient {
				if time.Now().After(deadline) {
					mu.Lock()
					s.cut = true
					mu.Unlock()
					return
				}
				i := (k*items/clients + j) % items
				a := r.asker.ask(base, q, smp, i)
				r.record(store, q, "concurrent", k+1, i, a)
				mu.Lock()
				s.add(a)
				stop := s.failures >= maxFailures
				mu.Unlock()
				if stop {
					return
				}
			}
		})
	}
	wg.Wait()
	s.wall = time.Since(start)
	r.checkFailures(store, q, "concurrent", &s)
	return concurrentRow{store: store, q: q, clients: clients, t: s, conns: r.asker.dials.Load() - dials}
}

// checkFailures fails the test if a pass had requests that failed.
func (r *servedRun) checkFailures(store string, q question, pass string, s *timings) {
	if s.failures > 0 {
		r.t.Errorf("%s %s hops=%d %s: %d of %d requests failed; the first: %s",
			store, q.op, q.hops, pass, s.failures, s.failures+len(s.took), s.firstFailure)
	}
}

// measureBaseline runs queries.BaselineContacts (three hops) on the Neo4j
// at uri for the sample customers: one untimed pass, then cfg.ops timed,
// as BenchmarkContacts/store=neo4j-cypher does, with serve stopped.
func (r *servedRun) measureBaseline(uri string, smp *Sample) {
	t := r.t
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := driver.Close(ctx); err != nil {
			t.Error(err)
		}
	}()
	r.report.neo4jVersion = neo4jVersion(ctx, driver)
	q := question{op: opContacts, hops: 3}
	ask := func(pass string, n int, deadline time.Time) timings {
		var s timings
		start := time.Now()
		for k := range n {
			if time.Now().After(deadline) {
				s.cut = true
				break
			}
			i := k % len(smp.Customers)
			t0 := time.Now()
			got, err := baselineContacts(ctx, driver, smp.Customers[i])
			a := answer{took: time.Since(t0), answers: len(got), err: err}
			r.record("neo4j-cypher", q, pass, 0, i, a)
			if s.add(a); s.failures >= maxFailures {
				break
			}
		}
		s.wall = time.Since(start)
		r.checkFailures("neo4j-cypher", q, pass, &s)
		return s
	}
	start := time.Now()
	first := ask("first", len(smp.Customers), start.Add(r.cfg.budget/2))
	timed := ask("timed", r.cfg.ops, start.Add(r.cfg.budget))
	r.report.baseline = &servedRow{store: "neo4j-cypher", q: q, first: first, timed: timed}
	t.Logf("Cypher baseline, contacts hops=3: first pass %s; timed %s", first.summary(), timed.summary())
}

// neo4jVersion asks Neo4j for its name, version and edition.
func neo4jVersion(ctx context.Context, driver neo4j.DriverWithContext) string {
	res, err := neo4j.ExecuteQuery(ctx, driver, "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
		nil, neo4j.EagerResultTransformer)
	if err != nil || len(res.Records) == 0 {
		return fmt.Sprintf("unknown (%v)", err)
	}
	m := res.Records[0].AsMap()
	return fmt.Sprintf("%v %v %v", m["name"], m["version"], m["edition"])
}

// timings are the requests of one pass.
type timings struct {
	took         []time.Duration // of the requests that succeeded
	answers      int
	failures     int
	firstFailure string
	cut          bool // the budget ended the pass early
	wall         time.Duration
}

func (s *timings) add(a answer) {
	if a.err != nil {
		if s.failures == 0 {
			s.firstFailure = a.err.Error()
		}
		s.failures++
		return
	}
	s.took = append(s.took, a.took)
	s.answers += a.answers
}

// pct is the nearest-rank q-percentile, 0 without requests.
func (s timings) pct(q float64) time.Duration {
	if len(s.took) == 0 {
		return 0
	}
	sorted := slices.Clone(s.took)
	slices.Sort(sorted)
	return percentile(sorted, q)
}

func (s timings) max() time.Duration { return s.pct(1) }

func (s timings) answersPer() float64 {
	if len(s.took) == 0 {
		return 0
	}
	return float64(s.answers) / float64(len(s.took))
}

func (s timings) summary() string {
	cut := ""
	if s.cut {
		cut = " (cut by the budget)"
	}
	return fmt.Sprintf("%d requests in %v%s, p50 %s ms, p99 %s ms, max %s ms, %.2f answers each",
		len(s.took), s.wall.Round(time.Millisecond), cut, fmtMS(s.pct(0.5)), fmtMS(s.pct(0.99)), fmtMS(s.max()), s.answersPer())
}
