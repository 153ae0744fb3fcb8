// Package embedded is the default store of contactgraph: one bbolt file on
// disk for durability, and the whole graph in memory for reads and
// traversal.
//
// Every acknowledged write is committed (and so fsynced) before it returns,
// and memory changes only after the commit succeeded: a failed write changes
// nothing. Writes are serialised by one mutex; reads run concurrently from
// memory, never touch the file and never wait for a disk sync.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/contactgraph/contactgraph/graph"
)

// FileName is the name of the store's file inside its data directory.
const FileName = "contactgraph.db"

// Errors of Open, to be tested with errors.Is.
var (
	// ErrInUse: another process has the data directory open.
	ErrInUse = errors.New("data directory in use")
	// ErrNotStore: the file is corrupt or was not written by contactgraph.
	// Open refuses it and leaves it untouched.
	ErrNotStore = errors.New("not a contactgraph store")
)

// Store is the embedded graph.Store.
type Store struct {
	path string
	db   *bolt.DB

	// writeMu serialises writes: a writer checks memory, commits and then
	// applies the change. mu guards memory: readers share it, and a writer
	// takes it only to apply a committed change, so that reads never wait
	// for a disk sync. Memory changes only under both.
	writeMu sync.Mutex
	mu      sync.RWMutex
	mem     *memory
	closed  bool // set under both locks

	// journal holds the outbox's marks until they are folded in
	// (outbox_journal.go).
	journal *journal
}

var _ graph.Store = (*Store)(nil)

// Option configures Open.
type Option func(*options)

type options struct {
	lockTimeout time.Duration
}

// WithLockTimeout sets how long Open waits for another process to release
// the data directory (default 1s).
func WithLockTimeout(d time.Duration) Option {
	return func(o *options) { o.lockTimeout = d }
}

// Open opens the store in dir, creating dir and an empty store if needed,
// and loads the graph into memory. It fails with ErrInUse (code
// EUNAVAILABLE) when another process holds the directory and with
// ErrNotStore when the file there is not a contactgraph store.
func Open(dir string, opts ...Option) (*Store, error) {
	o := options{lockTimeout: time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("embedded: create data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: o.lockTimeout, FreelistType: bolt.FreelistMapType})
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return nil, &openError{
			msg:  fmt.Sprintf("embedded: data directory %s is in use by another contactgraph process", dir),
			errs: []error{ErrInUse, graph.Errorf(graph.EUNAVAILABLE, "data directory in use"), err},
		}
	case errors.Is(err, bolt.ErrInvalid), errors.Is(err, bolt.ErrVersionMismatch), errors.Is(err, bolt.ErrChecksum):
		return nil, notStore(path, err.Error(), err)
	case err != nil:
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			return nil, fmt.Errorf("embedded: open %s: %w", path, err)
		}
		// Anything else bbolt finds wrong with an existing file.
		return nil, notStore(path, err.Error(), err)
	}
	s := &Store{path: path, db: db}
	if err := s.init(); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if err := s.openJournal(dir); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}

// init checks the format marker (or writes it into a new file) and loads
// the graph.
func (s *Store) init() (err error) {
	defer func() {
		// bbolt panics on some damaged pages; refuse the file instead.
		if p := recover(); p != nil {
			err = notStore(s.path, fmt.Sprintf("damaged: %v", p), nil)
		}
	}()
	// Look before writing anything: a foreign file stays untouched.
	var fresh bool
	if err := s.db.View(func(tx *bolt.Tx) error {
		var cerr error
		fresh, cerr = s.checkFormat(tx)
		return cerr
	}); err != nil {
		return err
	}
	if fresh {
		if err := s.db.Update(func(tx *bolt.Tx) error {
			if fresh, err := s.checkFormat(tx); err != nil || !fresh {
				return err
			}
			return initBuckets(tx)
		}); err != nil {
			return err
		}
	}
	return s.db.View(func(tx *bolt.Tx) error {
		m, lerr := load(tx)
		if lerr != nil {
			return notStore(s.path, lerr.Error(), lerr)
		}
		s.mem = m
		return nil
	})
}

// checkFormat reports whether tx sees an empty file, to be initialised, or
// fails unless it sees a contactgraph store.
func (s *Store) checkFormat(tx *bolt.Tx) (fresh bool, err error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if !empty {
			return false, notStore(s.path, "no format marker; it belongs to another program", nil)
		}
		return true, nil
	}
	if got := string(meta.Get(keyFormat)); got != format {
		return false, notStore(s.path, fmt.Sprintf("format %q, want %q", got, format), nil)
	}
	for _, name := range dataBuckets {
		if tx.Bucket(name) == nil {
			return false, notStore(s.path, fmt.Sprintf("bucket %s is missing", name), nil)
		}
	}
	return false, nil
}

func initBuckets(tx *bolt.Tx) error {
	meta, err := tx.CreateBucket(bucketMeta)
	if err != nil {
		return fmt.Errorf("embedded: initialise: %w", err)
	}
	if err := meta.Put(keyFormat, []byte(format)); err != nil {
		return fmt.Errorf("embedded: initialise: %w", err)
	}
	for _, name := range dataBuckets {
		if _, err := tx.CreateBucket(name); err != nil {
			return fmt.Errorf("embedded: initialise: %w", err)
		}
	}
	return nil
}

func notStore(path, reason string, cause error) error {
	errs := []error{ErrNotStore}
	if cause != nil {
		errs = append(errs, cause)
	}
	return &openError{msg: fmt.Sprintf("embedded: %s is not a contactgraph store (%s)", path, reason), errs: errs}
}

// openError carries a message for people and the errors for errors.Is/As.
type openError struct {
	msg  string
	errs []error
}

func (e *openError) Error() string   { return e.msg }
func (e *openError) Unwrap() []error { return e.errs }

// Path returns the store's file.
func (s *Store) Path() string { return s.path }

// Close closes the file. Later calls fail with EUNAVAILABLE.
func (s *Store) Close() error {
	jerr := s.closeJournal()
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.mem = nil
	if err := s.db.Close(); err != nil {
		return errors.Join(jerr, fmt.Errorf("embedded: close: %w", err))
	}
	return jerr
}

// Ping reports whether the store is open.
func (s *Store) Ping(ctx context.Context) error {
	unlock, err := s.read(ctx)
	if err != nil {
		return err
	}
	unlock()
	return nil
}

var errClosed = graph.Errorf(graph.EUNAVAILABLE, "the embedded store is closed")

// read takes the read lock for a call, after checking ctx and that the store
// is open.
func (s *Store) read(ctx context.Context) (unlock func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("embedded: %w", err)
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, errClosed
	}
	return s.mu.RUnlock, nil
}

// write takes the writers' lock, checking ctx again once it has it: waiting
// for the lock may outlast the caller. The holder may read memory without
// mu, since only writers change it.
func (s *Store) write(ctx context.Context) (unlock func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("embedded: %w", err)
	}
	s.writeMu.Lock()
	if s.closed {
		s.writeMu.Unlock()
		return nil, errClosed
	}
	if err := ctx.Err(); err != nil {
		s.writeMu.Unlock()
		return nil, fmt.Errorf("embedded: %w", err)
	}
	return s.writeMu.Unlock, nil
}

// commit persists c in one transaction and, once that is durable, applies it
// to memory. The caller holds the writers' lock.
func (s *Store) commit(c *change) error {
	if err := s.db.Update(c.persist); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c.apply(s.mem)
	return nil
}
