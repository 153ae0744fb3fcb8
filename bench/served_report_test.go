package bench

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// servedRow is one store, op and hops: the first pass after a start and
// the timed requests after it.
type servedRow struct {
	store        string
	q            question
	first, timed timings
	// ready is how long serve took to start; memReady and memEnd its
	// memory once ready and after the row's questions.
	ready            time.Duration
	memReady, memEnd procMemory
}

// servedReport is what a run found, written as markdown at its end.
type servedReport struct {
	commit       string
	started      time.Time
	cfg          servedConfig
	neo4jVersion string
	rows         []servedRow
	baseline     *servedRow
	concurrent   []concurrentRow
	loadAtStart  map[string]string
	loadAtEnd    map[string]string
}

func newServedReport(root string, started time.Time, cfg servedConfig) *servedReport {
	return &servedReport{commit: commitLabel(root), started: started, cfg: cfg,
		loadAtStart: map[string]string{}, loadAtEnd: map[string]string{}}
}

// finish prints the report, writes it to the run directory and to
// test-output/ of the module.
func (r *servedRun) finish() {
	r.closeRaw()
	md := r.report.markdown(time.Now().UTC())
	fmt.Print("\n" + md)
	paths := []string{filepath.Join(r.dir, "report.md"),
		filepath.Join(r.root, "test-output", "bench-served-"+r.report.started.Format("20060102-150405")+".md")}
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Error(err)
			continue
		}
		if err := os.WriteFile(p, []byte(md), 0o644); err != nil {
			r.t.Error(err)
		}
	}
	r.t.Logf("report written to %s", strings.Join(paths, " and "))
}

// markdown is the report as tables, all times in ms.
func (rep *servedReport) markdown(ended time.Time) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("### Over HTTP: commit %s, %s to %s UTC\n\n", rep.commit, rep.started.Format("2006-01-02 15:04"), ended.Format("15:04"))
	w("**Machine**: %s; %s.", machine(), runtime.Version())
	if rep.neo4jVersion != "" {
		w(" %s.", rep.neo4jVersion)
	}
	w(" Load average (1, 5, 15 min) at start and end of each store: ")
	var loads []string
	for _, st := range []string{"embedded", "neo4j"} {
		if l, ok := rep.loadAtStart[st]; ok {
			loads = append(loads, fmt.Sprintf("%s %s → %s", st, l, rep.loadAtEnd[st]))
		}
	}
	w("%s.\n\n", strings.Join(loads, "; "))

	w("**Warm** (ms; each question asked once before by the first pass; %d requests per row unless cut by the %v budget):\n\n", rep.cfg.ops, rep.cfg.budget)
	w("| store | op | hops | requests | p50 | p99 | max | answers/req |\n|---|---|---|---|---|---|---|---|\n")
	rows := rep.rows
	if rep.baseline != nil {
		rows = append(append([]servedRow{}, rows...), *rep.baseline)
	}
	for _, row := range rows {
		s := row.timed
		w("| %s | %s | %d | %s | %s | %s | %s | %.2f |\n", storeLabel(row.store), row.q.op, row.q.hops, count(s),
			fmtMS(s.pct(0.5)), fmtMS(s.pct(0.99)), fmtMS(s.max()), s.answersPer())
	}
	w("\n**First questions after a start** (ms; serve started anew for each row, over Neo4j after its warm-up of the 20 busiest hubs; each sample item once):\n\n")
	w("| store | op | hops | requests | p50 | p99 | max |\n|---|---|---|---|---|---|---|\n")
	for _, row := range rows {
		s := row.first
		w("| %s | %s | %d | %s | %s | %s | %s |\n", storeLabel(row.store), row.q.op, row.q.hops, count(s),
			fmtMS(s.pct(0.5)), fmtMS(s.pct(0.99)), fmtMS(s.max()))
	}
	w("\n**Start and memory of serve** (ready: from the process's start to /readyz answering 200, over Neo4j to the end of the warm-up; RSS in MB from /proc, once ready and after the row's questions, of it not mapped from files (anonymous: without the pages of the embedded store's data file), and the peak):\n\n")
	w("| store | op | hops | ready s | RSS ready | anonymous | RSS after | anonymous | peak RSS |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, row := range rows {
		w("| %s | %s | %d | %.1f | %d | %d | %d | %d | %d |\n", storeLabel(row.store), row.q.op, row.q.hops, row.ready.Seconds(),
			row.memReady.rss/1024, row.memReady.anon/1024, row.memEnd.rss/1024, row.memEnd.anon/1024, row.memEnd.peak/1024)
	}
	w("\n**Ratios** (warm rows):\n\n| what | figure |\n|---|---|\n")
	for _, st := range []string{"embedded", "neo4j"} {
		one, three := rep.row(st, opContacts, 1), rep.row(st, opContacts, 3)
		if one != nil && three != nil && one.timed.pct(0.5) > 0 {
			w("| %s contacts, p50 at 3 hops ÷ p50 at 1 hop | %.1f× |\n", storeLabel(st), float64(three.timed.pct(0.5))/float64(one.timed.pct(0.5)))
		}
	}
	if three := rep.row("neo4j", opContacts, 3); three != nil && rep.baseline != nil && rep.baseline.timed.pct(0.99) > 0 {
		served, base := three.timed.pct(0.99), rep.baseline.timed.pct(0.99)
		w("| Neo4j served contacts p99 (3 hops) ÷ Cypher baseline p99 | %s ÷ %s = %.2f (%s) |\n", fmtMS(served), fmtMS(base),
			float64(served)/float64(base), fasterOrSlower(float64(base)/float64(served)))
	}
	if len(rep.concurrent) > 0 {
		w("\n**%d clients at once** (contacts, 3 hops, warm; each client up to %d requests in turn from its own offset in the sample):\n\n",
			rep.cfg.clients, rep.cfg.perClient)
		w("| store | requests | connections opened | wall s | requests/s | p50 | p99 | max |\n|---|---|---|---|---|---|---|---|\n")
		for _, c := range rep.concurrent {
			w("| %s | %s | %d | %.1f | %.1f | %s | %s | %s |\n", storeLabel(c.store), count(c.t), c.conns, c.t.wall.Seconds(),
				c.throughput(), fmtMS(c.t.pct(0.5)), fmtMS(c.t.pct(0.99)), fmtMS(c.t.max()))
		}
	}
	return b.String()
}

