package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// campaignRoutes registers the campaign resolution: the sender of every
// recipient of a mailing, under capacities (package routing decides).
func (s *Server) campaignRoutes(g *gin.RouterGroup) {
	g.POST("/campaigns/resolve", s.resolveCampaign)
}

// campaignRequest is the body of POST /campaigns/resolve (docs/contract.md §3).
type campaignRequest struct {
	Recipients      recipientsInput `json:"recipients"`
	Accounts        []string        `json:"accounts"`
	Segments        []string        `json:"segments"`
	Units           []string        `json:"units"`
	MinTrust        *float64        `json:"minTrust"`
	MaxHops         *int            `json:"maxHops"`
	AsOf            *string         `json:"asOf"`
	HalfLifeDays    *float64        `json:"halfLifeDays"`
	Fallback        *fallbackInput  `json:"fallback"`
	Capacity        map[string]int  `json:"capacity"`
	DefaultCapacity *int            `json:"defaultCapacity"`
}

// fallbackInput is a campaign's own fallback sender.
type fallbackInput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// toCampaign converts the request, with the server's defaults, and returns
// the problems only the boundary can see (a time that does not parse).
func (s *Server) toCampaign(req campaignRequest) (campaigns.Campaign, graph.Problems) {
	c := campaigns.Campaign{
		Recipients: req.Recipients.IDs, All: req.Recipients.All, Accounts: req.Accounts, Segments: req.Segments, Units: req.Units,
		Params:   routing.Params{HalfLifeDays: s.cfg.HalfLifeDays, MinTrust: req.MinTrust},
		Fallback: s.cfg.Fallback, Capacity: req.Capacity, DefaultCapacity: req.DefaultCapacity,
		MaxRecipients: s.cfg.MaxRecipients,
	}
	if req.MaxHops != nil {
		c.Params.MaxHops = outOfRangeIfZero(*req.MaxHops)
	}
	if req.HalfLifeDays != nil {
		c.Params.HalfLifeDays = *req.HalfLifeDays
		if *req.HalfLifeDays == 0 {
			c.Params.HalfLifeDays = -1
		}
	}
	if req.Fallback != nil {
		c.Fallback = routing.Fallback{Name: req.Fallback.Name, Email: req.Fallback.Email}
	}
	var probs graph.Problems
	if t := parseTime(&probs, "asOf", req.AsOf); t != nil {
		c.Params.AsOf = *t
	}
	return c, probs
}

// outOfRangeIfZero keeps an explicit 0 from meaning "the default".
func outOfRangeIfZero(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

func (s *Server) resolveCampaign(c *gin.Context) {
	if _, err := query(c); err != nil {
		_ = c.Error(err)
		return
	}
	format, err := campaignFormat(c.GetHeader("Accept"))
	if err != nil {
		_ = c.Error(err)
		return
	}
	var req campaignRequest
	if err := decodeJSON(c, &req); err != nil {
		_ = c.Error(err)
		return
	}
	campaign, boundary := s.toCampaign(req)
	if err := merge(boundary, graph.ErrorFields(campaign.Validate())); err != nil {
		_ = c.Error(err)
		return
	}
	start := time.Now()
	res, err := campaigns.Resolve(c.Request.Context(), s.store, campaign)
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.auditCampaign(c, auditCampaignResolved, res, time.Since(start)).Msg("campaign resolved")
	view, withheld, err := s.privateCampaign(c.Request.Context(), principalOf(c.Request.Context()), res)
	if err != nil {
		_ = c.Error(err)
		return
	}
	if format == formatCSV {
		s.writeCampaignCSV(c, res, withheld)
		return
	}
	c.JSON(http.StatusOK, view)
}

// auditCampaign writes the audit record of a resolved campaign: who asked,
// when, and how many recipients went which way.
func (s *Server) auditCampaign(c *gin.Context, event string, res *campaigns.Result, took time.Duration) *zerolog.Event {
	sum := res.Summary
	ev := s.audit(c.Request.Context(), event).
		Time("as_of", res.AsOf).
		Int("recipients", sum.Recipients).
		Int("assigned", sum.Assigned).
		Int("duplicates", sum.Duplicates).
		Float64("total_score", sum.TotalScore).
		Dur("duration", took)
	for _, reason := range []string{routing.ReasonTrustedPath, routing.ReasonAccountOwner, routing.ReasonFallback} {
		ev = ev.Int(reason, sum.ByReason[reason])
	}
	for _, reason := range []string{routing.ReasonOptOut, routing.ReasonNoEmail} {
		ev = ev.Int(reason, sum.Excluded[reason])
	}
	return ev.Int(routing.ReasonUnknownCustomer, sum.Unresolved[routing.ReasonUnknownCustomer]).
		Int("senders", len(sum.BySender))
}
