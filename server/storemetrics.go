package server

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/contactgraph/contactgraph/graph"
)

// InstrumentStore returns store with every call timed in the histogram
// contactgraph_store_call_duration_seconds{op, outcome}, registered with reg:
// op is the method name, outcome "ok" or the error code (graph.ErrorCode).
// A store that is already instrumented is returned as it is, so that wrapping
// twice does not count twice.
func InstrumentStore(store graph.Store, reg prometheus.Registerer) graph.Store {
	if _, ok := store.(*instrumentedStore); ok {
		return store
	}
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	return &instrumentedStore{next: store, duration: register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "contactgraph_store_call_duration_seconds",
		Help:    "Time of one store call, by method and outcome (ok or the error code).",
		Buckets: []float64{.0001, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"op", "outcome"}))}
}

// instrumentedStore is the timing decorator of a graph.Store.
type instrumentedStore struct {
	next     graph.Store
	duration *prometheus.HistogramVec
}

var _ graph.Store = (*instrumentedStore)(nil)

// track starts timing a call of op; the returned func records it with the
// error the call ended with: defer s.track("Op")(&err).
func (s *instrumentedStore) track(op string) func(*error) {
	start := time.Now()
	return func(err *error) {
		outcome := "ok"
		if *err != nil {
			outcome = graph.ErrorCode(*err)
		}
		s.duration.WithLabelValues(op, outcome).Observe(time.Since(start).Seconds())
	}
}

// PutEmployee times graph.Store.PutEmployee.
func (s *instrumentedStore) PutEmployee(ctx context.Context, e graph.Employee) (created bool, err error) {
	defer s.track("PutEmployee")(&err)
	return s.next.PutEmployee(ctx, e)
}

// Employee times graph.Store.Employee.
func (s *instrumentedStore) Employee(ctx context.Context, id string) (e graph.Employee, err error) {
	defer s.track("Employee")(&err)
	return s.next.Employee(ctx, id)
}

// DeleteEmployee times graph.Store.DeleteEmployee.
func (s *instrumentedStore) DeleteEmployee(ctx context.Context, id string, cascade bool) (err error) {
	defer s.track("DeleteEmployee")(&err)
	return s.next.DeleteEmployee(ctx, id, cascade)
}

// Employees times graph.Store.Employees.
func (s *instrumentedStore) Employees(ctx context.Context, q graph.ListQuery) (p graph.Page[graph.Employee], err error) {
	defer s.track("Employees")(&err)
	return s.next.Employees(ctx, q)
}

// PutCustomer times graph.Store.PutCustomer.
func (s *instrumentedStore) PutCustomer(ctx context.Context, c graph.Customer) (created bool, err error) {
	defer s.track("PutCustomer")(&err)
	return s.next.PutCustomer(ctx, c)
}

// Customer times graph.Store.Customer.
func (s *instrumentedStore) Customer(ctx context.Context, id string) (c graph.Customer, err error) {
	defer s.track("Customer")(&err)
	return s.next.Customer(ctx, id)
}

// DeleteCustomer times graph.Store.DeleteCustomer.
func (s *instrumentedStore) DeleteCustomer(ctx context.Context, id string) (err error) {
	defer s.track("DeleteCustomer")(&err)
	return s.next.DeleteCustomer(ctx, id)
}

// Customers times graph.Store.Customers.
func (s *instrumentedStore) Customers(ctx context.Context, q graph.ListQuery) (p graph.Page[graph.Customer], err error) {
	defer s.track("Customers")(&err)
	return s.next.Customers(ctx, q)
}

// PutAccount times graph.Store.PutAccount.
func (s *instrumentedStore) PutAccount(ctx context.Context, a graph.Account) (created bool, err error) {
	defer s.track("PutAccount")(&err)
	return s.next.PutAccount(ctx, a)
}

// Account times graph.Store.Account.
func (s *instrumentedStore) Account(ctx context.Context, id string) (a graph.Account, err error) {
	defer s.track("Account")(&err)
	return s.next.Account(ctx, id)
}

// DeleteAccount times graph.Store.DeleteAccount.
func (s *instrumentedStore) DeleteAccount(ctx context.Context, id string, cascade bool) (err error) {
	defer s.track("DeleteAccount")(&err)
	return s.next.DeleteAccount(ctx, id, cascade)
}

// Accounts times graph.Store.Accounts.
func (s *instrumentedStore) Accounts(ctx context.Context, q graph.ListQuery) (p graph.Page[graph.Account], err error) {
	defer s.track("Accounts")(&err)
	return s.next.Accounts(ctx, q)
}

