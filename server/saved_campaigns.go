package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// savedCampaignRoutes registers saved campaigns (package campaigns): save
// one, list and read them, mark one sent, and let its senders decline
// recipients.
func (s *Server) savedCampaignRoutes(g *gin.RouterGroup) {
	g.POST("/campaigns", s.saveCampaign)
	g.GET("/campaigns", s.listCampaigns)
	g.GET("/campaigns/:id", s.savedCampaign)
	g.POST("/campaigns/:id/sent", s.markCampaignSent)
	g.POST("/campaigns/:id/decline", s.declineRecipients)
}

// saveCampaignRequest is the body of POST /campaigns: a name and what
// POST /campaigns/resolve takes.
type saveCampaignRequest struct {
	Name string `json:"name"`
	campaignRequest
}

// campaignFields are the fields of a saved campaign besides its rows.
type campaignFields struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Status     string    `json:"status"`
	CreatedAt  time.Time `json:"createdAt"`
	CreatedBy  string    `json:"createdBy"`
	Recipients int       `json:"recipients"`
	Revision   int64     `json:"revision"`
}

func toCampaignFields(c graph.Campaign) campaignFields {
	return campaignFields{ID: c.ID, Name: c.Name, Status: c.Status, CreatedAt: c.CreatedAt.UTC(), CreatedBy: c.CreatedBy,
		Recipients: c.Recipients, Revision: c.Revision}
}

// campaignItem is a saved campaign in a list.
type campaignItem struct {
	campaignFields
	AsOf time.Time `json:"asOf"`
}

func toCampaignItem(c graph.Campaign) campaignItem {
	return campaignItem{campaignFields: toCampaignFields(c), AsOf: c.AsOf.UTC()}
}

// savedCampaignHead is a saved campaign's fields besides its answer: when
// it was sent, what it was resolved with, and its declines. In full a saved
// campaign is this joined with the answer as it is now, in the shape of
// POST /campaigns/resolve (see savedCampaignBody).
type savedCampaignHead struct {
	campaignFields
	SentAt   *time.Time          `json:"sentAt"`
	SentBy   string              `json:"sentBy,omitempty"`
	Params   campaigns.Params    `json:"params"`
	Declines []campaigns.Decline `json:"declines"`
}

// savedCampaignBody renders a saved campaign in full as the caller may see
// it: the scores of routes through private ties they may not see are
// withheld, as in POST /campaigns/resolve.
func (s *Server) savedCampaignBody(ctx context.Context, saved *campaigns.Saved) (any, error) {
	view, _, err := s.privateCampaign(ctx, principalOf(ctx), saved.Result())
	if err != nil {
		return nil, err
	}
	head := savedCampaignHead{campaignFields: toCampaignFields(saved.Campaign), SentAt: saved.SentAt, SentBy: saved.SentBy,
		Params: saved.Params, Declines: saved.Declines}
	if head.Declines == nil {
		head.Declines = []campaigns.Decline{}
	}
	switch v := view.(type) {
	case campaignView:
		return struct {
			savedCampaignHead
			campaignView
		}{head, v}, nil
	case *campaigns.Result:
		return struct {
			savedCampaignHead
			*campaigns.Result
		}{head, v}, nil
	}
	return nil, fmt.Errorf("server: campaign view of type %T", view)
}

// respondSaved answers a saved campaign in full with status.
func (s *Server) respondSaved(c *gin.Context, status int, saved *campaigns.Saved) {
	body, err := s.savedCampaignBody(c.Request.Context(), saved)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(status, body)
}

// rowView is a campaign row with its score withheld when its route runs
// through a private tie the caller may not see.
type rowView struct {
	campaigns.Row
	Score *float64 `json:"score"`
}

// privateRows returns rows as who may see them.
func (s *Server) privateRows(ctx context.Context, rows []campaigns.Row) ([]rowView, error) {
	routes := make([][]string, 0, len(rows))
	for _, r := range rows {
		if r.Reason == routing.ReasonTrustedPath {
			routes = append(routes, r.Path)
		}
	}
	h, err := s.hiddenHops(ctx, principalOf(ctx), routes...)
	if err != nil {
		return nil, err
	}
	out := make([]rowView, len(rows))
	for i, r := range rows {
		out[i] = rowView{Row: r, Score: shown(r.Score, r.Reason == routing.ReasonTrustedPath && h.in(r.Path))}
	}
	return out, nil
}

