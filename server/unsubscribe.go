package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/delivery"
	"github.com/contactgraph/contactgraph/graph"
)

// unsubscribeRoutes registers the link of every letter's List-Unsubscribe
// header: without a key (the recipient has none), the signed token is the
// authority. GET answers a page that asks to confirm (mail scanners follow
// links), POST opts out (RFC 8058's one click, and the page's button).
func (s *Server) unsubscribeRoutes(e *gin.Engine) {
	e.GET("/unsubscribe", s.unsubscribePage)
	e.POST("/unsubscribe", s.unsubscribe)
}

// unsubscribeCustomer checks the token t of the request.
func (s *Server) unsubscribeCustomer(c *gin.Context) (string, error) {
	if len(s.cfg.UnsubscribeSecret) == 0 {
		return "", errNoDelivery
	}
	v, err := query(c, "t")
	if err != nil {
		return "", err
	}
	customer, ok := delivery.CheckUnsubscribeToken(s.cfg.UnsubscribeSecret, v.Get("t"))
	if !ok {
		var p graph.Problems
		p.Add("t", "is not an unsubscribe token of this server")
		return "", p.Err()
	}
	return customer, nil
}

func (s *Server) unsubscribePage(c *gin.Context) {
	if _, err := s.unsubscribeCustomer(c); err != nil {
		_ = c.Error(err)
		return
	}
	c.Header("Content-Security-Policy", "default-src 'none'; form-action 'self'")
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(`<!doctype html><meta charset="utf-8"><title>Unsubscribe</title>`+
		`<form method="post"><p>Receive no more letters of this kind?</p><button>Unsubscribe</button></form>`))
}

func (s *Server) unsubscribe(c *gin.Context) {
	customer, err := s.unsubscribeCustomer(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	cu, err := s.store.Customer(ctx, customer)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		// Erased meanwhile: nothing is left to send to.
		c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte("You are unsubscribed.\n"))
		return
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	if !cu.OptOut {
		cu.OptOut = true
		if _, err := s.store.PutCustomer(ctx, cu); err != nil {
			_ = c.Error(err)
			return
		}
		s.audit(ctx, auditUnsubscribed).Str("customer", customer).Msg("customer unsubscribed")
	}
	zerolog.Ctx(ctx).Info().Str("customer", customer).Msg("unsubscribed")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte("You are unsubscribed.\n"))
}
