package seed

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// crmCounts is what each sample export under testdata/crm holds: 12 users,
// accounts and contacts, and the units made of the users' departments,
// teams or business units (three) and the default unit.
var crmCounts = map[string]int{UnitsFile: 4, EmployeesFile: 12, AccountsFile: 12, CustomersFile: 12, RelationshipsFile: 0}

func mapping(t *testing.T, system string) Mapping {
	t.Helper()
	m, err := CRMMapping(system)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// importCRM imports a sample export and fails on any problem.
func importCRM(t *testing.T, s graph.Store, system string, o ImportOptions) ImportReport {
	t.Helper()
	rep, err := ImportCRM(context.Background(), s, os.DirFS("testdata/crm/"+system), mapping(t, system), o)
	if err != nil {
		t.Fatalf("import %s: %v\n%v", system, err, rep.Errors)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("import %s reported problems: %v", system, rep.Errors)
	}
	return rep
}

// byAs returns the rows written per file of ours.
func byAs(rep ImportReport) map[string][2]int {
	out := map[string][2]int{}
	for _, f := range rep.Files {
		out[f.As] = [2]int{f.Written, f.Created}
	}
	return out
}

func TestImportCRMSamples(t *testing.T) {
	for _, system := range []string{Salesforce, HubSpot, Dynamics} {
		t.Run(system, func(t *testing.T) {
			onEveryStore(t, func(t *testing.T, empty emptyStore) {
				s := empty(t)
				dry := importCRM(t, s, system, ImportOptions{DryRun: true})
				if got := counts(t, s); got[EmployeesFile]+got[UnitsFile] != 0 {
					t.Fatalf("the dry run wrote %v", got)
				}
				if f, _ := dry.File(crmSampleFile(system)); f.Valid() != 12 || f.Written != 0 {
					t.Errorf("dry run report %+v", dry.Files)
				}
				rep := importCRM(t, s, system, ImportOptions{BatchSize: 5})
				if got := counts(t, s); !reflect.DeepEqual(got, crmCounts) {
					t.Errorf("store holds %v, want %v", got, crmCounts)
				}
				want := map[string][2]int{UnitsFile: {4, 4}, EmployeesFile: {12, 12}, AccountsFile: {12, 12}, CustomersFile: {12, 12}}
				if got := byAs(rep); !reflect.DeepEqual(got, want) {
					t.Errorf("written, created per file: %v, want %v", got, want)
				}
				checkCRMSample(t, s, system, rep)

				again := importCRM(t, s, system, ImportOptions{})
				want = map[string][2]int{EmployeesFile: {12, 0}, AccountsFile: {12, 0}, CustomersFile: {12, 0}}
				if got := byAs(again); !reflect.DeepEqual(got, want) {
					t.Errorf("re-import: written, created per file %v, want %v (units stay as stored)", got, want)
				}
				if got := counts(t, s); !reflect.DeepEqual(got, crmCounts) {
					t.Errorf("after re-import the store holds %v", got)
				}
			})
		})
	}
}

// crmSampleFile is the contacts file of each sample.
func crmSampleFile(system string) string {
	return map[string]string{Salesforce: "Contact.csv", HubSpot: "hubspot-crm-exports-all-contacts-2026-05-04.csv",
		Dynamics: "My Active Contacts 5-4-2026 9-11-02 AM.csv"}[system]
}

// checkCRMSample checks what became of a few rows of each sample.
func checkCRMSample(t *testing.T, s graph.Store, system string, rep ImportReport) {
	t.Helper()
	ctx := context.Background()
	employee := func(id string) graph.Employee {
		e, err := s.Employee(ctx, id)
		if err != nil {
			t.Fatalf("employee %s: %v", id, err)
		}
		return e
	}
	account := func(id string) graph.Account {
		a, err := s.Account(ctx, id)
		if err != nil {
			t.Fatalf("account %s: %v", id, err)
		}
		return a
	}
	customer := func(id string) graph.Customer {
		c, err := s.Customer(ctx, id)
		if err != nil {
			t.Fatalf("customer %s: %v", id, err)
		}
		return c
	}
	unit := func(id string) graph.Unit {
		u, err := s.Unit(ctx, id)
		if err != nil {
			t.Fatalf("unit %s: %v", id, err)
		}
		return u
	}
	switch system {
	case Salesforce:
		if !reflect.DeepEqual(rep.Ignored, []string{"Opportunity.csv"}) {
			t.Errorf("ignored %v", rep.Ignored)
		}
		if e := employee("0058d000000001AbCA"); e.Name != "Mara Olsen" || e.Email != "mara.olsen@kestrel.example" ||
			e.Unit != "salesforce-sales" || e.Title != "Account Executive" || !e.Active || !e.Sender {
			t.Errorf("Mara = %+v", e)
		}
		if e := employee("0058d000000009AbCA"); e.Active || e.Unit != "salesforce" {
			t.Errorf("Lena (inactive, no department) = %+v", e)
		}
		if u := unit("salesforce-sales"); u.Name != "Sales" || u.Parent != "salesforce" {
			t.Errorf("unit = %+v", u)
		}
		if u := unit("salesforce"); u.Name != "Salesforce" || u.Parent != "" {
			t.Errorf("default unit = %+v", u)
		}
		if a := account("0018d000000001AbCA"); a.Name != "Hansen, Lund & Partner GmbH" || a.Owner != "0058d000000001AbCA" || a.Segment != "Consulting" {
			t.Errorf("account with a comma = %+v", a)
		}
		if a := account("0018d000000003AbCA"); a.Owner != "0058d000000002AbCA" {
			t.Errorf("account after a street of two lines = %+v", a)
		}
		if c := customer("0038d000000002AbCA"); c.Title != "Partner, Finance" || c.Account != "0018d000000001AbCA" {
			t.Errorf("contact = %+v", c)
		}
		if c := customer("0038d000000004AbCA"); !c.OptOut {
			t.Errorf("opted out contact = %+v", c)
		}
		if c := customer("0038d000000012AbCA"); c.Account != "" || c.Name != "Frauke Mertens" {
			t.Errorf("contact without an account = %+v", c)
		}
	case HubSpot:
		if e := employee("hubspot-user-7000000"); e.Unit != "hubspot-sales-dach" || e.Email != "mara.olsen@kestrel.example" {
			t.Errorf("Mara = %+v", e)
		}
		if e := employee("hubspot-user-7000078"); e.Unit != "hubspot-marketing" {
			t.Errorf("Clara (teams Marketing; Sales DACH) = %+v", e)
		}
		if a := account("hubspot-company-9100000100"); a.Owner != "hubspot-user-7000000" { // owner by name
			t.Errorf("company = %+v", a)
		}
		if a := account("hubspot-company-9100000107"); a.Owner != "hubspot-user-7000013" { // owner by email
			t.Errorf("company = %+v", a)
		}
		if c := customer("hubspot-contact-152"); c.Account != "hubspot-company-9100000100" || c.Email != "birte.lund@hlp.example" {
			t.Errorf("contact with two companies = %+v", c)
		}
		if c := customer("hubspot-contact-354"); !c.OptOut {
			t.Errorf("unsubscribed contact = %+v", c)
		}
	case Dynamics:
		users, err := s.Employees(ctx, graph.ListQuery{Q: "Lena", Limit: 10})
		if err != nil || len(users.Items) != 1 {
			t.Fatalf("Lena: %v %v", users, err)
		}
		if e := users.Items[0]; e.Active || e.Unit != "dynamics-kestrel" {
			t.Errorf("Lena (Disabled) = %+v", e)
		}
		if u := unit("dynamics-kestrel-vertrieb"); u.Name != "Kestrel Vertrieb" || u.Parent != "dynamics" {
			t.Errorf("unit of a business unit = %+v", u)
		}
		accounts, err := s.Accounts(ctx, graph.ListQuery{Q: "Hansen, Lund", Limit: 10})
		if err != nil || len(accounts.Items) != 1 {
			t.Fatalf("account: %v %v", accounts, err)
		}
		a := accounts.Items[0]
		owner := employee(a.Owner)
		if owner.Name != "Mara Olsen" {
			t.Errorf("owner by full name: %+v", owner)
		}
		custs, err := s.Customers(ctx, graph.ListQuery{Scope: a.ID, Limit: 10})
		if err != nil || len(custs.Items) != 2 {
			t.Errorf("customers of the account by company name: %v %v", custs, err)
		}
		opted, err := s.Customers(ctx, graph.ListQuery{Q: "Maren", Limit: 10})
		if err != nil || len(opted.Items) != 1 || !opted.Items[0].OptOut {
			t.Errorf("Do Not Allow bulk emails: %v %v", opted, err)
		}
	}
}

// badCRM has one bad row of each kind in a Salesforce export, beside good
// rows; the street of the first account takes two lines.
var badCRM = map[string]string{
	"User.csv": `Id,FirstName,LastName,Email,Department,IsActive,Phone
0051,Anna,Albers,anna@corp.example,Sales,true,"+49 1, ext 2"
0052,Ben,Bauer,,Sales,true,
0051,Anna,Again,anna2@corp.example,,true,
0053,Cleo,Conrad,cleo@corp.example,,maybe,
`,
	"Account.csv": `Id,Name,BillingStreet,OwnerId,Industry
0011,ACME,"Hafenstraße 3
Haus B",0051,Machinery
0012,Orphan,,0059,
0013,Ghost Owner,,nobody@corp.example,
0014,Owned by Ben,,0052,
0015,Too,Many,Cells,Here,Now
`,
	"Contact.csv": `Id,FirstName,LastName,Email,AccountId,HasOptedOutOfEmail
0031,Carl,Claussen,carl@acme.example,0011,false
0032,Dora,Dreyer,,0019,
0033,Eve,Ehlers,,0014,
0034,,,x@y.example,,
0035,Finn,Frerichs,not-an-email,,
0031,Carl,Again,,,
`,
	"Opportunity.csv": "Id,Name\n0061,Deal\n",
}

var wantBadCRM = []string{
	`User.csv:3: Email: is required`,
	`User.csv:4: Id: duplicate id "0051" (first at User.csv:2)`,
	`User.csv:5: IsActive: must be a yes or no value (true/false, yes/no, 1/0), not "maybe"`,
	`Account.csv:4: OwnerId: employee "0059" does not exist`,
	`Account.csv:5: OwnerId: no user has the id, email or name "nobody@corp.example" (in User.csv or the store)`,
	`Account.csv:6: OwnerId: employee "0052" is invalid (User.csv:3)`,
	`Account.csv:7: has 6 cells, the header 5`,
	`Contact.csv:3: AccountId: account "0019" does not exist`,
	`Contact.csv:4: AccountId: account "0014" is invalid (Account.csv:6)`,
	`Contact.csv:5: FirstName+LastName: is required`,
	`Contact.csv:6: Email: "not-an-email" is not a valid email address`,
	`Contact.csv:7: Id: duplicate id "0031" (first at Contact.csv:2)`,
}

func TestImportCRMReportsBadRowsAndWritesNothing(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		for _, dry := range []bool{false, true} {
			rep, err := ImportCRM(context.Background(), s, BytesFS(bytesOf(badCRM)), mapping(t, Salesforce), ImportOptions{DryRun: dry})
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("dry run %v: err = %v, want EINVALID", dry, err)
			}
			if got := errorLines(rep.Errors); !reflect.DeepEqual(got, wantBadCRM) {
				t.Errorf("dry run %v: problems\n%s\nwant\n%s", dry, strings.Join(got, "\n"), strings.Join(wantBadCRM, "\n"))
			}
			fields := graph.ErrorFields(err)
			if len(fields) != len(wantBadCRM) || fields[0].Field != "User.csv:3: Email" {
				t.Errorf("error fields %v", fields)
			}
			if !strings.Contains(graph.ErrorMessage(err), "nothing was written") {
				t.Errorf("message %q", graph.ErrorMessage(err))
			}
			if got := counts(t, s); got[UnitsFile]+got[EmployeesFile]+got[AccountsFile]+got[CustomersFile] != 0 {
				t.Errorf("dry run %v: the store changed: %v", dry, got)
			}
			if !reflect.DeepEqual(rep.Ignored, []string{"Opportunity.csv"}) {
				t.Errorf("ignored %v", rep.Ignored)
			}
		}
	})
}

