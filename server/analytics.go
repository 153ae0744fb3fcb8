package server

import (
	"net/http"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/gin-gonic/gin"
)

// analyticsRoutes registers the management figures: coverage overall, per
// account and per unit, and the key people customers depend on. Package
// routing computes them for both stores.
func (s *Server) analyticsRoutes(g *gin.RouterGroup) {
	g.GET("/analytics/coverage", s.coverage)
	g.GET("/analytics/key-people", s.keyPeople)
}

func (s *Server) coverage(c *gin.Context) {
	_, p, err := s.askParams(c, "maxHops", "minTrust", "asOf", "halfLifeDays")
	if err != nil {
		_ = c.Error(err)
		return
	}
	res, err := analytics.Coverage(c.Request.Context(), s.store, s.store, p)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) keyPeople(c *gin.Context) {
	_, p, err := s.askParams(c, "limit", "maxHops", "minTrust", "asOf", "halfLifeDays")
	if err != nil {
		_ = c.Error(err)
		return
	}
	res, err := analytics.KeyPeople(c.Request.Context(), s.store, s.store, p)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, res)
}
