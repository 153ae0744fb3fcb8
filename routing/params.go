package routing

import (
	"math"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// Limits and defaults of the operations (docs/contract.md §2). Zero fields of Params
// take the operation's default.
const (
	MaxHopsLimit = 6 // the largest maxHops any operation accepts

	DefaultContactsMaxHops = 3
	DefaultContactsLimit   = 5
	MaxContactsLimit       = 100

	DefaultPathsMaxHops = 3
	DefaultPathsLimit   = 1
	MaxPathsLimit       = 10

	DefaultRouteMaxHops  = 1
	DefaultRouteMinTrust = 0.3
)

// Params are the knobs every operation shares. A zero field means the
// operation's default; MinTrust is a pointer because 0 is a meaningful
// threshold that differs from the route default of 0.3.
type Params struct {
	// AsOf is the moment trust is decayed to; zero means now.
	AsOf time.Time
	// HalfLifeDays is the half-life of trust in days; zero means
	// DefaultHalfLifeDays. The server passes its configured value.
	HalfLifeDays float64
	// MaxHops bounds the number of relationships of a route, 1 to
	// MaxHopsLimit.
	MaxHops int
	// MinTrust is the lowest score an answer may have, 0 to 1; nil means the
	// operation's default.
	MinTrust *float64
	// Limit bounds the number of answers of Contacts and Paths.
	Limit int
}

// opDefaults are one operation's defaults and bounds.
type opDefaults struct {
	maxHops  int
	minTrust float64
	limit    int
	maxLimit int // 0: the operation has no limit
}

var (
	contactsDefaults = opDefaults{maxHops: DefaultContactsMaxHops, limit: DefaultContactsLimit, maxLimit: MaxContactsLimit}
	pathsDefaults    = opDefaults{maxHops: DefaultPathsMaxHops, limit: DefaultPathsLimit, maxLimit: MaxPathsLimit}
	senderDefaults   = opDefaults{maxHops: DefaultRouteMaxHops, minTrust: DefaultRouteMinTrust}
)

// settings are Params with defaults applied and checked.
type settings struct {
	asOf     time.Time
	halfLife float64
	maxHops  int
	minTrust float64
	limit    int
}

// resolve applies d to p and checks the result. EINVALID names every field
// out of range, with the query parameter names of the HTTP API.
func (p Params) resolve(d opDefaults) (settings, error) {
	s := settings{asOf: p.AsOf, halfLife: p.HalfLifeDays, maxHops: p.MaxHops, minTrust: d.minTrust, limit: p.Limit}
	if s.asOf.IsZero() {
		s.asOf = time.Now()
	}
	var probs graph.Problems
	switch {
	case s.halfLife == 0:
		s.halfLife = DefaultHalfLifeDays
	case !(s.halfLife > 0) || math.IsInf(s.halfLife, 1):
		probs.Add("halfLifeDays", "must be a positive number of days")
	}
	switch {
	case s.maxHops == 0:
		s.maxHops = d.maxHops
	case s.maxHops < 1 || s.maxHops > MaxHopsLimit:
		probs.Add("maxHops", "must be between 1 and %d", MaxHopsLimit)
	}
	if p.MinTrust != nil {
		s.minTrust = *p.MinTrust
		if !(s.minTrust >= 0 && s.minTrust <= 1) {
			probs.Add("minTrust", "must be between 0 and 1")
		}
	}
	if d.maxLimit > 0 {
		switch {
		case s.limit == 0:
			s.limit = d.limit
		case s.limit < 1 || s.limit > d.maxLimit:
			probs.Add("limit", "must be between 1 and %d", d.maxLimit)
		}
	}
	return s, probs.Err()
}

// SenderParams returns p with the defaults of Route and Senders applied
// (MaxHops 1, MinTrust 0.3, AsOf now, HalfLifeDays DefaultHalfLifeDays) and
// checked, for callers that ask many questions at one moment: campaigns.
// EINVALID names every field out of range.
func (p Params) SenderParams() (Params, error) {
	s, err := p.resolve(senderDefaults)
	minTrust := s.minTrust
	return Params{AsOf: s.asOf, HalfLifeDays: s.halfLife, MaxHops: s.maxHops, MinTrust: &minTrust}, err
}
