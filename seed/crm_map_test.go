package seed

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
)

// customExport is an export of a CRM without a preset, in German, with
// semicolons as a German Excel writes them.
var customExport = map[string]string{
	"Mitarbeiter.csv": "Personalnummer;Vorname;Nachname;E-Mail;Abteilung;Telefon\n" +
		"P1;Anna;Albers;anna@corp.example;Vertrieb;1\nP2;Ben;Bauer;ben@corp.example;;2\n",
	"Firmen.csv":   "Nummer;Firma;Betreuer;Branche\nF1;\"Werft Nord; Kiel\";anna@corp.example;Schiffbau\nF2;Reederei Süd;P2;\n",
	"Personen.csv": "Nummer;Name;E-Mail;Firma\nK1;Carl Claussen;carl@werft.example;F1\nK2;Dora Dreyer;;Reederei Süd\n",
}

const customYAML = `# a CRM of our own
unit: {id: crm-import, name: Aus dem CRM}
employees:
  files: Mitarbeiter.csv
  id_prefix: "m-"
  id: Personalnummer
  name: [Vorname, Nachname]
  email: E-Mail
  unit: Abteilung
accounts:
  files: [Firmen.csv]
  id: Nummer
  name: Firma
  owner: Betreuer
  segment: Branche
customers:
  files: [Personen*.csv]
  id: Nummer
  name: Name
  email: E-Mail
  account: {columns: [Firma]}
`

const customJSON = `{
  "unit": {"id": "crm-import", "name": "Aus dem CRM"},
  "employees": {"files": "Mitarbeiter.csv", "id_prefix": "m-", "id": "Personalnummer",
                "name": ["Vorname", "Nachname"], "email": "E-Mail", "unit": "Abteilung"},
  "accounts": {"files": ["Firmen.csv"], "id": "Nummer", "name": "Firma", "owner": "Betreuer", "segment": "Branche"},
  "customers": {"files": ["Personen*.csv"], "id": "Nummer", "name": "Name", "email": "E-Mail",
                "account": {"columns": ["Firma"]}}
}`

func TestImportCRMWithAMappingFile(t *testing.T) {
	for name, doc := range map[string]string{"map.yaml": customYAML, "map.json": customJSON} {
		t.Run(name, func(t *testing.T) {
			m, err := ParseMapping(name, []byte(doc), mapping(t, CustomCRM))
			if err != nil {
				t.Fatal(err)
			}
			onEveryStore(t, func(t *testing.T, empty emptyStore) {
				s := empty(t)
				rep, err := ImportCRM(context.Background(), s, BytesFS(bytesOf(customExport)), m, ImportOptions{})
				if err != nil {
					t.Fatalf("%v\n%v", err, rep.Errors)
				}
				want := map[string]int{UnitsFile: 2, EmployeesFile: 2, AccountsFile: 2, CustomersFile: 2, RelationshipsFile: 0}
				if got := counts(t, s); !reflect.DeepEqual(got, want) {
					t.Errorf("store holds %v, want %v", got, want)
				}
				ctx := context.Background()
				if e, err := s.Employee(ctx, "m-P1"); err != nil || e.Unit != "crm-import-vertrieb" || e.Name != "Anna Albers" {
					t.Errorf("m-P1 = %+v, %v", e, err)
				}
				if e, err := s.Employee(ctx, "m-P2"); err != nil || e.Unit != "crm-import" {
					t.Errorf("m-P2 = %+v, %v", e, err)
				}
				if a, err := s.Account(ctx, "F1"); err != nil || a.Name != "Werft Nord; Kiel" || a.Owner != "m-P1" {
					t.Errorf("F1 = %+v, %v", a, err)
				}
				if a, err := s.Account(ctx, "F2"); err != nil || a.Owner != "m-P2" {
					t.Errorf("F2 (owner by the export's id) = %+v, %v", a, err)
				}
				if c, err := s.Customer(ctx, "K2"); err != nil || c.Account != "F2" {
					t.Errorf("K2 (account by name) = %+v, %v", c, err)
				}
			})
		})
	}
	m, err := ParseMapping("map.yaml", []byte(customYAML), mapping(t, CustomCRM))
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string]string{"Personen.csv": "Nummer;Name;E-Mail;Firma\nK1;Carl;carl(at)werft;\nK2;Dora;;F9\n"}
	rep, err := ImportCRM(context.Background(), emptyEmbedded(t), BytesFS(bytesOf(bad)), m, ImportOptions{DryRun: true})
	want := []string{`Personen.csv:2: E-Mail: "carl(at)werft" is not a valid email address`, `Personen.csv:3: Firma: account "F9" does not exist`}
	if got := errorLines(rep.Errors); graph.ErrorCode(err) != graph.EINVALID || !reflect.DeepEqual(got, want) {
		t.Errorf("err %v, problems\n%s", err, strings.Join(got, "\n"))
	}
}

