package seed

import (
	"reflect"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

func TestDemoIsValidAndDeterministic(t *testing.T) {
	b := Demo()
	ref := time.Now()
	b = DemoAt(ref)
	if err := b.Validate().Err(); err != nil {
		t.Fatalf("demo batch invalid: %v", err)
	}
	if err := b.CheckRefs(graph.Existing{}, false); err != nil {
		t.Fatalf("demo batch references: %v", err)
	}
	if !reflect.DeepEqual(b, DemoAt(ref)) {
		t.Fatal("Demo() differs between calls")
	}
	if got := len(b.Employees); got != 40 {
		t.Errorf("employees = %d, want 40", got)
	}
	if got := len(b.Customers); got != 150 {
		t.Errorf("customers = %d, want 150", got)
	}
	if got := len(b.Accounts); got != 20 {
		t.Errorf("accounts = %d, want 20", got)
	}
	t.Logf("relationships: %d", len(b.Relationships))
}

func TestDemoTellsTheStory(t *testing.T) {
	b := Demo()
	specialist := 0
	private, optOut := 0, 0
	var leaversCustomerTies []graph.Relationship
	for _, r := range b.Relationships {
		if r.A == DemoNetworkSpecialist || r.B == DemoNetworkSpecialist {
			specialist++
		}
		if r.A == DemoLeaversCustomer || r.B == DemoLeaversCustomer {
			leaversCustomerTies = append(leaversCustomerTies, r)
		}
		if r.Visibility == graph.Private {
			private++
		}
	}
	for _, c := range b.Customers {
		if c.OptOut {
			optOut++
		}
	}
	if specialist < 10 {
		t.Errorf("network specialist has %d ties, want at least 10", specialist)
	}
	if len(leaversCustomerTies) != 1 || leaversCustomerTies[0].Other(DemoLeaversCustomer) != DemoLeaver {
		t.Errorf("leaver's customer ties = %+v, want only the leaver", leaversCustomerTies)
	}
	if private == 0 || optOut == 0 {
		t.Errorf("private ties %d, opt-outs %d: want some of each", private, optOut)
	}
}
