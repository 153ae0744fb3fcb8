package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/contactgraph/contactgraph/graph"
)

// Saved campaigns live only in the file, not in memory: they are read
// rarely and may be large. One bucket holds each campaign's fields as JSON,
// another its snapshot as it is, both keyed by id, so that a list never
// reads snapshots. Files written before campaigns existed lack both
// buckets; the first campaign creates them.
var (
	bucketCampaigns         = []byte("campaigns")
	bucketCampaignSnapshots = []byte("campaign_snapshots")
)

type campaignRecord struct {
	Name       string    `json:"name"`
	Status     string    `json:"status"`
	CreatedAt  time.Time `json:"createdAt"`
	CreatedBy  string    `json:"createdBy,omitempty"`
	AsOf       time.Time `json:"asOf"`
	Recipients int       `json:"recipients"`
	Senders    []string  `json:"senders,omitempty"`
	Revision   int64     `json:"revision"`
}

func toCampaignRecord(c graph.Campaign) campaignRecord {
	return campaignRecord{Name: c.Name, Status: c.Status, CreatedAt: c.CreatedAt.UTC(), CreatedBy: c.CreatedBy,
		AsOf: c.AsOf.UTC(), Recipients: c.Recipients, Senders: c.Senders, Revision: c.Revision}
}

func fromCampaignRecord(id string, r campaignRecord) graph.Campaign {
	return graph.Campaign{ID: id, Name: r.Name, Status: r.Status, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy,
		AsOf: r.AsOf, Recipients: r.Recipients, Senders: r.Senders, Revision: r.Revision}
}

// CreateCampaign stores a new campaign with revision 1.
func (s *Store) CreateCampaign(ctx context.Context, c graph.Campaign) error {
	if err := c.Validate().Err(); err != nil {
		return err
	}
	c.Revision = 1
	return s.putCampaign(ctx, c, func(stored *campaignRecord) error {
		if stored != nil {
			return graph.Errorf(graph.ECONFLICT, "campaign %q exists", c.ID)
		}
		return nil
	})
}

// UpdateCampaign replaces a campaign whose stored revision is c.Revision.
func (s *Store) UpdateCampaign(ctx context.Context, c graph.Campaign) error {
	if err := c.Validate().Err(); err != nil {
		return err
	}
	read := c.Revision
	c.Revision++
	return s.putCampaign(ctx, c, func(stored *campaignRecord) error {
		switch {
		case stored == nil:
			return graph.Errorf(graph.ENOTFOUND, "campaign %q not found", c.ID)
		case stored.Revision != read:
			return graph.Errorf(graph.ECONFLICT, "campaign %q changed meanwhile (revision %d, not %d)", c.ID, stored.Revision, read)
		}
		return nil
	})
}

// putCampaign writes c in one transaction after check approved what is
// stored under its id (nil: nothing).
func (s *Store) putCampaign(ctx context.Context, c graph.Campaign, check func(*campaignRecord) error) error {
	unlock, err := s.write(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	c.Senders = slices.Compact(slices.Sorted(slices.Values(c.Senders)))
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketCampaigns)
		if err != nil {
			return err
		}
		snaps, err := tx.CreateBucketIfNotExists(bucketCampaignSnapshots)
		if err != nil {
			return err
		}
		var stored *campaignRecord
		if data := meta.Get([]byte(c.ID)); data != nil {
			stored = new(campaignRecord)
			if err := json.Unmarshal(data, stored); err != nil {
				return fmt.Errorf("decode campaign %q: %w", c.ID, err)
			}
		}
		if err := check(stored); err != nil {
			return err
		}
		if err := putJSON(tx, bucketCampaigns, []byte(c.ID), toCampaignRecord(c)); err != nil {
			return err
		}
		return snaps.Put([]byte(c.ID), bytes.Clone(c.Snapshot))
	})
	if err != nil && graph.ErrorCode(err) == graph.EINTERNAL {
		return fmt.Errorf("embedded: save campaign: %w", err)
	}
	return err
}

// Campaign returns one campaign with its snapshot.
func (s *Store) Campaign(ctx context.Context, id string) (graph.Campaign, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return graph.Campaign{}, err
	}
	defer unlock()
	var out graph.Campaign
	found := false
	err = s.db.View(func(tx *bolt.Tx) error {
		meta, snaps := tx.Bucket(bucketCampaigns), tx.Bucket(bucketCampaignSnapshots)
		if meta == nil || snaps == nil {
			return nil
		}
		data := meta.Get([]byte(id))
		if data == nil {
			return nil
		}
		var r campaignRecord
		if err := json.Unmarshal(data, &r); err != nil {
			return fmt.Errorf("embedded: decode campaign %q: %w", id, err)
		}
		out, found = fromCampaignRecord(id, r), true
		out.Snapshot = bytes.Clone(snaps.Get([]byte(id)))
		return nil
	})
	if err != nil {
		return graph.Campaign{}, err
	}
	if !found {
		return graph.Campaign{}, graph.Errorf(graph.ENOTFOUND, "campaign %q not found", id)
	}
	return out, nil
}

// Campaigns lists campaigns by id descending, without their snapshots.
func (s *Store) Campaigns(ctx context.Context, q graph.CampaignQuery) (graph.Page[graph.Campaign], error) {
	limit := q.PageSize()
	unlock, err := s.read(ctx)
	if err != nil {
		return graph.Page[graph.Campaign]{}, err
	}
	defer unlock()
	out := graph.Page[graph.Campaign]{Items: []graph.Campaign{}}
	err = s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketCampaigns)
		if meta == nil {
			return nil
		}
		cur := meta.Cursor()
		k, v := cur.Last()
		if q.After != "" {
			// The first key below After: Seek finds the first at or above it.
			if k, v = cur.Seek([]byte(q.After)); k == nil {
				k, v = cur.Last()
			} else {
				k, v = cur.Prev()
			}
			for k != nil && string(k) >= q.After {
				k, v = cur.Prev()
			}
		}
		for ; k != nil; k, v = cur.Prev() {
			var r campaignRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("embedded: decode campaign %q: %w", k, err)
			}
			if q.Sender != "" && !slices.Contains(r.Senders, q.Sender) {
				continue
			}
			if len(out.Items) == limit {
				out.Next = out.Items[limit-1].ID
				return nil
			}
			out.Items = append(out.Items, fromCampaignRecord(string(k), r))
		}
		return nil
	})
	return out, err
}
