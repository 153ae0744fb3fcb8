package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// meRoutes registers what an employee key sees of its own employee: the
// record and consent, the network, and the campaigns in their name (for
// admins and managers the last also per employee).
func (s *Server) meRoutes(g *gin.RouterGroup) {
	g.GET("/me", s.me)
	g.PATCH("/me", s.changeConsent)
	g.GET("/me/network", s.myNetwork)
	g.GET("/me/campaigns", s.myCampaigns)
	g.POST("/me/interactions", s.recordMyInteraction)
	g.GET("/employees/:id/campaigns", s.employeeCampaigns)
	g.GET("/whoami", s.whoami)
}

// whoami answers who the key acts for (role, bound employee, key id), for
// every key: the web UI shows the pages of that role.
func (s *Server) whoami(c *gin.Context) {
	if _, err := query(c); err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, principalOf(c.Request.Context()))
}

// myEmployee returns the employee the request's key is bound to.
func (s *Server) myEmployee(ctx context.Context) (graph.Employee, error) {
	who := principalOf(ctx)
	if who.Employee == "" {
		return graph.Employee{}, graph.Errorf(graph.EFORBIDDEN, "/me answers keys bound to an employee; this key is %s", who.Role)
	}
	e, err := s.store.Employee(ctx, who.Employee)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return graph.Employee{}, graph.Errorf(graph.ENOTFOUND, "the employee %q of this key does not exist", who.Employee)
	}
	return e, err
}

func (s *Server) me(c *gin.Context) {
	_, err := query(c)
	var e graph.Employee
	if err == nil {
		e, err = s.myEmployee(c.Request.Context())
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, fromEmployee(e))
}

// consentRequest is the body of PATCH /me: the consent flags and what
// letters in one's name show under it (phone, signature), each optional;
// nothing else of the record is the employee's to change.
type consentRequest struct {
	Sender    *bool   `json:"sender"`
	Broker    *bool   `json:"broker"`
	Capture   *bool   `json:"capture"`
	Phone     *string `json:"phone"`
	Signature *string `json:"signature"`
}

