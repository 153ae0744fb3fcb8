package analytics

import (
	"context"
	"slices"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// tally gathers the figures of all customers.
type tally struct {
	overall  CoverageCounts
	accounts map[string]*CoverageCounts
	units    map[string]*UnitCoverage
	people   map[string]*KeyPerson
}

// analyse reads every customer page by page, ranks each page's qualifying
// senders with Senders and counts. With critical it also finds, beyond the
// only senders, the intermediaries whose leaving would uncover a customer.
func analyse(ctx context.Context, net graph.Network, dir Directory, p routing.Params, critical bool) (*tally, error) {
	t := &tally{accounts: map[string]*CoverageCounts{}, units: map[string]*UnitCoverage{}, people: map[string]*KeyPerson{}}
	err := eachPage(ctx, dir.Customers, "", func(cs []graph.Customer) error {
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		ranked, err := routing.Senders(ctx, net, ids, p)
		if err != nil {
			return err
		}
		suspects := map[string][]string{} // person → customers that may hang on them
		for _, c := range cs {
			list, ok := ranked[c.ID]
			if !ok {
				continue // deleted since the page was listed
			}
			t.count(c, list)
			if critical && p.MaxHops > 1 {
				for _, id := range onEveryRoute(list) {
					suspects[id] = append(suspects[id], c.ID)
				}
			}
		}
		return t.countCritical(ctx, net, p, suspects)
	})
	return t, err
}

// count adds one customer with its ranked qualifying senders.
func (t *tally) count(c graph.Customer, senders []routing.Candidate) {
	acc := t.accounts[c.Account]
	if acc == nil {
		acc = &CoverageCounts{}
		t.accounts[c.Account] = acc
	}
	n := len(senders)
	for _, cc := range []*CoverageCounts{&t.overall, acc} {
		cc.Customers++
		if n == 0 {
			cc.Uncovered++
			continue
		}
		cc.Covered++
		if n == 1 {
			cc.SingleThreaded++
		}
	}
	if n == 0 {
		return
	}
	best := senders[0].Employee
	t.unit(best.Unit).Covered++
	t.person(best).BestSenderFor++
	if n == 1 {
		t.unit(best.Unit).SingleThreaded++
		t.person(best).UncoveredIfLeft++
	}
	reached := map[string]bool{}
	for _, cand := range senders {
		t.person(cand.Employee).SenderFor++
		if u := cand.Employee.Unit; !reached[u] {
			reached[u] = true
			t.unit(u).Reached++
		}
	}
}

func (t *tally) unit(id string) *UnitCoverage {
	u := t.units[id]
	if u == nil {
		u = &UnitCoverage{Unit: id}
		t.units[id] = u
	}
	return u
}

func (t *tally) person(e routing.EmployeeRef) *KeyPerson {
	k := t.people[e.ID]
	if k == nil {
		k = &KeyPerson{Employee: e}
		t.people[e.ID] = k
	}
	return k
}

// accountList returns the account figures with the accounts' names, by id,
// customers without an account last.
func (t *tally) accountList(ctx context.Context, dir Directory) ([]AccountCoverage, error) {
	out := make([]AccountCoverage, 0, len(t.accounts))
	err := eachPage(ctx, dir.Accounts, "", func(as []graph.Account) error {
		for _, a := range as {
			if cc := t.accounts[a.ID]; cc != nil {
				out = append(out, AccountCoverage{Account: a.ID, Name: a.Name, CoverageCounts: *cc})
				delete(t.accounts, a.ID)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Accounts deleted since their customers were counted, and "".
	rest := make([]string, 0, len(t.accounts))
	for id := range t.accounts {
		rest = append(rest, id)
	}
	slices.SortFunc(rest, idsLast(""))
	for _, id := range rest {
		out = append(out, AccountCoverage{Account: id, CoverageCounts: *t.accounts[id]})
	}
	return out, nil
}

// unitList returns the figures of every unit, by id, with names and
// parents, and those of senders without a unit last if there are any.
func (t *tally) unitList(ctx context.Context, dir Directory) ([]UnitCoverage, error) {
	units, err := listAll(ctx, dir.Units, "")
	if err != nil {
		return nil, err
	}
	out := make([]UnitCoverage, 0, len(units)+1)
	for _, u := range units {
		uc := UnitCoverage{Unit: u.ID}
		if c := t.units[u.ID]; c != nil {
			uc = *c
			delete(t.units, u.ID)
		}
		uc.Name, uc.Parent = u.Name, u.Parent
		out = append(out, uc)
	}
	rest := make([]string, 0, len(t.units))
	for id := range t.units {
		rest = append(rest, id)
	}
	slices.SortFunc(rest, idsLast(""))
	for _, id := range rest {
		out = append(out, *t.units[id])
	}
	return out, nil
}

// idsLast orders ids ascending with last after all others.
func idsLast(last string) func(a, b string) int {
	return func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == last:
			return 1
		case b == last:
			return -1
		}
		return strings.Compare(a, b)
	}
}
