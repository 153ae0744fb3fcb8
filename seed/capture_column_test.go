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
		want := "id,name,email,title,unit,active,sender,broker,capacity,capture,phone,signature\n" +
			"e1,Anna,anna@example.com,,,true,true,true,,true,,\n" +
			"e2,Ben,ben@example.com,,,true,true,true,,false,,\n" +
			"e3,Cem,cem@example.com,,,true,true,true,,false,,\n"
		if got != want {
			t.Errorf("employees.csv\n%s\nwant\n%s", got, want)
		}
		_, err := Import(t.Context(), s, BytesFS(map[string][]byte{EmployeesFile: []byte("id,name,email,capture\ne1,Anna,anna@example.com,maybe\n")}), ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), `capture: must be true or false, not "maybe"`) {
			t.Errorf("a bad capture cell: %v", err)
		}
	})
}
