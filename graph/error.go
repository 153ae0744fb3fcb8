package graph

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Every expected failure of a Store or a service carries one of
// these; the HTTP layer maps them to status codes in exactly one place.
const (
	ENOTFOUND     = "not_found"    // an id that does not exist (404)
	EINVALID      = "invalid"      // input that breaks a rule of the model (400)
	ECONFLICT     = "conflict"     // the request contradicts the stored state (409)
	EUNAVAILABLE  = "unavailable"  // the store cannot be reached right now (503)
	EUNAUTHORIZED = "unauthorized" // no valid credentials (401)
	EFORBIDDEN    = "forbidden"    // credentials that may not do this (403)
	EINTERNAL     = "internal"     // everything else (500)
)

// FieldError names one field of the input and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the coded error of the domain. Message is safe to show to the
// caller; Fields lists every field-level problem of an EINVALID error.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

// Error implements the error interface.
func (e *Error) Error() string {
	first := ""
	if len(e.Fields) > 0 {
		first = e.Fields[0].Field + ": " + e.Fields[0].Message
	}
	// Problems.Err's message already names the first problem: say it once.
	if first == "" || strings.HasPrefix(e.Message, first) {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s (%s: %s)", e.Code, e.Message, e.Fields[0].Field, e.Fields[0].Message)
}

// Errorf returns a coded error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the caller-safe message of err: the message of a coded
// error, or a generic text for anything else (internal details stay in logs).
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorFields returns the field errors of err, if it is a coded error.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation.
type Problems []FieldError

// Add records a problem with field.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil when there were no problems and otherwise an EINVALID error
// whose message names the first problem and whose Fields list all of them.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	msg := p[0].Field + ": " + p[0].Message
	if len(p) > 1 {
		msg = fmt.Sprintf("%s (and %d more)", msg, len(p)-1)
	}
	return &Error{Code: EINVALID, Message: msg, Fields: append([]FieldError(nil), p...)}
}

// Prefix returns the problems with each field prefixed, e.g. "employees[3].".
func (p Problems) Prefix(prefix string) Problems {
	out := make(Problems, len(p))
	for i, f := range p {
		out[i] = FieldError{Field: prefix + f.Field, Message: f.Message}
	}
	return out
}
