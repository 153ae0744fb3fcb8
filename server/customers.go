package server

import (
	"context"
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
)

// customerRequest is the body of PUT /customers/{id} and a customer of a
// batch.
type customerRequest struct {
	ID      *string  `json:"id"`
	Name    string   `json:"name"`
	Email   string   `json:"email"`
	Title   string   `json:"title"`
	Account string   `json:"account"`
	OptOut  bool     `json:"optOut"`
	Aliases []string `json:"aliases"`
}

// customerResponse is a customer as the API shows it.
type customerResponse struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Email   string   `json:"email"`
	Title   string   `json:"title"`
	Account string   `json:"account"`
	OptOut  bool     `json:"optOut"`
	Aliases []string `json:"aliases"`
}

func toCustomer(req customerRequest, id string) graph.Customer {
	return graph.Customer{ID: id, Name: req.Name, Email: req.Email, Title: req.Title, Account: req.Account, OptOut: req.OptOut,
		Aliases: noAliases(req.Aliases)}
}

func fromCustomer(c graph.Customer) customerResponse {
	return customerResponse{ID: c.ID, Name: c.Name, Email: c.Email, Title: c.Title, Account: c.Account, OptOut: c.OptOut,
		Aliases: shownAliases(c.Aliases)}
}

func (s *Server) customerRoutes(g *gin.RouterGroup) {
	entity[graph.Customer, customerRequest, customerResponse]{
		plural: "customers", scope: "account",
		bodyID:   func(r *customerRequest) *string { return r.ID },
		toDomain: toCustomer, fromDomain: fromCustomer,
		put: s.store.PutCustomer, get: s.store.Customer, list: s.store.Customers,
		// Nothing refers to a customer but relationships, which go with it.
		del: s.eraseCustomer,
	}.routes(g)
}

// eraseCustomer erases a customer (the right to erasure): the store deletes
// them with all their ties, then every saved campaign lets go of them
// (campaigns.EraseCustomer), then introductions and the outbox do. Should the second step fail, the DELETE fails
// and a retry finishes it: a customer who is gone from the store but still
// in a campaign is erased from the campaigns, and the retry answers 204.
// An erasure is audited: that it happened, not what was erased.
func (s *Server) eraseCustomer(ctx context.Context, id string, _ bool) error {
	deleted := s.store.DeleteCustomer(ctx, id)
	if deleted != nil && graph.ErrorCode(deleted) != graph.ENOTFOUND {
		return deleted
	}
	n, err := campaigns.EraseCustomer(ctx, s.store, id)
	if err != nil {
		return fmt.Errorf("erase customer %q from saved campaigns (retry the DELETE to finish): %w", id, err)
	}
	intros, err := s.eraseIntroductions(ctx, id)
	if err != nil {
		return fmt.Errorf("erase customer %q from introductions (retry the DELETE to finish): %w", id, err)
	}
	letters, err := s.store.ForgetLetters(ctx, id)
	if err != nil {
		return fmt.Errorf("erase customer %q from the outbox (retry the DELETE to finish): %w", id, err)
	}
	if deleted != nil && n == 0 && intros == 0 && letters == 0 {
		return deleted
	}
	s.audit(ctx, auditCustomerErased).Str("customer", id).Int("campaigns", n).Int("introductions", intros).
		Int("letters", letters).Msg("customer erased")
	return nil
}