// row finds the row of store, op and hops.
func (rep *servedReport) row(store, op string, hops int) *servedRow {
	for i := range rep.rows {
		if r := &rep.rows[i]; r.store == store && r.q.op == op && r.q.hops == hops {
			return r
		}
	}
	return nil
}

func storeLabel(store string) string {
	switch store {
	case "neo4j":
		return "Neo4j"
	case "neo4j-cypher":
		return "Neo4j, Cypher baseline (no HTTP)"
	}
	return store
}

// count is the number of requests, marked when the budget or failures
// cut the pass short.
func count(s timings) string {
	n := fmt.Sprint(len(s.took))
	if s.cut {
		n += " (cut)"
	}
	if s.failures > 0 {
		n += fmt.Sprintf(" (+%d failed)", s.failures)
	}
	return n
}

func fasterOrSlower(speedup float64) string {
	if speedup >= 1 {
		return fmt.Sprintf("served %.1f× faster", speedup)
	}
	return fmt.Sprintf("served %.1f× slower", 1/speedup)
}

// fmtMS writes a duration in ms with about three significant digits.
func fmtMS(d time.Duration) string {
	switch m := ms(d); {
	case d == 0:
		return "–"
	case m < 1:
		return fmt.Sprintf("%.3f", m)
	case m < 10:
		return fmt.Sprintf("%.2f", m)
	case m < 100:
		return fmt.Sprintf("%.1f", m)
	case m < 1000:
		return fmt.Sprintf("%.0f", m)
	default:
		n := int(math.Round(m))
		return fmt.Sprintf("%d,%03d", n/1000, n%1000)
	}
}

// commitLabel is CONTACTGRAPH_BENCH_SERVED_COMMIT, else the module's short
// HEAD, marked when tracked files differ from it.
func commitLabel(root string) string {
	if v := os.Getenv(servedEnv + "_COMMIT"); v != "" {
		return v
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	label := strings.TrimSpace(string(head))
	if dirty, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(dirty) > 0 {
		label += " with uncommitted changes"
	}
	return label
}

// machine describes the CPU, memory and kernel from /proc (Linux).
func machine() string {
	cpu, mem := "", ""
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.1f GB RAM", float64(kb)/(1<<20))
		}
	}
	kernel := ""
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = ", Linux " + strings.TrimSpace(string(b))
	}
	if cpu == "" {
		cpu = runtime.GOARCH
	}
	return fmt.Sprintf("%d cores (%s)%s%s", runtime.NumCPU(), cpu, mem, kernel)
}

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}
