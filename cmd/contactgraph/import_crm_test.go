package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// crmSamples is the sample export of each CRM that seed's tests use.
var crmSamples = filepath.Join("..", "..", "seed", "testdata", "crm")

func TestImportFromCRM(t *testing.T) {
	for _, system := range []string{"salesforce", "hubspot", "dynamics"} {
		t.Run(system, func(t *testing.T) {
			dir := filepath.Join(crmSamples, system)
			cliStores(t, func(t *testing.T, fresh func() []string) {
				store := fresh()
				out := mustCLI(t, append([]string{"import", "--from", system, dir, "--dry-run"}, store...)...)
				if !strings.Contains(out, "dry run: nothing written") || !regexp.MustCompile(`customers\.csv +12 +0 +0 +0\n`).MatchString(out) {
					t.Errorf("dry run:\n%s", out)
				}
				export := filepath.Join(t.TempDir(), "e")
				mustCLI(t, append([]string{"export", export}, store...)...)
				if got := readDir(t, export)["employees.csv"]; strings.Count(got, "\n") != 1 {
					t.Errorf("the dry run wrote:\n%s", got)
				}

				out = mustCLI(t, append([]string{"import", "--from", system, dir}, store...)...)
				for _, want := range []string{`units\.csv +4 +0 +4 +4\n`, `employees\.csv +12 +0 +12 +12\n`,
					`accounts\.csv +12 +0 +12 +12\n`, `customers\.csv +12 +0 +12 +12\n`} {
					if !regexp.MustCompile(want).MatchString(out) {
						t.Errorf("import: no line %s in\n%s", want, out)
					}
				}
				mustCLI(t, append([]string{"export", export}, store...)...)
				files := readDir(t, export)
				for name, rows := range map[string]int{"units.csv": 4, "employees.csv": 12, "accounts.csv": 12, "customers.csv": 12, "relationships.csv": 0} {
					if got := strings.Count(files[name], "\n") - 1; got != rows {
						t.Errorf("%s: %d rows exported, want %d", name, got, rows)
					}
				}
				again := mustCLI(t, append([]string{"import", "--from", system, dir}, store...)...)
				if !regexp.MustCompile(`customers\.csv +12 +0 +12 +0\n`).MatchString(again) || strings.Contains(again, "units.csv") {
					t.Errorf("re-import:\n%s", again)
				}
			})
		})
	}
}

func TestImportFromCRMReportsBadRows(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("User.csv", "Id,FirstName,LastName,Email,Department\n0051,Anna,Albers,anna@corp.example,Sales\n0052,Ben,Bauer,,Sales\n")
	write("Account.csv", "Id,Name,OwnerId\n0011,\"ACME, Inc.\",0051\n0012,Orphan,0059\n0011,Again,0051\n")
	write("Contact.csv", "Id,FirstName,LastName,AccountId\n0031,Carl,Claussen,0011\n0032,Dora,Dreyer,0019\n")
	wantErrs := []string{
		`User.csv:3: Email: is required`,
		`Account.csv:3: OwnerId: employee "0059" does not exist`,
		`Account.csv:4: Id: duplicate id "0011" (first at Account.csv:2)`,
		`Contact.csv:3: AccountId: account "0019" does not exist`,
	}
	cliStores(t, func(t *testing.T, fresh func() []string) {
		store := fresh()
		out, errOut, err := runCLI(t, append([]string{"import", "--from", "salesforce", dir}, store...)...)
		if err == nil || !strings.Contains(err.Error(), "4 problems: nothing was written") {
			t.Fatalf("err %v\n%s", err, out)
		}
		if got := strings.Split(strings.TrimSpace(errOut), "\n"); strings.Join(got, "\n") != strings.Join(wantErrs, "\n") {
			t.Errorf("stderr:\n%s\nwant\n%s", errOut, strings.Join(wantErrs, "\n"))
		}
		export := filepath.Join(t.TempDir(), "e")
		mustCLI(t, append([]string{"export", export}, store...)...)
		if got := readDir(t, export); strings.Count(got["units.csv"]+got["employees.csv"]+got["accounts.csv"], "\n") != 3 {
			t.Errorf("something was written:\n%v", got)
		}
		out = mustCLI(t, append([]string{"import", "--from", "salesforce", dir, "--skip-invalid"}, store...)...)
		if !regexp.MustCompile(`Account\.csv +accounts\.csv +3 +2 +1 +1\n`).MatchString(out) {
			t.Errorf("--skip-invalid:\n%s", out)
		}
	})
}

func TestImportFromCRMWithAMappingFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "staff.csv"), []byte("No,Full name,Mail,Team\n7,Anna Albers,anna@corp.example,Vertrieb\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "people.csv"), []byte("No,Full name,Mail,Firm\n8,Carl Claussen,carl@werft.example,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mapFile := filepath.Join(t.TempDir(), "map.yaml")
	doc := "employees: {files: staff.csv, id_prefix: e, id: No, name: Full name, email: Mail, unit: Team}\n" +
		"customers: {files: people.csv, id_prefix: c, id: No, name: Full name, email: Mail, account: Firm}\n"
	if err := os.WriteFile(mapFile, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	store := []string{"--data", t.TempDir()}
	out := mustCLI(t, append([]string{"import", "--map", mapFile, dir}, store...)...)
	if !regexp.MustCompile(`staff\.csv +employees\.csv +1 +0 +1 +1\n`).MatchString(out) || !strings.Contains(out, "people.csv") {
		t.Errorf("import --map:\n%s", out)
	}
	export := filepath.Join(t.TempDir(), "e")
	mustCLI(t, append([]string{"export", export}, store...)...)
	files := readDir(t, export)
	if !strings.Contains(files["employees.csv"], "e7,Anna Albers,anna@corp.example,,crm-vertrieb,") ||
		!strings.Contains(files["units.csv"], "crm-vertrieb,Vertrieb,crm") || !strings.Contains(files["customers.csv"], "c8,Carl Claussen") {
		t.Errorf("export:\n%v", files)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "pipedrive", dir}, `unknown CRM "pipedrive": want salesforce, hubspot, dynamics, custom`},
		{[]string{"--from", "custom", dir}, "--from custom needs --map FILE"},
		{[]string{"--from", "salesforce", "--format", "ldbc", dir}, "does not go with --format ldbc"},
		{[]string{"--from", "salesforce", mapFile}, "is not a directory"},
		{[]string{"--from", "salesforce", dir}, "no salesforce export files found: want employees User.csv, accounts Account.csv, customers Contact.csv"},
	} {
		_, _, err := runCLI(t, append(append([]string{"import"}, tc.args...), store...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("import %v: err %v, want %q", tc.args, err, tc.want)
		}
	}
}
