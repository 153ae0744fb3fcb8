package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/graph"
)

// pictureRoutes registers GET /graph, the nodes and edges around a person,
// an account or a unit for drawing. Private relationships never appear in
// it, whoever asks (docs/contract.md §3).
func (s *Server) pictureRoutes(g *gin.RouterGroup) {
	g.GET("/graph", s.picture)
}

// picture answers GET /graph?focus=&kind=&depth=&limit=&asOf=&halfLifeDays=.
// kind (person, account or unit) says which id space focus is in; without
// it a person is looked for first, then an account, then a unit.
func (s *Server) picture(c *gin.Context) {
	v, err := query(c, "focus", "kind", "depth", "limit", "asOf", "halfLifeDays")
	if err != nil {
		_ = c.Error(err)
		return
	}
	var probs graph.Problems
	p, err := s.routingParams(v)
	if err != nil {
		probs = append(probs, graph.ErrorFields(err)...)
	}
	depth := 0
	if raw := v.Get("depth"); raw != "" {
		n, err := strconv.Atoi(raw)
		switch {
		case errors.Is(err, strconv.ErrRange), err == nil && n == 0:
			depth = -1 // too large, or 0: out of range (not "the default")
		case err != nil:
			probs.Add("depth", "%q is not a whole number", clipValue(raw))
		default:
			depth = n
		}
	}
	if err := probs.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	res, err := analytics.Picture(c.Request.Context(), s.store, s.store, analytics.PictureQuery{
		Focus: v.Get("focus"), FocusKind: v.Get("kind"), Depth: depth, Limit: p.Limit,
		AsOf: p.AsOf, HalfLifeDays: p.HalfLifeDays,
	})
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, res)
}
