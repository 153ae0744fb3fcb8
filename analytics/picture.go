package analytics

import (
	"context"
	"math"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// A picture is the part of the network around a focus, for drawing
// (GET /graph). The focus is a person, an account or a unit; its members
// are the person itself, the account's customers, or the employees of the
// unit and of all units below it. From the members the picture follows
// public relationships up to depth hops.
//
// Decisions:
//   - Private relationships never appear: they are neither drawn, nor
//     followed (a person reached only through one would reveal it), nor
//     counted in a node's degree, which is the number of its public
//     relationships in the whole network.
//   - Inactive employees appear, marked inactive: a picture shows history,
//     routing does not use it.
//   - Persons and accounts or units have separate id spaces, so an id alone
//     may name several things. FocusKind says which is meant; without it a
//     person is looked for first, then an account, then a unit, and the
//     answer says which kind was found.
//   - Limit caps the nodes. Members come first, by id, then each level by
//     the highest effective trust of a relationship into the previous one
//     (descending), then by id: when the limit cuts, the strongest ties stay.
//     Truncated says that it cut; every relationship between two drawn nodes
//     is drawn.

// Focus kinds of a picture.
const (
	FocusPerson  = "person"
	FocusAccount = "account"
	FocusUnit    = "unit"
)

// Picture bounds and defaults.
const (
	DefaultPictureDepth = 1
	MaxPictureDepth     = 3
	DefaultPictureLimit = 500
	MaxPictureLimit     = 5000
)

// PictureQuery asks for a picture. Zero Depth and Limit take their
// defaults; zero AsOf means now and zero HalfLifeDays DefaultHalfLifeDays.
type PictureQuery struct {
	Focus        string
	FocusKind    string // FocusPerson, FocusAccount, FocusUnit or "" for any
	Depth        int
	Limit        int
	AsOf         time.Time
	HalfLifeDays float64
}

// PictureResult answers GET /graph.
type PictureResult struct {
	Focus     PictureFocus  `json:"focus"`
	Depth     int           `json:"depth"`
	Limit     int           `json:"limit"`
	AsOf      time.Time     `json:"asOf"`
	Truncated bool          `json:"truncated"`
	Nodes     []PictureNode `json:"nodes"`
	Edges     []PictureEdge `json:"edges"`
}

// PictureFocus is what the picture is drawn around; Members counts the
// persons it stands for (all of them, also when the limit cut some).
type PictureFocus struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Label   string `json:"label"`
	Members int    `json:"members"`
}

// PictureNode is one person of a picture: Depth is the number of hops from
// the nearest member (0 for members), Degree the number of its public
// relationships.
type PictureNode struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Label   string `json:"label"`
	Unit    string `json:"unit,omitempty"`
	Account string `json:"account,omitempty"`
	Active  bool   `json:"active"`
	Degree  int    `json:"degree"`
	Depth   int    `json:"depth"`
}

// PictureEdge is one public relationship between two drawn nodes, ends in
// canonical order.
type PictureEdge struct {
	A              string  `json:"a"`
	B              string  `json:"b"`
	Trust          float64 `json:"trust"`
	EffectiveTrust float64 `json:"effectiveTrust"`
}

// resolve checks q and applies the defaults. EINVALID names every bad
// field with the query parameter names of the HTTP API.
func (q PictureQuery) resolve() (PictureQuery, error) {
	var probs graph.Problems
	if err := graph.CheckID("focus", q.Focus); err != nil {
		probs = append(probs, graph.ErrorFields(err)...)
	}
	switch q.FocusKind {
	case "", FocusPerson, FocusAccount, FocusUnit:
	default:
		probs.Add("kind", "must be %s, %s or %s", FocusPerson, FocusAccount, FocusUnit)
	}
	switch {
	case q.Depth == 0:
		q.Depth = DefaultPictureDepth
	case q.Depth < 1 || q.Depth > MaxPictureDepth:
		probs.Add("depth", "must be between 1 and %d", MaxPictureDepth)
	}
	switch {
	case q.Limit == 0:
		q.Limit = DefaultPictureLimit
	case q.Limit < 1 || q.Limit > MaxPictureLimit:
		probs.Add("limit", "must be between 1 and %d", MaxPictureLimit)
	}
	switch {
	case q.HalfLifeDays == 0:
		q.HalfLifeDays = routing.DefaultHalfLifeDays
	case !(q.HalfLifeDays > 0) || math.IsInf(q.HalfLifeDays, 1):
		probs.Add("halfLifeDays", "must be a positive number of days")
	}
	if q.AsOf.IsZero() {
		q.AsOf = time.Now()
	}
	return q, probs.Err()
}

// Picture draws the network around q.Focus: its members and every person
// within q.Depth (default 1, at most 3) public relationships of them, at
// most q.Limit (default 500, at most 5000) nodes, with the public
// relationships between them. ENOTFOUND: nothing of the kind asked for
// (of any kind, without one) has the id. EINVALID: a parameter is out of
// range.
func Picture(ctx context.Context, net graph.Network, dir Directory, q PictureQuery) (PictureResult, error) {
	q, err := q.resolve()
	if err != nil {
		return PictureResult{}, err
	}
	focus, members, err := findFocus(ctx, net, dir, q.Focus, q.FocusKind)
	if err != nil {
		return PictureResult{}, err
	}
	focus.Members = len(members)
	d := newDrawing(q)
	if err := d.draw(ctx, net, members); err != nil {
		return PictureResult{}, err
	}
	return PictureResult{Focus: focus, Depth: q.Depth, Limit: q.Limit, AsOf: q.AsOf, Truncated: d.truncated,
		Nodes: d.nodes, Edges: d.edgeList()}, nil
}