func emptyEmbedded(t *testing.T) graph.Store {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestMappingFileOverridesThePreset(t *testing.T) {
	doc := "unit: {id: kestrel, name: Kestrel Maschinenbau}\nemployees: {unit: null, title: ~}\ncustomers:\n  email: [PersonEmail, Email]\n"
	m, err := ParseMapping("sf.yaml", []byte(doc), mapping(t, Salesforce))
	if err != nil {
		t.Fatal(err)
	}
	if p := mapping(t, Salesforce); len(p.Objects[EmployeesFile].Fields["unit"].Columns) == 0 {
		t.Fatal("the mapping file changed the preset")
	}
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		rep, err := ImportCRM(context.Background(), s, os.DirFS("testdata/crm/salesforce"), m, ImportOptions{})
		if err != nil {
			t.Fatalf("%v\n%v", err, rep.Errors)
		}
		want := map[string]int{UnitsFile: 1, EmployeesFile: 12, AccountsFile: 12, CustomersFile: 12, RelationshipsFile: 0}
		if got := counts(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("store holds %v, want %v", got, want)
		}
		e, err := s.Employee(context.Background(), "0058d000000001AbCA")
		if err != nil || e.Unit != "kestrel" || e.Title != "" {
			t.Errorf("employee = %+v, %v", e, err)
		}
		if c, err := s.Customer(context.Background(), "0038d000000001AbCA"); err != nil || c.Email != "ole.hansen@hlp.example" {
			t.Errorf("customer = %+v, %v", c, err)
		}
	})
}

func TestParseMappingRejectsMistakes(t *testing.T) {
	for doc, want := range map[string]string{
		"employees: [a, b]":                 "m.yaml: employees: want a mapping of files, id_prefix and columns",
		"contacts: {id: Id}":                "m.yaml: contacts: unknown key (want unit, employees, accounts, customers)",
		"employees: {fax: Fax}":             "m.yaml: employees: fax: unknown key (want files, id_prefix or one of id, name, email, title, unit, active, sender, broker, capacity, capture, phone, signature, aliases)",
		"employees: {files: a.csv, id: Id}": "m.yaml: employees.name: is required: the export's column of our name; employees.email: is required: the export's column of our email",
		"accounts: {id: Id, name: Name}":    "m.yaml: accounts.files: is required: the pattern of the export's file",
		"unit: {id: 'my unit', name: X}\naccounts: {files: a.csv, id: Id, name: N}": `m.yaml: unit.id: "my unit" must be`,
		"accounts: {files: a.csv, id_prefix: '-x', id: Id, name: N}":                `m.yaml: accounts.id_prefix: "-x" must keep ids valid`,
		"accounts: {files: a.csv, id: Id, name: {columns: N, sep: x}}":              "m.yaml: accounts: name: sep: unknown key (want columns, split)",
		"accounts: {files: a.csv, id: [1, 2], name: N}":                             "m.yaml: accounts: id: want a list of non-empty strings",
		"accounts: [": "m.yaml: ",
		"":            "m.yaml: employees: the mapping maps none of employees, accounts and customers",
	} {
		_, err := ParseMapping("m.yaml", []byte(doc), mapping(t, CustomCRM))
		if graph.ErrorCode(err) != graph.EINVALID || !strings.HasPrefix(graph.ErrorMessage(err), want) {
			t.Errorf("%q: err = %v, want %q", doc, err, want)
		}
	}
	if _, err := CRMMapping("pipedrive"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("unknown system: %v", err)
	}
}
