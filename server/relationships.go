package server

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// relationshipRequest is the body of PUT /relationships/{a}/{b} and a
// relationship of a batch. In a PUT the ends come from the path and a and b
// may be left out; given, they must name the same two persons (in either
// order), so that a relationship read with GET can be written back as it is.
// Times are RFC 3339 or dates; visibility defaults to public. Interactions is
// taken only when the relationship is created: a replace keeps the count.
type relationshipRequest struct {
	A            *string  `json:"a"`
	B            *string  `json:"b"`
	Trust        *float64 `json:"trust"`
	LastContact  *string  `json:"lastContact"`
	Since        *string  `json:"since"`
	Visibility   *string  `json:"visibility"`
	Source       string   `json:"source"`
	Interactions *int     `json:"interactions"`
	// TrustSource: "declared" (the default: trust routes) or "learned"
	// (the trust learned from the history routes once there is one).
	TrustSource *string `json:"trustSource"`
}

// relationshipResponse is a relationship as the API shows it, ends in
// canonical order (a < b), times in UTC.
type relationshipResponse struct {
	A            string     `json:"a"`
	B            string     `json:"b"`
	Trust        float64    `json:"trust"`
	LastContact  *time.Time `json:"lastContact"`
	Since        *time.Time `json:"since"`
	Visibility   string     `json:"visibility"`
	Source       string     `json:"source"`
	Interactions int        `json:"interactions"`
	TrustSource  string     `json:"trustSource"`
}

// interactionRequest is the body of POST /interactions. a and b are person
// ids or email addresses (an employee's or a customer's, case-insensitive).
type interactionRequest struct {
	A    string  `json:"a"`
	B    string  `json:"b"`
	At   *string `json:"at"`
	Kind string  `json:"kind"`
}

// toRelationship converts req with the ends a and b. The problems are those
// only the boundary can see: a missing trust and unreadable times; prefix
// goes before each field name ("relationships[2]." in a batch).
func toRelationship(req relationshipRequest, a, b, prefix string) (graph.Relationship, graph.Problems) {
	var p graph.Problems
	r := graph.Relationship{A: a, B: b, Source: req.Source, Visibility: graph.Public}
	if req.Trust == nil {
		p.Add(prefix+"trust", "is required")
	} else {
		r.Trust = *req.Trust
	}
	r.LastContact = parseTime(&p, prefix+"lastContact", req.LastContact)
	r.Since = parseTime(&p, prefix+"since", req.Since)
	if req.Visibility != nil {
		r.Visibility = *req.Visibility
	}
	if req.Interactions != nil {
		r.Interactions = *req.Interactions
	}
	if req.TrustSource != nil {
		r.TrustSource = *req.TrustSource
	}
	return r, p
}

func fromRelationship(r graph.Relationship) relationshipResponse {
	return relationshipResponse{A: r.A, B: r.B, Trust: r.Trust, LastContact: r.LastContact, Since: r.Since,
		Visibility: r.Visibility, Source: r.Source, Interactions: r.Interactions, TrustSource: r.TrustSource}
}

func toInteraction(req interactionRequest) (graph.Interaction, graph.Problems) {
	var p graph.Problems
	i := graph.Interaction{A: req.A, B: req.B, Kind: req.Kind}
	if req.At == nil {
		p.Add("at", "is required")
	} else if t := parseTime(&p, "at", req.At); t != nil {
		i.At = *t
	}
	return i, p
}

func (s *Server) relationshipRoutes(g *gin.RouterGroup) {
	g.PUT("/relationships/:a/:b", s.putRelationship)
	g.GET("/relationships/:a/:b", s.getRelationship)
	g.DELETE("/relationships/:a/:b", s.deleteRelationship)
	g.GET("/persons/:id/relationships", s.personRelationships)
	g.GET("/relationships/:a/:b/history", s.relationshipHistory)
	g.POST("/interactions", s.recordInteraction)
}

// pathEnds reads the ends of a relationship from the path, for a request
// that takes no query parameters.
func pathEnds(c *gin.Context) (a, b string, err error) {
	a, b, _, err = pathEndsQuery(c)
	return a, b, err
}

