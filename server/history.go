package server

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// Interaction history: GET /relationships/{a}/{b}/history shows what the
// interactions of one relationship tell and why its trust is what it is;
// POST /me/interactions lets an employee record their own.

// historyResponse is a relationship's history as the API shows it.
type historyResponse struct {
	A            string     `json:"a"`
	B            string     `json:"b"`
	Trust        float64    `json:"trust"`
	TrustSource  string     `json:"trustSource"`
	LearnedTrust *float64   `json:"learnedTrust"`
	Interactions int        `json:"interactions"`
	LastContact  *time.Time `json:"lastContact"`
	// Last is the latest interaction of the history, with who took it up.
	Last *eventResponse `json:"last"`
	// Counts per kind, by the end that took the interactions up.
	Counts map[string]graph.EndCounts `json:"counts"`
	// Learning is the model's arithmetic for the history as it now stands
	// (docs/capture.md, "Learned trust").
	Learning *graph.Learning `json:"learning"`
	// Events, newest first, at most limit.
	Events []eventResponse `json:"events"`
	// More tells that older events were left out.
	More bool `json:"more"`
}

// eventResponse is one interaction of a history.
type eventResponse struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	// By is the person who took it up: wrote, called, organised.
	By string `json:"by"`
}

func toEvent(h graph.History, e graph.Event) eventResponse {
	by := h.B
	if e.ByA {
		by = h.A
	}
	return eventResponse{At: e.At, Kind: e.Kind, By: by}
}

// Default and largest number of events a history answer lists.
const (
	defaultHistoryEvents = 50
	maxHistoryEvents     = 1000
)

func (s *Server) relationshipHistory(c *gin.Context) {
	a, b, v, err := pathEndsQuery(c, "limit")
	limit := defaultHistoryEvents
	if err == nil {
		limit, err = parseLimit(v, defaultHistoryEvents, maxHistoryEvents)
	}
	ctx := c.Request.Context()
	var r graph.Relationship
	if err == nil {
		r, err = s.store.Relationship(ctx, a, b)
	}
	if err == nil && !seesTie(principalOf(ctx), r) {
		err = hiddenRelationship(a, b)
	}
	var hs []graph.History
	if err == nil {
		hs, err = s.store.Histories(ctx, [][2]string{{r.A, r.B}})
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	h := hs[0]
	out := historyResponse{A: r.A, B: r.B, Trust: r.Trust, TrustSource: r.TrustSource, LearnedTrust: h.LearnedTrust,
		Interactions: r.Interactions, LastContact: r.LastContact, Counts: h.Counts(), Events: []eventResponse{},
		More: len(h.Events) > limit}
	if e, ok := h.Last(); ok {
		last := toEvent(h, e)
		out.Last = &last
		l := s.cfg.TrustModel.Learned(h.Events)
		out.Learning = &l
	}
	for _, e := range h.Newest(limit) {
		out.Events = append(out.Events, toEvent(h, e))
	}
	c.JSON(http.StatusOK, out)
}

// myInteractionRequest is the body of POST /me/interactions: with whom
// (an id or an email address), when and what kind.
type myInteractionRequest struct {
	With string  `json:"with"`
	At   *string `json:"at"`
	Kind string  `json:"kind"`
}

// myInteractionKinds are the kinds an employee records by hand; campaigns
// and introductions are recorded by what they are about.
var myInteractionKinds = []string{graph.InteractionEmailSent, graph.InteractionEmailReceived,
	graph.InteractionMeeting, graph.InteractionCall, graph.InteractionNote}

// recordMyInteraction records an interaction of the key's own employee:
// 201 with the relationship when it created one, 200 otherwise.
func (s *Server) recordMyInteraction(c *gin.Context) {
	ctx := c.Request.Context()
	e, err := s.myEmployee(ctx)
	var req myInteractionRequest
	if err == nil {
		req, err = jsonBody[myInteractionRequest](c)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	i, p := toInteraction(interactionRequest{A: e.ID, B: req.With, At: req.At, Kind: req.Kind})
	if req.With == "" {
		p.Add("with", "is required: the id or email address of the person")
	}
	if req.Kind != "" && !slices.Contains(myInteractionKinds, req.Kind) {
		p.Add("kind", "must be one of %s", strings.Join(myInteractionKinds, ", "))
	}
	if len(p) > 0 {
		_ = c.Error(p.Err())
		return
	}
	if _, i.B, err = s.personIDs(ctx, e.ID, req.With); err != nil {
		if fs := graph.ErrorFields(err); len(fs) > 0 {
			p.Add("with", "%s", fs[0].Message)
			err = p.Err()
		}
		_ = c.Error(err)
		return
	}
	if i.A == i.B {
		p.Add("with", "is the key's own employee: an interaction joins two different persons")
	}
	if len(p) > 0 {
		_ = c.Error(p.Err())
		return
	}
	r, created, err := s.store.RecordInteraction(ctx, i, s.cfg.TrustModel)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.audit(ctx, auditInteractionRecorded).Str("a", r.A).Str("b", r.B).Str("kind", i.Kind).
		Msg("interaction recorded")
	respondPut(c, created, relationshipPath(r), fromRelationship(r))
}

// personIDs resolves two ends given as ids or email addresses (a value
// that is a person's id is that person). An address that names nobody is
// EINVALID, with the field it came from.
func (s *Server) personIDs(ctx context.Context, a, b string) (string, string, error) {
	out := [2]string{a, b}
	for i, field := range []string{"a", "b"} {
		if !strings.Contains(out[i], "@") {
			continue
		}
		if graph.ValidID(out[i]) { // ids may hold an @: a person's id comes first
			ps, err := s.store.Persons(ctx, []string{out[i]})
			if err != nil {
				return "", "", err
			}
			if len(ps) == 1 {
				continue
			}
		}
		id, err := s.personByEmail(ctx, out[i])
		if err != nil {
			if graph.ErrorCode(err) == graph.ENOTFOUND {
				var p graph.Problems
				p.Add(field, "no employee or customer has the email address %q", clipValue(out[i]))
				return "", "", p.Err()
			}
			return "", "", err
		}
		out[i] = id
	}
	return out[0], out[1], nil
}

// hasAddress reports whether want (lower case) is email or one of aliases,
// ignoring case.
func hasAddress(want, email string, aliases []string) bool {
	if strings.ToLower(email) == want {
		return true
	}
	for _, a := range aliases {
		if strings.ToLower(a) == want {
			return true
		}
	}
	return false
}

// personByEmail returns the id of the person with the email address addr
// (their email or an alias), case-insensitively: an employee before a
// customer, then the smaller id. ENOTFOUND: nobody has it.
func (s *Server) personByEmail(ctx context.Context, addr string) (string, error) {
	want := strings.ToLower(strings.TrimSpace(addr))
	q := graph.ListQuery{Q: want, Limit: graph.MaxListLimit}
	for {
		page, err := s.store.Employees(ctx, q)
		if err != nil {
			return "", err
		}
		for _, e := range page.Items {
			if hasAddress(want, e.Email, e.Aliases) {
				return e.ID, nil
			}
		}
		if q.After = page.Next; q.After == "" {
			break
		}
	}
	q.After = ""
	for {
		page, err := s.store.Customers(ctx, q)
		if err != nil {
			return "", err
		}
		for _, c := range page.Items {
			if hasAddress(want, c.Email, c.Aliases) {
				return c.ID, nil
			}
		}
		if q.After = page.Next; q.After == "" {
			break
		}
	}
	return "", graph.Errorf(graph.ENOTFOUND, "no employee or customer has the email address %q", addr)
}
