package server

import (
	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// accountRequest is the body of PUT /accounts/{id} and an account of a batch.
type accountRequest struct {
	ID      *string `json:"id"`
	Name    string  `json:"name"`
	Owner   string  `json:"owner"`
	Segment string  `json:"segment"`
}

// accountResponse is an account as the API shows it.
type accountResponse struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Owner   string `json:"owner"`
	Segment string `json:"segment"`
}

func toAccount(req accountRequest, id string) graph.Account {
	return graph.Account{ID: id, Name: req.Name, Owner: req.Owner, Segment: req.Segment}
}

func fromAccount(a graph.Account) accountResponse {
	return accountResponse{ID: a.ID, Name: a.Name, Owner: a.Owner, Segment: a.Segment}
}

func (s *Server) accountRoutes(g *gin.RouterGroup) {
	entity[graph.Account, accountRequest, accountResponse]{
		plural: "accounts", scope: "owner", cascade: true,
		bodyID:   func(r *accountRequest) *string { return r.ID },
		toDomain: toAccount, fromDomain: fromAccount,
		put: s.store.PutAccount, get: s.store.Account, del: s.store.DeleteAccount, list: s.store.Accounts,
	}.routes(g)
}
