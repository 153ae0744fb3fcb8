package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/contactgraph/contactgraph/graph"
)

// The outbox lives only in the file, in one bucket keyed by campaign id,
// a zero byte and customer id, so that one campaign's letters are one
// range in customer order. Files written before delivery existed lack the
// bucket; the first QueueLetters creates it.
var bucketOutbox = []byte("outbox")

type letterRecord struct {
	Sender    string    `json:"sender,omitempty"`
	State     string    `json:"state"`
	Attempts  int       `json:"attempts,omitempty"`
	NextAt    time.Time `json:"nextAt,omitzero"`
	Reason    string    `json:"reason,omitempty"`
	SentAt    time.Time `json:"sentAt,omitzero"`
	MessageID string    `json:"messageId"`
}

func letterKey(campaign, customer string) []byte {
	return []byte(campaign + "\x00" + customer)
}

func toLetter(key []byte, r letterRecord) graph.Letter {
	campaign, customer, _ := bytes.Cut(key, []byte{0})
	return graph.Letter{Campaign: string(campaign), Customer: string(customer), Sender: r.Sender, State: r.State,
		Attempts: r.Attempts, NextAt: r.NextAt, Reason: r.Reason, SentAt: r.SentAt, MessageID: r.MessageID}
}

// QueueLetters adds the letters not in the outbox yet as queued.
func (s *Store) QueueLetters(ctx context.Context, campaign string, letters []graph.Letter) (int, error) {
	if err := graph.CheckLetters(campaign, letters); err != nil {
		return 0, err
	}
	added := 0
	err := s.outboxUpdate(ctx, "queue letters", func(b *bolt.Bucket) error {
		for _, l := range letters {
			k := letterKey(campaign, l.Customer)
			if b.Get(k) != nil {
				continue
			}
			if err := putLetter(b, k, letterRecord{Sender: l.Sender, State: graph.LetterQueued, MessageID: l.MessageID}); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	return added, err
}

// ClaimLetters moves up to n due letters to sending.
func (s *Store) ClaimLetters(ctx context.Context, campaign string, now time.Time, n int) ([]graph.Letter, error) {
	out := []graph.Letter{}
	err := s.outboxUpdate(ctx, "claim letters", func(b *bolt.Bucket) error {
		return eachLetter(b, campaign, "", func(k []byte, r letterRecord) (bool, error) {
			if r.State != graph.LetterQueued && !(r.State == graph.LetterRetry && !r.NextAt.After(now)) {
				return true, nil
			}
			r.State, r.Attempts = graph.LetterSending, r.Attempts+1
			if err := putLetter(b, k, r); err != nil {
				return false, err
			}
			out = append(out, toLetter(k, r))
			return len(out) < n, nil
		})
	})
	return out, err
}

// ReleaseLetters moves letters left in sending back to queued.
func (s *Store) ReleaseLetters(ctx context.Context, campaign string) (int, error) {
	released := 0
	err := s.outboxUpdate(ctx, "release letters", func(b *bolt.Bucket) error {
		return eachLetter(b, campaign, "", func(k []byte, r letterRecord) (bool, error) {
			if r.State == graph.LetterSending {
				r.State = graph.LetterQueued
				released++
				return true, putLetter(b, k, r)
			}
			return true, nil
		})
	})
	return released, err
}

// Letters lists a campaign's letters by customer id.
func (s *Store) Letters(ctx context.Context, q graph.LetterQuery) (graph.Page[graph.Letter], error) {
	limit := q.PageSize()
	if err := s.fold(ctx); err != nil {
		return graph.Page[graph.Letter]{}, err
	}
	out := graph.Page[graph.Letter]{Items: []graph.Letter{}}
	err := s.outboxView(ctx, func(b *bolt.Bucket) error {
		return eachLetter(b, q.Campaign, q.After, func(k []byte, r letterRecord) (bool, error) {
			if q.State != "" && r.State != q.State {
				return true, nil
			}
			if len(out.Items) == limit {
				out.Next = out.Items[limit-1].Customer
				return false, nil
			}
			out.Items = append(out.Items, toLetter(k, r))
			return true, nil
		})
	})
	return out, err
}

// LetterCounts counts a campaign's letters by state.
func (s *Store) LetterCounts(ctx context.Context, campaign string) (map[string]int, error) {
	if err := s.fold(ctx); err != nil {
		return nil, err
	}
	out := map[string]int{}
	err := s.outboxView(ctx, func(b *bolt.Bucket) error {
		return eachLetter(b, campaign, "", func(_ []byte, r letterRecord) (bool, error) {
			out[r.State]++
			return true, nil
		})
	})
	return out, err
}

// eachLetter calls f with campaign's letters after customer after, in
// customer order, until f answers false.
func eachLetter(b *bolt.Bucket, campaign, after string, f func(k []byte, r letterRecord) (bool, error)) error {
	if b == nil {
		return nil
	}
	prefix := letterKey(campaign, "")
	start := prefix
	if after != "" {
		start = append(letterKey(campaign, after), 0)
	}
	c := b.Cursor()
	for k, v := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var r letterRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("embedded: decode letter %q: %w", k, err)
		}
		more, err := f(bytes.Clone(k), r)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

func putLetter(b *bolt.Bucket, k []byte, r letterRecord) error {
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode letter %q: %w", k, err)
	}
	return b.Put(k, data)
}

// outboxUpdate folds the journal and runs f on the outbox bucket in one
// write transaction.
func (s *Store) outboxUpdate(ctx context.Context, op string, f func(*bolt.Bucket) error) error {
	if err := s.fold(ctx); err != nil {
		return err
	}
	return s.outboxCommit(ctx, op, f)
}

// outboxCommit runs f on the outbox bucket in one write transaction.
func (s *Store) outboxCommit(ctx context.Context, op string, f func(*bolt.Bucket) error) error {
	unlock, err := s.write(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	err = s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketOutbox)
		if err != nil {
			return err
		}
		return f(b)
	})
	if err != nil && graph.ErrorCode(err) == graph.EINTERNAL {
		return fmt.Errorf("embedded: %s: %w", op, err)
	}
	return err
}

// outboxView runs f on the outbox bucket (nil when there is none yet).
func (s *Store) outboxView(ctx context.Context, f func(*bolt.Bucket) error) error {
	unlock, err := s.read(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return s.db.View(func(tx *bolt.Tx) error { return f(tx.Bucket(bucketOutbox)) })
}

// ForgetLetters removes every letter to customer. The outbox is keyed by
// campaign first, so this reads every key of it: erasures are rare, and a
// key is a few dozen bytes. It holds the journal's lock from the fold to
// the commit, so that no mark of a forgotten letter is left pending.
func (s *Store) ForgetLetters(ctx context.Context, customer string) (int, error) {
	if err := graph.CheckID("customer", customer); err != nil {
		return 0, err
	}
	j := s.journal
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := s.foldLocked(ctx); err != nil {
		return 0, err
	}
	suffix := []byte("\x00" + customer)
	forgot := 0
	err := s.outboxCommit(ctx, "forget letters", func(b *bolt.Bucket) error {
		var keys [][]byte
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if bytes.HasSuffix(k, suffix) && bytes.IndexByte(k, 0) == len(k)-len(suffix) {
				keys = append(keys, bytes.Clone(k))
			}
		}
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		forgot = len(keys)
		return nil
	})
	return forgot, err
}
