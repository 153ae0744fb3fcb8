package seed

import (
	"context"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/internal/neo4jtest"
)

// emptyStore returns a new empty store of one kind. For Neo4j every call
// wipes the one test database, so a test holds one Neo4j store at a time.
type emptyStore func(t *testing.T) graph.Store

// onEveryStore runs fn as a subtest on the embedded store and, when
// NEO4J_TEST_URI is set, on Neo4j.
func onEveryStore(t *testing.T, fn func(t *testing.T, empty emptyStore)) {
	t.Run("embedded", func(t *testing.T) {
		fn(t, func(t *testing.T) graph.Store {
			t.Helper()
			s, err := embedded.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			return s
		})
	})
	t.Run("neo4j", func(t *testing.T) {
		neo4jtest.Open(t) // skips without NEO4J_TEST_URI
		fn(t, func(t *testing.T) graph.Store {
			t.Helper()
			return neo4jtest.Open(t)
		})
	})
}

func mustBatch(t *testing.T, s graph.Store, b graph.Batch) {
	t.Helper()
	if _, err := s.Batch(context.Background(), b); err != nil {
		t.Fatalf("batch: %v", err)
	}
}

// mustExport exports s into memory.
func mustExport(t *testing.T, s graph.Store, o ExportOptions) (map[string][]byte, ExportReport) {
	t.Helper()
	var mem MemFiles
	rep, err := Export(context.Background(), s, mem.Create, o)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return mem.Bytes(), rep
}

// mustImport imports files into s and fails on any problem.
func mustImport(t *testing.T, s graph.Store, files map[string][]byte, o ImportOptions) ImportReport {
	t.Helper()
	rep, err := Import(context.Background(), s, BytesFS(files), o)
	if err != nil {
		t.Fatalf("import: %v\n%v", err, rep.Errors)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("import reported problems: %v", rep.Errors)
	}
	return rep
}

// counts returns the number of each kind of entity in s, relationships
// counted through the export (which sees every one with IncludePrivate).
func counts(t *testing.T, s graph.Store) map[string]int {
	t.Helper()
	_, rep := mustExport(t, s, ExportOptions{IncludePrivate: true})
	out := map[string]int{}
	for _, f := range rep.Files {
		out[f.Name] = f.Rows
	}
	return out
}
