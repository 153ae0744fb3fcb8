package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/delivery"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/letters"
)

// deliveryRoutes registers the letters of saved campaigns and their
// delivery (docs/delivery.md): write the letter, preview one, deliver,
// pause, and read how far it got.
func (s *Server) deliveryRoutes(g *gin.RouterGroup) {
	g.PUT("/campaigns/:id/letter", s.putLetter)
	g.GET("/campaigns/:id/letter", s.getLetter)
	g.GET("/campaigns/:id/preview", s.previewLetter)
	g.POST("/campaigns/:id/deliver", s.deliverCampaign)
	g.POST("/campaigns/:id/pause", s.pauseCampaign)
	g.GET("/campaigns/:id/delivery", s.campaignDelivery)
}

// Audit events of delivery (docs/delivery.md).
const (
	auditLetterWritten  = "campaign_letter_written"
	auditDeliveryAsked  = "campaign_delivery_asked"
	auditDeliveryPaused = "campaign_delivery_paused"
	// customer_unsubscribed: through the signed link of a letter.
	auditUnsubscribed = "customer_unsubscribed"
)

// errNoDelivery answers delivery routes of a server without SMTP settings.
var errNoDelivery = &httpError{status: http.StatusServiceUnavailable,
	detail: "this server delivers no mail: start it with --smtp-host and --smtp-sender (docs/delivery.md)"}

// letterResponse is a campaign's letter.
type letterResponse struct {
	Campaign string           `json:"campaign"`
	Revision int64            `json:"revision"`
	Letter   letters.Template `json:"letter"`
}

func (s *Server) putLetter(c *gin.Context) {
	id, err := idOnly(c)
	var req letters.Template
	if err == nil {
		err = decodeJSON(c, &req)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	saved, err := campaigns.SetLetter(ctx, s.store, id, req)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.audit(ctx, auditLetterWritten).Str("campaign", id).Msg("campaign letter written")
	c.JSON(http.StatusOK, letterResponse{Campaign: id, Revision: saved.Revision, Letter: *saved.Letter})
}

// getLetter answers a campaign's letter as it was written; 404 when none
// was written yet.
func (s *Server) getLetter(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		_ = c.Error(err)
		return
	}
	saved, err := campaigns.Load(c.Request.Context(), s.store, id)
	if err == nil && saved.Letter == nil {
		err = graph.Errorf(graph.ENOTFOUND, "campaign %q has no letter yet: PUT /campaigns/%s/letter writes it", id, id)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, letterResponse{Campaign: id, Revision: saved.Revision, Letter: *saved.Letter})
}

