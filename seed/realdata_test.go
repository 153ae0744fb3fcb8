package seed

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// dataDir is the folder of a real data set, testdata/<name> at the
// repository root (see testdata/README.md); a missing one is a failure.
func dataDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join("..", "testdata", name)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("no real data at %s: %v", dir, err)
	}
	return dir
}

func TestLDBC(t *testing.T) {
	b, err := LDBC(os.DirFS(dataDir(t, "ldbc-snb-sf0.1")))
	if err != nil {
		t.Fatal(err)
	}
	// The figures of testdata/ldbc-snb-sf0.1/README.md; organisation 553 has the most
	// staff (32).
	if n := len(b.Employees) + len(b.Customers); n != 1528 {
		t.Errorf("persons %d, want 1528", n)
	}
	if len(b.Employees) != 32 || len(b.Units) != 1 || b.Units[0].ID != "org553" {
		t.Errorf("employees %d in units %v, want the 32 of org553", len(b.Employees), b.Units)
	}
	if len(b.Relationships) != 14073 {
		t.Errorf("relationships %d, want 14073", len(b.Relationships))
	}
	if r := b.Relationships[0]; r.A != "p933" || r.B != "p2199023256077" || r.Trust != 1 ||
		r.Since.Format("2006-01-02T15:04:05.000Z07:00") != "2010-04-22T12:30:57.947Z" {
		t.Errorf("first relationship %+v", r)
	}
	importRealData(t, b)
}

func TestAdvogato(t *testing.T) {
	f, err := os.Open(filepath.Join(dataDir(t, "advogato"), "out.advogato"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := Advogato(f)
	if err != nil {
		t.Fatal(err)
	}
	// Counted with awk: distinct users, users whose id divides by 10,
	// distinct unordered pairs without self-loops.
	if n := len(b.Employees) + len(b.Customers); n != 6539 || len(b.Employees) != 654 {
		t.Errorf("persons %d (employees %d), want 6539 (654)", n, len(b.Employees))
	}
	if len(b.Relationships) != 39285 {
		t.Errorf("relationships %d, want 39285", len(b.Relationships))
	}
	// Users 1 and 2 certified each other: 1 → 2 as master (1), so trust 1.
	for _, r := range b.Relationships {
		if r.A == "u1" && r.B == "u2" && r.Trust != 1 {
			t.Errorf("u1–u2 trust %v, want the larger weight 1", r.Trust)
		}
	}
	importRealData(t, b)
}

// importRealData writes b as CSV, imports it into every store and checks
// that every row arrived.
func importRealData(t *testing.T, b graph.Batch) {
	t.Helper()
	var mem MemFiles
	if err := WriteCSV(b, mem.Create); err != nil {
		t.Fatal(err)
	}
	files := mem.Bytes()
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		rep := mustImport(t, s, files, ImportOptions{})
		for _, f := range rep.Files {
			if f.Written != f.Rows {
				t.Errorf("%s: wrote %d of %d rows", f.Name, f.Written, f.Rows)
			}
		}
		got := counts(t, s)
		if got[RelationshipsFile] != len(b.Relationships) || got[CustomersFile] != len(b.Customers) {
			t.Errorf("store holds %v", got)
		}
		if _, err := s.Ties(context.Background(), []string{b.Employees[0].ID}); err != nil {
			t.Fatal(err)
		}
	})
}