func (s *Server) changeConsent(c *gin.Context) {
	req, err := jsonBody[consentRequest](c)
	if err == nil && req.Sender == nil && req.Broker == nil && req.Capture == nil && req.Phone == nil && req.Signature == nil {
		var p graph.Problems
		p.Add("sender", "give sender, broker or capture (true or false), phone or signature: they are what an employee changes here")
		err = p.Err()
	}
	ctx := c.Request.Context()
	var e graph.Employee
	if err == nil {
		e, err = s.myEmployee(ctx)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	var fields []string
	if req.Sender != nil && *req.Sender != e.Sender {
		e.Sender = *req.Sender
		fields = append(fields, "sender")
	}
	if req.Broker != nil && *req.Broker != e.Broker {
		e.Broker = *req.Broker
		fields = append(fields, "broker")
	}
	if req.Capture != nil && *req.Capture != e.Capture {
		e.Capture = *req.Capture
		fields = append(fields, "capture")
	}
	if req.Phone != nil && *req.Phone != e.Phone {
		e.Phone = *req.Phone
		fields = append(fields, "phone")
	}
	if req.Signature != nil && *req.Signature != e.Signature {
		e.Signature = *req.Signature
		fields = append(fields, "signature")
	}
	if len(fields) > 0 {
		if _, err := s.store.PutEmployee(ctx, e); err != nil {
			_ = c.Error(err)
			return
		}
		s.audit(ctx, auditConsentChanged).Strs("fields", fields).Bool("sender", e.Sender).Bool("broker", e.Broker).
			Bool("capture", e.Capture).Msg("consent changed")
	}
	c.JSON(http.StatusOK, fromEmployee(e))
}

// myNetworkResponse is the "My network" of an employee: their ties with
// effective trust, the customers they are the sender for now, and those of
// them nobody else could take over.
type myNetworkResponse struct {
	Employee     employeeResponse      `json:"employee"`
	AsOf         time.Time             `json:"asOf"`
	HalfLifeDays float64               `json:"halfLifeDays"`
	Ties         []myTie               `json:"ties"`
	Sending      []mySending           `json:"sending"`
	OnlyContact  []routing.CustomerRef `json:"onlyContact"`
}

// myTie is one relationship of the employee, seen from their side. Decay
// is the share of trust left after time: effectiveTrust / trust.
type myTie struct {
	Person         routing.Node `json:"person"`
	Trust          float64      `json:"trust"`
	EffectiveTrust float64      `json:"effectiveTrust"`
	Decay          float64      `json:"decay"`
	LastContact    *time.Time   `json:"lastContact"`
	Since          *time.Time   `json:"since"`
	Visibility     string       `json:"visibility"`
	Source         string       `json:"source"`
	Interactions   int          `json:"interactions"`
	TrustSource    string       `json:"trustSource"`
}

// mySending is a customer whose sender the employee is now (the
// trusted_path rule of route): their score and hops.
type mySending struct {
	Customer routing.CustomerRef `json:"customer"`
	// AccountName is the name of the customer's account ("" without one):
	// an employee key may not read accounts.
	AccountName string  `json:"accountName"`
	Score       float64 `json:"score"`
	Hops        int     `json:"hops"`
}

func (s *Server) myNetwork(c *gin.Context) {
	_, p, err := s.askParams(c, "asOf", "halfLifeDays")
	ctx := c.Request.Context()
	var e graph.Employee
	if err == nil {
		e, err = s.myEmployee(ctx)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	if p.AsOf.IsZero() {
		p.AsOf = time.Now().UTC()
	}
	ties, err := s.myTies(ctx, e.ID, p)
	if err != nil {
		_ = c.Error(err)
		return
	}
	out := myNetworkResponse{Employee: fromEmployee(e), AsOf: p.AsOf, HalfLifeDays: p.HalfLifeDays, Ties: ties,
		Sending: []mySending{}, OnlyContact: []routing.CustomerRef{}}
	if e.Active {
		h, err := routing.Handover(ctx, s.store, e.ID, p)
		if err != nil {
			_ = c.Error(err)
			return
		}
		accounts := map[string]string{}
		for _, x := range h.Customers {
			name, ok := accounts[x.Customer.Account]
			if !ok && x.Customer.Account != "" {
				a, err := s.store.Account(ctx, x.Customer.Account)
				if err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
					_ = c.Error(err)
					return
				}
				name = a.Name
				accounts[x.Customer.Account] = name
			}
			out.Sending = append(out.Sending, mySending{Customer: x.Customer, AccountName: name, Score: x.Score, Hops: x.Hops})
			if x.Successor == nil {
				out.OnlyContact = append(out.OnlyContact, x.Customer)
			}
		}
	}
	c.JSON(http.StatusOK, out)
}

// myTies returns the relationships of employee id by the other end's id,
// with the other ends' kinds and names.
func (s *Server) myTies(ctx context.Context, id string, p routing.Params) ([]myTie, error) {
	rs, err := s.store.PersonRelationships(ctx, id)
	if err != nil {
		return nil, err
	}
	others := make([]string, len(rs))
	for i, r := range rs {
		others[i] = r.Other(id)
	}
	ps, err := s.store.Persons(ctx, others)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]graph.Person, len(ps))
	for _, x := range ps {
		byID[x.ID] = x
	}
	out := make([]myTie, len(rs))
	for i, r := range rs {
		other := byID[others[i]]
		eff := graph.EffectiveTrust(r, p.AsOf, p.HalfLifeDays)
		out[i] = myTie{Person: routing.Node{ID: others[i], Kind: other.Kind, Name: other.Name},
			Trust: r.Trust, EffectiveTrust: eff, Decay: eff / r.Trust, LastContact: r.LastContact, Since: r.Since,
			Visibility: r.Visibility, Source: r.Source, Interactions: r.Interactions, TrustSource: r.TrustSource}
	}
	return out, nil
}

// campaignInMyName is one campaign in an employee's name: which recipients
// they send to and why, and which they declined.
type campaignInMyName struct {
	Campaign   campaignItem        `json:"campaign"`
	Recipients []rowView           `json:"recipients"`
	Declined   []campaigns.Decline `json:"declined"`
}

func (s *Server) myCampaigns(c *gin.Context) {
	s.campaignsInNameOf(c, principalOf(c.Request.Context()).Employee)
}

func (s *Server) employeeCampaigns(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		_ = c.Error(err)
		return
	}
	if _, err := s.store.Employee(c.Request.Context(), id); err != nil {
		_ = c.Error(err)
		return
	}
	s.campaignsInNameOf(c, id)
}

// campaignsInNameOf answers a page of the saved campaigns that name
// employee as a sender, newest first.
func (s *Server) campaignsInNameOf(c *gin.Context, employee string) {
	q, err := campaignQuery(c)
	if err == nil && employee == "" {
		_, err = s.myEmployee(c.Request.Context())
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	views, next, err := campaigns.OfSender(c.Request.Context(), s.store, employee, q)
	if err != nil {
		_ = c.Error(err)
		return
	}
	out := pageResponse[campaignInMyName]{Items: make([]campaignInMyName, 0, len(views)), Next: encodeCursor(next)}
	for _, v := range views {
		rows, err := s.privateRows(c.Request.Context(), v.Recipients)
		if err != nil {
			_ = c.Error(err)
			return
		}
		out.Items = append(out.Items, campaignInMyName{Campaign: toCampaignItem(v.Campaign),
			Recipients: rows, Declined: v.Declined})
	}
	c.JSON(http.StatusOK, out)
}