func (s *Server) previewLetter(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		_ = c.Error(err)
		return
	}
	v, err := query(c, "recipient")
	if err == nil {
		err = graph.CheckID("recipient", v.Get("recipient"))
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	saved, err := campaigns.Load(ctx, s.store, id)
	if err != nil {
		_ = c.Error(err)
		return
	}
	p, err := delivery.PreviewLetter(ctx, s.store, saved, v.Get("recipient"))
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// deliverRequest is the optional body of POST /campaigns/{id}/deliver.
type deliverRequest struct {
	// DeliverAfter is the deadline of the senders' declines; absent or
	// past: now.
	DeliverAfter *time.Time `json:"deliverAfter"`
}

func (s *Server) deliverCampaign(c *gin.Context) {
	id, err := idOnly(c)
	var req deliverRequest
	if err == nil && c.Request.ContentLength != 0 {
		err = decodeJSON(c, &req)
	}
	if err == nil && s.cfg.Delivery == nil {
		err = errNoDelivery
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	var after time.Time
	if req.DeliverAfter != nil {
		after = *req.DeliverAfter
	}
	ctx := c.Request.Context()
	saved, err := s.cfg.Delivery.Deliver(ctx, id, principalOf(ctx).KeyID, after)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.audit(ctx, auditDeliveryAsked).Str("campaign", id).Time("deliver_after", saved.Delivery.DeliverAfter).
		Msg("campaign delivery asked for")
	s.respondDelivery(c, http.StatusAccepted, saved)
}

func (s *Server) pauseCampaign(c *gin.Context) {
	id, err := idOnly(c)
	if err == nil && s.cfg.Delivery == nil {
		err = errNoDelivery
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	saved, err := s.cfg.Delivery.Pause(ctx, id)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.audit(ctx, auditDeliveryPaused).Str("campaign", id).Msg("campaign delivery paused")
	s.respondDelivery(c, http.StatusOK, saved)
}

func (s *Server) campaignDelivery(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		_ = c.Error(err)
		return
	}
	v, err := query(c, "state", "limit", "cursor")
	var p graph.Problems
	q := graph.LetterQuery{Campaign: id}
	if err == nil {
		q.Limit, q.After = pageParams(v, &p)
		if st := v.Get("state"); st != "" {
			if !validLetterState(st) {
				p.Add("state", "%q is no letter state: want one of %v", clipValue(st), graph.LetterStates)
			}
			q.State = st
		}
		err = p.Err()
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	saved, err := campaigns.Load(ctx, s.store, id)
	if err != nil {
		_ = c.Error(err)
		return
	}
	page, err := s.store.Letters(ctx, q)
	if err != nil {
		_ = c.Error(err)
		return
	}
	body, err := s.deliveryBody(c, saved)
	if err != nil {
		_ = c.Error(err)
		return
	}
	body.Letters = &pageResponse[letterState]{Items: make([]letterState, 0, len(page.Items)), Next: encodeCursor(page.Next)}
	for _, l := range page.Items {
		body.Letters.Items = append(body.Letters.Items, toLetterState(l))
	}
	c.JSON(http.StatusOK, body)
}

func validLetterState(s string) bool {
	for _, st := range graph.LetterStates {
		if s == st {
			return true
		}
	}
	return false
}

// deliveryResponse is how far a campaign's delivery got.
type deliveryResponse struct {
	Campaign string `json:"campaign"`
	// State is "none" before delivery is asked for, else notice,
	// running, paused or done.
	State        string                     `json:"state"`
	DeliverAfter *time.Time                 `json:"deliverAfter"`
	Counts       map[string]int             `json:"counts"`
	Notices      map[string]int             `json:"notices"`
	Letters      *pageResponse[letterState] `json:"letters,omitempty"`
}

// letterState is one recipient's letter in a delivery.
type letterState struct {
	Customer  string     `json:"customer"`
	Sender    *string    `json:"sender"`
	State     string     `json:"state"`
	Attempts  int        `json:"attempts"`
	NextAt    *time.Time `json:"nextAt"`
	SentAt    *time.Time `json:"sentAt"`
	Reason    string     `json:"reason"`
	MessageID string     `json:"messageId"`
}

func toLetterState(l graph.Letter) letterState {
	out := letterState{Customer: l.Customer, State: l.State, Attempts: l.Attempts, Reason: l.Reason, MessageID: l.MessageID}
	if l.Sender != "" {
		out.Sender = &l.Sender
	}
	if !l.NextAt.IsZero() {
		out.NextAt = &l.NextAt
	}
	if !l.SentAt.IsZero() {
		out.SentAt = &l.SentAt
	}
	return out
}

// deliveryBody is the state and counts of saved's delivery.
func (s *Server) deliveryBody(c *gin.Context, saved *campaigns.Saved) (deliveryResponse, error) {
	ctx := c.Request.Context()
	out := deliveryResponse{Campaign: saved.ID, State: "none", Counts: map[string]int{}, Notices: map[string]int{}}
	if d := saved.Delivery; d != nil {
		out.State = d.State
		after := d.DeliverAfter
		out.DeliverAfter = &after
	}
	counts, err := s.store.LetterCounts(ctx, saved.ID)
	if err != nil {
		return out, err
	}
	notices, err := s.store.LetterCounts(ctx, delivery.NoticeOutbox(saved.ID))
	if err != nil {
		return out, err
	}
	for _, st := range graph.LetterStates {
		out.Counts[st], out.Notices[st] = counts[st], notices[st]
	}
	return out, nil
}

func (s *Server) respondDelivery(c *gin.Context, status int, saved *campaigns.Saved) {
	body, err := s.deliveryBody(c, saved)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(status, body)
}
