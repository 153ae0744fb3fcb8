package campaigns_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
)

// forEachStore runs test on a fresh embedded store and on the test Neo4j.
func forEachStore(t *testing.T, test func(t *testing.T, s graph.Store)) {
	t.Run("embedded", func(t *testing.T) {
		s, err := embedded.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		test(t, s)
	})
	t.Run("neo4j", func(t *testing.T) { test(t, neo4jtest.Open(t)) })
}

var (
	reference = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	board     = routing.Fallback{Name: "Vorstand", Email: "vorstand@example.com"}
)

// demo loads the demo company and returns its customers.
func demo(t *testing.T, s graph.Store) []string {
	t.Helper()
	b := seed.DemoAt(reference)
	if _, err := s.Batch(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range b.Customers {
		ids = append(ids, c.ID)
	}
	return ids
}

func demoCampaign(recipients []string) campaigns.Campaign {
	return campaigns.Campaign{Recipients: recipients, Fallback: board,
		Params: routing.Params{AsOf: reference, HalfLifeDays: 365}}
}

func senderOf(r campaigns.Row) string {
	if r.Sender == nil || r.Sender.ID == nil {
		return ""
	}
	return *r.Sender.ID
}

func rowsJSON(t *testing.T, rows []campaigns.Row) []string {
	t.Helper()
	out := make([]string, len(rows))
	for i, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out
}

// A saved campaign stays as it was when the graph changes, and reads back
// as it was saved.
func TestSavedCampaignIsASnapshot(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		customers := demo(t, s)
		saved, err := campaigns.Save(ctx, s, "Winter letter", demoCampaign(customers), "marketing-1")
		if err != nil {
			t.Fatal(err)
		}
		before := rowsJSON(t, saved.Rows)
		// Change the graph: every trusted sender loses the ties to their
		// recipients.
		changed := 0
		for _, r := range saved.Rows {
			if r.Reason == routing.ReasonTrustedPath && len(r.Path) == 2 {
				if err := s.DeleteRelationship(ctx, r.Path[0], r.Path[1]); err != nil {
					t.Fatal(err)
				}
				changed++
			}
		}
		if changed == 0 {
			t.Fatal("the demo campaign has no one-hop trusted senders")
		}
		again, err := campaigns.Load(ctx, s, saved.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := rowsJSON(t, again.Rows); !slices.Equal(got, before) {
			t.Errorf("the saved campaign changed with the graph:\n got %v\nwant %v", got, before)
		}
		if !again.AsOf.Equal(reference) || again.Name != "Winter letter" || again.Status != graph.CampaignPending ||
			again.CreatedBy != "marketing-1" || again.Recipients != len(customers) {
			t.Errorf("read back %+v", again.Campaign)
		}
		fresh, err := campaigns.Resolve(ctx, s, demoCampaign(customers))
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(rowsJSON(t, fresh.Rows()), before) {
			t.Error("resolving again gives the same answer: the graph change did not matter, so the test proves nothing")
		}
	})
}

