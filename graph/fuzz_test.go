package graph

import (
	"strings"
	"testing"
)

func FuzzValidID(f *testing.F) {
	for _, s := range []string{"e1", "jonas.weber", "c-stadtwerke-1", "a@b:c_d", "-x", "", "a b", strings.Repeat("x", 129), "ä"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		ok := ValidID(id)
		if ok != (CheckID("id", id) == nil) {
			t.Fatalf("ValidID and CheckID disagree on %q", id)
		}
		if !ok {
			return
		}
		if len(id) == 0 || len(id) > MaxIDLen {
			t.Fatalf("ValidID(%q) with length %d", id, len(id))
		}
		for i, c := range id {
			alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
			if !alnum && (i == 0 || !strings.ContainsRune("._:@-", c)) {
				t.Fatalf("ValidID(%q) accepts %q at %d", id, c, i)
			}
		}
	})
}

func FuzzEmployeeValidate(f *testing.F) {
	f.Add("e1", "Ada", "ada@x.example", "u1", -1)
	f.Add("e 1", "", "not-an-email", "-u", 3)
	f.Add("e1", "\x00", "a@b", "u1", 0)
	f.Fuzz(func(t *testing.T, id, name, email, unit string, capacity int) {
		e := Employee{ID: id, Name: name, Email: email, Unit: unit, Capacity: &capacity}
		p := e.Validate()
		if len(p) == 0 && (!ValidID(id) || name == "" || email == "" || capacity < 0) {
			t.Fatalf("Validate accepted %+v", e)
		}
		for _, fe := range p {
			if fe.Field == "" || fe.Message == "" {
				t.Fatalf("problem without field or message: %+v", fe)
			}
		}
	})
}
