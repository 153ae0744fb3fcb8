package campaigns

import (
	"context"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// DefaultMaxRecipients bounds the recipients of one campaign unless the
// caller sets Campaign.MaxRecipients.
const DefaultMaxRecipients = 1_000_000

// Catalog is what a campaign reads: the network, accounts and the lists of
// accounts, customers, employees and units that accounts, segments and
// units select recipients from. graph.Store satisfies it.
type Catalog interface {
	graph.Network
	Account(ctx context.Context, id string) (graph.Account, error)
	Accounts(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Account], error)
	Customers(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Customer], error)
	Employees(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Employee], error)
	Units(ctx context.Context, q graph.ListQuery) (graph.Page[graph.Unit], error)
}

var _ Catalog = graph.Store(nil)

// Campaign asks for the senders of many recipients at once.
type Campaign struct {
	// Recipients are customer ids. Repeated ids are resolved once and
	// reported in Result.Duplicates.
	Recipients []string
	// Accounts adds every customer of these accounts; Segments every
	// customer of every account in these segments. A customer selected
	// more than once is resolved once (that is no duplicate).
	Accounts []string
	Segments []string
	// Units adds every customer of every account owned by an employee of
	// these units or the units below them.
	Units []string
	// All selects every customer, by id, instead of Recipients, Accounts,
	// Segments and Units (which must then be empty).
	All bool
	// Params: MaxHops (default 1), MinTrust (default 0.3), AsOf (default
	// now, the same moment for every recipient) and HalfLifeDays; Limit is
	// ignored.
	Params routing.Params
	// Fallback is the sender of the last resort. A zero Fallback is allowed
	// (fallback rows then name nobody); any other needs a name and a valid
	// email.
	Fallback routing.Fallback
	// Capacity caps the recipients per sender (employee id → places) in this
	// campaign, over the employee's own capacity. Ids of no sender are
	// ignored.
	Capacity map[string]int
	// DefaultCapacity caps senders that neither Capacity nor their own
	// capacity caps; nil leaves them unlimited.
	DefaultCapacity *int
	// Declined maps a recipient to the employees who declined to be their
	// sender: none of them is chosen for that recipient, neither as trusted
	// sender nor as account owner. A saved campaign re-assigns declined
	// recipients with it.
	Declined map[string][]string
	// Taken counts places per sender id that are already used outside this
	// resolution (the kept assignments of a saved campaign): they are
	// subtracted from the sender's capacity.
	Taken map[string]int
	// MaxRecipients bounds the recipients selected; 0 means
	// DefaultMaxRecipients.
	MaxRecipients int
	// Progress, if set, hears how many of the recipients that can get a
	// sender have had their candidates ranked, the main part of the work.
	Progress func(done, total int)
}

// Result is the answer of Resolve (docs/contract.md §2 Campaigns). Every
// selected recipient appears in exactly one of Assignments, Excluded and
// Unresolved; each list keeps the order in which the recipients were
// selected: Recipients first, then the customers of each of Accounts (by
// id), then those of each segment's accounts (accounts by id, customers by
// id).
type Result struct {
	AsOf        time.Time    `json:"asOf"`
	Assignments []Assignment `json:"assignments"`
	Excluded    []Exclusion  `json:"excluded"`
	Unresolved  []Exclusion  `json:"unresolved"`
	// Duplicates lists the ids repeated in Campaign.Recipients, each once.
	Duplicates []string `json:"duplicates"`
	Summary    Summary  `json:"summary"`

	order []rowRef // every recipient in selection order
}

// Assignment is the sender of one recipient. Name is the customer's
// name, for mail merge and for the pages of roles that may not read
// customers (marketing).
type Assignment struct {
	routing.Assignment
	Name string `json:"name,omitempty"`
}

// Exclusion is a recipient who gets no sender: excluded (opt_out,
// no_email) or unresolved (unknown_customer). Name and Email are the
// customer's, for mail merge; JSON answers leave them out.
type Exclusion struct {
	Customer string `json:"customer"`
	Reason   string `json:"reason"`
	Name     string `json:"-"`
	Email    string `json:"-"`
}

// Summary counts a campaign's outcome. ByReason always holds the
// three reasons of an assignment, Excluded and Unresolved their reasons
// that occurred; BySender counts the recipients per employee id (the
// fallback, which has none, is not in it); TotalScore sums the scores of the
// trusted_path assignments.
type Summary struct {
	Recipients int            `json:"recipients"`
	Assigned   int            `json:"assigned"`
	ByReason   map[string]int `json:"byReason"`
	BySender   map[string]int `json:"bySender"`
	TotalScore float64        `json:"totalScore"`
	Excluded   map[string]int `json:"excluded"`
	Unresolved map[string]int `json:"unresolved"`
	Duplicates int            `json:"duplicates"`
}

// rowRef points at one recipient's entry: list 0 is Assignments, 1
// Excluded, 2 Unresolved.
type rowRef struct {
	list uint8
	i    int32
}

// Resolve chooses the sender of every selected recipient by the
// chain of docs/contract.md §2: an unknown id is unresolved (unknown_customer); an
// opted-out customer or one without email is excluded (opt_out, no_email);
// the others get a trusted sender (trusted_path: a candidate of Senders,
// score at least MinTrust within MaxHops), else their account's owner if
// active, a sender and with a place left (account_owner), else the fallback
// (fallback, score 0).
//
// Capacities: a sender's capacity is Capacity[id] if given, else the
// employee's capacity, else DefaultCapacity, else unlimited; trusted_path
// and account_owner assignments count against it. The trusted_path step
// maximises the total score over all recipients under the capacities and
// returns one canonical optimum (assign.go documents the tie-break): the
// answer depends on the set of recipients, not on their order. The
// recipients left without a trusted sender then get their account owner in
// ascending customer id order while the owner has places, the rest the
// fallback.
//
// EINVALID names every bad field (recipients[i], accounts[i], segments[i],
// capacity.<id>, defaultCapacity, fallback.name, fallback.email, maxHops,
// minTrust, halfLifeDays), an account that does not exist, a segment no
// account is in, a campaign with no recipients or more than MaxRecipients.
func Resolve(ctx context.Context, cat Catalog, c Campaign) (*Result, error) {
	s, err := c.check()
	if err != nil {
		return nil, err
	}
	c.Params.AsOf = s.AsOf // one moment for every chunk
	sel, err := selectRecipients(ctx, cat, c)
	if err != nil {
		return nil, err
	}
	r := &resolution{cat: cat, c: c, sel: sel}
	if err := r.classify(ctx); err != nil {
		return nil, err
	}
	if err := r.rank(ctx); err != nil {
		return nil, err
	}
	if err := r.assign(ctx); err != nil {
		return nil, err
	}
	if err := r.owners(ctx); err != nil {
		return nil, err
	}
	res := r.result()
	res.AsOf = s.AsOf
	return res, nil
}
