package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// Introductions are (:Introduction) nodes outside the graph of persons,
// their fields as properties (the persons by id, so that an erased
// customer's introductions are found by property). An update takes the
// node's write lock before it compares revisions, as campaigns do.

// CreateIntroduction stores a new introduction with revision 1.
func (s *Store) CreateIntroduction(ctx context.Context, in graph.Introduction) error {
	if err := in.Validate().Err(); err != nil {
		return err
	}
	in.Revision = 1
	_, err := writeTx(ctx, s, "create introduction", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		recs, err := collect(ctx, tx, queries.LockIntroduction, map[string]any{"id": in.ID})
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) > 0 {
			return struct{}{}, graph.Errorf(graph.ECONFLICT, "introduction %q exists", in.ID)
		}
		_, err = collect(ctx, tx, queries.CreateIntroduction, introductionParams(in))
		return struct{}{}, err
	})
	if constraintViolation(err) {
		return graph.Errorf(graph.ECONFLICT, "introduction %q exists", in.ID)
	}
	return err
}

// UpdateIntroduction replaces an introduction whose stored revision is in.Revision.
func (s *Store) UpdateIntroduction(ctx context.Context, in graph.Introduction) error {
	if err := in.Validate().Err(); err != nil {
		return err
	}
	_, err := writeTx(ctx, s, "update introduction", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		recs, err := collect(ctx, tx, queries.LockIntroduction, map[string]any{"id": in.ID})
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) == 0 {
			return struct{}{}, graph.Errorf(graph.ENOTFOUND, "introduction %q not found", in.ID)
		}
		stored, err := getInt(recs[0], "revision")
		if err != nil {
			return struct{}{}, err
		}
		if int64(stored) != in.Revision {
			return struct{}{}, graph.Errorf(graph.ECONFLICT, "introduction %q changed meanwhile (revision %d, not %d)", in.ID, stored, in.Revision)
		}
		next := in
		next.Revision++
		_, err = collect(ctx, tx, queries.UpdateIntroduction, introductionParams(next))
		return struct{}{}, err
	})
	return err
}

// Introduction returns one introduction.
func (s *Store) Introduction(ctx context.Context, id string) (graph.Introduction, error) {
	return get(ctx, s, "get introduction", queries.Introduction, id, toIntroduction)
}

// Introductions lists introductions by id descending.
func (s *Store) Introductions(ctx context.Context, q graph.IntroductionQuery) (graph.Page[graph.Introduction], error) {
	limit := q.PageSize()
	params := map[string]any{"after": q.After, "customer": q.Customer, "via": q.Via, "requester": q.Requester, "limit": int64(limit + 1)}
	items, err := readTx(ctx, s, "list introductions", func(tx neo4j.ManagedTransaction) ([]graph.Introduction, error) {
		recs, err := collect(ctx, tx, queries.Introductions, params)
		if err != nil {
			return nil, err
		}
		return mapAll(recs, toIntroduction)
	})
	if err != nil {
		return graph.Page[graph.Introduction]{}, err
	}
	page := graph.Page[graph.Introduction]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.Next = items[limit-1].ID
	}
	return page, nil
}

// DeleteIntroduction deletes one introduction.
func (s *Store) DeleteIntroduction(ctx context.Context, id string) error {
	n, err := writeTx(ctx, s, "delete introduction", func(tx neo4j.ManagedTransaction) (int, error) {
		recs, err := collect(ctx, tx, queries.DeleteIntroduction, map[string]any{"id": id})
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		return getInt(recs[0], "deleted")
	})
	if err == nil && n == 0 {
		return graph.Errorf(graph.ENOTFOUND, "introduction %q not found", id)
	}
	return err
}

func introductionParams(in graph.Introduction) map[string]any {
	p := map[string]any{
		"id": in.ID, "customer": in.Customer, "via": in.Via, "requester": in.Requester, "requestedBy": in.RequestedBy,
		"note": in.Note, "state": in.State, "message": in.Message, "createdAt": in.CreatedAt.UTC(),
		"answeredAt": nil, "doneAt": nil, "revision": in.Revision,
	}
	if in.AnsweredAt != nil {
		p["answeredAt"] = in.AnsweredAt.UTC()
	}
	if in.DoneAt != nil {
		p["doneAt"] = in.DoneAt.UTC()
	}
	return p
}

func toIntroduction(r *neo4j.Record) (graph.Introduction, error) {
	f := fields{r: r}
	in := graph.Introduction{
		ID: f.str("id"), Customer: f.str("customer"), Via: f.str("via"), Requester: f.str("requester"),
		RequestedBy: f.str("requestedBy"), Note: f.str("note"), State: f.str("state"), Message: f.str("message"),
		AnsweredAt: f.optTime("answeredAt"), DoneAt: f.optTime("doneAt"), Revision: int64(f.integer("revision")),
	}
	if t := f.optTime("createdAt"); t != nil {
		in.CreatedAt = *t
	}
	return in, f.wrap("introduction")
}
