package server

import "testing"

func TestWholeNumbers(t *testing.T) {
	for in, want := range map[string]string{
		`{"capacity": 5.0}`:                     `{"capacity": 5}`,
		`{"a": 5e0, "b": 50E-1, "c": -2.000}`:   `{"a": 5, "b": 5, "c": -2}`,
		`{"trust": 0.5, "n": 12}`:               `{"trust": 0.5, "n": 12}`,
		`{"s": "5.0", "t": "\"1.0\""}`:          `{"s": "5.0", "t": "\"1.0\""}`,
		`[1e400, 1e999999999, 9.3e18, 1.5e1]`:   `[1e400, 1e999999999, 9.3e18, 15]`,
		`{"m": 9223372036854775807.0}`:          `{"m": 9223372036854775807}`,
		`{"m": -9223372036854775808.0}`:         `{"m": -9223372036854775808}`,
		`{"tiny": 1e-999999999, "z": -0.0}`:     `{"tiny": 1e-999999999, "z": 0}`,
		`{"capacity": {"e1": 3.0}, "x": [2.0]}`: `{"capacity": {"e1": 3}, "x": [2]}`,
	} {
		if got := string(wholeNumbers([]byte(in))); got != want {
			t.Errorf("wholeNumbers(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestWholeNumbersInBodies: an integer field takes 5.0 as JSON Schema
// counts it, and refuses 5.5 naming the field.
func TestWholeNumbersInBodies(t *testing.T) {
	a := newAPI(t, newEmbedded(t))
	a.seedBase()
	w := a.do("PUT", "/api/v1/employees/e9", `{"name": "Nine", "email": "e9@example.com", "capacity": 3.0}`)
	if w.Code != 201 {
		t.Fatalf("capacity 3.0: %d %s", w.Code, w.Body)
	}
	p := problem(t, a.do("PUT", "/api/v1/employees/e9", `{"name": "Nine", "email": "e9@example.com", "capacity": 3.5}`), 400)
	if !hasField(p, "capacity") {
		t.Errorf("capacity 3.5: problem names %v", fields(p))
	}
}