// PutUnit times graph.Store.PutUnit.
func (s *instrumentedStore) PutUnit(ctx context.Context, u graph.Unit) (created bool, err error) {
	defer s.track("PutUnit")(&err)
	return s.next.PutUnit(ctx, u)
}

// Unit times graph.Store.Unit.
func (s *instrumentedStore) Unit(ctx context.Context, id string) (u graph.Unit, err error) {
	defer s.track("Unit")(&err)
	return s.next.Unit(ctx, id)
}

// DeleteUnit times graph.Store.DeleteUnit.
func (s *instrumentedStore) DeleteUnit(ctx context.Context, id string, cascade bool) (err error) {
	defer s.track("DeleteUnit")(&err)
	return s.next.DeleteUnit(ctx, id, cascade)
}

// Units times graph.Store.Units.
func (s *instrumentedStore) Units(ctx context.Context, q graph.ListQuery) (p graph.Page[graph.Unit], err error) {
	defer s.track("Units")(&err)
	return s.next.Units(ctx, q)
}

// PutRelationship times graph.Store.PutRelationship.
func (s *instrumentedStore) PutRelationship(ctx context.Context, r graph.Relationship) (created bool, err error) {
	defer s.track("PutRelationship")(&err)
	return s.next.PutRelationship(ctx, r)
}

// Relationship times graph.Store.Relationship.
func (s *instrumentedStore) Relationship(ctx context.Context, a, b string) (r graph.Relationship, err error) {
	defer s.track("Relationship")(&err)
	return s.next.Relationship(ctx, a, b)
}

// DeleteRelationship times graph.Store.DeleteRelationship.
func (s *instrumentedStore) DeleteRelationship(ctx context.Context, a, b string) (err error) {
	defer s.track("DeleteRelationship")(&err)
	return s.next.DeleteRelationship(ctx, a, b)
}

// PersonRelationships times graph.Store.PersonRelationships.
func (s *instrumentedStore) PersonRelationships(ctx context.Context, id string) (rs []graph.Relationship, err error) {
	defer s.track("PersonRelationships")(&err)
	return s.next.PersonRelationships(ctx, id)
}

// RecordInteraction times graph.Store.RecordInteraction.
func (s *instrumentedStore) RecordInteraction(ctx context.Context, i graph.Interaction, m graph.TrustModel) (r graph.Relationship, created bool, err error) {
	defer s.track("RecordInteraction")(&err)
	return s.next.RecordInteraction(ctx, i, m)
}

// Histories times graph.Store.Histories.
func (s *instrumentedStore) Histories(ctx context.Context, pairs [][2]string) (hs []graph.History, err error) {
	defer s.track("Histories")(&err)
	return s.next.Histories(ctx, pairs)
}

// RecordCaptured times graph.Store.RecordCaptured.
func (s *instrumentedStore) RecordCaptured(ctx context.Context, items []graph.CapturedItem, m graph.TrustModel) (recorded []bool, err error) {
	defer s.track("RecordCaptured")(&err)
	return s.next.RecordCaptured(ctx, items, m)
}

// CapturedCount times graph.Store.CapturedCount.
func (s *instrumentedStore) CapturedCount(ctx context.Context) (n int, err error) {
	defer s.track("CapturedCount")(&err)
	return s.next.CapturedCount(ctx)
}

// Persons times graph.Store.Persons.
func (s *instrumentedStore) Persons(ctx context.Context, ids []string) (ps []graph.Person, err error) {
	defer s.track("Persons")(&err)
	return s.next.Persons(ctx, ids)
}

// Ties times graph.Store.Ties.
func (s *instrumentedStore) Ties(ctx context.Context, ids []string) (rs []graph.Relationship, err error) {
	defer s.track("Ties")(&err)
	return s.next.Ties(ctx, ids)
}

// ReadGraph hands read the store's own view and times the whole read,
// routing's search on the view included: routing reads the view directly,
// so a question over HTTP costs what it costs on the store itself.
func (s *instrumentedStore) ReadGraph(ctx context.Context, read func(graph.View) error) (err error) {
	defer s.track("ReadGraph")(&err)
	return s.next.ReadGraph(ctx, read)
}

// Batch times graph.Store.Batch.
func (s *instrumentedStore) Batch(ctx context.Context, b graph.Batch) (res graph.BatchResult, err error) {
	defer s.track("Batch")(&err)
	return s.next.Batch(ctx, b)
}

// Ping times graph.Store.Ping.
func (s *instrumentedStore) Ping(ctx context.Context) (err error) {
	defer s.track("Ping")(&err)
	return s.next.Ping(ctx)
}

// Close closes the underlying store; it is not timed.
func (s *instrumentedStore) Close() error { return s.next.Close() }