// Declining re-assigns exactly the declined recipients, each to the best
// sender the routing answer has without those who declined, and leaves the
// others alone.
func TestDeclineReassignsOnlyTheDeclined(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		customers := demo(t, s)
		saved, err := campaigns.Save(ctx, s, "Spring letter", demoCampaign(customers), "marketing-1")
		if err != nil {
			t.Fatal(err)
		}
		mine := map[string][]string{} // sender → recipients
		for _, r := range saved.Rows {
			if r.Reason == routing.ReasonTrustedPath {
				mine[senderOf(r)] = append(mine[senderOf(r)], r.Customer)
			}
		}
		decliner := seed.DemoNetworkSpecialist
		if len(mine[decliner]) < 2 {
			t.Fatalf("%s sends to %v; the test needs two", decliner, mine[decliner])
		}
		declined := mine[decliner][:2]
		after, changed, err := campaigns.DeclineRecipients(ctx, s, saved.ID, decliner, declined, "employee-key")
		if err != nil {
			t.Fatal(err)
		}
		if len(changed) != 2 {
			t.Fatalf("%d rows changed, want 2", len(changed))
		}
		for i, r := range after.Rows {
			if !slices.Contains(declined, r.Customer) {
				if a, b := rowsJSON(t, after.Rows[i:i+1])[0], rowsJSON(t, saved.Rows[i:i+1])[0]; a != b {
					t.Errorf("recipient %s was not declined but changed: %s, was %s", r.Customer, a, b)
				}
				continue
			}
			checkReassigned(t, s, r, []string{decliner})
		}
		if after.Revision != 2 || len(after.Declines) != 2 {
			t.Errorf("revision %d with %d declines, want 2 and 2", after.Revision, len(after.Declines))
		}

		// The new sender of the first declines too: both are left out.
		first, _ := findRow(after.Rows, declined[0])
		if next := senderOf(first); next != "" {
			again, _, err := campaigns.DeclineRecipients(ctx, s, saved.ID, next, declined[:1], "other-key")
			if err != nil {
				t.Fatal(err)
			}
			r, _ := findRow(again.Rows, declined[0])
			checkReassigned(t, s, r, []string{decliner, next})
		}

		// Someone else's recipient, or one declined already: refused.
		_, _, err = campaigns.DeclineRecipients(ctx, s, saved.ID, decliner, declined[:1], "employee-key")
		wantProblem(t, err, "recipients[0]")
		_, _, err = campaigns.DeclineRecipients(ctx, s, saved.ID, decliner, nil, "employee-key")
		wantProblem(t, err, "recipients")
		_, _, err = campaigns.DeclineRecipients(ctx, s, "cmp-none", decliner, declined, "employee-key")
		if graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("unknown campaign: %v", err)
		}

		// Once sent, nothing changes.
		sent, err := campaigns.MarkSent(ctx, s, saved.ID, "marketing-1")
		if err != nil || sent.Status != graph.CampaignSent || sent.SentAt == nil || sent.SentBy != "marketing-1" {
			t.Fatalf("MarkSent: %+v, %v", sent, err)
		}
		if len(mine[decliner]) > 2 {
			_, _, err = campaigns.DeclineRecipients(ctx, s, saved.ID, decliner, mine[decliner][2:3], "employee-key")
			if graph.ErrorCode(err) != graph.ECONFLICT {
				t.Errorf("declining in a sent campaign: %v, want ECONFLICT", err)
			}
		}
		twice, err := campaigns.MarkSent(ctx, s, saved.ID, "someone-else")
		if err != nil || twice.SentBy != "marketing-1" || twice.Revision != sent.Revision {
			t.Errorf("marking sent twice changed it: %+v, %v", twice, err)
		}
	})
}

// checkReassigned compares a re-assigned row with the routing answer: the
// best eligible sender other than those who declined, else the account
// owner unless they declined, else the fallback.
func checkReassigned(t *testing.T, s graph.Store, r campaigns.Row, declined []string) {
	t.Helper()
	ctx := t.Context()
	cands, err := routing.Senders(ctx, s, []string{r.Customer}, routing.Params{AsOf: reference, HalfLifeDays: 365})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cands[r.Customer] {
		if slices.Contains(declined, c.Employee.ID) {
			continue
		}
		if senderOf(r) != c.Employee.ID || r.Reason != routing.ReasonTrustedPath || r.Score != c.Score ||
			!slices.Equal(r.Path, c.Path) {
			t.Errorf("%s re-assigned to %s (%s, %v, %v), routing says %s (%v, %v)",
				r.Customer, senderOf(r), r.Reason, r.Score, r.Path, c.Employee.ID, c.Score, c.Path)
		}
		return
	}
	cust, err := s.Customer(ctx, r.Customer)
	if err != nil {
		t.Fatal(err)
	}
	owner := ""
	if cust.Account != "" {
		a, err := s.Account(ctx, cust.Account)
		if err != nil {
			t.Fatal(err)
		}
		owner = a.Owner
	}
	if owner != "" && !slices.Contains(declined, owner) {
		if senderOf(r) != owner || r.Reason != routing.ReasonAccountOwner {
			t.Errorf("%s re-assigned to %s (%s), want the owner %s", r.Customer, senderOf(r), r.Reason, owner)
		}
		return
	}
	if r.Reason != routing.ReasonFallback || r.Sender == nil || r.Sender.Name != board.Name {
		t.Errorf("%s re-assigned to %+v (%s), want the fallback", r.Customer, r.Sender, r.Reason)
	}
}

func findRow(rows []campaigns.Row, customer string) (campaigns.Row, bool) {
	for _, r := range rows {
		if r.Customer == customer {
			return r, true
		}
	}
	return campaigns.Row{}, false
}

func wantProblem(t *testing.T, err error, field string) {
	t.Helper()
	for _, f := range graph.ErrorFields(err) {
		if f.Field == field {
			return
		}
	}
	t.Errorf("error %v does not name %s", err, field)
}

