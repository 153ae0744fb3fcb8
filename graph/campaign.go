package graph

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Campaign statuses.
const (
	// CampaignPending: saved and open to review; senders may decline.
	CampaignPending = "pending"
	// CampaignSent: marked as sent; it changes no more.
	CampaignSent = "sent"
)

// MaxCampaignName is the longest campaign name, in characters.
const MaxCampaignName = 200

// Campaign is a saved campaign: a named snapshot of a campaign resolution as
// it was when it was saved. The store keeps Snapshot as opaque bytes (the
// campaigns package writes and reads it); the other fields are what lists
// and filters need without opening the snapshot.
type Campaign struct {
	ID        string
	Name      string
	Status    string // CampaignPending or CampaignSent
	CreatedAt time.Time
	CreatedBy string    // the API key id that saved it
	AsOf      time.Time // the moment the resolution scored trust at
	// Recipients counts the recipients selected.
	Recipients int
	// Senders are the employee ids the snapshot names as sender, sorted,
	// each once: /me/campaigns finds an employee's campaigns by it.
	Senders []string
	// Revision grows by one with every UpdateCampaign; an update must name
	// the revision it read, so that concurrent changes never overwrite each
	// other.
	Revision int64
	Snapshot []byte
}

// CampaignQuery selects a page of saved campaigns, by id descending (the
// server's campaign ids begin with the time they were saved, so that is
// newest first).
type CampaignQuery struct {
	// Sender keeps the campaigns that name this employee as a sender; ""
	// keeps all.
	Sender string
	// After is the cursor: the id of the last campaign of the previous page.
	After string
	Limit int // page size: 0 means DefaultListLimit, beyond MaxListLimit it is cut
}

// PageSize is the page size q asks for, within the list limits.
func (q CampaignQuery) PageSize() int {
	switch {
	case q.Limit <= 0:
		return DefaultListLimit
	case q.Limit > MaxListLimit:
		return MaxListLimit
	}
	return q.Limit
}

// Validate checks the fields a store relies on.
func (c Campaign) Validate() Problems {
	var p Problems
	if err := CheckID("id", c.ID); err != nil {
		p = append(p, ErrorFields(err)...)
	}
	p = append(p, CheckCampaignName(c.Name)...)
	if c.Status != CampaignPending && c.Status != CampaignSent {
		p.Add("status", "must be %q or %q", CampaignPending, CampaignSent)
	}
	if c.CreatedAt.IsZero() {
		p.Add("createdAt", "is required")
	}
	return p
}

// CheckCampaignName reports what is wrong with a campaign's name (field
// "name"): required, valid UTF-8 without control characters, at most
// MaxCampaignName characters.
func CheckCampaignName(name string) Problems {
	var p Problems
	switch n := utf8.RuneCountInString(name); {
	case !utf8.ValidString(name):
		p.Add("name", "is not valid UTF-8")
	case strings.TrimSpace(name) == "":
		p.Add("name", "is required")
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		p.Add("name", "contains control characters")
	case n > MaxCampaignName:
		p.Add("name", "has %d characters; at most %d are allowed", n, MaxCampaignName)
	}
	return p
}

// CampaignStore keeps saved campaigns. Both stores implement it as part of
// Store.
type CampaignStore interface {
	// CreateCampaign stores a new campaign with revision 1. EINVALID: a
	// field breaks a rule. ECONFLICT: the id is taken.
	CreateCampaign(ctx context.Context, c Campaign) error
	// UpdateCampaign replaces the campaign c.ID if its stored revision is
	// still c.Revision, and stores it with c.Revision+1. ENOTFOUND: no such
	// campaign. ECONFLICT: someone changed it since c.Revision was read.
	UpdateCampaign(ctx context.Context, c Campaign) error
	// Campaign returns one campaign with its snapshot. ENOTFOUND: no such
	// campaign.
	Campaign(ctx context.Context, id string) (Campaign, error)
	// Campaigns lists campaigns by id descending, without their snapshots.
	Campaigns(ctx context.Context, q CampaignQuery) (Page[Campaign], error)
}
