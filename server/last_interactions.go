package server

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// Who last spoke to the customer: the contacts answer shows, per contact,
// the last interaction of their own tie to the customer, and
// GET /customers/{id}/interactions lists the customer's last interactions
// with anyone, newest first. Private ties the caller may not see show
// nothing, as everywhere (privacy.go).

// lastInteractions returns the last interaction of each contact's own tie
// to the customer, for the ties who may see that have a history. The tie
// of a one-hop contact is its route, whose visibility the answer carries;
// the others' ties are read only where they have a history.
func (s *Server) lastInteractions(ctx context.Context, who Principal, res routing.ContactsResult) (map[string]eventResponse, error) {
	customer := res.Customer.ID
	pairs := make([][2]string, len(res.Contacts))
	for i, ct := range res.Contacts {
		pairs[i] = [2]string{ct.Employee.ID, customer}
	}
	hs, err := s.store.Histories(ctx, pairs)
	if err != nil {
		return nil, err
	}
	out := map[string]eventResponse{}
	for i, ct := range res.Contacts {
		e, ok := hs[i].Last()
		if !ok {
			continue
		}
		visible := who.Role == RoleAdmin
		switch {
		case visible:
		case ct.Hops == 1 && len(ct.Edges) == 1:
			visible = ct.Edges[0].Visibility != graph.Private || seesPrivate(who, ct.Employee.ID, customer)
		default:
			r, err := s.store.Relationship(ctx, ct.Employee.ID, customer)
			if graph.ErrorCode(err) == graph.ENOTFOUND {
				continue // deleted since
			}
			if err != nil {
				return nil, err
			}
			visible = seesTie(who, r)
		}
		if visible {
			out[ct.Employee.ID] = toEvent(hs[i], e)
		}
	}
	return out, nil
}

// customerInteraction is one interaction of a customer with someone.
type customerInteraction struct {
	eventResponse
	// With is the other person of the interaction.
	With personRef `json:"with"`
}

// personRef names a person of an answer.
type personRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// customerInteractionsResponse is the answer of GET /customers/{id}/interactions.
type customerInteractionsResponse struct {
	Customer     string                `json:"customer"`
	Interactions []customerInteraction `json:"interactions"`
	// More tells that older interactions were left out.
	More bool `json:"more"`
}

// Default and largest number of a customer's interactions listed.
const (
	defaultCustomerInteractions = 20
	maxCustomerInteractions     = 200
)

func (s *Server) customerInteractions(c *gin.Context) {
	id, err := pathID(c, "id")
	var limit int
	if err == nil {
		limit, err = limitParam(c, defaultCustomerInteractions, maxCustomerInteractions)
	}
	ctx := c.Request.Context()
	if err == nil {
		_, err = s.store.Customer(ctx, id)
	}
	var rs []graph.Relationship
	if err == nil {
		rs, err = s.store.PersonRelationships(ctx, id)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	rs = visibleRelationships(principalOf(ctx), rs)
	pairs := make([][2]string, len(rs))
	for i, r := range rs {
		pairs[i] = [2]string{r.A, r.B}
	}
	hs, err := s.store.Histories(ctx, pairs)
	if err != nil {
		_ = c.Error(err)
		return
	}
	var all []customerInteraction
	var others []string
	for _, h := range hs {
		other := h.A
		if other == id {
			other = h.B
		}
		if len(h.Events) > 0 {
			others = append(others, other)
		}
		for _, e := range h.Newest(limit + 1) {
			all = append(all, customerInteraction{eventResponse: toEvent(h, e), With: personRef{ID: other}})
		}
	}
	slices.SortStableFunc(all, func(x, y customerInteraction) int {
		if c := y.At.Compare(x.At); c != 0 {
			return c
		}
		return cmp.Compare(x.With.ID, y.With.ID)
	})
	out := customerInteractionsResponse{Customer: id, Interactions: []customerInteraction{}, More: len(all) > limit}
	all = all[:min(limit, len(all))]
	ps, err := s.store.Persons(ctx, others)
	if err != nil {
		_ = c.Error(err)
		return
	}
	names := make(map[string]graph.Person, len(ps))
	for _, p := range ps {
		names[p.ID] = p
	}
	for _, ci := range all {
		p := names[ci.With.ID]
		ci.With.Name, ci.With.Kind = p.Name, p.Kind
		out.Interactions = append(out.Interactions, ci)
	}
	c.JSON(http.StatusOK, out)
}

// limitParam reads the only query parameter limit, between 1 and max.
func limitParam(c *gin.Context, def, max int) (int, error) {
	v, err := query(c, "limit")
	if err != nil {
		return 0, err
	}
	return parseLimit(v, def, max)
}

// parseLimit reads the parameter limit of v, between 1 and max; def when
// it is not given.
func parseLimit(v url.Values, def, max int) (int, error) {
	var p graph.Problems
	n := readLimit(v, def, max, &p)
	return n, p.Err()
}
