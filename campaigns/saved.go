package campaigns

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	mathrand "math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/letters"
	"github.com/contactgraph/contactgraph/routing"
)

// Saved is a saved campaign: its record in the store and the snapshot in it.
type Saved struct {
	graph.Campaign
	// Params are what the campaign was resolved with; declines re-assign
	// with them.
	Params Params
	// Rows are every recipient's entry in selection order, as they are now.
	Rows       []Row
	Duplicates []string
	// Declines lists every decline, in the order they happened.
	Declines []Decline
	// SentAt and SentBy are set once the campaign is marked sent.
	SentAt *time.Time
	SentBy string
	// Letter is what the campaign's letters say; nil until marketing
	// writes it.
	Letter *letters.Template
	// Delivery is set once delivery was asked for (docs/delivery.md).
	Delivery *Delivery
}

// Params are the parameters of a saved campaign's resolution that a
// re-assignment needs (the recipients are in the rows).
type Params struct {
	MaxHops         int              `json:"maxHops"`
	MinTrust        *float64         `json:"minTrust"`
	HalfLifeDays    float64          `json:"halfLifeDays"`
	Fallback        routing.Fallback `json:"fallback"`
	Capacity        map[string]int   `json:"capacity,omitempty"`
	DefaultCapacity *int             `json:"defaultCapacity"`
}

// Decline records that an employee declined to be the sender of one
// recipient, and who the recipient got instead.
type Decline struct {
	Customer string    `json:"customer"`
	Employee string    `json:"employee"`
	At       time.Time `json:"at"`
	// By is the key id that declined: the employee's own key, or an admin's.
	By string `json:"by"`
	// Sender and Reason are the new assignment.
	Sender *routing.Sender `json:"sender"`
	Reason string          `json:"reason"`
}

// Result lays the campaign out as a resolution answer (lists and summary).
func (s *Saved) Result() *Result {
	return ResultOf(s.AsOf, s.Rows, s.Duplicates)
}

// Save resolves c and stores the answer as a new pending campaign named
// name; by is the key id that saves it. EINVALID as Resolve
// and for a bad name.
func Save(ctx context.Context, store graph.Store, name string, c Campaign, by string) (*Saved, error) {
	now := time.Now().UTC()
	s := &Saved{Campaign: graph.Campaign{
		ID: newID(now), Name: name, Status: graph.CampaignPending, CreatedAt: now, CreatedBy: by,
	}}
	if err := graph.CheckCampaignName(name).Err(); err != nil {
		return nil, err
	}
	res, err := Resolve(ctx, store, c)
	if err != nil {
		return nil, err
	}
	s.AsOf = res.AsOf
	// The parameters in effect, defaults applied: what a reader and a
	// decline's re-assignment need to know (Resolve has checked them).
	eff, err := c.Params.SenderParams()
	if err != nil {
		return nil, err
	}
	s.Params = Params{MaxHops: eff.MaxHops, MinTrust: eff.MinTrust, HalfLifeDays: eff.HalfLifeDays,
		Fallback: c.Fallback, Capacity: c.Capacity, DefaultCapacity: c.DefaultCapacity}
	s.Rows, s.Duplicates = res.Rows(), res.Duplicates
	if err := s.seal(); err != nil {
		return nil, err
	}
	if err := store.CreateCampaign(ctx, s.Campaign); err != nil {
		return nil, err
	}
	s.Revision = 1
	return s, nil
}

// Load reads a saved campaign. ENOTFOUND: no such campaign.
func Load(ctx context.Context, store graph.Store, id string) (*Saved, error) {
	c, err := store.Campaign(ctx, id)
	if err != nil {
		return nil, err
	}
	s := &Saved{Campaign: c}
	if err := s.open(); err != nil {
		return nil, err
	}
	return s, nil
}

// MarkSent marks a pending campaign sent; by is the key id. A campaign
// that is sent already stays as it was (marking twice is harmless).
func MarkSent(ctx context.Context, store graph.Store, id, by string) (*Saved, error) {
	return change(ctx, store, id, func(s *Saved) error {
		if s.Status == graph.CampaignSent {
			return errUnchanged
		}
		now := time.Now().UTC()
		s.Status, s.SentAt, s.SentBy = graph.CampaignSent, &now, by
		return nil
	})
}

// errUnchanged tells change that there is nothing to store.
var errUnchanged = fmt.Errorf("campaigns: unchanged")

// maxAttempts bounds how often change reloads a campaign that another
// process changed meanwhile.
const maxAttempts = 10

// changing serialises the changes of one campaign within this process (a
// campaign id picks one of the locks), so that concurrent declines queue
// instead of retrying; the store's revision check guards against other
// processes.
var changing [64]sync.Mutex

func lockOf(id string) *sync.Mutex {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return &changing[h.Sum32()%uint32(len(changing))]
}

// change loads campaign id, applies edit and stores it, again from the
// start (after a short random pause) when another process got in first.
func change(ctx context.Context, store graph.Store, id string, edit func(*Saved) error) (*Saved, error) {
	mu := lockOf(id)
	mu.Lock()
	defer mu.Unlock()
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Duration(mathrand.IntN(20*attempt)) * time.Millisecond):
			}
		}
		s, err := Load(ctx, store, id)
		if err != nil {
			return nil, err
		}
		switch err := edit(s); {
		case err == errUnchanged:
			return s, nil
		case err != nil:
			return nil, err
		}
		if err := s.seal(); err != nil {
			return nil, err
		}
		err = store.UpdateCampaign(ctx, s.Campaign)
		if err == nil {
			s.Revision++
			return s, nil
		}
		if graph.ErrorCode(err) != graph.ECONFLICT || attempt == maxAttempts {
			return nil, err
		}
	}
}

// senders are the employees the campaign names as sender now or who
// declined a recipient: the index by which an employee finds it.
func (s *Saved) senders() []string {
	var out []string
	for _, r := range s.Rows {
		if r.Sender != nil && r.Sender.ID != nil {
			out = append(out, *r.Sender.ID)
		}
	}
	for _, d := range s.Declines {
		out = append(out, d.Employee)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// newID makes a campaign id that sorts by the time it was made.
func newID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "cmp-" + now.Format("20060102-150405.000000") + "-" + hex.EncodeToString(b[:])
}
