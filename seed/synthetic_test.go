package seed

import (
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

func TestSyntheticIsValidSkewedAndDeterministic(t *testing.T) {
	opts := SyntheticOptions{Employees: 400, Customers: 10_000, Seed: 7, BatchSize: 3000}
	var all graph.Batch
	var batches int
	err := Synthetic(opts, func(b graph.Batch) error {
		batches++
		if err := b.Validate().Err(); err != nil {
			t.Fatalf("batch %d invalid: %v", batches, err)
		}
		all.Units = append(all.Units, b.Units...)
		all.Accounts = append(all.Accounts, b.Accounts...)
		all.Employees = append(all.Employees, b.Employees...)
		all.Customers = append(all.Customers, b.Customers...)
		all.Relationships = append(all.Relationships, b.Relationships...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := all.Validate().Err(); err != nil {
		t.Fatalf("whole network invalid: %v", err)
	}
	if err := all.CheckRefs(graph.Existing{}, false); err != nil {
		t.Fatalf("references: %v", err)
	}
	if len(all.Employees) != 400 || len(all.Customers) != 10_000 {
		t.Fatalf("sizes: %d employees, %d customers", len(all.Employees), len(all.Customers))
	}
	degree := map[string]int{}
	for _, r := range all.Relationships {
		degree[r.A]++
		degree[r.B]++
	}
	top := 0
	for _, e := range all.Employees {
		top = max(top, degree[e.ID])
	}
	perCustomer := float64(len(all.Relationships)) / float64(len(all.Customers))
	t.Logf("%d batches, %d relationships (%.2f per customer), top employee degree %d", batches, len(all.Relationships), perCustomer, top)
	if top < 500 {
		t.Errorf("top employee degree %d: want a heavy tail (≥ 500 at this size)", top)
	}
	if perCustomer < 3 || perCustomer > 5 {
		t.Errorf("relationships per customer %.2f, want 3–5 (2M for 500k)", perCustomer)
	}
	var again int
	_ = Synthetic(opts, func(b graph.Batch) error { again += len(b.Relationships); return nil })
	if again != len(all.Relationships) {
		t.Errorf("second run made %d relationships, first %d", again, len(all.Relationships))
	}
}
