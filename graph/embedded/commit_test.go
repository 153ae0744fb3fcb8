package embedded

import (
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/storetest"
)

// Memory changes only after a commit succeeded: with the file gone from
// under the store, every write fails and reads still show the old state.
func TestFailedCommitChangesNothing(t *testing.T) {
	ctx := t.Context()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.Fill(t, s)
	before := storetest.DumpEntities(t, s)
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}

	writes := map[string]func() error{
		"PutEmployee": func() error {
			_, err := s.PutEmployee(ctx, graph.Employee{ID: "new", Name: "N", Email: "n@example.com"})
			return err
		},
		"PutRelationship": func() error {
			_, err := s.PutRelationship(ctx, graph.Relationship{A: "c1", B: "e3", Trust: 1})
			return err
		},
		"DeleteEmployee": func() error { return s.DeleteEmployee(ctx, "e1", true) },
		"DeleteUnit":     func() error { return s.DeleteUnit(ctx, "u1", true) },
		"DeleteCustomer": func() error { return s.DeleteCustomer(ctx, "c1") },
		"DeleteAccount":  func() error { return s.DeleteAccount(ctx, "a1", true) },
		"DeleteRelation": func() error { return s.DeleteRelationship(ctx, "c1", "e1") },
		"RecordInteraction": func() error {
			_, _, err := s.RecordInteraction(ctx, graph.Interaction{A: "c1", B: "e1", At: time.Now(), Kind: "call"}, storetest.FixedTrust(0.5))
			return err
		},
		"RecordCaptured": func() error {
			_, err := s.RecordCaptured(ctx, []graph.CapturedItem{{Key: graph.CaptureKey("email", "m@x"),
				Interactions: []graph.Interaction{{A: "c1", B: "e1", At: time.Now(), Kind: "call"}}}}, storetest.FixedTrust(0.5))
			return err
		},
		"Batch": func() error {
			_, err := s.Batch(ctx, graph.Batch{Units: []graph.Unit{{ID: "u9", Name: "U"}},
				Relationships: []graph.Relationship{{A: "c2", B: "e2", Trust: 1}}})
			return err
		},
	}
	for name, write := range writes {
		err := write()
		if graph.ErrorCode(err) != graph.EINTERNAL {
			t.Errorf("%s on a closed file: %v, want an internal error", name, err)
		}
	}
	if after := storetest.DumpEntities(t, s); after != before {
		t.Fatalf("failed writes changed memory:\n%s\nwant:\n%s", after, before)
	}
}
