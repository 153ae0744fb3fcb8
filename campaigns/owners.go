package campaigns

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactgraph/contactgraph/campaigns/assign"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// fewAccounts is the number of accounts up to which owners are looked up
// one by one; beyond it one pass over the account list is cheaper.
const fewAccounts = 64

// owners gives the recipients left without a trusted sender their
// account's owner, in ascending customer id order, while the owner may send
// and has places left.
func (r *resolution) owners(ctx context.Context) error {
	r.owner = make([]*graph.Person, len(r.eligible))
	var waiting []int
	ownerOf := map[string]string{} // account id → owner id
	for i, j := range r.choice {
		if acc := r.persons[r.eligible[i]].Account; j < 0 && acc != "" {
			waiting = append(waiting, i)
			ownerOf[acc] = ""
		}
	}
	if len(waiting) == 0 {
		return nil
	}
	if err := learnOwners(ctx, r.cat, ownerOf); err != nil {
		return err
	}
	var ids []string
	for _, o := range ownerOf {
		if o != "" {
			ids = append(ids, o)
		}
	}
	slices.Sort(ids)
	ps, err := personsOf(ctx, r.cat, slices.Compact(ids))
	if err != nil {
		return err
	}
	for _, i := range waiting {
		p, ok := ps[ownerOf[r.persons[r.eligible[i]].Account]]
		if !ok || !routing.CanSend(p) || slices.Contains(r.c.Declined[r.eligible[i]], p.ID) {
			continue
		}
		c, known := r.caps[p.ID]
		if !known {
			c = r.capacityOf(p)
			r.caps[p.ID] = c
		}
		if c != assign.Unlimited && r.load[p.ID] >= c {
			continue
		}
		r.load[p.ID]++
		r.owner[i] = &p
	}
	return nil
}

// learnOwners fills in the owner of every account in ownerOf ("" for an
// account without owner or that no longer exists).
func learnOwners(ctx context.Context, cat Catalog, ownerOf map[string]string) error {
	if len(ownerOf) > fewAccounts {
		return eachAccount(ctx, cat, func(a graph.Account) {
			if _, ok := ownerOf[a.ID]; ok {
				ownerOf[a.ID] = a.Owner
			}
		})
	}
	for id := range ownerOf {
		a, err := cat.Account(ctx, id)
		switch graph.ErrorCode(err) {
		case "":
			ownerOf[id] = a.Owner
		case graph.ENOTFOUND:
		default:
			return fmt.Errorf("routing: campaign account: %w", err)
		}
	}
	return nil
}
