package embedded_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/graph/storetest"
)

func mustOpen(t *testing.T, dir string) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	return s
}

func mustClose(t *testing.T, s *embedded.Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func TestStore(t *testing.T) {
	storetest.TestStore(t, func(t *testing.T) graph.Store {
		s := mustOpen(t, t.TempDir())
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	})
}

// Everything written comes back after Close and Open, and the reopened
// store keeps working.
func TestDurableAcrossReopen(t *testing.T) {
	ctx := t.Context()
	dir := filepath.Join(t.TempDir(), "nested", "data") // Open creates it
	s := mustOpen(t, dir)
	storetest.Fill(t, s)
	want := storetest.Dump(t, s)
	mustClose(t, s)

	s = mustOpen(t, dir)
	defer mustClose(t, s)
	if got := storetest.Dump(t, s); got != want {
		t.Fatalf("after reopening:\n%s\nwant:\n%s", got, want)
	}
	// Deletes are durable too.
	if err := s.DeleteCustomer(ctx, "c1"); err != nil {
		t.Fatalf("DeleteCustomer: %v", err)
	}
	if err := s.DeleteUnit(ctx, "u2", true); err != nil {
		t.Fatalf("DeleteUnit: %v", err)
	}
	want = storetest.Dump(t, s)
	mustClose(t, s)
	s = mustOpen(t, dir)
	if got := storetest.Dump(t, s); got != want {
		t.Fatalf("after deleting and reopening:\n%s\nwant:\n%s", got, want)
	}
}

func TestClosed(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	mustClose(t, s)
	if code := graph.ErrorCode(s.Ping(t.Context())); code != graph.EUNAVAILABLE {
		t.Fatalf("Ping after Close: code %q, want %q", code, graph.EUNAVAILABLE)
	}
	if _, err := s.Employee(t.Context(), "e1"); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Fatalf("Employee after Close: %v, want EUNAVAILABLE", err)
	}
	if _, err := s.PutUnit(t.Context(), graph.Unit{ID: "u1", Name: "U"}); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Fatalf("PutUnit after Close: %v, want EUNAVAILABLE", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestDirectoryInUse(t *testing.T) {
	dir := t.TempDir()
	s := mustOpen(t, dir)
	defer mustClose(t, s)
	start := time.Now()
	_, err := embedded.Open(dir, embedded.WithLockTimeout(200*time.Millisecond))
	if err == nil {
		t.Fatal("second Open of a directory in use succeeded")
	}
	if !errors.Is(err, embedded.ErrInUse) || graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Fatalf("error %v: want ErrInUse with code EUNAVAILABLE", err)
	}
	if want := "embedded: data directory " + dir + " is in use by another contactgraph process"; err.Error() != want {
		t.Fatalf("message %q, want %q", err, want)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("waited %v for the lock", d)
	}
}

// refused checks that Open refuses the file with ErrNotStore and a clear
// message, and leaves it byte for byte as it was.
func refused(t *testing.T, dir, reason string) {
	t.Helper()
	path := filepath.Join(dir, embedded.FileName)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := embedded.Open(dir)
	if err == nil {
		s.Close()
		t.Fatal("Open accepted the file")
	}
	if !errors.Is(err, embedded.ErrNotStore) {
		t.Fatalf("error %v: want ErrNotStore", err)
	}
	prefix := "embedded: " + path + " is not a contactgraph store ("
	if msg := err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, reason) {
		t.Fatalf("message %q, want %q…%q…", msg, prefix, reason)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("Open changed the refused file")
	}
}

func TestCorruptFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"short", []byte("hello, world\n")},
		{"garbage", bytes.Repeat([]byte("not a database, just some text. "), 1000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, embedded.FileName), tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			refused(t, dir, "invalid database")
		})
	}
}

func TestForeignFile(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fill   func(tx *bolt.Tx) error
		reason string
	}{
		{"other buckets", func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte("widgets"))
			if err != nil {
				return err
			}
			return b.Put([]byte("w1"), []byte("sprocket"))
		}, "no format marker"},
		{"newer format", func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte("meta"))
			if err != nil {
				return err
			}
			return b.Put([]byte("format"), []byte("contactgraph/99"))
		}, `format "contactgraph/99"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db, err := bolt.Open(filepath.Join(dir, embedded.FileName), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(tc.fill); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			refused(t, dir, tc.reason)
		})
	}
}

// An empty file, as left by a crash before the first commit, becomes a store.
func TestEmptyFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, embedded.FileName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, dir)
	mustClose(t, s)
	s = mustOpen(t, dir)
	mustClose(t, s)
}
