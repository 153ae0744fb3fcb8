package server

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// customerRequest is the body of PUT /customers/{id} and a customer of a
// batch.
type customerRequest struct {
	ID      *string `json:"id"`
	Name    string  `json:"name"`
	Email   string  `json:"email"`
	Title   string  `json:"title"`
	Account string  `json:"account"`
	OptOut  bool    `json:"optOut"`
}

// customerResponse is a customer as the API shows it.
type customerResponse struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Title   string `json:"title"`
	Account string `json:"account"`
	OptOut  bool   `json:"optOut"`
}

func toCustomer(req customerRequest, id string) graph.Customer {
	return graph.Customer{ID: id, Name: req.Name, Email: req.Email, Title: req.Title, Account: req.Account, OptOut: req.OptOut}
}

func fromCustomer(c graph.Customer) customerResponse {
	return customerResponse{ID: c.ID, Name: c.Name, Email: c.Email, Title: c.Title, Account: c.Account, OptOut: c.OptOut}
}

func (s *Server) customerRoutes(g *gin.RouterGroup) {
	entity[graph.Customer, customerRequest, customerResponse]{
		plural: "customers", scope: "account",
		bodyID:   func(r *customerRequest) *string { return r.ID },
		toDomain: toCustomer, fromDomain: fromCustomer,
		put: s.store.PutCustomer, get: s.store.Customer, list: s.store.Customers,
		// Nothing refers to a customer but relationships, which go with it.
		// An erasure is audited: that it happened, not what was erased.
		del: func(ctx context.Context, id string, _ bool) error {
			if err := s.store.DeleteCustomer(ctx, id); err != nil {
				return err
			}
			s.audit(ctx, auditCustomerErased).Str("customer", id).Msg("customer erased")
			return nil
		},
	}.routes(g)
}
