package graph

import "testing"

// An invalid input's error says what is wrong once: the message already
// names the first field, so Error must not repeat it.
func TestErrorNamesTheProblemOnce(t *testing.T) {
	var p Problems
	p.Add("maxHops", "must be between 1 and 6")
	if got, want := p.Err().Error(), "invalid: maxHops: must be between 1 and 6"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	p.Add("limit", "must be between 1 and 100")
	if got, want := p.Err().Error(), "invalid: maxHops: must be between 1 and 6 (and 1 more)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// A message of its own still shows the first field.
	e := &Error{Code: EINVALID, Message: "bad import", Fields: []FieldError{{Field: "units.csv:2: id", Message: "is required"}}}
	if got, want := e.Error(), "invalid: bad import (units.csv:2: id: is required)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