func (s *Server) saveCampaign(c *gin.Context) {
	req, err := jsonBody[saveCampaignRequest](c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	campaign, boundary := s.toCampaign(req.campaignRequest)
	boundary = append(graph.CheckCampaignName(req.Name), boundary...)
	if err := merge(boundary, graph.ErrorFields(campaign.Validate())); err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	start := time.Now()
	saved, err := campaigns.Save(ctx, s.store, req.Name, campaign, principalOf(ctx).KeyID)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.auditCampaign(c, auditCampaignSaved, saved.Result(), time.Since(start)).Str("campaign", saved.ID).
		Msg("campaign saved")
	c.Header("Location", APIPrefix+"/campaigns/"+saved.ID)
	s.respondSaved(c, http.StatusCreated, saved)
}

func (s *Server) listCampaigns(c *gin.Context) {
	q, err := campaignQuery(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	page, err := s.store.Campaigns(c.Request.Context(), q)
	if err != nil {
		_ = c.Error(err)
		return
	}
	out := pageResponse[campaignItem]{Items: make([]campaignItem, 0, len(page.Items)), Next: encodeCursor(page.Next)}
	for _, item := range page.Items {
		out.Items = append(out.Items, toCampaignItem(item))
	}
	c.JSON(http.StatusOK, out)
}

// campaignQuery reads the limit and cursor of a list of saved campaigns.
func campaignQuery(c *gin.Context) (graph.CampaignQuery, error) {
	v, err := query(c, "limit", "cursor")
	if err != nil {
		return graph.CampaignQuery{}, err
	}
	var p graph.Problems
	var q graph.CampaignQuery
	q.Limit, q.After = pageParams(v, &p)
	return q, p.Err()
}

// savedCampaign answers one saved campaign, as JSON or, for mail merge, as
// the CSV of POST /campaigns/resolve.
func (s *Server) savedCampaign(c *gin.Context) {
	if c.Param("id") == "resolve" {
		// POST /campaigns/resolve is a route of its own, not a saved campaign.
		c.Header("Allow", http.MethodPost)
		noMethod(c)
		return
	}
	id, err := idOnly(c)
	format := formatJSON
	if err == nil {
		format, err = campaignFormat(c.GetHeader("Accept"))
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	saved, err := campaigns.Load(c.Request.Context(), s.store, id)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if format == formatCSV {
		res := saved.Result()
		_, withheld, err := s.privateCampaign(c.Request.Context(), principalOf(c.Request.Context()), res)
		if err != nil {
			_ = c.Error(err)
			return
		}
		s.writeCampaignCSV(c, res, withheld)
		return
	}
	s.respondSaved(c, http.StatusOK, saved)
}

func (s *Server) markCampaignSent(c *gin.Context) {
	id, err := idOnly(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	saved, err := campaigns.MarkSent(ctx, s.store, id, principalOf(ctx).KeyID)
	if err != nil {
		_ = c.Error(err)
		return
	}
	// Marking it sent again records what an earlier call could not.
	letters, err := campaigns.RecordSent(ctx, s.store, saved, s.cfg.TrustModel)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.audit(ctx, auditCampaignSent).Str("campaign", id).Int("letters", letters).Msg("campaign marked sent")
	s.respondSaved(c, http.StatusOK, saved)
}

// declineRequest is the body of POST /campaigns/{id}/decline. Employee is
// the sender who declines: an employee key declines for itself (and may
// leave it out), an admin names the employee.
type declineRequest struct {
	Recipients []string `json:"recipients"`
	Employee   *string  `json:"employee"`
}

// declineResponse tells what became of the declined recipients.
type declineResponse struct {
	Campaign   string    `json:"campaign"`
	Revision   int64     `json:"revision"`
	Reassigned []rowView `json:"reassigned"`
}

func (s *Server) declineRecipients(c *gin.Context) {
	id, err := idOnly(c)
	var req declineRequest
	if err == nil {
		err = decodeJSON(c, &req)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	who := principalOf(ctx)
	employee := who.Employee
	var probs graph.Problems
	switch {
	case req.Employee != nil && who.Role == RoleEmployee && *req.Employee != who.Employee:
		_ = c.Error(graph.Errorf(graph.EFORBIDDEN, "an employee key declines only for its own employee (%s)", who.Employee))
		return
	case req.Employee != nil:
		employee = *req.Employee
		if err := graph.CheckID("employee", employee); err != nil {
			probs = append(probs, graph.ErrorFields(err)...)
		}
	case who.Role != RoleEmployee:
		probs.Add("employee", "is required: name the sender who declines")
	}
	for i, r := range req.Recipients {
		if !graph.ValidID(r) {
			probs = append(probs, graph.ErrorFields(graph.CheckID(indexed("recipients", i), r))...)
		}
	}
	if err := probs.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	saved, rows, err := campaigns.DeclineRecipients(ctx, s.store, id, employee, req.Recipients, who.KeyID)
	if err != nil {
		_ = c.Error(err)
		return
	}
	for _, r := range rows {
		ev := s.audit(ctx, auditCampaignDeclined).Str("campaign", id).Str("sender", employee).
			Str("customer", r.Customer).Str("reason", r.Reason)
		if r.Sender != nil && r.Sender.ID != nil {
			ev = ev.Str("new_sender", *r.Sender.ID)
		}
		ev.Msg("recipient declined")
	}
	shownRows, err := s.privateRows(ctx, rows)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, declineResponse{Campaign: id, Revision: saved.Revision, Reassigned: shownRows})
}

// indexed names element i of a list field: "recipients[3]".
func indexed(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }
