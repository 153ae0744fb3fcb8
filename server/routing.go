package server

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// routingRoutes registers the routing questions: who knows a customer, the
// best paths between two persons, the sender of one customer and the
// handover of an employee who leaves. The answers come from package routing,
// which ranks for both stores in one place.
func (s *Server) routingRoutes(g *gin.RouterGroup) {
	g.GET("/customers/:id/contacts", s.contacts)
	g.GET("/customers/:id/route", s.route)
	g.GET("/customers/:id/interactions", s.customerInteractions)
	g.GET("/paths", s.paths)
	g.GET("/employees/:id/handover", s.handover)
}

// routingParams reads the query parameters routing shares. Absent ones stay
// zero (the operation's default); every bad one is named.
func (s *Server) routingParams(v url.Values) (routing.Params, error) {
	p := routing.Params{HalfLifeDays: s.cfg.HalfLifeDays}
	var probs graph.Problems
	intParam := func(name string, dst *int) {
		if raw := v.Get(name); raw != "" {
			n, err := strconv.Atoi(raw)
			switch {
			case errors.Is(err, strconv.ErrRange), err == nil && n == 0:
				n = -1 // too large, or 0: out of range (not "the default"), as routing words it
			case err != nil:
				probs.Add(name, "%q is not a whole number", clipValue(raw))
				return
			}
			*dst = n
		}
	}
	floatParam := func(name string) (float64, bool) {
		raw := v.Get(name)
		if raw == "" {
			return 0, false
		}
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			probs.Add(name, "%q is not a number", clipValue(raw))
			return 0, false
		}
		return f, true
	}
	intParam("limit", &p.Limit)
	intParam("maxHops", &p.MaxHops)
	if f, ok := floatParam("minTrust"); ok {
		p.MinTrust = &f
	}
	if f, ok := floatParam("halfLifeDays"); ok {
		if f == 0 {
			f = -1
		}
		p.HalfLifeDays = f
	}
	if raw := v.Get("asOf"); raw != "" {
		if t := parseTime(&probs, "asOf", &raw); t != nil {
			p.AsOf = *t
		}
	}
	return p, probs.Err()
}

// askParams checks the query string against names and reads the routing
// parameters from it.
func (s *Server) askParams(c *gin.Context, names ...string) (url.Values, routing.Params, error) {
	v, err := query(c, names...)
	if err != nil {
		return nil, routing.Params{}, err
	}
	p, err := s.routingParams(v)
	return v, p, err
}

// personQuestion reads the path id and the routing parameters of a question
// about one person.
func (s *Server) personQuestion(c *gin.Context, names ...string) (string, routing.Params, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return "", routing.Params{}, err
	}
	_, p, err := s.askParams(c, names...)
	return id, p, err
}

func (s *Server) contacts(c *gin.Context) {
	id, p, err := s.personQuestion(c, "limit", "maxHops", "minTrust", "asOf", "halfLifeDays")
	if err != nil {
		_ = c.Error(err)
		return
	}
	res, err := routing.Contacts(c.Request.Context(), s.store, id, p)
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	last, err := s.lastInteractions(ctx, principalOf(ctx), res)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.audit(ctx, auditContactsRead).Str("customer", id).Int("contacts", len(res.Contacts)).
		Msg("contacts read")
	c.JSON(http.StatusOK, privateContacts(principalOf(ctx), res, last))
}

func (s *Server) route(c *gin.Context) {
	id, p, err := s.personQuestion(c, "maxHops", "minTrust", "asOf", "halfLifeDays")
	if err != nil {
		_ = c.Error(err)
		return
	}
	asOf := p.AsOf
	if asOf.IsZero() {
		asOf = time.Now().UTC()
		p.AsOf = asOf
	}
	a, err := routing.Route(c.Request.Context(), s.store, s.store, id, routing.RouteParams{Params: p, Fallback: s.cfg.Fallback})
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	var route []string
	if a.Reason == routing.ReasonTrustedPath {
		route = a.Path
	}
	h, err := s.hiddenHops(ctx, principalOf(ctx), route)
	if err != nil {
		_ = c.Error(err)
		return
	}
	res := routeResponse{Assignment: a, AsOf: asOf}
	c.JSON(http.StatusOK, routeView{routeResponse: res, Score: shown(a.Score, h.in(route))})
}

// routeResponse is the answer of GET /customers/{id}/route: the assignment
// of docs/contract.md §3 with the moment trust was decayed to.
type routeResponse struct {
	routing.Assignment
	AsOf time.Time `json:"asOf"`
}

func (s *Server) paths(c *gin.Context) {
	v, err := query(c, "from", "to", "limit", "maxHops", "minTrust", "asOf", "halfLifeDays")
	if err != nil {
		_ = c.Error(err)
		return
	}
	var probs graph.Problems
	from, to := v.Get("from"), v.Get("to")
	for _, end := range [][2]string{{"from", from}, {"to", to}} {
		if err := graph.CheckID(end[0], end[1]); err != nil {
			probs = append(probs, graph.ErrorFields(err)...)
		}
	}
	p, err := s.routingParams(v)
	if err != nil {
		probs = append(probs, graph.ErrorFields(err)...)
	}
	if err := probs.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	res, err := routing.Paths(c.Request.Context(), s.store, from, to, p)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.audit(c.Request.Context(), auditPathsRead).Str("from", from).Str("to", to).Int("paths", len(res.Paths)).
		Msg("paths read")
	c.JSON(http.StatusOK, privatePaths(principalOf(c.Request.Context()), res))
}

func (s *Server) handover(c *gin.Context) {
	id, p, err := s.personQuestion(c, "maxHops", "minTrust", "asOf", "halfLifeDays")
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	res, err := routing.Handover(ctx, s.store, id, p)
	if err != nil {
		_ = c.Error(err)
		return
	}
	view, err := s.privateHandover(ctx, principalOf(ctx), res)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, view)
}
