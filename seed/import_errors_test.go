package seed

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// badFiles has one bad row of each kind an import must find, beside good
// rows that refer to each other and to the store.
var badFiles = map[string]string{
	UnitsFile: `id,name,parent
board,Vorstand,
it,IT,board
ghost,Geister,nowhere
`,
	EmployeesFile: `id,name,email,title,unit,active,sender,broker,capacity
e1,Anna Albers,anna@corp.example,,it,true,true,true,
e2,Ben Bauer,ben@corp.example,,board,yes,,,
e1,Anna Again,anna2@corp.example,,,,,,
e3,Clara Claussen,clara@corp.example,,ghost,,,,
e4,Dirk Dreyer,dirk@corp.example,,,,,,-1
e5,Stored Customer,sc@corp.example,,,,,,
`,
	AccountsFile: "id,name,owner,segment\nacme,ACME,e1,Industrie\nbad,Bad \xff Name,e1,\norphan,Orphan,nobody,\n",
	CustomersFile: `id,name,email,title,account,opt_out
c1,Carl Claussen,carl@acme.example,CIO,acme,false
c2,Dora Dreyer,,,,
c3,Eve Ehlers,,,bad,
c4,Finn Frerichs,,,stored-account,
c5,Greta Gerdes,,,,maybe
`,
	RelationshipsFile: `source,a,b,trust,last_contact,since,visibility
declared,c1,e1,0.9,2026-01-02,,public
,c2,e1,1.5,,,
,c1,c1,0.5,,,
,e1,c1,0.8,,,
,c2,zz,0.5,,,
,c2,c3,0.5,,,
,c1,c2,0.5,yesterday,,
,c2,stored-employee,0.7,2026-03-04T05:06:07+02:00,2020-01-01,private
,c4,c2,0.6,,,secret
`,
}

// wantBadFiles is every problem of badFiles, in report order.
var wantBadFiles = []string{
	`units.csv:4: parent: unit "nowhere" does not exist`,
	`employees.csv:3: active: must be true or false, not "yes"`,
	`employees.csv:4: id: duplicate id "e1" (first at employees.csv:2)`,
	`employees.csv:5: unit: unit "ghost" is invalid (units.csv:4)`,
	`employees.csv:6: capacity: must be 0 or more, or null for unlimited`,
	`employees.csv:7: id: "e5" is a customer in the store: a person cannot change kind`,
	`accounts.csv:3: name: is not valid UTF-8`,
	`accounts.csv:4: owner: employee "nobody" does not exist`,
	`customers.csv:4: account: account "bad" is invalid (accounts.csv:3)`,
	`customers.csv:6: opt_out: must be true or false, not "maybe"`,
	`relationships.csv:3: trust: must be greater than 0 and at most 1`,
	`relationships.csv:4: b: a relationship joins two different persons`,
	`relationships.csv:5: the relationship between "c1" and "e1" appears again (first at line 2)`,
	`relationships.csv:6: b: person "zz" does not exist`,
	`relationships.csv:7: b: person "c3" is invalid (customers.csv:4)`,
	`relationships.csv:8: last_contact: must be an RFC 3339 time or a YYYY-MM-DD date, not "yesterday"`,
	`relationships.csv:10: visibility: must be "public" or "private"`,
}

// storedForBadFiles is what the store holds before badFiles are imported.
var storedForBadFiles = graph.Batch{
	Accounts:  []graph.Account{{ID: "stored-account", Name: "Stored"}},
	Employees: []graph.Employee{{ID: "stored-employee", Name: "Stored Employee", Email: "se@corp.example", Active: true}},
	Customers: []graph.Customer{{ID: "e5", Name: "Stored Customer"}},
}

func bytesOf(files map[string]string) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range files {
		out[k] = []byte(v)
	}
	return out
}

func errorLines(errs []RowError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.String()
	}
	return out
}

func TestImportReportsEveryBadRowAndWritesNothing(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		mustBatch(t, s, storedForBadFiles)
		before := counts(t, s)
		for _, dry := range []bool{false, true} {
			rep, err := Import(context.Background(), s, BytesFS(bytesOf(badFiles)), ImportOptions{DryRun: dry})
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("dry run %v: err = %v, want EINVALID", dry, err)
			}
			if got := errorLines(rep.Errors); !reflect.DeepEqual(got, wantBadFiles) {
				t.Errorf("dry run %v: problems\n%s\nwant\n%s", dry, strings.Join(got, "\n"), strings.Join(wantBadFiles, "\n"))
			}
			if n := len(graph.ErrorFields(err)); n != len(wantBadFiles) {
				t.Errorf("error fields: %d, want %d", n, len(wantBadFiles))
			}
			if got := counts(t, s); !reflect.DeepEqual(got, before) {
				t.Errorf("the store changed: %v, before %v", got, before)
			}
		}
	})
}

