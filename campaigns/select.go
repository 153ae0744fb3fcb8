package campaigns

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// selection is the campaign's recipients, each once, in selection order.
type selection struct {
	ids        []string
	duplicates []string
}

// selector builds a selection and enforces the bound on its size.
type selector struct {
	cat  Catalog
	max  int
	seen map[string]bool
	sel  selection
}

// add selects id unless it is selected already, and reports whether the
// selection still fits the bound.
func (s *selector) add(id string) bool {
	if !s.seen[id] {
		s.seen[id] = true
		s.sel.ids = append(s.sel.ids, id)
	}
	return len(s.sel.ids) <= s.max
}

func (s *selector) tooMany() error {
	var p graph.Problems
	p.Add("recipients", "the campaign selects more than %d recipients (recipients, accounts and segments together); it takes at most %d", s.max, s.max)
	return p.Err()
}

// selectRecipients forms the union of Recipients, the customers of
// Accounts, those of the accounts in Segments and those of the accounts
// the employees of Units own, or with All every customer.
func selectRecipients(ctx context.Context, cat Catalog, c Campaign) (selection, error) {
	s := &selector{cat: cat, max: c.maxRecipients(), seen: make(map[string]bool, len(c.Recipients))}
	if c.All {
		return s.sel, s.customersOf(ctx, "")
	}
	repeated := map[string]bool{}
	for _, id := range c.Recipients {
		if s.seen[id] && !repeated[id] {
			repeated[id] = true
			s.sel.duplicates = append(s.sel.duplicates, id)
		}
		s.add(id)
	}
	accounts, err := s.namedAccounts(ctx, c.Accounts)
	if err != nil {
		return selection{}, err
	}
	segments, err := s.segmentAccounts(ctx, c.Segments)
	if err != nil {
		return selection{}, err
	}
	units, err := s.unitAccounts(ctx, c.Units)
	if err != nil {
		return selection{}, err
	}
	for _, a := range slices.Concat(accounts, segments, units) {
		if err := s.customersOf(ctx, a); err != nil {
			return selection{}, err
		}
	}
	return s.sel, nil
}

// namedAccounts checks that every account exists and returns them once
// each, in the order named.
func (s *selector) namedAccounts(ctx context.Context, ids []string) ([]string, error) {
	var probs graph.Problems
	var out []string
	named := map[string]bool{}
	for i, id := range ids {
		if named[id] {
			continue
		}
		named[id] = true
		_, err := s.cat.Account(ctx, id)
		switch graph.ErrorCode(err) {
		case "":
			out = append(out, id)
		case graph.ENOTFOUND:
			probs.Add(fmt.Sprintf("accounts[%d]", i), "no account has id %q", id)
		default:
			return nil, fmt.Errorf("routing: campaign account: %w", err)
		}
	}
	return out, probs.Err()
}

// segmentAccounts returns the accounts of the segments, segment by segment
// and by id within one; a segment no account is in is an error.
func (s *selector) segmentAccounts(ctx context.Context, segments []string) ([]string, error) {
	if len(segments) == 0 {
		return nil, nil
	}
	bySegment := map[string][]string{}
	err := eachAccount(ctx, s.cat, func(a graph.Account) {
		bySegment[a.Segment] = append(bySegment[a.Segment], a.ID)
	})
	if err != nil {
		return nil, err
	}
	var probs graph.Problems
	var out []string
	named := map[string]bool{}
	for i, seg := range segments {
		if named[seg] {
			continue
		}
		named[seg] = true
		if len(bySegment[seg]) == 0 {
			probs.Add(fmt.Sprintf("segments[%d]", i), "no account is in segment %q", seg)
		}
		out = append(out, bySegment[seg]...)
	}
	return out, probs.Err()
}

// customersOf selects the customers of account, by id; "" selects every
// customer.
func (s *selector) customersOf(ctx context.Context, account string) error {
	q := graph.ListQuery{Scope: account, Limit: graph.MaxListLimit}
	for {
		page, err := s.cat.Customers(ctx, q)
		if err != nil {
			return fmt.Errorf("routing: campaign customers of %s: %w", account, err)
		}
		for _, c := range page.Items {
			if !s.add(c.ID) {
				return s.tooMany()
			}
		}
		if page.Next == "" {
			return nil
		}
		q.After = page.Next
	}
}

// eachAccount calls f with every account, by id.
func eachAccount(ctx context.Context, cat Catalog, f func(graph.Account)) error {
	q := graph.ListQuery{Limit: graph.MaxListLimit}
	for {
		page, err := cat.Accounts(ctx, q)
		if err != nil {
			return fmt.Errorf("routing: campaign accounts: %w", err)
		}
		for _, a := range page.Items {
			f(a)
		}
		if page.Next == "" {
			return nil
		}
		q.After = page.Next
	}
}
