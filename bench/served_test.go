package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServed measures what a user of `contactgraph serve` gets: it builds
// the real binary, writes the standard network with `seed synthetic --out`,
// imports it with `import` into an embedded data directory and (with
// CONTACTGRAPH_BENCH_NEO4J_URI) into Neo4j, both cached between runs, starts
// `serve` on a free loopback port and asks Contacts, Paths and Route at 1–3
// hops over HTTP with keep-alive, about the sample of the in-process
// benchmarks. docs/benchmarks.md (section "Over HTTP") has the commands and
// the figures. It runs only with CONTACTGRAPH_BENCH_SERVED=1 (it takes
// minutes to an hour and gigabytes of memory) and needs -timeout 0 or a
// long one:
//
//	CONTACTGRAPH_BENCH_SERVED=1 CONTACTGRAPH_BENCH_NEO4J_URI=bolt://127.0.0.1:7698 \
//	  go test -run '^TestServed$' -v -timeout 0 ./bench/
func TestServed(t *testing.T) {
	if os.Getenv(servedEnv) != "1" || testing.Short() {
		t.Skip(servedEnv + "=1 not set: skipping the benchmark over HTTP (see docs/benchmarks.md)")
	}
	if d, ok := t.Deadline(); ok && time.Until(d) < 2*time.Hour {
		t.Fatalf("the benchmark over HTTP can take an hour: run it with -timeout 0 (the deadline is in %v)", time.Until(d).Round(time.Second))
	}
	cfg := servedConfigFromEnv(t)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	smp := standardSample(t)
	run := newServedRun(t, root, cfg)
	cache := servedCache(Standard, smp.Digest)
	bin := buildBinary(t, root, t.TempDir())
	ensureCSV(t, bin, cache, Standard)

	stores := []servedStore{{name: "embedded", args: []string{"--data", ensureEmbedded(t, bin, cache)}}}
	if uri := os.Getenv(neo4jEnv); uri != "" {
		ensureNeo4j(t, bin, cache, uri, Standard, smp.Digest)
		stores = append(stores, servedStore{name: "neo4j", args: []string{"--neo4j-uri", uri}, neo4jURI: uri})
	} else {
		t.Logf("%s not set: embedded store only", neo4jEnv)
	}
	for _, st := range stores {
		run.measureStore(st, bin, smp)
		if st.neo4jURI != "" && (len(cfg.only) == 0 || cfg.only["neo4j baseline"]) {
			run.measureBaseline(st.neo4jURI, smp)
		}
	}
	run.finish()
}

// servedEnv turns TestServed on.
const servedEnv = "CONTACTGRAPH_BENCH_SERVED"

// servedConfig bounds the benchmark over HTTP in count and time.
type servedConfig struct {
	// ops is the number of timed requests per store, op and hops, after
	// the untimed first pass over the sample (default 200: one more pass).
	ops int
	// budget bounds one store, op and hops: the first pass gets half of
	// it, the timed requests the rest; what does not fit is left out and
	// the table says how many requests ran.
	budget time.Duration
	// clients and perClient shape the concurrent run (contacts, 3 hops),
	// bounded by budget as well.
	clients, perClient int
	// only, unless empty, holds the rows to run, as "store op hops"
	// (e.g. "neo4j contacts 3"); the baseline runs when it holds
	// "neo4j baseline".
	only map[string]bool
}

// runs reports whether the row of store, op and hops is to run.
func (c servedConfig) runs(store, op string, hops int) bool {
	return len(c.only) == 0 || c.only[fmt.Sprintf("%s %s %d", store, op, hops)]
}

// servedConfigFromEnv reads CONTACTGRAPH_BENCH_SERVED_OPS, _BUDGET,
// _PER_CLIENT and _ONLY (rows separated by commas) over the defaults.
// _SERVE_FLAGS, read where serve starts, adds flags to every serve, e.g.
// "--neo4j-warm-hubs 100".
func servedConfigFromEnv(t *testing.T) servedConfig {
	c := servedConfig{ops: 200, budget: 8 * time.Minute, clients: 8, perClient: 50}
	num := func(name string, dst *int) {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				t.Fatalf("%s=%q: want a positive whole number", name, v)
			}
			*dst = n
		}
	}
	num(servedEnv+"_OPS", &c.ops)
	num(servedEnv+"_PER_CLIENT", &c.perClient)
	if v := os.Getenv(servedEnv + "_ONLY"); v != "" {
		c.only = map[string]bool{}
		for _, row := range strings.Split(v, ",") {
			c.only[strings.Join(strings.Fields(row), " ")] = true
		}
	}
	if v := os.Getenv(servedEnv + "_BUDGET"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("%s_BUDGET=%q: want a duration such as 8m", servedEnv, v)
		}
		c.budget = d
	}
	return c
}

// servedStore is one way to start serve: its store flags.
type servedStore struct {
	name     string
	args     []string
	neo4jURI string
}

// servedOps are the questions asked, in this order, each at 1, 2 and 3 hops.
var servedOps = []string{opContacts, opPaths, opRoute}

// measureStore asks every op at every hop limit of a serve process of its
// own (started anew for each, so that its first pass is the first
// questions after a start), and after contacts at 3 hops runs the
// concurrent clients on the same process.
func (r *servedRun) measureStore(st servedStore, bin string, smp *Sample) {
	t := r.t
	r.report.loadAtStart[st.name] = loadAverage()
	for _, op := range servedOps {
		for hops := 1; hops <= 3; hops++ {
			if !r.cfg.runs(st.name, op, hops) {
				continue
			}
			q := question{op: op, hops: hops}
			name := fmt.Sprintf("%s-%s-%d", st.name, op, hops)
			p := startServe(t, bin, st.args, r.dir, name, st.neo4jURI != "", r.asker)
			start := time.Now()
			first := r.pass(st.name, "first", p.base, q, smp, len(smp.Customers), start.Add(r.cfg.budget/2))
			timed := r.pass(st.name, "timed", p.base, q, smp, r.cfg.ops, start.Add(r.cfg.budget))
			r.report.rows = append(r.report.rows, servedRow{store: st.name, q: q, first: first, timed: timed,
				ready: p.ready, memReady: p.memReady, memEnd: p.memory()})
			t.Logf("%s %s hops=%d: first pass %s; timed %s", st.name, op, hops, first.summary(), timed.summary())
			if op == opContacts && hops == 3 {
				c := r.concurrent(st.name, p.base, q, smp)
				r.report.concurrent = append(r.report.concurrent, c)
				t.Logf("%s %d clients: %s, %.1f requests/s, %d connections", st.name, c.clients, c.t.summary(), c.throughput(), c.conns)
			}
			p.stop()
		}
	}
	r.report.loadAtEnd[st.name] = loadAverage()
}
