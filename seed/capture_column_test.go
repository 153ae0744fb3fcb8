package seed

import (
	"strings"
	"testing"
)

// The capture consent of employees (docs/capture.md) is a column of
// employees.csv: empty is off, and export writes it back as imported.
func TestCaptureColumnRoundTrips(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		in := "id,name,email,capture\n" +
			"e1,Anna,anna@example.com,true\n" +
			"e2,Ben,ben@example.com,\n" +
			"e3,Cem,cem@example.com,FALSE\n"
		mustImport(t, s, map[string][]byte{EmployeesFile: []byte(in)}, ImportOptions{})
		for id, want := range map[string]bool{"e1": true, "e2": false, "e3": false} {
			e, err := s.Employee(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if e.Capture != want {
				t.Errorf("%s: capture %v, want %v", id, e.Capture, want)
			}
		}
		files, _ := mustExport(t, s, ExportOptions{})
		got := string(files[EmployeesFile])
		want := "id,name,email,title,unit,active,sender,broker,capacity,capture,phone,signature,aliases\n" +
			"e1,Anna,anna@example.com,,,true,true,true,,true,,,\n" +
			"e2,Ben,ben@example.com,,,true,true,true,,false,,,\n" +
			"e3,Cem,cem@example.com,,,true,true,true,,false,,,\n"
		if got != want {
			t.Errorf("employees.csv\n%s\nwant\n%s", got, want)
		}
		_, err := Import(t.Context(), s, BytesFS(map[string][]byte{EmployeesFile: []byte("id,name,email,capture\ne1,Anna,anna@example.com,maybe\n")}), ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), `capture: must be true or false, not "maybe"`) {
			t.Errorf("a bad capture cell: %v", err)
		}
	})
}

// Aliases are one cell, separated by semicolons, and come back as imported.
func TestAliasesColumnRoundTrips(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		in := map[string][]byte{
			EmployeesFile: []byte("id,name,email,aliases\ne1,Anna,anna@example.com, a.b@private.example ; anna@old.example\n"),
			CustomersFile: []byte("id,name,email,aliases\nc1,Carla,carla@example.com,carla@home.example\nc2,Cem,,\n"),
		}
		mustImport(t, s, in, ImportOptions{})
		e, err := s.Employee(t.Context(), "e1")
		if err != nil || strings.Join(e.Aliases, "|") != "a.b@private.example|anna@old.example" {
			t.Fatalf("e1 aliases %q, %v", e.Aliases, err)
		}
		files, _ := mustExport(t, s, ExportOptions{})
		if got := string(files[CustomersFile]); !strings.Contains(got, "c1,Carla,carla@example.com,,,false,carla@home.example\n") ||
			!strings.Contains(got, "c2,Cem,,,,false,\n") {
			t.Errorf("customers.csv\n%s", got)
		}
		if got := string(files[EmployeesFile]); !strings.Contains(got, ",a.b@private.example;anna@old.example\n") {
			t.Errorf("employees.csv\n%s", got)
		}
		_, err = Import(t.Context(), s, BytesFS(map[string][]byte{CustomersFile: []byte("id,name,aliases\nc3,X,not-an-address\n")}), ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "aliases[0]") {
			t.Errorf("a bad alias: %v", err)
		}
	})
}