// CreateCampaign times graph.Store.CreateCampaign.
func (s *instrumentedStore) CreateCampaign(ctx context.Context, c graph.Campaign) (err error) {
	defer s.track("CreateCampaign")(&err)
	return s.next.CreateCampaign(ctx, c)
}

// UpdateCampaign times graph.Store.UpdateCampaign.
func (s *instrumentedStore) UpdateCampaign(ctx context.Context, c graph.Campaign) (err error) {
	defer s.track("UpdateCampaign")(&err)
	return s.next.UpdateCampaign(ctx, c)
}

// Campaign times graph.Store.Campaign.
func (s *instrumentedStore) Campaign(ctx context.Context, id string) (c graph.Campaign, err error) {
	defer s.track("Campaign")(&err)
	return s.next.Campaign(ctx, id)
}

// Campaigns times graph.Store.Campaigns.
func (s *instrumentedStore) Campaigns(ctx context.Context, q graph.CampaignQuery) (p graph.Page[graph.Campaign], err error) {
	defer s.track("Campaigns")(&err)
	return s.next.Campaigns(ctx, q)
}

// CreateIntroduction times graph.Store.CreateIntroduction.
func (s *instrumentedStore) CreateIntroduction(ctx context.Context, in graph.Introduction) (err error) {
	defer s.track("CreateIntroduction")(&err)
	return s.next.CreateIntroduction(ctx, in)
}

// UpdateIntroduction times graph.Store.UpdateIntroduction.
func (s *instrumentedStore) UpdateIntroduction(ctx context.Context, in graph.Introduction) (err error) {
	defer s.track("UpdateIntroduction")(&err)
	return s.next.UpdateIntroduction(ctx, in)
}

// Introduction times graph.Store.Introduction.
func (s *instrumentedStore) Introduction(ctx context.Context, id string) (in graph.Introduction, err error) {
	defer s.track("Introduction")(&err)
	return s.next.Introduction(ctx, id)
}

// Introductions times graph.Store.Introductions.
func (s *instrumentedStore) Introductions(ctx context.Context, q graph.IntroductionQuery) (p graph.Page[graph.Introduction], err error) {
	defer s.track("Introductions")(&err)
	return s.next.Introductions(ctx, q)
}

// DeleteIntroduction times graph.Store.DeleteIntroduction.
func (s *instrumentedStore) DeleteIntroduction(ctx context.Context, id string) (err error) {
	defer s.track("DeleteIntroduction")(&err)
	return s.next.DeleteIntroduction(ctx, id)
}

// QueueLetters times graph.Store.QueueLetters.
func (s *instrumentedStore) QueueLetters(ctx context.Context, campaign string, letters []graph.Letter) (n int, err error) {
	defer s.track("QueueLetters")(&err)
	return s.next.QueueLetters(ctx, campaign, letters)
}

// ClaimLetters times graph.Store.ClaimLetters.
func (s *instrumentedStore) ClaimLetters(ctx context.Context, campaign string, now time.Time, n int) (out []graph.Letter, err error) {
	defer s.track("ClaimLetters")(&err)
	return s.next.ClaimLetters(ctx, campaign, now, n)
}

// ReleaseLetters times graph.Store.ReleaseLetters.
func (s *instrumentedStore) ReleaseLetters(ctx context.Context, campaign string) (n int, err error) {
	defer s.track("ReleaseLetters")(&err)
	return s.next.ReleaseLetters(ctx, campaign)
}

// MarkLetter times graph.Store.MarkLetter.
func (s *instrumentedStore) MarkLetter(ctx context.Context, l graph.Letter, from string) (err error) {
	defer s.track("MarkLetter")(&err)
	return s.next.MarkLetter(ctx, l, from)
}

// SyncLetters times graph.Store.SyncLetters.
func (s *instrumentedStore) SyncLetters(ctx context.Context) (err error) {
	defer s.track("SyncLetters")(&err)
	return s.next.SyncLetters(ctx)
}

// Letters times graph.Store.Letters.
func (s *instrumentedStore) Letters(ctx context.Context, q graph.LetterQuery) (p graph.Page[graph.Letter], err error) {
	defer s.track("Letters")(&err)
	return s.next.Letters(ctx, q)
}

// ForgetLetters times graph.Store.ForgetLetters.
func (s *instrumentedStore) ForgetLetters(ctx context.Context, customer string) (n int, err error) {
	defer s.track("ForgetLetters")(&err)
	return s.next.ForgetLetters(ctx, customer)
}

// LetterCounts times graph.Store.LetterCounts.
func (s *instrumentedStore) LetterCounts(ctx context.Context, campaign string) (m map[string]int, err error) {
	defer s.track("LetterCounts")(&err)
	return s.next.LetterCounts(ctx, campaign)
}
