package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/delivery"
	"github.com/contactgraph/contactgraph/graph"
)

// Introduction requests (docs/contract.md §3 Introductions): an account
// manager, with a key bound to their employee (account_manager:<id>), asks
// an employee who knows a customer (the broker, via) to introduce them. The
// broker answers on their own key (/me/introductions): accept or decline,
// each with an optional message; an accepted one they mark done, which
// records an interaction between the requester and the customer.
//
// The answers carry persons and texts, never a relationship's data: a
// request through a private tie tells the requester only what a routing
// answer already showed, that via is on a route to the customer.
func (s *Server) introductionRoutes(g *gin.RouterGroup) {
	g.POST("/introductions", s.requestIntroduction)
	g.GET("/introductions", s.listIntroductions)
	g.GET("/introductions/:id", s.getIntroduction)
	g.GET("/me/introductions", s.myIntroductions)
	g.POST("/me/introductions/:id/accept", s.answerIntroduction(graph.IntroductionAccepted))
	g.POST("/me/introductions/:id/decline", s.answerIntroduction(graph.IntroductionDeclined))
	g.POST("/me/introductions/:id/done", s.introductionDone)
}

// InteractionKindIntroduction is the kind of the interaction a done
// introduction records.
const InteractionKindIntroduction = "introduction"

type introductionRequest struct {
	Customer *string `json:"customer"`
	Via      *string `json:"via"`
	Note     *string `json:"note"`
}

type answerRequest struct {
	Message *string `json:"message"`
}

type introductionPerson struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

type introductionCustomer struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Account     string `json:"account,omitempty"`
	AccountName string `json:"accountName,omitempty"`
}

type introductionResponse struct {
	ID         string               `json:"id"`
	Customer   introductionCustomer `json:"customer"`
	Via        introductionPerson   `json:"via"`
	Requester  introductionPerson   `json:"requester"`
	Note       string               `json:"note"`
	State      string               `json:"state"`
	Message    string               `json:"message"`
	CreatedAt  time.Time            `json:"createdAt"`
	AnsweredAt *time.Time           `json:"answeredAt"`
	DoneAt     *time.Time           `json:"doneAt"`
	Revision   int64                `json:"revision"`
}

type introductionPage struct {
	Items []introductionResponse `json:"items"`
	Next  *string                `json:"next"`
}

// newIntroductionID is "int-<UTC date>-<time>-<random hex>": ids sort by the
// moment of asking.
func newIntroductionID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "int-" + now.UTC().Format("20060102-150405.000000") + "-" + hex.EncodeToString(b[:])
}

// requester returns the employee an account manager's key is bound to.
func (s *Server) requester(ctx context.Context) (graph.Employee, error) {
	who := principalOf(ctx)
	if who.Employee == "" {
		return graph.Employee{}, graph.Errorf(graph.EFORBIDDEN,
			"an introduction is asked for in a person's name: use a key of role account_manager:<employee id>, not %s", who.Role)
	}
	e, err := s.store.Employee(ctx, who.Employee)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return graph.Employee{}, graph.Errorf(graph.ENOTFOUND, "the employee %q of this key does not exist", who.Employee)
	}
	return e, err
}

