package neo4jstore

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// Saved campaigns are (:Campaign) nodes outside the graph of persons: their
// fields as properties, the snapshot as a byte array. An update takes the
// node's write lock before it compares revisions (queries.LockCampaign), so
// that of two concurrent updates of one revision exactly one wins.

// CreateCampaign stores a new campaign with revision 1.
func (s *Store) CreateCampaign(ctx context.Context, c graph.Campaign) error {
	if err := c.Validate().Err(); err != nil {
		return err
	}
	c.Revision = 1
	_, err := writeTx(ctx, s, "create campaign", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		recs, err := collect(ctx, tx, queries.LockCampaign, map[string]any{"id": c.ID})
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) > 0 {
			return struct{}{}, graph.Errorf(graph.ECONFLICT, "campaign %q exists", c.ID)
		}
		_, err = collect(ctx, tx, queries.CreateCampaign, campaignParams(c))
		return struct{}{}, err
	})
	if constraintViolation(err) {
		return graph.Errorf(graph.ECONFLICT, "campaign %q exists", c.ID)
	}
	return err
}

// UpdateCampaign replaces a campaign whose stored revision is c.Revision.
func (s *Store) UpdateCampaign(ctx context.Context, c graph.Campaign) error {
	if err := c.Validate().Err(); err != nil {
		return err
	}
	_, err := writeTx(ctx, s, "update campaign", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		recs, err := collect(ctx, tx, queries.LockCampaign, map[string]any{"id": c.ID})
		if err != nil {
			return struct{}{}, err
		}
		if len(recs) == 0 {
			return struct{}{}, graph.Errorf(graph.ENOTFOUND, "campaign %q not found", c.ID)
		}
		stored, err := getInt(recs[0], "revision")
		if err != nil {
			return struct{}{}, err
		}
		if int64(stored) != c.Revision {
			return struct{}{}, graph.Errorf(graph.ECONFLICT, "campaign %q changed meanwhile (revision %d, not %d)", c.ID, stored, c.Revision)
		}
		next := c
		next.Revision++
		_, err = collect(ctx, tx, queries.UpdateCampaign, campaignParams(next))
		return struct{}{}, err
	})
	return err
}

// Campaign returns one campaign with its snapshot.
func (s *Store) Campaign(ctx context.Context, id string) (graph.Campaign, error) {
	return get(ctx, s, "get campaign", queries.Campaign, id, toCampaign)
}

// Campaigns lists campaigns by id descending, without their snapshots.
func (s *Store) Campaigns(ctx context.Context, q graph.CampaignQuery) (graph.Page[graph.Campaign], error) {
	limit := q.PageSize()
	params := map[string]any{"after": q.After, "sender": q.Sender, "limit": int64(limit + 1)}
	items, err := readTx(ctx, s, "list campaigns", func(tx neo4j.ManagedTransaction) ([]graph.Campaign, error) {
		recs, err := collect(ctx, tx, queries.Campaigns, params)
		if err != nil {
			return nil, err
		}
		return mapAll(recs, toCampaign)
	})
	if err != nil {
		return graph.Page[graph.Campaign]{}, err
	}
	page := graph.Page[graph.Campaign]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.Next = items[limit-1].ID
	}
	return page, nil
}

func campaignParams(c graph.Campaign) map[string]any {
	senders := slices.Compact(slices.Sorted(slices.Values(c.Senders)))
	list := make([]any, len(senders))
	for i, id := range senders {
		list[i] = id
	}
	snapshot := c.Snapshot
	if snapshot == nil {
		snapshot = []byte{}
	}
	return map[string]any{
		"id": c.ID, "name": c.Name, "status": c.Status, "createdAt": c.CreatedAt.UTC(),
		"createdBy": c.CreatedBy, "asOf": c.AsOf.UTC(), "recipients": int64(c.Recipients),
		"senders": list, "revision": c.Revision, "snapshot": snapshot,
	}
}

func toCampaign(r *neo4j.Record) (graph.Campaign, error) {
	f := fields{r: r}
	c := graph.Campaign{
		ID: f.str("id"), Name: f.str("name"), Status: f.str("status"), CreatedBy: f.str("createdBy"),
		Recipients: f.integer("recipients"), Senders: f.strs("senders"), Revision: int64(f.integer("revision")),
	}
	if t := f.optTime("createdAt"); t != nil {
		c.CreatedAt = *t
	}
	if t := f.optTime("asOf"); t != nil {
		c.AsOf = *t
	}
	snap, isNil, err := neo4j.GetRecordValue[[]byte](r, "snapshot")
	f.check("snapshot", err)
	if !isNil {
		c.Snapshot = snap
	}
	return c, f.wrap("campaign")
}
