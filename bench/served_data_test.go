package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/neo4jstore"
)

// servedCacheDir is where TestServed keeps what it made with the binary
// between runs: the CSV files (csv/) and the embedded data directory
// (embedded/), each finished when its marker file (csv.complete,
// embedded.complete) exists. The generator's digest is part of the name, so
// a changed generator starts afresh.
type servedCacheDir string

func servedCache(s Size, digest string) servedCacheDir {
	return servedCacheDir(filepath.Join(os.TempDir(), "contactgraph-bench", "http-"+s.Name()+"-"+digest))
}

func (c servedCacheDir) csv() string      { return filepath.Join(string(c), "csv") }
func (c servedCacheDir) embedded() string { return filepath.Join(string(c), "embedded") }
func (c servedCacheDir) logs() string     { return filepath.Join(string(c), "logs") }

// complete reports whether part (csv or embedded) was finished.
func (c servedCacheDir) complete(part string) bool {
	_, err := os.Stat(filepath.Join(string(c), part+".complete"))
	return err == nil
}

// markComplete records that part was finished, and when.
func (c servedCacheDir) markComplete(t *testing.T, part string, took time.Duration) {
	t.Helper()
	msg := fmt.Sprintf("finished %s in %v\n", time.Now().UTC().Format(time.RFC3339), took.Round(time.Second))
	if err := os.WriteFile(filepath.Join(string(c), part+".complete"), []byte(msg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reset removes part and its marker before it is made again.
func (c servedCacheDir) reset(t *testing.T, part string) {
	t.Helper()
	for _, p := range []string{filepath.Join(string(c), part+".complete"), filepath.Join(string(c), part)} {
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
	}
}

// buildBinary builds ./cmd/contactgraph of the module at root into dir.
func buildBinary(t *testing.T, root, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "contactgraph")
	start := time.Now()
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/contactgraph")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/contactgraph: %v\n%s", err, out)
	}
	t.Logf("built %s in %v", bin, time.Since(start).Round(time.Millisecond))
	return bin
}

// ensureCSV writes the network s as CSV with `seed synthetic --out` unless
// the cache holds it.
func ensureCSV(t *testing.T, bin string, c servedCacheDir, s Size) {
	t.Helper()
	if c.complete("csv") && !reloadServed() {
		t.Logf("csv: reusing %s", c.csv())
		return
	}
	c.reset(t, "csv")
	start := time.Now()
	runBinary(t, c, "seed-synthetic", bin, "seed", "synthetic", "--employees", strconv.Itoa(s.Employees),
		"--customers", strconv.Itoa(s.Customers), "--seed", strconv.FormatUint(s.Seed, 10), "--out", c.csv())
	c.markComplete(t, "csv", time.Since(start))
	t.Logf("csv: written to %s in %v", c.csv(), time.Since(start).Round(time.Millisecond))
}

// ensureEmbedded imports the CSV files into the cache's embedded data
// directory with `import` unless it holds them, and returns the directory.
func ensureEmbedded(t *testing.T, bin string, c servedCacheDir) string {
	t.Helper()
	if c.complete("embedded") && !reloadServed() {
		t.Logf("embedded: reusing %s", c.embedded())
		return c.embedded()
	}
	c.reset(t, "embedded")
	start := time.Now()
	runBinary(t, c, "import-embedded", bin, "--data", c.embedded(), "--log-level", "warn", "import", c.csv())
	c.markComplete(t, "embedded", time.Since(start))
	t.Logf("embedded: imported into %s in %v", c.embedded(), time.Since(start).Round(time.Millisecond))
	return c.embedded()
}

// servedMarker is the unit that tells that a Neo4j database holds the
// network s as `import` wrote it from the generator with this digest. It
// differs from Size.Marker (the in-process benchmarks' load): each kind of
// benchmark wipes and loads a database that lacks its own marker.
func servedMarker(s Size, digest string) graph.Unit {
	return graph.Unit{ID: "bench-served-" + s.Name() + "-" + digest,
		Name: "benchmark network " + s.Name() + " (generator digest " + digest + "), imported by contactgraph import"}
}

// ensureNeo4j imports the CSV files into the Neo4j at uri with `import`
// unless it holds the served marker; a database without it is wiped first.
func ensureNeo4j(t *testing.T, bin string, c servedCacheDir, uri string, s Size, digest string) {
	t.Helper()
	ctx := context.Background()
	marker := servedMarker(s, digest)
	st, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = st.Unit(ctx, marker.ID)
	switch {
	case err == nil && !reloadServed():
		t.Logf("neo4j: %s holds network %s as imported already", uri, s.Name())
		return
	case err != nil && graph.ErrorCode(err) != graph.ENOTFOUND:
		t.Fatal(err)
	}
	start := time.Now()
	t.Logf("neo4j: wiping %s and importing %s (about 90 s)", uri, c.csv())
	if err := st.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	runBinary(t, c, "import-neo4j", bin, "--neo4j-uri", uri, "--log-level", "warn", "import", c.csv())
	if _, err := st.PutUnit(ctx, marker); err != nil {
		t.Fatal(err)
	}
	t.Logf("neo4j: imported in %v", time.Since(start).Round(time.Second))
}

// reloadServed tells whether CONTACTGRAPH_BENCH_SERVED_RELOAD=1 asks to
// make the cached data again.
func reloadServed() bool { return os.Getenv(servedEnv+"_RELOAD") == "1" }

// runBinary runs the binary with args, its output in the cache's logs/
// directory as name.log, and fails with the log's end if it fails.
func runBinary(t *testing.T, c servedCacheDir, name, bin string, args ...string) {
	t.Helper()
	if err := os.MkdirAll(c.logs(), 0o755); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(c.logs(), name+".log")
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "$ contactgraph %s\n", strings.Join(args, " "))
	cmd := exec.Command(bin, args...)
	cmd.Env = childEnv()
	cmd.Stdout, cmd.Stderr = f, f
	err = errors.Join(cmd.Run(), f.Close())
	if err != nil {
		t.Fatalf("contactgraph %s: %v\n%s", strings.Join(args, " "), err, tail(logPath, 20))
	}
}

// childEnv is the test's environment without the variables contactgraph
// reads (CONTACTGRAPH_*, NEO4J_*): only the flags configure the binary.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONTACTGRAPH_") && !strings.HasPrefix(kv, "NEO4J_") {
			env = append(env, kv)
		}
	}
	return env
}

// tail returns the last n lines of the file at path.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