func (s *Server) requestIntroduction(c *gin.Context) {
	ctx := c.Request.Context()
	req, err := jsonBody[introductionRequest](c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	me, err := s.requester(ctx)
	if err != nil {
		_ = c.Error(err)
		return
	}
	var p graph.Problems
	customer, via, note := "", "", ""
	if req.Note != nil {
		note = *req.Note
		p = append(p, graph.CheckIntroductionText("note", note)...)
	}
	for _, f := range []struct {
		name string
		v    *string
		dst  *string
	}{{"customer", req.Customer, &customer}, {"via", req.Via, &via}} {
		switch {
		case f.v == nil:
			p.Add(f.name, "is required")
		default:
			if err := graph.CheckID(f.name, *f.v); err != nil {
				p = append(p, graph.ErrorFields(err)...)
			} else {
				*f.dst = *f.v
			}
		}
	}
	if err := p.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	if err := s.checkIntroduction(ctx, me, customer, via); err != nil {
		_ = c.Error(err)
		return
	}
	in := graph.Introduction{
		ID: newIntroductionID(time.Now()), Customer: customer, Via: via, Requester: me.ID,
		RequestedBy: principalOf(ctx).KeyID, Note: note, State: graph.IntroductionRequested,
		CreatedAt: time.Now().UTC(),
	}
	if err := s.announceIntroduction(ctx, in.ID, in.State); err != nil {
		_ = c.Error(err)
		return
	}
	if err := s.store.CreateIntroduction(ctx, in); err != nil {
		_ = c.Error(err)
		return
	}
	s.introductionMailsDue()
	in.Revision = 1
	s.audit(ctx, auditIntroductionRequested).Str("introduction", in.ID).Str("customer", customer).
		Str("via", via).Str("requester", me.ID).Msg("introduction requested")
	c.Header("Location", APIPrefix+"/introductions/"+in.ID)
	s.respondIntroduction(c, http.StatusCreated, in)
}

// checkIntroduction holds a request to the rules of docs/contract.md §3
// Introductions: the customer is a stored customer; via is an active
// employee other than the requester, who agreed to broker and has a
// relationship (public or private) with the customer; no open request of
// the same requester to the same customer through the same broker exists.
func (s *Server) checkIntroduction(ctx context.Context, me graph.Employee, customer, via string) error {
	invalid := func(field, msg string) error {
		var p graph.Problems
		p.Add(field, "%s", msg)
		return p.Err()
	}
	if _, err := s.store.Customer(ctx, customer); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return invalid("customer", fmt.Sprintf("no customer %q", customer))
		}
		return err
	}
	if via == me.ID {
		return invalid("via", "is you: an introduction is asked of someone else who knows the customer")
	}
	broker, err := s.store.Employee(ctx, via)
	switch {
	case graph.ErrorCode(err) == graph.ENOTFOUND:
		return invalid("via", fmt.Sprintf("no employee %q: only employees introduce", via))
	case err != nil:
		return err
	case !broker.Active:
		return invalid("via", fmt.Sprintf("%q has left (inactive)", via))
	case !broker.Broker:
		return invalid("via", fmt.Sprintf("%q has not agreed to introduce colleagues (broker consent)", via))
	}
	if _, err := s.store.Relationship(ctx, via, customer); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return invalid("via", fmt.Sprintf("%q does not know the customer %q: ask the first person on a route from the customer (contacts or paths)", via, customer))
		}
		return err
	}
	open, err := s.store.Introductions(ctx, graph.IntroductionQuery{Customer: customer, Via: via, Requester: me.ID, Limit: graph.MaxListLimit})
	if err != nil {
		return err
	}
	for _, in := range open.Items {
		if in.State == graph.IntroductionRequested || in.State == graph.IntroductionAccepted {
			return graph.Errorf(graph.ECONFLICT, "introduction %s to %q through %q is still %s", in.ID, customer, via, in.State)
		}
	}
	return nil
}

func (s *Server) listIntroductions(c *gin.Context) {
	ctx := c.Request.Context()
	v, err := query(c, "customer", "limit", "cursor")
	if err != nil {
		_ = c.Error(err)
		return
	}
	var p graph.Problems
	q := graph.IntroductionQuery{Customer: v.Get("customer")}
	if q.Customer != "" {
		if err := graph.CheckID("customer", q.Customer); err != nil {
			p = append(p, graph.ErrorFields(err)...)
		}
	}
	q.Limit, q.After = pageParams(v, &p)
	if err := p.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	// Account managers see the introductions they asked for; admins and
	// managers all of them.
	if who := principalOf(ctx); who.Role == RoleAccountManager {
		me, err := s.requester(ctx)
		if err != nil {
			_ = c.Error(err)
			return
		}
		q.Requester = me.ID
	}
	s.respondIntroductions(c, q)
}