func TestImportCRMSkipInvalidWritesTheValidRows(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		rep, err := ImportCRM(context.Background(), s, BytesFS(bytesOf(badCRM)), mapping(t, Salesforce), ImportOptions{SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := errorLines(rep.Errors); !reflect.DeepEqual(got, wantBadCRM) {
			t.Errorf("problems\n%s", strings.Join(got, "\n"))
		}
		want := map[string]int{UnitsFile: 2, EmployeesFile: 1, AccountsFile: 1, CustomersFile: 1, RelationshipsFile: 0}
		if got := counts(t, s); !reflect.DeepEqual(got, want) {
			t.Errorf("store holds %v, want %v", got, want)
		}
		if f, _ := rep.File("Contact.csv"); f.Rows != 6 || f.Invalid != 5 || f.Written != 1 || f.As != CustomersFile {
			t.Errorf("Contact.csv report %+v", f)
		}
		c, err := s.Customer(context.Background(), "0031")
		if err != nil || c.Name != "Carl Claussen" || c.Account != "0011" {
			t.Errorf("0031 = %+v, %v: want the first row", c, err)
		}
	})
}

func TestImportCRMRejectsBadHeaders(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"missing required column", map[string]string{"User.csv": "Id,FirstName,LastName,Phone\n0051,Anna,Albers,1\n"},
			[]string{`User.csv:1: Email: missing required column`}},
		{"missing name columns", map[string]string{"Account.csv": "Id,Industry\n0011,Machinery\n"},
			[]string{`Account.csv:1: Name: missing required column`}},
		{"repeated column", map[string]string{"Contact.csv": "Id,LastName,Email,email\n0031,Claussen,a@b.example,c@d.example\n"},
			[]string{`Contact.csv:1: Email: column "email" appears twice in the header`}},
		{"names none of the columns", map[string]string{"User.csv": "foo,bar\n1,2\n"},
			[]string{`User.csv:1: missing header row: the first line names none of the columns of a salesforce export of employees (Id, FirstName, LastName, Email, Title, Department, IsActive)`}},
		{"empty file", map[string]string{"User.csv": ""},
			[]string{`User.csv:1: missing header row: the file is empty`}},
		{"cascade from a rejected file", map[string]string{
			"User.csv":    "Id,FirstName,LastName\n0051,Anna,Albers\n",
			"Account.csv": "Id,Name,OwnerId\n0011,ACME,0051\n"},
			[]string{`User.csv:1: Email: missing required column`, `Account.csv:2: OwnerId: employee "0051" does not exist`}},
		{"cascade from a rejected file that can be read", map[string]string{
			"User.csv":    "Id,FirstName,LastName,Email,EMAIL\n0051,Anna,Albers,a@corp.example,b@corp.example\n",
			"Account.csv": "Id,Name,OwnerId\n0011,ACME,0051\n"},
			[]string{`User.csv:1: Email: column "EMAIL" appears twice in the header`,
				`Account.csv:2: OwnerId: employee "0051" is invalid (User.csv, whose header is invalid)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			onEveryStore(t, func(t *testing.T, empty emptyStore) {
				s := empty(t)
				rep, err := ImportCRM(context.Background(), s, BytesFS(bytesOf(tc.files)), mapping(t, Salesforce), ImportOptions{SkipInvalid: true})
				if err != nil {
					t.Fatal(err)
				}
				if got := errorLines(rep.Errors); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				}
				if got := counts(t, s); got[EmployeesFile]+got[AccountsFile]+got[CustomersFile] != 0 {
					t.Errorf("rows of a rejected file were written: %v", got)
				}
			})
		})
	}
}

func TestImportCRMResolvesAgainstTheStore(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		mustBatch(t, s, graph.Batch{
			Units:     []graph.Unit{{ID: "hubspot", Name: "Vertrieb (HubSpot)"}},
			Employees: []graph.Employee{{ID: "hubspot-user-1", Name: "Anna Albers", Email: "anna@corp.example", Unit: "hubspot", Active: true}},
			Accounts:  []graph.Account{{ID: "acme", Name: "ACME GmbH"}},
		})
		files := map[string]string{
			"companies.csv": "Record ID,Company name,Company owner\n11,Werft Nord,anna@corp.example\n12,Werft Süd,Anna Albers\n",
			"contacts.csv":  "Record ID,First Name,Last Name,Email,Associated Company\n21,Carl,Claussen,,ACME GmbH\n22,Dora,Dreyer,,Werft Süd\n",
		}
		rep, err := ImportCRM(context.Background(), s, BytesFS(bytesOf(files)), mapping(t, HubSpot), ImportOptions{})
		if err != nil {
			t.Fatalf("%v\n%v", err, rep.Errors)
		}
		ctx := context.Background()
		for id, owner := range map[string]string{"hubspot-company-11": "hubspot-user-1", "hubspot-company-12": "hubspot-user-1"} {
			if a, err := s.Account(ctx, id); err != nil || a.Owner != owner {
				t.Errorf("%s = %+v, %v", id, a, err)
			}
		}
		for id, account := range map[string]string{"hubspot-contact-21": "acme", "hubspot-contact-22": "hubspot-company-12"} {
			if c, err := s.Customer(ctx, id); err != nil || c.Account != account {
				t.Errorf("%s = %+v, %v", id, c, err)
			}
		}
		if u, _ := s.Unit(ctx, "hubspot"); u.Name != "Vertrieb (HubSpot)" {
			t.Errorf("the stored default unit was changed: %+v", u)
		}
	})
}

func TestImportCRMSemicolonsAndIDs(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		files := map[string]string{
			"Active Users.csv": "\uFEFF(Do Not Modify) User;Full Name;Primary Email;Business Unit\r\n" +
				"{6A1C1F2E-0000-4000-8000-000000000001};Anna Albers;anna@corp.example;Vertrieb Süd\r\n",
			"Accounts.csv": "(Do Not Modify) Account;Account Name;Owner\r\nacc one;ACME;Anna Albers\r\n",
		}
		rep, err := ImportCRM(context.Background(), s, BytesFS(bytesOf(files)), mapping(t, Dynamics), ImportOptions{})
		if err != nil {
			t.Fatalf("%v\n%v", err, rep.Errors)
		}
		ctx := context.Background()
		e, err := s.Employee(ctx, "6A1C1F2E-0000-4000-8000-000000000001")
		if err != nil || e.Unit != "dynamics-vertrieb-sued" {
			t.Errorf("employee = %+v, %v", e, err)
		}
		if a, err := s.Account(ctx, "acc-one"); err != nil || a.Owner != e.ID {
			t.Errorf("account = %+v, %v", a, err)
		}
	})
}

func TestCRMIDsAndSlugs(t *testing.T) {
	for raw, want := range map[string]string{"0058d000000001AbCA": "0058d000000001AbCA", "{ab-12}": "ab-12",
		"Anna Albers": "Anna-Albers", "  42 ": "42", "-x": "x", "???": ""} {
		if got, _ := crmID("", raw); got != want {
			t.Errorf("crmID(%q) = %q, want %q", raw, got, want)
		}
	}
	if id, clean := crmID("hubspot-user-", "51"); id != "hubspot-user-51" || !clean {
		t.Errorf("prefixed id %q %v", id, clean)
	}
	if _, clean := crmID("", "a b"); clean {
		t.Error("an id with a space is clean")
	}
	for name, want := range map[string]string{"Vertrieb Süd": "vertrieb-sued", "R&D / Labs": "r-d-labs", "Straße": "strasse"} {
		if got := slug(name); got != want {
			t.Errorf("slug(%q) = %q, want %q", name, got, want)
		}
	}
	if got := slug("営業"); !strings.HasPrefix(got, "u") || len(got) != 9 {
		t.Errorf("slug of a name without ASCII letters = %q", got)
	}
}

func TestImportCRMNeedsItsFiles(t *testing.T) {
	ctx := context.Background()
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		_, err := ImportCRM(ctx, s, BytesFS(map[string][]byte{"notes.txt": nil}), mapping(t, Salesforce), ImportOptions{})
		if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(graph.ErrorMessage(err), "User.csv") {
			t.Errorf("no files: %v", err)
		}
		two := BytesFS(map[string][]byte{"contacts-a.csv": nil, "contacts-b.csv": nil})
		if _, err := ImportCRM(ctx, s, two, mapping(t, HubSpot), ImportOptions{}); graph.ErrorCode(err) != graph.EINVALID ||
			!strings.Contains(graph.ErrorMessage(err), "contacts-a.csv and contacts-b.csv") {
			t.Errorf("two contact files: %v", err)
		}
	})
}
