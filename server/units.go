package server

import (
	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// unitRequest is the body of PUT /units/{id} and a unit of a batch.
type unitRequest struct {
	ID     *string `json:"id"`
	Name   string  `json:"name"`
	Parent string  `json:"parent"`
}

// unitResponse is a unit as the API shows it.
type unitResponse struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Parent string `json:"parent"`
}

func toUnit(req unitRequest, id string) graph.Unit {
	return graph.Unit{ID: id, Name: req.Name, Parent: req.Parent}
}

func fromUnit(u graph.Unit) unitResponse {
	return unitResponse{ID: u.ID, Name: u.Name, Parent: u.Parent}
}

func (s *Server) unitRoutes(g *gin.RouterGroup) {
	entity[graph.Unit, unitRequest, unitResponse]{
		plural: "units", scope: "parent", cascade: true,
		bodyID:   func(r *unitRequest) *string { return r.ID },
		toDomain: toUnit, fromDomain: fromUnit,
		put: s.store.PutUnit, get: s.store.Unit, del: s.store.DeleteUnit, list: s.store.Units,
	}.routes(g)
}
