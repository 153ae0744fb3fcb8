package embedded

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
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

// JournalName is the file beside the store's file that holds the outbox's
// marks not yet folded into the store.
const JournalName = "outbox.journal"

// The marks of the outbox (MarkLetter) go to a journal first: one line,
// one write(2). A delivery marks a letter sent between its data and its
// end of data (package delivery), and the time between that mark and the
// end of data is the only moment a crash can lose a letter; a bbolt commit
// syncs the disk before it returns, which made that moment as long as a
// disk sync. A line written is in the kernel's page cache the moment
// write(2) returns, so it survives the death of the process at once;
// SyncLetters (called after the end of data) makes it survive the
// machine's. The journal is folded into the outbox before every other
// outbox operation and at Open and Close: a fold commits the marks, then
// empties the journal; a crash between the two folds the same marks again,
// which changes nothing. A torn last line (a crash within write(2)) was
// never acknowledged and is skipped.
type journal struct {
	mu      sync.Mutex
	f       *os.File
	pending map[string]letterMark // key → the latest mark not folded yet
}

// letterMark is one line of the journal.
type letterMark struct {
	Key    string    `json:"key"`
	State  string    `json:"state"`
	NextAt time.Time `json:"nextAt,omitzero"`
	Reason string    `json:"reason,omitempty"`
	SentAt time.Time `json:"sentAt,omitzero"`
}

// openJournal opens the journal in dir and folds what a stopped process
// left in it.
func (s *Store) openJournal(dir string) error {
	path := filepath.Join(dir, JournalName)
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("embedded: read %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("embedded: open %s: %w", path, err)
	}
	s.journal = &journal{f: f, pending: map[string]letterMark{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var m letterMark
		if json.Unmarshal(sc.Bytes(), &m) != nil || m.Key == "" {
			continue // torn by a crash within write(2): never acknowledged
		}
		s.journal.pending[m.Key] = m
	}
	return s.fold(context.Background())
}

// fold commits the pending marks into the outbox and empties the journal.
// The caller must not hold the journal's lock.
func (s *Store) fold(ctx context.Context) error {
	j := s.journal
	j.mu.Lock()
	defer j.mu.Unlock()
	return s.foldLocked(ctx)
}

func (s *Store) foldLocked(ctx context.Context) error {
	j := s.journal
	if len(j.pending) == 0 || j.f == nil {
		return nil
	}
	err := s.outboxCommit(ctx, "fold the outbox journal", func(b *bolt.Bucket) error {
		for key, m := range j.pending {
			data := b.Get([]byte(key))
			if data == nil {
				continue // the letter's campaign was erased meanwhile
			}
			var r letterRecord
			if err := json.Unmarshal(data, &r); err != nil {
				return fmt.Errorf("decode letter %q: %w", key, err)
			}
			r.State, r.NextAt, r.Reason, r.SentAt = m.State, m.NextAt, m.Reason, m.SentAt
			if err := putLetter(b, []byte(key), r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := j.f.Truncate(0); err != nil {
		return fmt.Errorf("embedded: empty the outbox journal: %w", err)
	}
	clear(j.pending)
	return nil
}

// MarkLetter appends the outcome of a letter still in state from to the
// journal.
func (s *Store) MarkLetter(ctx context.Context, l graph.Letter, from string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("embedded: %w", err)
	}
	j := s.journal
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return errClosed
	}
	key := string(letterKey(l.Campaign, l.Customer))
	state, found := "", false
	if m, ok := j.pending[key]; ok {
		state, found = m.State, true
	} else {
		err := s.outboxView(ctx, func(b *bolt.Bucket) error {
			if b == nil {
				return nil
			}
			data := b.Get([]byte(key))
			if data == nil {
				return nil
			}
			var r letterRecord
			if err := json.Unmarshal(data, &r); err != nil {
				return fmt.Errorf("embedded: decode letter %q: %w", key, err)
			}
			state, found = r.State, true
			return nil
		})
		if err != nil {
			return err
		}
	}
	switch {
	case !found:
		return graph.Errorf(graph.ENOTFOUND, "no letter of campaign %q to %q", l.Campaign, l.Customer)
	case state != from:
		return graph.Errorf(graph.ECONFLICT, "letter of campaign %q to %q is %s, not %s", l.Campaign, l.Customer, state, from)
	}
	m := letterMark{Key: key, State: l.State, NextAt: l.NextAt.UTC(), Reason: l.Reason, SentAt: l.SentAt.UTC()}
	line, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("embedded: encode mark: %w", err)
	}
	// One write(2) of the whole line: the mark survives this process the
	// moment it returns.
	if _, err := j.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("embedded: write the outbox journal: %w", err)
	}
	j.pending[key] = m
	return nil
}

// SyncLetters makes the journal's marks durable on disk.
func (s *Store) SyncLetters(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("embedded: %w", err)
	}
	j := s.journal
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return errClosed
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("embedded: sync the outbox journal: %w", err)
	}
	return nil
}

// closeJournal folds and closes the journal.
func (s *Store) closeJournal() error {
	j := s.journal
	if j == nil {
		return nil
	}
	err := s.fold(context.Background())
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err = errors.Join(err, j.f.Close())
	j.f = nil
	return err
}
