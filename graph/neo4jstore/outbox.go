package neo4jstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// The outbox is (:Letter) nodes outside the graph of persons, one per
// campaign and customer (constraint letter_key), found by campaign and
// customer (index letter_campaign), and by customer alone (index
// letter_customer). Every mark is its own committed
// transaction. One process delivers a campaign at a time (ClaimLetters'
// contract), so a claim needs no lock beyond the write's own.

func letterKey(campaign, customer string) string { return campaign + "\x00" + customer }

// QueueLetters adds the letters not in the outbox yet as queued.
func (s *Store) QueueLetters(ctx context.Context, campaign string, letters []graph.Letter) (int, error) {
	if err := graph.CheckLetters(campaign, letters); err != nil {
		return 0, err
	}
	var token [8]byte
	_, _ = rand.Read(token[:])
	added := 0
	for start := 0; start < len(letters); start += 5000 {
		chunk := letters[start:min(start+5000, len(letters))]
		rows := make([]any, len(chunk))
		for i, l := range chunk {
			rows[i] = map[string]any{"key": letterKey(campaign, l.Customer), "customer": l.Customer,
				"sender": l.Sender, "messageId": l.MessageID}
		}
		n, err := writeTx(ctx, s, "queue letters", func(tx neo4j.ManagedTransaction) (int, error) {
			recs, err := collect(ctx, tx, queries.QueueLetters, map[string]any{"campaign": campaign, "rows": rows,
				"token": hex.EncodeToString(token[:])})
			if err != nil || len(recs) == 0 {
				return 0, err
			}
			return getInt(recs[0], "added")
		})
		if err != nil {
			return added, err
		}
		added += n
	}
	return added, nil
}

// ClaimLetters moves up to n due letters to sending.
func (s *Store) ClaimLetters(ctx context.Context, campaign string, now time.Time, n int) ([]graph.Letter, error) {
	return writeTx(ctx, s, "claim letters", func(tx neo4j.ManagedTransaction) ([]graph.Letter, error) {
		recs, err := collect(ctx, tx, queries.ClaimLetters, map[string]any{"campaign": campaign, "now": now.UTC(), "n": int64(n)})
		if err != nil {
			return nil, err
		}
		return toLetters(recs)
	})
}

// ReleaseLetters moves letters left in sending back to queued.
func (s *Store) ReleaseLetters(ctx context.Context, campaign string) (int, error) {
	return writeTx(ctx, s, "release letters", func(tx neo4j.ManagedTransaction) (int, error) {
		recs, err := collect(ctx, tx, queries.ReleaseLetters, map[string]any{"campaign": campaign})
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		return getInt(recs[0], "released")
	})
}

// MarkLetter stores the outcome of a letter still in state from.
func (s *Store) MarkLetter(ctx context.Context, l graph.Letter, from string) error {
	key := letterKey(l.Campaign, l.Customer)
	_, err := writeTx(ctx, s, "mark letter", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		recs, err := collect(ctx, tx, queries.LockLetter, map[string]any{"key": key})
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) == 0 {
			return struct{}{}, graph.Errorf(graph.ENOTFOUND, "no letter of campaign %q to %q", l.Campaign, l.Customer)
		}
		f := fields{r: recs[0]}
		if was := f.str("was"); f.err != nil || was != from {
			if f.err != nil {
				return struct{}{}, f.err
			}
			return struct{}{}, graph.Errorf(graph.ECONFLICT, "letter of campaign %q to %q is %s, not %s", l.Campaign, l.Customer, was, from)
		}
		_, err = collect(ctx, tx, queries.MarkLetter, map[string]any{"key": key,
			"state": l.State, "nextAt": zeroNull(l.NextAt), "reason": l.Reason, "sentAt": zeroNull(l.SentAt)})
		return struct{}{}, err
	})
	return err
}

// SyncLetters has nothing to do: a mark returns once Neo4j committed it.
func (s *Store) SyncLetters(ctx context.Context) error { return ctx.Err() }

// Letters lists a campaign's letters by customer id.
func (s *Store) Letters(ctx context.Context, q graph.LetterQuery) (graph.Page[graph.Letter], error) {
	limit := q.PageSize()
	items, err := readTx(ctx, s, "list letters", func(tx neo4j.ManagedTransaction) ([]graph.Letter, error) {
		recs, err := collect(ctx, tx, queries.Letters, map[string]any{"campaign": q.Campaign, "after": q.After,
			"state": q.State, "limit": int64(limit + 1)})
		if err != nil {
			return nil, err
		}
		return toLetters(recs)
	})
	if err != nil {
		return graph.Page[graph.Letter]{}, err
	}
	out := graph.Page[graph.Letter]{Items: items}
	if len(items) > limit {
		out.Items = items[:limit]
		out.Next = items[limit-1].Customer
	}
	return out, nil
}

// LetterCounts counts a campaign's letters by state.
func (s *Store) LetterCounts(ctx context.Context, campaign string) (map[string]int, error) {
	return readTx(ctx, s, "count letters", func(tx neo4j.ManagedTransaction) (map[string]int, error) {
		recs, err := collect(ctx, tx, queries.LetterCounts, map[string]any{"campaign": campaign})
		if err != nil {
			return nil, err
		}
		out := map[string]int{}
		for _, r := range recs {
			f := fields{r: r}
			out[f.str("state")] = f.integer("n")
			if f.err != nil {
				return nil, f.err
			}
		}
		return out, nil
	})
}

// ForgetLetters removes every letter to customer from every campaign.
func (s *Store) ForgetLetters(ctx context.Context, customer string) (int, error) {
	if err := graph.CheckID("customer", customer); err != nil {
		return 0, err
	}
	return writeTx(ctx, s, "forget letters", func(tx neo4j.ManagedTransaction) (int, error) {
		recs, err := collect(ctx, tx, queries.ForgetLetters, map[string]any{"customer": customer})
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		return getInt(recs[0], "forgot")
	})
}

func toLetters(recs []*neo4j.Record) ([]graph.Letter, error) {
	out := make([]graph.Letter, 0, len(recs))
	for _, r := range recs {
		f := fields{r: r}
		l := graph.Letter{Campaign: f.str("campaign"), Customer: f.str("customer"), Sender: f.str("sender"),
			State: f.str("state"), Attempts: f.integer("attempts"), Reason: f.str("reason"), MessageID: f.str("messageId")}
		if t := f.optTime("nextAt"); t != nil {
			l.NextAt = *t
		}
		if t := f.optTime("sentAt"); t != nil {
			l.SentAt = *t
		}
		if err := f.wrap("letter"); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// zeroNull is t for Neo4j, or null when it is zero.
func zeroNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}