func TestImportSkipInvalidWritesTheValidRows(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		mustBatch(t, s, storedForBadFiles)
		rep, err := Import(context.Background(), s, BytesFS(bytesOf(badFiles)), ImportOptions{SkipInvalid: true, BatchSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		if got := errorLines(rep.Errors); !reflect.DeepEqual(got, wantBadFiles) {
			t.Errorf("problems\n%s", strings.Join(got, "\n"))
		}
		written := map[string]int{}
		for _, f := range rep.Files {
			written[f.Name] = f.Written
			if f.Written != f.Valid() {
				t.Errorf("%s: wrote %d of %d valid rows", f.Name, f.Written, f.Valid())
			}
		}
		want := map[string]int{UnitsFile: 2, EmployeesFile: 1, AccountsFile: 1, CustomersFile: 3, RelationshipsFile: 2}
		if !reflect.DeepEqual(written, want) {
			t.Errorf("written %v, want %v", written, want)
		}
		ctx := context.Background()
		if e, err := s.Employee(ctx, "e1"); err != nil || e.Name != "Anna Albers" || e.Unit != "it" {
			t.Errorf("e1 = %+v, %v: want the first row", e, err)
		}
		r, err := s.Relationship(ctx, "stored-employee", "c2")
		if err != nil {
			t.Fatal(err)
		}
		if r.Visibility != graph.Private || r.LastContact.Format("2006-01-02T15:04:05Z07:00") != "2026-03-04T03:06:07Z" ||
			r.Since.Format("2006-01-02") != "2020-01-01" || r.Trust != 0.7 {
			t.Errorf("relationship to the stored employee = %+v", r)
		}
		for _, id := range []string{"e2", "e3", "e4", "c3", "c5"} {
			if _, err := s.Persons(ctx, []string{id}); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Persons(ctx, []string{id}); len(got) != 0 {
				t.Errorf("invalid person %s was written", id)
			}
		}
	})
}

func TestImportRejectsBadHeaders(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"unknown column", map[string]string{EmployeesFile: "id,name,email,fax\ne1,Anna,anna@corp.example,123\n"},
			[]string{`employees.csv:1: fax: unknown column (want id,name,email,title,unit,active,sender,broker,capacity,capture,phone,signature,aliases)`}},
		{"missing header", map[string]string{EmployeesFile: "e1,Anna,anna@corp.example\n"},
			[]string{`employees.csv:1: missing header row: the first line names none of the columns id,name,email,title,unit,active,sender,broker,capacity,capture,phone,signature,aliases`}},
		{"empty file", map[string]string{UnitsFile: ""},
			[]string{`units.csv:1: missing header row: the file is empty (want id,name,parent)`}},
		{"missing required column", map[string]string{RelationshipsFile: "a,b\ne1,e2\n"},
			[]string{`relationships.csv:1: trust: missing required column`}},
		{"repeated column", map[string]string{EmployeesFile: "id,name,email,name\ne1,Anna,anna@corp.example,Anna\n"},
			[]string{`employees.csv:1: name: column appears twice in the header`}},
		{"cascade from a rejected file", map[string]string{
			EmployeesFile:     "id,name,email,fax\ne1,Anna,anna@corp.example,1\n",
			RelationshipsFile: "a,b,trust\ne1,c1,1\n",
			CustomersFile:     "id,name\nc1,Carl\n"},
			[]string{`employees.csv:1: fax: unknown column (want id,name,email,title,unit,active,sender,broker,capacity,capture,phone,signature,aliases)`,
				`relationships.csv:2: a: person "e1" is invalid (employees.csv, whose header is invalid)`}},
		{"row shape", map[string]string{EmployeesFile: "id,name,email\ne1,Anna\n\"e2,Ben,ben@corp.example\n"},
			[]string{`employees.csv:2: has 2 cells, the header 3`, `employees.csv:3: extraneous or missing " in quoted-field`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			onEveryStore(t, func(t *testing.T, empty emptyStore) {
				s := empty(t)
				rep, err := Import(context.Background(), s, BytesFS(bytesOf(tc.files)), ImportOptions{SkipInvalid: true})
				if err != nil {
					t.Fatal(err)
				}
				if got := errorLines(rep.Errors); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				}
				if e, err := s.Employees(context.Background(), graph.ListQuery{}); err != nil || len(e.Items) > 0 {
					t.Errorf("employees written from a rejected file: %v %v", e.Items, err)
				}
			})
		})
	}
}

func TestImportUnitCycles(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		mustBatch(t, s, graph.Batch{Units: []graph.Unit{{ID: "top", Name: "Top"}, {ID: "mid", Name: "Mid", Parent: "top"}}})
		files := map[string]string{UnitsFile: "id,name,parent\ntop,Top,mid\nleaf,Leaf,top\nx,X,y\ny,Y,x\nok,OK,mid\n"}
		rep, err := Import(context.Background(), s, BytesFS(bytesOf(files)), ImportOptions{SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			`units.csv:2: parent: unit "mid" is below "top": the parent chain forms a cycle`,
			`units.csv:3: parent: unit "top" is invalid (units.csv:2)`,
			`units.csv:4: parent: unit "y" is below "x": the parent chain forms a cycle`,
			`units.csv:5: parent: unit "x" is below "y": the parent chain forms a cycle`,
		}
		if got := errorLines(rep.Errors); !reflect.DeepEqual(got, want) {
			t.Errorf("problems\n%s", strings.Join(got, "\n"))
		}
		if f, _ := rep.File(UnitsFile); f.Written != 1 {
			t.Errorf("wrote %d units, want only ok", f.Written)
		}
	})
}

func TestImportNeedsFiles(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		_, err := Import(context.Background(), empty(t), BytesFS(map[string][]byte{"notes.txt": nil}), ImportOptions{})
		if graph.ErrorCode(err) != graph.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
}