// pathEndsQuery reads the ends of a relationship from the path and the
// query parameters names.
func pathEndsQuery(c *gin.Context, names ...string) (a, b string, v url.Values, err error) {
	a, b = c.Param("a"), c.Param("b")
	var p graph.Problems
	for _, end := range [][2]string{{"a", a}, {"b", b}} {
		if !graph.ValidID(end[1]) {
			p = append(p, graph.ErrorFields(graph.CheckID(end[0], end[1]))...)
		}
	}
	if len(p) == 0 && a == b {
		p.Add("b", "a relationship joins two different persons")
	}
	if err := p.Err(); err != nil {
		return "", "", nil, err
	}
	v, err = query(c, names...)
	return a, b, v, err
}

// sameEnds checks that the ends given in a body, if any, are those of the path.
func sameEnds(req relationshipRequest, a, b string) error {
	var p graph.Problems
	for _, end := range []struct {
		field string
		v     *string
	}{{"a", req.A}, {"b", req.B}} {
		if end.v != nil && *end.v != a && *end.v != b {
			p.Add(end.field, "%q is not an end of the relationship in the path (%s, %s)", clipValue(*end.v), a, b)
		}
	}
	if len(p) == 0 && req.A != nil && req.B != nil && *req.A == *req.B {
		p.Add("b", "a relationship joins two different persons")
	}
	return p.Err()
}

func (s *Server) putRelationship(c *gin.Context) {
	a, b, err := pathEnds(c)
	var req relationshipRequest
	if err == nil {
		err = decodeJSON(c, &req)
	}
	if err == nil {
		err = sameEnds(req, a, b)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	r, p := toRelationship(req, a, b, "")
	if len(p) > 0 {
		_ = c.Error(merge(p, r.Validate()))
		return
	}
	ctx := c.Request.Context()
	before, err := s.previousRelationship(ctx, a, b)
	if err != nil {
		_ = c.Error(err)
		return
	}
	created, err := s.store.PutRelationship(ctx, r)
	if err != nil {
		_ = c.Error(err)
		return
	}
	r.Normalize()
	stored, err := readBack(ctx, func(ctx context.Context, _ string) (graph.Relationship, error) {
		return s.store.Relationship(ctx, a, b)
	}, "", r)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.auditRelationshipPut(ctx, before, stored, created)
	respondPut(c, created, relationshipPath(stored), fromRelationship(stored))
}

func relationshipPath(r graph.Relationship) string {
	return APIPrefix + "/relationships/" + r.A + "/" + r.B
}

func (s *Server) getRelationship(c *gin.Context) {
	a, b, err := pathEnds(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	r, err := s.store.Relationship(c.Request.Context(), a, b)
	if err == nil && !seesTie(principalOf(c.Request.Context()), r) {
		err = hiddenRelationship(a, b)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, fromRelationship(r))
}

func (s *Server) deleteRelationship(c *gin.Context) {
	a, b, err := pathEnds(c)
	if err == nil {
		err = s.store.DeleteRelationship(c.Request.Context(), a, b)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.audit(c.Request.Context(), auditRelationshipDel).Str("a", min(a, b)).Str("b", max(a, b)).
		Msg("relationship deleted")
	c.Status(http.StatusNoContent)
}

func (s *Server) personRelationships(c *gin.Context) {
	id, err := idOnly(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	rs, err := s.store.PersonRelationships(c.Request.Context(), id)
	if err != nil {
		_ = c.Error(err)
		return
	}
	rs = visibleRelationships(principalOf(c.Request.Context()), rs)
	out := pageResponse[relationshipResponse]{Items: make([]relationshipResponse, 0, len(rs))}
	for _, r := range rs {
		out.Items = append(out.Items, fromRelationship(r))
	}
	c.JSON(http.StatusOK, out)
}

// recordInteraction answers 201 with the relationship when the interaction
// created it, 200 when it updated an existing one.
func (s *Server) recordInteraction(c *gin.Context) {
	req, err := jsonBody[interactionRequest](c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	i, p := toInteraction(req)
	if len(p) == 0 {
		i.A, i.B, err = s.personIDs(ctx, i.A, i.B)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	if len(p) > 0 {
		_ = c.Error(merge(p, i.Validate()))
		return
	}
	r, created, err := s.store.RecordInteraction(ctx, i, s.cfg.TrustModel)
	if err != nil {
		_ = c.Error(err)
		return
	}
	respondPut(c, created, relationshipPath(r), fromRelationship(r))
}
