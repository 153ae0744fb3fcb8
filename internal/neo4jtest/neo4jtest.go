// Package neo4jtest gives tests the real Neo4j that scripts/test starts.
//
// The URI comes from NEO4J_TEST_URI. Without it a test is skipped, except
// when CI is set: there an absent or unreachable Neo4j fails the run. Test
// binaries of several packages run at once and each wipes the database, so
// the first Open takes an exclusive file lock that the process holds until it
// exits.
package neo4jtest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph/neo4jstore"
)

var (
	once     sync.Once
	store    *neo4jstore.Store
	err      error
	lockFile *os.File
)

// Open returns the shared test store, migrated and wiped empty. It skips
// the test when no Neo4j is configured outside CI and fails it inside CI.
func Open(t testing.TB) *neo4jstore.Store {
	t.Helper()
	uri := os.Getenv("NEO4J_TEST_URI")
	if uri == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("NEO4J_TEST_URI is not set but CI is: the Neo4j tests must run in CI (use ./scripts/test)")
		}
		t.Skip("NEO4J_TEST_URI not set: skipping the Neo4j run (./scripts/test starts Neo4j and sets it)")
	}
	once.Do(func() { store, err = open(uri) })
	if err != nil {
		t.Fatalf("neo4j at %s: %v", uri, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := store.Wipe(ctx); err != nil {
		t.Fatalf("wipe neo4j: %v", err)
	}
	return store
}

func open(uri string) (*neo4jstore.Store, error) {
	if err := lock(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, Logger: zerolog.Nop()})
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// lock waits for the machine-wide test lock on the Neo4j database.
func lock() error {
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "contactgraph-neo4j-test.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	// The descriptor stays open until the process exits, which releases it;
	// lockFile keeps the file reachable, or the garbage collector would
	// close it (and so release the lock) early.
	lockFile = f
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
}
