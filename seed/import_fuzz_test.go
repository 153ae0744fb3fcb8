package seed

import (
	"context"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
)

// FuzzImport feeds arbitrary employees and relationships files to the
// importer's validation (a dry run over the embedded store): it must never
// panic or fail with anything but a coded EINVALID with a message, and an
// accepted import reports no row errors.
func FuzzImport(f *testing.F) {
	f.Add("id,name,email\ne1,Ada,ada@example.com\n", "a,b,trust\ne1,c1,0.5\n")
	f.Add("id,name,email,active,capacity\ne1,Ada,ada@example.com,yes,-1\n", "a,b,trust,last_contact\ne1,e1,2,2026-13-01\n")
	f.Add("name,id\n\"unterminated,x\n", "a,b,trust,colour\n")
	f.Add("\xff\xfe,id\n", "")
	f.Add("id,name,email\ne1,Ada,ada@example.com\ne1,Bob,bob@example.com\n", "a,b,trust\ne1,nobody,1\n")
	s, err := embedded.Open(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = s.Close() })
	ctx := context.Background()
	if _, err := s.Batch(ctx, graph.Batch{Customers: []graph.Customer{{ID: "c1", Name: "C"}}}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, employees, relationships string) {
		files := map[string][]byte{EmployeesFile: []byte(employees)}
		if relationships != "" {
			files[RelationshipsFile] = []byte(relationships)
		}
		rep, err := Import(ctx, s, BytesFS(files), ImportOptions{DryRun: true})
		if err == nil {
			if len(rep.Errors) > 0 {
				t.Fatalf("accepted with errors: %+v", rep.Errors)
			}
			return
		}
		if graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("import failed with %s: %v", graph.ErrorCode(err), err)
		}
		if graph.ErrorMessage(err) == "" {
			t.Fatal("refused without a message")
		}
	})
}
