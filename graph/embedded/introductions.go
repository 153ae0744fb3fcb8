package embedded

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/contactgraph/contactgraph/graph"
)

// Introductions live only in the file, one bucket keyed by id with each
// introduction's fields as JSON; the first introduction creates the bucket.
// They are few: a list scans the bucket from the newest.
var bucketIntroductions = []byte("introductions")

type introductionRecord struct {
	Customer    string     `json:"customer"`
	Via         string     `json:"via"`
	Requester   string     `json:"requester"`
	RequestedBy string     `json:"requestedBy,omitempty"`
	Note        string     `json:"note,omitempty"`
	State       string     `json:"state"`
	Message     string     `json:"message,omitempty"`
	CreatedAt   time.Time  `json:"createdAt"`
	AnsweredAt  *time.Time `json:"answeredAt,omitempty"`
	DoneAt      *time.Time `json:"doneAt,omitempty"`
	Revision    int64      `json:"revision"`
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func toIntroductionRecord(in graph.Introduction) introductionRecord {
	return introductionRecord{Customer: in.Customer, Via: in.Via, Requester: in.Requester, RequestedBy: in.RequestedBy,
		Note: in.Note, State: in.State, Message: in.Message, CreatedAt: in.CreatedAt.UTC(),
		AnsweredAt: utcPtr(in.AnsweredAt), DoneAt: utcPtr(in.DoneAt), Revision: in.Revision}
}

func fromIntroductionRecord(id string, r introductionRecord) graph.Introduction {
	return graph.Introduction{ID: id, Customer: r.Customer, Via: r.Via, Requester: r.Requester, RequestedBy: r.RequestedBy,
		Note: r.Note, State: r.State, Message: r.Message, CreatedAt: r.CreatedAt,
		AnsweredAt: r.AnsweredAt, DoneAt: r.DoneAt, Revision: r.Revision}
}

// CreateIntroduction stores a new introduction with revision 1.
func (s *Store) CreateIntroduction(ctx context.Context, in graph.Introduction) error {
	if err := in.Validate().Err(); err != nil {
		return err
	}
	in.Revision = 1
	return s.putIntroduction(ctx, in, func(stored *introductionRecord) error {
		if stored != nil {
			return graph.Errorf(graph.ECONFLICT, "introduction %q exists", in.ID)
		}
		return nil
	})
}

// UpdateIntroduction replaces an introduction whose stored revision is in.Revision.
func (s *Store) UpdateIntroduction(ctx context.Context, in graph.Introduction) error {
	if err := in.Validate().Err(); err != nil {
		return err
	}
	read := in.Revision
	in.Revision++
	return s.putIntroduction(ctx, in, func(stored *introductionRecord) error {
		switch {
		case stored == nil:
			return graph.Errorf(graph.ENOTFOUND, "introduction %q not found", in.ID)
		case stored.Revision != read:
			return graph.Errorf(graph.ECONFLICT, "introduction %q changed meanwhile (revision %d, not %d)", in.ID, stored.Revision, read)
		}
		return nil
	})
}

func (s *Store) putIntroduction(ctx context.Context, in graph.Introduction, check func(*introductionRecord) error) error {
	unlock, err := s.write(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	err = s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketIntroductions)
		if err != nil {
			return err
		}
		var stored *introductionRecord
		if data := b.Get([]byte(in.ID)); data != nil {
			stored = new(introductionRecord)
			if err := json.Unmarshal(data, stored); err != nil {
				return fmt.Errorf("decode introduction %q: %w", in.ID, err)
			}
		}
		if err := check(stored); err != nil {
			return err
		}
		return putJSON(tx, bucketIntroductions, []byte(in.ID), toIntroductionRecord(in))
	})
	if err != nil && graph.ErrorCode(err) == graph.EINTERNAL {
		return fmt.Errorf("embedded: save introduction: %w", err)
	}
	return err
}

// Introduction returns one introduction.
func (s *Store) Introduction(ctx context.Context, id string) (graph.Introduction, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return graph.Introduction{}, err
	}
	defer unlock()
	var out graph.Introduction
	found := false
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketIntroductions)
		if b == nil {
			return nil
		}
		data := b.Get([]byte(id))
		if data == nil {
			return nil
		}
		var r introductionRecord
		if err := json.Unmarshal(data, &r); err != nil {
			return fmt.Errorf("embedded: decode introduction %q: %w", id, err)
		}
		out, found = fromIntroductionRecord(id, r), true
		return nil
	})
	if err != nil {
		return graph.Introduction{}, err
	}
	if !found {
		return graph.Introduction{}, graph.Errorf(graph.ENOTFOUND, "introduction %q not found", id)
	}
	return out, nil
}

// Introductions lists introductions by id descending.
func (s *Store) Introductions(ctx context.Context, q graph.IntroductionQuery) (graph.Page[graph.Introduction], error) {
	limit := q.PageSize()
	unlock, err := s.read(ctx)
	if err != nil {
		return graph.Page[graph.Introduction]{}, err
	}
	defer unlock()
	out := graph.Page[graph.Introduction]{Items: []graph.Introduction{}}
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketIntroductions)
		if b == nil {
			return nil
		}
		cur := b.Cursor()
		for k, v := cur.Last(); k != nil; k, v = cur.Prev() {
			if q.After != "" && string(k) >= q.After {
				continue
			}
			var r introductionRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("embedded: decode introduction %q: %w", k, err)
			}
			if q.Customer != "" && r.Customer != q.Customer || q.Via != "" && r.Via != q.Via || q.Requester != "" && r.Requester != q.Requester {
				continue
			}
			if len(out.Items) == limit {
				out.Next = out.Items[limit-1].ID
				return nil
			}
			out.Items = append(out.Items, fromIntroductionRecord(string(k), r))
		}
		return nil
	})
	return out, err
}

// DeleteIntroduction deletes one introduction.
func (s *Store) DeleteIntroduction(ctx context.Context, id string) error {
	unlock, err := s.write(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketIntroductions)
		if b == nil || b.Get([]byte(id)) == nil {
			return graph.Errorf(graph.ENOTFOUND, "introduction %q not found", id)
		}
		return b.Delete([]byte(id))
	})
}
