package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// An employee's phone and signature go onto letters in their name: an
// admin sets them with the record, the employee through PATCH /me
// (audited); a carriage return, which could end a mail header, is refused
// and changes nothing.
func TestLetterFieldsOfEmployees(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := inControlAPI(t, s, "e-ben", false)
		a.must("PUT", "/api/v1/employees/e-ben", `{"name": "Ben Hof", "email": "ben.hof@nordwerk.example", "phone": "+49 40 555-1"}`, http.StatusCreated)
		if e := mustJSON[employeeResponse](a.api, "GET", "/api/v1/employees/e-ben", "", http.StatusOK); e.Phone != "+49 40 555-1" || e.Signature != "" {
			t.Errorf("e-ben: phone %q, signature %q", e.Phone, e.Signature)
		}
		w := a.as(RoleEmployee, "PATCH", "/api/v1/me", `{"signature": "Ben Hof\nIhr Netzwerk-Spezialist", "phone": "+49 40 555-2"}`)
		e := mustJSON[employeeResponse](a.api, "GET", "/api/v1/employees/e-ben", "", http.StatusOK)
		if w.Code != http.StatusOK || e.Signature != "Ben Hof\nIhr Netzwerk-Spezialist" || e.Phone != "+49 40 555-2" {
			t.Fatalf("PATCH /me = %d %s; stored %+v", w.Code, w.Body, e)
		}
		if !strings.Contains(a.audit.String(), `"fields":["phone","signature"]`) {
			t.Errorf("no consent_changed record naming phone and signature: %s", a.audit.String())
		}
		w = a.as(RoleEmployee, "PATCH", "/api/v1/me", `{"signature": "Ben\r\nBcc: all@example.com"}`)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"signature"`) {
			t.Errorf("a signature with CR = %d %s, want 400 naming signature", w.Code, w.Body)
		}
		if got := mustJSON[employeeResponse](a.api, "GET", "/api/v1/employees/e-ben", "", http.StatusOK); got.Signature != e.Signature {
			t.Errorf("a refused signature changed it to %q", got.Signature)
		}
	})
}
