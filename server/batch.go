package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// batchRequest is the body of POST /batch: entities of every kind, each with
// its id (relationships with their ends a and b), written all or nothing.
type batchRequest struct {
	Units         []unitRequest         `json:"units"`
	Accounts      []accountRequest      `json:"accounts"`
	Employees     []employeeRequest     `json:"employees"`
	Customers     []customerRequest     `json:"customers"`
	Relationships []relationshipRequest `json:"relationships"`
}

// batchResponse counts what a batch created and what it replaced.
type batchResponse struct {
	Created  int `json:"created"`
	Replaced int `json:"replaced"`
}

// toBatch converts req; the problems are those only the boundary sees
// (missing trusts, unreadable times), named like "relationships[2].since".
func toBatch(req batchRequest) (graph.Batch, graph.Problems) {
	var b graph.Batch
	var p graph.Problems
	for _, u := range req.Units {
		b.Units = append(b.Units, toUnit(u, deref(u.ID)))
	}
	for _, a := range req.Accounts {
		b.Accounts = append(b.Accounts, toAccount(a, deref(a.ID)))
	}
	for _, e := range req.Employees {
		b.Employees = append(b.Employees, toEmployee(e, deref(e.ID)))
	}
	for _, c := range req.Customers {
		b.Customers = append(b.Customers, toCustomer(c, deref(c.ID)))
	}
	for i, r := range req.Relationships {
		rel, rp := toRelationship(r, deref(r.A), deref(r.B), "relationships["+strconv.Itoa(i)+"].")
		b.Relationships = append(b.Relationships, rel)
		p = append(p, rp...)
	}
	return b, p
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (s *Server) batchRoutes(g *gin.RouterGroup) {
	g.POST("/batch", s.batch)
}

// batch answers 200 with the counts of created and replaced entities.
func (s *Server) batch(c *gin.Context) {
	req, err := jsonBody[batchRequest](c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	b, p := toBatch(req)
	if len(p) > 0 {
		_ = c.Error(merge(p, b.Validate()))
		return
	}
	res, err := s.store.Batch(c.Request.Context(), b)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, batchResponse{Created: res.Created, Replaced: res.Replaced})
}
