package campaigns_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/routing"
)

// Declined senders are skipped for their recipient only, as trusted sender
// and as account owner; Taken places count against capacities.
func TestCampaignDeclinedAndTaken(t *testing.T) {
	ctx := t.Context()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	emp := func(id string) graph.Employee {
		return graph.Employee{ID: id, Name: id, Email: id + "@corp.example", Active: true, Sender: true, Broker: true}
	}
	b := graph.Batch{
		Employees: []graph.Employee{emp("e1"), emp("e2"), emp("e3"), emp("e4")},
		Accounts:  []graph.Account{{ID: "a1", Name: "A1", Owner: "e4"}},
		Customers: []graph.Customer{
			{ID: "c1", Name: "c1", Email: "c1@example.com", Account: "a1"},
			{ID: "c2", Name: "c2", Email: "c2@example.com", Account: "a1"},
		},
		Relationships: []graph.Relationship{
			{A: "c1", B: "e1", Trust: 0.9}, {A: "c1", B: "e2", Trust: 0.8}, {A: "c1", B: "e3", Trust: 0.5},
			{A: "c2", B: "e1", Trust: 0.9},
		},
	}
	if _, err := s.Batch(ctx, b); err != nil {
		t.Fatal(err)
	}
	fallback := routing.Fallback{Name: "Board", Email: "board@corp.example"}
	for _, tc := range []struct {
		name     string
		declined map[string][]string
		taken    map[string]int
		capacity map[string]int
		want     map[string]string // customer → sender id or reason
	}{
		{"nothing declined", nil, nil, nil, map[string]string{"c1": "e1", "c2": "e1"}},
		{"the best declined", map[string][]string{"c1": {"e1"}}, nil, nil, map[string]string{"c1": "e2", "c2": "e1"}},
		{"every trusted sender declined", map[string][]string{"c1": {"e1", "e2", "e3"}}, nil, nil,
			map[string]string{"c1": "e4", "c2": "e1"}},
		{"the owner declined too", map[string][]string{"c1": {"e1", "e2", "e3", "e4"}}, nil, nil,
			map[string]string{"c1": routing.ReasonFallback, "c2": "e1"}},
		{"the next sender's places are taken", map[string][]string{"c1": {"e1"}}, map[string]int{"e2": 1},
			map[string]int{"e2": 1}, map[string]string{"c1": "e3", "c2": "e1"}},
		{"places taken beyond the capacity", map[string][]string{"c1": {"e1"}}, map[string]int{"e2": 5, "e3": 1},
			map[string]int{"e2": 1, "e3": 1}, map[string]string{"c1": "e4", "c2": "e1"}},
		{"unlimited senders ignore taken places", map[string][]string{"c1": {"e1"}}, map[string]int{"e2": 5}, nil,
			map[string]string{"c1": "e2", "c2": "e1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := campaigns.Resolve(ctx, s, campaigns.Campaign{
				Recipients: []string{"c1", "c2"}, Fallback: fallback,
				Declined: tc.declined, Taken: tc.taken, Capacity: tc.capacity,
			})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, a := range res.Assignments {
				if a.Sender.ID == nil {
					got[a.Customer] = a.Reason
				} else {
					got[a.Customer] = *a.Sender.ID
				}
			}
			for c, want := range tc.want {
				if got[c] != want {
					t.Errorf("%s: sender %q, want %q (all: %v)", c, got[c], want, got)
				}
			}
		})
	}
}

// ResultOf(Rows()) gives back the same campaign: JSON, CSV and summary.
func TestCampaignRowsRoundTrip(t *testing.T) {
	ctx := t.Context()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	n := drawCampaignNet(3, 400, 40)
	if _, err := s.Batch(ctx, n.b); err != nil {
		t.Fatal(err)
	}
	c := n.campaign()
	// Unknown ids, an employee's id and a repeated id, amid the customers.
	c.Recipients = append([]string{"nobody", n.b.Employees[0].ID, c.Recipients[5]}, c.Recipients...)
	res, err := campaigns.Resolve(ctx, s, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Excluded) == 0 || len(res.Unresolved) == 0 || len(res.Duplicates) == 0 {
		t.Fatalf("the drawn campaign lacks a kind of row: %d excluded, %d unresolved, %d duplicates",
			len(res.Excluded), len(res.Unresolved), len(res.Duplicates))
	}
	back := campaigns.ResultOf(res.AsOf, res.Rows(), res.Duplicates)
	for what, enc := range map[string]func(*campaigns.Result) string{
		"JSON": func(r *campaigns.Result) string { b, _ := json.Marshal(r); return string(b) },
		"CSV":  func(r *campaigns.Result) string { var b strings.Builder; _ = r.WriteCSV(&b); return b.String() },
	} {
		if got, want := enc(back), enc(res); got != want {
			t.Errorf("%s differs after Rows and ResultOf:\n got %.300s\nwant %.300s", what, got, want)
		}
	}
}
