package campaigns

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/contactgraph/contactgraph/campaigns/assign"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// Batch sizes of a campaign's store calls: persons are looked up, and
// candidates ranked, this many recipients at a time, which bounds the size
// of one store call and paces progress.
const (
	personsChunk = 20_000
	sendersChunk = 10_000
)

// resolution is a campaign being resolved, step by step.
type resolution struct {
	cat Catalog
	c   Campaign
	sel selection

	persons map[string]graph.Person // the known persons among the selection
	// eligible are the recipients that get a sender, in id order (the
	// canonical order of the assignment).
	eligible []string
	cands    [][]routing.Candidate // per eligible recipient, from Senders
	choice   []int32               // per eligible recipient: candidate index, −1 none
	owner    []*graph.Person
	caps     map[string]int // capacity per sender id met so far (assign.Unlimited: −1)
	load     map[string]int // recipients per sender id
}

// classify looks the recipients up and picks those that get a sender.
func (r *resolution) classify(ctx context.Context) error {
	ps, err := personsOf(ctx, r.cat, r.sel.ids)
	if err != nil {
		return err
	}
	r.persons = ps
	for _, id := range r.sel.ids {
		if p, ok := ps[id]; ok && exclusionOf(p) == "" {
			r.eligible = append(r.eligible, id)
		}
	}
	slices.Sort(r.eligible)
	return nil
}

// exclusionOf returns why a known person gets no sender, "" if it does.
func exclusionOf(p graph.Person) string {
	switch {
	case p.Kind != graph.KindCustomer:
		return routing.ReasonUnknownCustomer
	case p.OptOut:
		return routing.ReasonOptOut
	case strings.TrimSpace(p.Email) == "":
		return routing.ReasonNoEmail
	}
	return ""
}

// personsOf looks ids up, a chunk at a time.
func personsOf(ctx context.Context, net graph.Network, ids []string) (map[string]graph.Person, error) {
	out := make(map[string]graph.Person, len(ids))
	for from := 0; from < len(ids); from += personsChunk {
		ps, err := net.Persons(ctx, ids[from:min(from+personsChunk, len(ids))])
		if err != nil {
			return nil, fmt.Errorf("routing: campaign persons: %w", err)
		}
		for _, p := range ps {
			out[p.ID] = p
		}
	}
	return out, nil
}

// rank finds the candidates of every eligible recipient, a chunk at a
// time, reporting progress.
func (r *resolution) rank(ctx context.Context) error {
	r.cands = make([][]routing.Candidate, len(r.eligible))
	progress := r.c.Progress
	if progress != nil {
		progress(0, len(r.eligible))
	}
	for from := 0; from < len(r.eligible); from += sendersChunk {
		to := min(from+sendersChunk, len(r.eligible))
		m, err := routing.Senders(ctx, r.cat, r.eligible[from:to], r.c.Params)
		if err != nil {
			return err
		}
		for i := from; i < to; i++ {
			r.cands[i] = r.withoutDeclined(r.eligible[i], m[r.eligible[i]])
		}
		if progress != nil {
			progress(to, len(r.eligible))
		}
	}
	return nil
}

// withoutDeclined drops the senders who declined recipient c.
func (r *resolution) withoutDeclined(c string, cands []routing.Candidate) []routing.Candidate {
	declined := r.c.Declined[c]
	if len(declined) == 0 {
		return cands
	}
	return slices.DeleteFunc(cands, func(x routing.Candidate) bool { return slices.Contains(declined, x.Employee.ID) })
}

// capacityOf returns the places employee p has left in this campaign: the
// capacity less the places Taken.
func (r *resolution) capacityOf(p graph.Person) int {
	c := assign.Unlimited
	switch n, ok := r.c.Capacity[p.ID]; {
	case ok:
		c = n
	case p.Capacity != nil:
		c = max(*p.Capacity, 0)
	case r.c.DefaultCapacity != nil:
		c = *r.c.DefaultCapacity
	}
	if c == assign.Unlimited {
		return c
	}
	return max(c-r.c.Taken[p.ID], 0)
}

// assign chooses the trusted senders under the capacities.
func (r *resolution) assign(ctx context.Context) error {
	var ids []string
	for _, cs := range r.cands {
		for _, c := range cs {
			ids = append(ids, c.Employee.ID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if err := r.learnCapacities(ctx, ids); err != nil {
		return err
	}
	index := make(map[string]int32, len(ids))
	p := &assign.Problem{Caps: make([]int, len(ids)), Opts: make([][]assign.Option, len(r.eligible))}
	for i, id := range ids {
		index[id] = int32(i)
		p.Caps[i] = r.caps[id]
	}
	for i, cs := range r.cands {
		ac := make([]assign.Candidate, len(cs))
		for j, c := range cs {
			ac[j] = assign.Candidate{Sender: c.Employee.ID, Score: c.Score}
		}
		costs := assign.Costs(r.eligible[i], ac)
		opts := make([]assign.Option, len(cs))
		for j, c := range cs {
			opts[j] = assign.Option{Sender: index[c.Employee.ID], Cost: costs[j]}
		}
		p.Opts[i] = opts
	}
	choice, err := p.Solve(ctx)
	if err != nil {
		return err
	}
	r.choice = choice
	r.load = map[string]int{}
	for i, j := range choice {
		if j >= 0 {
			r.load[r.cands[i][j].Employee.ID]++
		}
	}
	return nil
}

// learnCapacities fills r.caps for the employees ids.
func (r *resolution) learnCapacities(ctx context.Context, ids []string) error {
	if r.caps == nil {
		r.caps = map[string]int{}
	}
	var ask []string
	for _, id := range ids {
		if _, ok := r.caps[id]; !ok {
			ask = append(ask, id)
		}
	}
	ps, err := personsOf(ctx, r.cat, ask)
	if err != nil {
		return err
	}
	for _, id := range ask {
		p, ok := ps[id]
		if !ok {
			p = graph.Person{ID: id} // gone meanwhile: the campaign's defaults apply
		}
		r.caps[id] = r.capacityOf(p)
	}
	return nil
}
