package seed

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/storetest"
)

// networks are the data sets the round trip runs on.
var networks = map[string]func(t *testing.T) []graph.Batch{
	"demo": func(*testing.T) []graph.Batch { return []graph.Batch{Demo()} },
	"synthetic": func(t *testing.T) []graph.Batch {
		var out []graph.Batch
		err := Synthetic(SyntheticOptions{Employees: 60, Customers: 1500, Seed: 3, BatchSize: 1000},
			func(b graph.Batch) error { out = append(out, b); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return out
	},
}

// fill writes the batches into s and records an interaction on its first
// relationship, so that the export has a non-zero count.
func fill(t *testing.T, s graph.Store, batches []graph.Batch) {
	t.Helper()
	for _, b := range batches {
		mustBatch(t, s, b)
	}
	r := batches[len(batches)-1].Relationships[0]
	at := time.Date(2026, 11, 2, 10, 30, 0, 123456789, time.UTC)
	if _, _, err := s.RecordInteraction(context.Background(), graph.Interaction{A: r.A, B: r.B, At: at, Kind: graph.InteractionCall}, storetest.FixedTrust(0.5)); err != nil {
		t.Fatal(err)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	for name, network := range networks {
		for _, private := range []bool{false, true} {
			o := ExportOptions{IncludePrivate: private, PageSize: 70} // small pages: many merges
			t.Run(name+map[bool]string{false: "/public", true: "/with-private"}[private], func(t *testing.T) {
				batches := network(t)
				var reference map[string][]byte // the embedded store's export: both stores must agree
				onEveryStore(t, func(t *testing.T, empty emptyStore) {
					src := empty(t)
					fill(t, src, batches)
					first, rep := mustExport(t, src, o)
					checkExport(t, first, rep, batches, private)
					if reference == nil {
						reference = first
					} else {
						sameFiles(t, "export of the same data on both stores", first, reference)
					}

					dst := empty(t) // on Neo4j this wipes src: it is exported already
					mustImport(t, dst, first, ImportOptions{BatchSize: 500})
					second, _ := mustExport(t, dst, o)
					sameFiles(t, "export of the import", second, first)

					again := mustImport(t, dst, first, ImportOptions{BatchSize: 500})
					for _, f := range again.Files {
						if f.Created != 0 || f.Written != f.Rows {
							t.Errorf("re-import %s: %+v, want every row written and none new", f.Name, f)
						}
					}
					third, _ := mustExport(t, dst, o)
					sameFiles(t, "export after re-import", third, first)
				})
			})
		}
	}
}

// checkExport checks the export of batches against them: counts, private
// ties, the interaction count, and the sort order.
func checkExport(t *testing.T, files map[string][]byte, rep ExportReport, batches []graph.Batch, private bool) {
	t.Helper()
	var all graph.Batch
	for _, b := range batches {
		all.Units = append(all.Units, b.Units...)
		all.Employees = append(all.Employees, b.Employees...)
		all.Accounts = append(all.Accounts, b.Accounts...)
		all.Customers = append(all.Customers, b.Customers...)
		all.Relationships = append(all.Relationships, b.Relationships...)
	}
	nPrivate := 0
	for _, r := range all.Relationships {
		if r.Visibility == graph.Private {
			nPrivate++
		}
	}
	want := map[string]int{UnitsFile: len(all.Units), EmployeesFile: len(all.Employees), AccountsFile: len(all.Accounts),
		CustomersFile: len(all.Customers), RelationshipsFile: len(all.Relationships)}
	if !private {
		want[RelationshipsFile] -= nPrivate
		if rep.PrivateOmitted != nPrivate || nPrivate == 0 {
			t.Errorf("private omitted %d, want %d (> 0)", rep.PrivateOmitted, nPrivate)
		}
	}
	for _, f := range rep.Files {
		if f.Rows != want[f.Name] {
			t.Errorf("%s: %d rows, want %d", f.Name, f.Rows, want[f.Name])
		}
		lines := strings.Split(strings.TrimSuffix(string(files[f.Name]), "\n"), "\n")
		if lines[0] != strings.Join(Columns[f.Name], ",") {
			t.Errorf("%s header %q", f.Name, lines[0])
		}
		for i := 2; i < len(lines); i++ {
			if key(f.Name, lines[i-1]) >= key(f.Name, lines[i]) {
				t.Errorf("%s: line %d %q is not after %q", f.Name, i+1, lines[i], lines[i-1])
				break
			}
		}
	}
	rels := string(files[RelationshipsFile])
	if got := strings.Contains(rels, ",private,"); got != private {
		t.Errorf("private relationships exported: %v, want %v", got, private)
	}
	if !strings.Contains(rels, "2026-11-02T10:30:00.123456789Z") || !strings.Contains(rels, ",1,declared\n") {
		t.Errorf("the recorded interaction (time and count) is not in relationships.csv")
	}
}

// key is what a file is sorted by: the id, or both ends.
func key(file, line string) string {
	f := strings.SplitN(line, ",", 3)
	if file == RelationshipsFile {
		return f[0] + "\x00" + f[1]
	}
	return f[0]
}

func sameFiles(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	for _, name := range Files {
		if !bytes.Equal(got[name], want[name]) {
			g, w := strings.Split(string(got[name]), "\n"), strings.Split(string(want[name]), "\n")
			for i := 0; i < min(len(g), len(w)); i++ {
				if g[i] != w[i] {
					t.Errorf("%s: %s differs at line %d:\n got %q\nwant %q", what, name, i+1, g[i], w[i])
					break
				}
			}
			if len(g) != len(w) {
				t.Errorf("%s: %s has %d lines, want %d", what, name, len(g), len(w))
			}
		}
	}
}

func TestExportZipImportsBack(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		ctx := context.Background()
		src := empty(t)
		mustBatch(t, src, Demo())
		want, _ := mustExport(t, src, ExportOptions{})
		var buf bytes.Buffer
		if _, err := ExportZip(ctx, src, &buf, ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		dst := empty(t)
		if _, err := Import(ctx, dst, zr, ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		got, _ := mustExport(t, dst, ExportOptions{})
		sameFiles(t, "zip round trip", got, want)
	})
}

func TestImportStopsBetweenBatchesWhenCancelled(t *testing.T) {
	var mem MemFiles
	if _, err := WriteSynthetic(SyntheticOptions{Employees: 50, Customers: 1000, Seed: 5}, mem.Create); err != nil {
		t.Fatal(err)
	}
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		batches := 0
		rep, err := Import(ctx, s, mem.FS(), ImportOptions{BatchSize: 300, Progress: func(p Progress) {
			if p.Phase == PhaseWrite {
				if batches++; batches == 3 {
					cancel()
				}
			}
		}})
		if !errors.Is(err, context.Canceled) || !rep.Interrupted {
			t.Fatalf("err = %v, interrupted %v: want an interrupted import", err, rep.Interrupted)
		}
		got := counts(t, s)
		total := 0
		for _, f := range rep.Files {
			total += f.Written
			if f.Written != got[f.Name] {
				t.Errorf("%s: report says %d written, the store holds %d", f.Name, f.Written, got[f.Name])
			}
		}
		if total == 0 || total >= 300*4 {
			t.Errorf("wrote %d rows: want the three batches before the cancel", total)
		}
	})
}
