package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/graph/neo4jstore"
)

// neo4jEnv names the Neo4j the benchmarks use. It must be an instance of
// its own: a load wipes it when it lacks the network's marker, and the
// conformance tests (NEO4J_TEST_URI) wipe theirs at every test.
const neo4jEnv = "CONTACTGRAPH_BENCH_NEO4J_URI"

var (
	sampleOnce sync.Once
	sample     *Sample
	sampleErr  error

	embeddedOnce  sync.Once
	embeddedStore *embedded.Store
	embeddedErr   error

	neo4jOnce  sync.Once
	neo4jStore *neo4jstore.Store
	neo4jURI   string
	neo4jErr   error
)

// standardSample is Choose(Standard), computed once per test binary.
func standardSample(tb testing.TB) *Sample {
	tb.Helper()
	sampleOnce.Do(func() {
		start := time.Now()
		sample, sampleErr = Choose(Standard)
		if sampleErr == nil {
			tb.Logf("network %s: %d persons, %d relationships; sample chosen in %v; hubs %v with %v relationships; %.1f%% of customers know a hub",
				Standard.Name(), sample.Persons, sample.Relationships, time.Since(start).Round(time.Millisecond),
				sample.Hubs[:5], sample.HubDegrees[:5], 100*sample.NaturalHubShare)
		}
	})
	if sampleErr != nil {
		tb.Fatal(sampleErr)
	}
	return sample
}

// embeddedDir is where the embedded store of the network is cached between
// runs.
func embeddedDir(s Size) string {
	return filepath.Join(os.TempDir(), "contactgraph-bench", "embedded-"+s.Name())
}

// openEmbedded opens the cached embedded store of the standard network,
// building it first if the directory lacks the marker. It stays open for
// the rest of the test binary.
func openEmbedded(tb testing.TB) *embedded.Store {
	tb.Helper()
	digest := standardSample(tb).Digest
	embeddedOnce.Do(func() { embeddedStore, embeddedErr = cachedEmbedded(tb, Standard, digest) })
	if embeddedErr != nil {
		tb.Fatal(embeddedErr)
	}
	return embeddedStore
}

func cachedEmbedded(tb testing.TB, s Size, digest string) (*embedded.Store, error) {
	ctx := context.Background()
	dir := embeddedDir(s)
	start := time.Now()
	st, err := embedded.Open(dir)
	if err != nil {
		return nil, err
	}
	ok, err := Loaded(ctx, st, s, digest)
	if err != nil || ok {
		if ok {
			tb.Logf("embedded: reusing %s (opened in %v)", dir, time.Since(start).Round(time.Millisecond))
		}
		return st, err
	}
	// Half-built or foreign: start from nothing.
	if err := st.Close(); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if st, err = embedded.Open(dir); err != nil {
		return nil, err
	}
	tb.Logf("embedded: building %s", dir)
	if got, err := Load(ctx, st, s, progress("embedded")); err != nil || got != digest {
		return nil, errors.Join(err, unstable(got, digest), st.Close())
	}
	tb.Logf("embedded: built in %v", time.Since(start).Round(time.Second))
	return st, nil
}

// openNeo4j connects to the Neo4j named by CONTACTGRAPH_BENCH_NEO4J_URI and
// loads the standard network unless it holds it already (its marker); it
// skips the benchmark when the variable is unset.
func openNeo4j(tb testing.TB) (*neo4jstore.Store, string) {
	tb.Helper()
	uri := os.Getenv(neo4jEnv)
	if uri == "" {
		tb.Skip(neo4jEnv + " not set: skipping the Neo4j benchmarks (see docs/benchmarks.md)")
	}
	digest := standardSample(tb).Digest
	neo4jOnce.Do(func() { neo4jStore, neo4jErr = cachedNeo4j(tb, uri, Standard, digest); neo4jURI = uri })
	if neo4jErr != nil {
		tb.Fatal(neo4jErr)
	}
	return neo4jStore, neo4jURI
}

func cachedNeo4j(tb testing.TB, uri string, s Size, digest string) (*neo4jstore.Store, error) {
	ctx := context.Background()
	st, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, Logger: zerolog.Nop()})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		return nil, errors.Join(err, st.Close())
	}
	ok, err := Loaded(ctx, st, s, digest)
	if err != nil || ok {
		if ok {
			tb.Logf("neo4j: %s holds network %s already", uri, s.Name())
		}
		return st, err
	}
	start := time.Now()
	tb.Logf("neo4j: wiping %s and loading network %s", uri, s.Name())
	if err := st.Wipe(ctx); err != nil {
		return nil, errors.Join(err, st.Close())
	}
	if got, err := Load(ctx, st, s, progress("neo4j")); err != nil || got != digest {
		return nil, errors.Join(err, unstable(got, digest), st.Close())
	}
	tb.Logf("neo4j: loaded in %v", time.Since(start).Round(time.Second))
	return st, nil
}

// unstable reports a generator that made another network while loading
// than while choosing the sample (nil if it made the same).
func unstable(got, want string) error {
	if got == "" || got == want {
		return nil
	}
	return fmt.Errorf("bench: the generator is not deterministic: digest %s while loading, %s before", got, want)
}

// progress reports every 20th batch of a load on stderr at once: a load
// takes minutes, and a benchmark's log appears only when it ends.
func progress(store string) func(int, int, time.Duration) {
	return func(batches, entities int, elapsed time.Duration) {
		if batches%20 == 0 {
			fmt.Fprintf(os.Stderr, "%s: %d batches, %d entities, %v\n", store, batches, entities, elapsed.Round(time.Second))
		}
	}
}