// Two employees declining at once both get through: neither decline is
// lost.
func TestConcurrentDeclines(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		saved, err := campaigns.Save(ctx, s, "Concurrent", demoCampaign(demo(t, s)), "marketing-1")
		if err != nil {
			t.Fatal(err)
		}
		bySender := map[string]string{} // sender → one recipient
		for _, r := range saved.Rows {
			if id := senderOf(r); id != "" {
				bySender[id] = r.Customer
			}
		}
		if len(bySender) < 3 {
			t.Fatalf("only %d senders", len(bySender))
		}
		var wg sync.WaitGroup
		errs := map[string]error{}
		var mu sync.Mutex
		for sender, customer := range bySender {
			wg.Go(func() {
				_, _, err := campaigns.DeclineRecipients(ctx, s, saved.ID, sender, []string{customer}, "key-"+sender)
				mu.Lock()
				errs[sender] = err
				mu.Unlock()
			})
		}
		wg.Wait()
		for sender, err := range errs {
			if err != nil {
				t.Errorf("%s: %v", sender, err)
			}
		}
		after, err := campaigns.Load(ctx, s, saved.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Declines) != len(bySender) {
			t.Errorf("%d declines recorded, want %d", len(after.Declines), len(bySender))
		}
		for sender, customer := range bySender {
			if r, _ := findRow(after.Rows, customer); senderOf(r) == sender {
				t.Errorf("%s still sends to %s after declining", sender, customer)
			}
		}
	})
}

// An employee sees the campaigns in their name, with the recipients and
// their declines, and no one else's.
func TestOfSender(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		customers := demo(t, s)
		var ids []string
		for i := range 3 {
			c, err := campaigns.Save(ctx, s, fmt.Sprintf("Letter %d", i), demoCampaign(customers[i*3:]), "marketing-1")
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		views, next, err := campaigns.OfSender(ctx, s, seed.DemoNetworkSpecialist, graph.CampaignQuery{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(views) != 2 || next == "" || views[0].Campaign.ID != ids[2] || views[1].Campaign.ID != ids[1] {
			t.Fatalf("first page: %d views, next %q", len(views), next)
		}
		for _, v := range views {
			if len(v.Recipients) == 0 || v.Campaign.Snapshot != nil {
				t.Errorf("%s: %d recipients, snapshot %d bytes", v.Campaign.ID, len(v.Recipients), len(v.Campaign.Snapshot))
			}
			for _, r := range v.Recipients {
				if senderOf(r) != seed.DemoNetworkSpecialist {
					t.Errorf("%s: recipient %s is sent by %s", v.Campaign.ID, r.Customer, senderOf(r))
				}
			}
		}
		none, _, err := campaigns.OfSender(ctx, s, "nobody", graph.CampaignQuery{})
		if err != nil || len(none) != 0 {
			t.Errorf("campaigns of nobody: %v, %v", none, err)
		}
	})
}

// Erasing a customer takes them out of every saved campaign, sent ones
// too: their row, their declines, and their id on others' routes.
func TestEraseCustomer(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		customers := demo(t, s)
		c := demoCampaign(customers)
		c.Params.MaxHops = 3 // routes through other customers
		first, err := campaigns.Save(ctx, s, "First", c, "m")
		if err != nil {
			t.Fatal(err)
		}
		// The customer to erase: an intermediary on someone's route.
		victim := ""
		for _, r := range first.Rows {
			if len(r.Path) < 3 {
				continue
			}
			for _, id := range r.Path[1 : len(r.Path)-1] {
				if slices.Contains(customers, id) {
					victim = id
				}
			}
		}
		if victim == "" {
			t.Fatal("no route through a customer")
		}
		second, err := campaigns.Save(ctx, s, "Second", demoCampaign([]string{victim, victim, customers[0]}), "m")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := campaigns.MarkSent(ctx, s, second.ID, "m"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCustomer(ctx, victim); err != nil {
			t.Fatal(err)
		}
		n, err := campaigns.EraseCustomer(ctx, s, victim)
		if err != nil || n != 2 {
			t.Fatalf("EraseCustomer changed %d campaigns (%v), want 2", n, err)
		}
		for _, id := range []string{first.ID, second.ID} {
			after, err := campaigns.Load(ctx, s, id)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal(after.Rows)
			dups, _ := json.Marshal(after.Duplicates)
			if strings.Contains(string(raw)+string(dups), `"`+victim+`"`) {
				t.Errorf("%s still holds %s: %s", id, victim, raw)
			}
			if after.Recipients != len(after.Rows) || after.Result().Summary.Recipients != len(after.Rows) {
				t.Errorf("%s: %d recipients recorded, %d rows", id, after.Recipients, len(after.Rows))
			}
		}
		if n, err := campaigns.EraseCustomer(ctx, s, victim); err != nil || n != 0 {
			t.Errorf("erasing again changed %d campaigns (%v)", n, err)
		}
	})
}
