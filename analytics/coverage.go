package analytics

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// Coverage and key people (docs/contract.md §2) are the management figures: which
// customers some eligible sender reaches with a score of at least minTrust
// within maxHops (the trusted_path rule of Route), which hang on exactly one
// such sender, and who would leave customers uncovered by leaving.
//
// Decisions:
//   - Every customer counts, opted out or not, as in Handover: a customer
//     who receives no campaign mail still needs someone for 1:1 questions.
//   - A customer counts for the unit of its best sender (the sender Route
//     would choose), so the units' covered figures add up to the overall
//     one; single-threaded customers count for the unit of their only
//     sender. Reached counts, per unit, the customers at least one
//     qualifying sender of that unit reaches, so a customer may count for
//     several units there. Units are not rolled up into their parents; each
//     entry names its parent for a client that wants to.
//   - "Would become uncovered if they left" removes the employee from the
//     network altogether, as Handover does: neither sender nor intermediary.
//     Within one hop that is exactly "their only qualifying sender"; with
//     more hops an intermediary can also be the one everything hangs on.
//   - The figures are read page by page; a store that changes meanwhile is
//     counted as each page found it.

// Analytics defaults and bounds.
const (
	DefaultKeyPeopleLimit = 10
	MaxKeyPeopleLimit     = 1000
)

// CoverageResult answers GET /analytics/coverage.
type CoverageResult struct {
	AsOf     time.Time         `json:"asOf"`
	MinTrust float64           `json:"minTrust"`
	MaxHops  int               `json:"maxHops"`
	Overall  CoverageCounts    `json:"overall"`
	Accounts []AccountCoverage `json:"accounts"`
	Units    []UnitCoverage    `json:"units"`
}

// CoverageCounts splits customers into covered and uncovered; the
// single-threaded ones are those covered by exactly one sender.
type CoverageCounts struct {
	Customers      int `json:"customers"`
	Covered        int `json:"covered"`
	SingleThreaded int `json:"singleThreaded"`
	Uncovered      int `json:"uncovered"`
}

// AccountCoverage is the coverage of the customers of one account; Account
// "" gathers the customers without one. Accounts without customers are
// left out.
type AccountCoverage struct {
	Account string `json:"account"`
	Name    string `json:"name"`
	CoverageCounts
}

// UnitCoverage is what the senders of one unit cover: Covered customers
// whose best sender is in the unit, SingleThreaded customers whose only
// sender is, Reached customers that some qualifying sender of the unit
// reaches. Unit "" gathers senders without a unit.
type UnitCoverage struct {
	Unit           string `json:"unit"`
	Name           string `json:"name"`
	Parent         string `json:"parent"`
	Covered        int    `json:"covered"`
	SingleThreaded int    `json:"singleThreaded"`
	Reached        int    `json:"reached"`
}

// Coverage counts covered, single-threaded and uncovered customers overall,
// per account and per unit, with p.MinTrust (default 0.3), p.MaxHops
// (default 1) and p.AsOf. EINVALID: a parameter is out of range.
func Coverage(ctx context.Context, net graph.Network, dir Directory, p routing.Params) (CoverageResult, error) {
	s, err := p.SenderParams()
	if err != nil {
		return CoverageResult{}, err
	}
	t, err := analyse(ctx, net, dir, s, false)
	if err != nil {
		return CoverageResult{}, err
	}
	out := CoverageResult{AsOf: s.AsOf, MinTrust: *s.MinTrust, MaxHops: s.MaxHops, Overall: t.overall,
		Accounts: []AccountCoverage{}, Units: []UnitCoverage{}}
	if out.Accounts, err = t.accountList(ctx, dir); err != nil {
		return CoverageResult{}, err
	}
	if out.Units, err = t.unitList(ctx, dir); err != nil {
		return CoverageResult{}, err
	}
	return out, nil
}

// KeyPeopleResult answers GET /analytics/key-people.
type KeyPeopleResult struct {
	AsOf      time.Time      `json:"asOf"`
	MinTrust  float64        `json:"minTrust"`
	MaxHops   int            `json:"maxHops"`
	Overall   CoverageCounts `json:"overall"`
	KeyPeople []KeyPerson    `json:"keyPeople"`
}

// KeyPerson is one employee that customers depend on: UncoveredIfLeft
// customers would have no qualifying sender without them, they are the
// best sender of BestSenderFor customers and a qualifying sender of
// SenderFor.
type KeyPerson struct {
	Employee        routing.EmployeeRef `json:"employee"`
	UncoveredIfLeft int                 `json:"uncoveredIfLeft"`
	BestSenderFor   int                 `json:"bestSenderFor"`
	SenderFor       int                 `json:"senderFor"`
}

// KeyPeople ranks the employees customers depend on by UncoveredIfLeft,
// then BestSenderFor, then SenderFor (all descending), then id, and returns
// the first p.Limit (default 10, at most 1000); employees nobody depends on
// are left out. p.MinTrust (default 0.3), p.MaxHops (default 1) and p.AsOf
// are those of Coverage. EINVALID: a parameter is out of range.
func KeyPeople(ctx context.Context, net graph.Network, dir Directory, p routing.Params) (KeyPeopleResult, error) {
	s, err := keyPeopleParams(p)
	if err != nil {
		return KeyPeopleResult{}, err
	}
	t, err := analyse(ctx, net, dir, s, true)
	if err != nil {
		return KeyPeopleResult{}, err
	}
	people := make([]KeyPerson, 0, len(t.people))
	for _, k := range t.people {
		people = append(people, *k)
	}
	slices.SortFunc(people, compareKeyPeople)
	return KeyPeopleResult{AsOf: s.AsOf, MinTrust: *s.MinTrust, MaxHops: s.MaxHops, Overall: t.overall,
		KeyPeople: people[:min(len(people), s.Limit)]}, nil
}

// keyPeopleParams applies the defaults of Coverage and of the limit to p
// and checks them, naming every parameter out of range.
func keyPeopleParams(p routing.Params) (routing.Params, error) {
	s, err := p.SenderParams()
	probs := graph.Problems(graph.ErrorFields(err))
	if err != nil && len(probs) == 0 {
		return s, err
	}
	switch {
	case p.Limit == 0:
		s.Limit = DefaultKeyPeopleLimit
	case p.Limit < 1 || p.Limit > MaxKeyPeopleLimit:
		probs.Add("limit", "must be between 1 and %d", MaxKeyPeopleLimit)
	default:
		s.Limit = p.Limit
	}
	return s, probs.Err()
}

func compareKeyPeople(a, b KeyPerson) int {
	for _, d := range [3]int{b.UncoveredIfLeft - a.UncoveredIfLeft, b.BestSenderFor - a.BestSenderFor, b.SenderFor - a.SenderFor} {
		if d != 0 {
			return d
		}
	}
	return strings.Compare(a.Employee.ID, b.Employee.ID)
}