func (s *Server) getIntroduction(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := idOnly(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	in, err := s.store.Introduction(ctx, id)
	if err == nil {
		if who := principalOf(ctx); who.Role == RoleAccountManager && in.Requester != who.Employee {
			err = graph.Errorf(graph.EFORBIDDEN, "introduction %s was asked for by someone else", id)
		}
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	s.respondIntroduction(c, http.StatusOK, in)
}

func (s *Server) myIntroductions(c *gin.Context) {
	v, err := query(c, "limit", "cursor")
	if err != nil {
		_ = c.Error(err)
		return
	}
	var p graph.Problems
	q := graph.IntroductionQuery{Via: principalOf(c.Request.Context()).Employee}
	q.Limit, q.After = pageParams(v, &p)
	if err := p.Err(); err != nil {
		_ = c.Error(err)
		return
	}
	s.respondIntroductions(c, q)
}

// mine reads introduction :id for the broker the employee key is bound to.
func (s *Server) mine(c *gin.Context) (graph.Introduction, error) {
	id, err := idOnly(c)
	if err != nil {
		return graph.Introduction{}, err
	}
	in, err := s.store.Introduction(c.Request.Context(), id)
	if err != nil {
		return in, err
	}
	if me := principalOf(c.Request.Context()).Employee; in.Via != me {
		return in, graph.Errorf(graph.EFORBIDDEN, "introduction %s is asked of %s, not of you", id, in.Via)
	}
	return in, nil
}

// optionalBody reads an optional JSON body: none, or one of only blanks,
// is the zero T; anything else is read as strictly as every body.
func optionalBody[T any](c *gin.Context) (T, error) {
	var req T
	if err := checkJSONContentType(c.GetHeader("Content-Type")); err != nil {
		return req, err
	}
	if c.Request.Body == nil {
		return req, nil
	}
	data, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return req, tooLarge(mbe.Limit)
		}
		return req, graph.Errorf(graph.EINVALID, "the request body could not be read: %v", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return req, nil
	}
	if !utf8.Valid(data) {
		return req, graph.Errorf(graph.EINVALID, "the request body is not valid UTF-8")
	}
	return req, decodeStrict(data, &req)
}

func (s *Server) answerIntroduction(state string) gin.HandlerFunc {
	verb, event := "accept", auditIntroductionAccepted
	if state == graph.IntroductionDeclined {
		verb, event = "decline", auditIntroductionDeclined
	}
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		in, err := s.mine(c)
		var req answerRequest
		if err == nil {
			req, err = optionalBody[answerRequest](c)
		}
		if err == nil && req.Message != nil {
			err = graph.CheckIntroductionText("message", *req.Message).Err()
		}
		if err == nil && in.State != graph.IntroductionRequested {
			err = graph.Errorf(graph.ECONFLICT, "introduction %s is %s: only a requested one can be %sed", in.ID, in.State, verb)
		}
		if err != nil {
			_ = c.Error(err)
			return
		}
		now := time.Now().UTC()
		in.State, in.AnsweredAt = state, &now
		if req.Message != nil {
			in.Message = *req.Message
		}
		if err := s.announceIntroduction(ctx, in.ID, state); err != nil {
			_ = c.Error(err)
			return
		}
		if err := s.store.UpdateIntroduction(ctx, in); err != nil {
			_ = c.Error(err)
			return
		}
		s.introductionMailsDue()
		in.Revision++
		s.audit(ctx, event).Str("introduction", in.ID).Str("customer", in.Customer).Str("requester", in.Requester).
			Bool("message", in.Message != "").Msg("introduction " + state)
		s.respondIntroduction(c, http.StatusOK, in)
	}
}

