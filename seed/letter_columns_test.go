package seed

import (
	"strings"
	"testing"
)

// An employee's phone and signature (they go onto letters in their name)
// are columns of employees.csv; a signature of several lines is one quoted
// cell, and export writes both back as imported.
func TestPhoneAndSignatureColumnsRoundTrip(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		in := "id,name,email,phone,signature\n" +
			"e1,Anna,anna@example.com,+49 40 1234-5,\"Anna Berg\nNetzwerk\"\n" +
			"e2,Ben,ben@example.com,,\n"
		mustImport(t, s, map[string][]byte{EmployeesFile: []byte(in)}, ImportOptions{})
		e, err := s.Employee(t.Context(), "e1")
		if err != nil {
			t.Fatal(err)
		}
		if e.Phone != "+49 40 1234-5" || e.Signature != "Anna Berg\nNetzwerk" {
			t.Errorf("e1: phone %q, signature %q", e.Phone, e.Signature)
		}
		files, _ := mustExport(t, s, ExportOptions{})
		got := string(files[EmployeesFile])
		want := "id,name,email,title,unit,active,sender,broker,capacity,capture,phone,signature,aliases\n" +
			"e1,Anna,anna@example.com,,,true,true,true,,false,+49 40 1234-5,\"Anna Berg\nNetzwerk\",\n" +
			"e2,Ben,ben@example.com,,,true,true,true,,false,,,\n"
		if got != want {
			t.Errorf("employees.csv\n%s\nwant\n%s", got, want)
		}
		_, err = Import(t.Context(), s, BytesFS(map[string][]byte{EmployeesFile: []byte("id,name,email,phone\ne1,Anna,anna@example.com,call me\n")}), ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), `phone: "call me" may hold only digits`) {
			t.Errorf("a bad phone cell: %v", err)
		}
	})
}
