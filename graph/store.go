package graph

import "context"

// Store keeps the contact graph. Both adapters (neo4jstore, embedded)
// implement it with the same semantics; graph/storetest is the proof.
//
// Every method honours ctx. Besides the codes named per method, any method may
// return EUNAVAILABLE when the store cannot be reached and EINTERNAL for
// unexpected failures.
type Store interface {
	// PutEmployee creates or replaces an employee and reports whether it was
	// created. EINVALID: a field breaks a rule or the unit does not exist.
	// ECONFLICT: the id belongs to a customer.
	PutEmployee(ctx context.Context, e Employee) (created bool, err error)
	// Employee returns one employee. ENOTFOUND: no such employee.
	Employee(ctx context.Context, id string) (Employee, error)
	// DeleteEmployee deletes an employee and its relationships. ENOTFOUND: no
	// such employee. ECONFLICT: it owns accounts and cascade is false; with
	// cascade those accounts lose their owner.
	DeleteEmployee(ctx context.Context, id string, cascade bool) error
	// Employees lists employees by id, filtered by q (name, id or email,
	// case-insensitive) and Scope (a unit id).
	Employees(ctx context.Context, q ListQuery) (Page[Employee], error)

	// PutCustomer creates or replaces a customer and reports whether it was
	// created. EINVALID: a field breaks a rule or the account does not exist.
	// ECONFLICT: the id belongs to an employee.
	PutCustomer(ctx context.Context, c Customer) (created bool, err error)
	// Customer returns one customer. ENOTFOUND: no such customer.
	Customer(ctx context.Context, id string) (Customer, error)
	// DeleteCustomer erases a customer and all its relationships.
	// ENOTFOUND: no such customer.
	DeleteCustomer(ctx context.Context, id string) error
	// Customers lists customers by id, filtered by q and Scope (an account id).
	Customers(ctx context.Context, q ListQuery) (Page[Customer], error)

	// PutAccount creates or replaces an account and reports whether it was
	// created. EINVALID: a field breaks a rule or the owner is not an employee.
	PutAccount(ctx context.Context, a Account) (created bool, err error)
	// Account returns one account. ENOTFOUND: no such account.
	Account(ctx context.Context, id string) (Account, error)
	// DeleteAccount deletes an account. ENOTFOUND: no such account.
	// ECONFLICT: customers refer to it and cascade is false; with cascade
	// they lose their account.
	DeleteAccount(ctx context.Context, id string, cascade bool) error
	// Accounts lists accounts by id, filtered by q and Scope (an owner id).
	Accounts(ctx context.Context, q ListQuery) (Page[Account], error)

	// PutUnit creates or replaces a unit and reports whether it was created.
	// EINVALID: a field breaks a rule, the parent does not exist or the
	// parent chain would form a cycle.
	PutUnit(ctx context.Context, u Unit) (created bool, err error)
	// Unit returns one unit. ENOTFOUND: no such unit.
	Unit(ctx context.Context, id string) (Unit, error)
	// DeleteUnit deletes a unit. ENOTFOUND: no such unit. ECONFLICT:
	// employees or child units refer to it and cascade is false; with cascade
	// they lose the reference.
	DeleteUnit(ctx context.Context, id string, cascade bool) error
	// Units lists units by id, filtered by q and Scope (a parent unit id).
	Units(ctx context.Context, q ListQuery) (Page[Unit], error)

	// PutRelationship creates or replaces the relationship between r.A and
	// r.B (in either order) and reports whether it was created; the
	// interaction count and history of an existing relationship are kept.
	// r.Trust is the declared trust; with r.TrustSource learned, a learned
	// trust of the history routes instead (Routed). EINVALID: a
	// field breaks a rule or an end is not a person.
	PutRelationship(ctx context.Context, r Relationship) (created bool, err error)
	// Relationship returns the relationship between a and b (in either
	// order), ends in canonical order. ENOTFOUND: no such relationship.
	Relationship(ctx context.Context, a, b string) (Relationship, error)
	// DeleteRelationship deletes the relationship between a and b.
	// ENOTFOUND: no such relationship.
	DeleteRelationship(ctx context.Context, a, b string) error
	// PersonRelationships returns every relationship of a person, ordered by
	// the other end's id. ENOTFOUND: no such person.
	PersonRelationships(ctx context.Context, id string) ([]Relationship, error)
	// RecordInteraction adds an interaction to the history of the
	// relationship between its ends, as m.Record does: interactions grows
	// by one, lastContact becomes the later of its value and i.At, the
	// model learns the trust anew, and an absent relationship is created
	// (source "interaction", trust source learned). A campaign interaction
	// never creates a relationship: ENOTFOUND when there is none. EINVALID:
	// a field breaks a rule or an end is not a person.
	RecordInteraction(ctx context.Context, i Interaction, m TrustModel) (r Relationship, created bool, err error)

	// HistoryStore keeps the interactions of each relationship.
	HistoryStore

	// Network is what routing reads: ReadGraph, Persons and Ties.
	Network

	// Batch upserts everything in b in one transaction: all or nothing.
	// EINVALID: any entity breaks a rule or refers to something that is
	// neither stored nor in the batch. ECONFLICT: a person id of the batch
	// belongs to a stored person of the other kind.
	Batch(ctx context.Context, b Batch) (BatchResult, error)

	// CampaignStore keeps saved campaigns.
	CampaignStore

	// IntroductionStore keeps introduction requests.
	IntroductionStore

	// OutboxStore keeps the delivery state of campaigns' letters.
	OutboxStore

	// CaptureStore remembers the items captured from mail and calendars.
	CaptureStore

	// Ping checks that the store is reachable. EUNAVAILABLE: it is not.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// ListQuery selects a page of a list ordered by id.
type ListQuery struct {
	Q     string // case-insensitive substring of name, id or email; "" for all
	Scope string // the list's filter: unit, account, owner or parent id
	After string // return ids greater than this one (the cursor)
	Limit int    // page size, 1 to MaxListLimit
}

// List limits.
const (
	DefaultListLimit = 50
	MaxListLimit     = 1000
)

// Page is one page of a list. Next is the cursor of the following page, ""
// on the last page.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}