// introductionDone marks an accepted introduction done and records the
// interaction between the requester and the customer. The state changes
// first (of two concurrent calls exactly one wins the revision), then the
// interaction is recorded; should that fail, the answer is the error and
// the introduction stays done without it (the audit record says so).
func (s *Server) introductionDone(c *gin.Context) {
	ctx := c.Request.Context()
	in, err := s.mine(c)
	if err == nil {
		_, err = optionalBody[struct{}](c)
	}
	if err == nil && in.State != graph.IntroductionAccepted {
		err = graph.Errorf(graph.ECONFLICT, "introduction %s is %s: only an accepted one can be marked done", in.ID, in.State)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	now := time.Now().UTC()
	in.State, in.DoneAt = graph.IntroductionDone, &now
	if err := s.announceIntroduction(ctx, in.ID, graph.IntroductionDone); err != nil {
		_ = c.Error(err)
		return
	}
	if err := s.store.UpdateIntroduction(ctx, in); err != nil {
		_ = c.Error(err)
		return
	}
	s.introductionMailsDue()
	in.Revision++
	_, _, err = s.store.RecordInteraction(ctx, graph.Interaction{A: in.Requester, B: in.Customer, At: now, Kind: InteractionKindIntroduction}, s.cfg.TrustModel)
	s.audit(ctx, auditIntroductionDone).Str("introduction", in.ID).Str("customer", in.Customer).Str("requester", in.Requester).
		Bool("interaction_recorded", err == nil).Msg("introduction done")
	if err != nil {
		_ = c.Error(fmt.Errorf("introduction %s is done, but its interaction was not recorded: %w", in.ID, err))
		return
	}
	s.respondIntroduction(c, http.StatusOK, in)
}

func (s *Server) respondIntroductions(c *gin.Context, q graph.IntroductionQuery) {
	ctx := c.Request.Context()
	page, err := s.store.Introductions(ctx, q)
	if err != nil {
		_ = c.Error(err)
		return
	}
	out := introductionPage{Items: make([]introductionResponse, 0, len(page.Items)), Next: encodeCursor(page.Next)}
	for _, in := range page.Items {
		r, err := s.introductionAnswer(ctx, in)
		if err != nil {
			_ = c.Error(err)
			return
		}
		out.Items = append(out.Items, r)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) respondIntroduction(c *gin.Context, status int, in graph.Introduction) {
	r, err := s.introductionAnswer(c.Request.Context(), in)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(status, r)
}

// introductionAnswer names the persons of in. A person deleted since keeps
// their id with an empty name.
func (s *Server) introductionAnswer(ctx context.Context, in graph.Introduction) (introductionResponse, error) {
	r := introductionResponse{ID: in.ID, Customer: introductionCustomer{ID: in.Customer},
		Via: introductionPerson{ID: in.Via}, Requester: introductionPerson{ID: in.Requester},
		Note: in.Note, State: in.State, Message: in.Message, CreatedAt: in.CreatedAt.UTC(),
		AnsweredAt: in.AnsweredAt, DoneAt: in.DoneAt, Revision: in.Revision}
	if cu, err := s.store.Customer(ctx, in.Customer); err == nil {
		r.Customer.Name, r.Customer.Account = cu.Name, cu.Account
		if cu.Account != "" {
			if a, err := s.store.Account(ctx, cu.Account); err == nil {
				r.Customer.AccountName = a.Name
			} else if graph.ErrorCode(err) != graph.ENOTFOUND {
				return r, err
			}
		}
	} else if graph.ErrorCode(err) != graph.ENOTFOUND {
		return r, err
	}
	for _, p := range []*introductionPerson{&r.Via, &r.Requester} {
		e, err := s.store.Employee(ctx, p.ID)
		switch {
		case err == nil:
			p.Name, p.Email = e.Name, e.Email
		case graph.ErrorCode(err) != graph.ENOTFOUND:
			return r, err
		}
	}
	return r, nil
}

// announceIntroduction queues the mail about step of introduction id on a
// server that delivers mail (docs/delivery.md, Introduction mails), before
// the step is stored: a step stored always has its mail. Without SMTP
// settings the steps are told on the page only (My network, GET
// /me/introductions, GET /introductions/{id}).
func (s *Server) announceIntroduction(ctx context.Context, id, step string) error {
	if s.cfg.Delivery == nil {
		return nil
	}
	if err := s.cfg.Delivery.AnnounceIntroduction(ctx, id, step); err != nil {
		return fmt.Errorf("queue the mail about introduction %s (nothing changed; try again): %w", id, err)
	}
	return nil
}

// introductionMailsDue wakes the sender of the introduction mails once a
// step is stored.
func (s *Server) introductionMailsDue() {
	if s.cfg.Delivery != nil {
		s.cfg.Delivery.SendIntroductionMails()
	}
}

// eraseIntroductions deletes every introduction of customer (their
// erasure), with the mails about it, and returns how many there were.
func (s *Server) eraseIntroductions(ctx context.Context, customer string) (int, error) {
	n := 0
	for {
		page, err := s.store.Introductions(ctx, graph.IntroductionQuery{Customer: customer, Limit: graph.MaxListLimit})
		if err != nil || len(page.Items) == 0 {
			return n, err
		}
		for _, in := range page.Items {
			for _, key := range delivery.IntroductionMailKeys(in.ID) {
				if _, err := s.store.ForgetLetters(ctx, key); err != nil {
					return n, err
				}
			}
			if err := s.store.DeleteIntroduction(ctx, in.ID); err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
				return n, err
			}
			n++
		}
	}
}
