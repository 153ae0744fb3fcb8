package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// decodeJSON reads the request body into dst strictly: the body must be one
// JSON object, with no unknown fields, no values of the wrong type and
// nothing after it. Every failure is an EINVALID error naming the field where
// one can be named, or a 413 or 415 httpError.
func decodeJSON(c *gin.Context, dst any) error {
	if err := checkJSONContentType(c.GetHeader("Content-Type")); err != nil {
		return err
	}
	if c.Request.Body == nil {
		return emptyBody()
	}
	data, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge(mbe.Limit)
		}
		return graph.Errorf(graph.EINVALID, "the request body could not be read: %v", err)
	}
	// encoding/json would quietly turn invalid UTF-8 into U+FFFD; JSON
	// text must be UTF-8 (RFC 8259), so such a body is refused whole.
	if !utf8.Valid(data) {
		return graph.Errorf(graph.EINVALID, "the request body is not valid UTF-8")
	}
	return decodeStrict(data, dst)
}

// checkJSONContentType accepts a missing Content-Type, application/json and
// any +json type.
func checkJSONContentType(ct string) error {
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return &httpError{status: http.StatusUnsupportedMediaType,
		detail: fmt.Sprintf("Content-Type %q is not supported: send application/json", ct)}
}

func emptyBody() error {
	return graph.Errorf(graph.EINVALID, "the request body is empty: send a JSON object")
}

// decodeStrict decodes data, which must hold exactly one JSON object, into dst.
func decodeStrict(data []byte, dst any) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return emptyBody()
	}
	if trimmed[0] != '{' {
		if json.Valid(trimmed) {
			return graph.Errorf(graph.EINVALID, "the request body must be a JSON object")
		}
	}
	trimmed = wholeNumbers(trimmed)
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return graph.Errorf(graph.EINVALID, "malformed JSON: unexpected data after the JSON object at byte %d", dec.InputOffset())
	}
	return checkNulls(trimmed, dst)
}

// jsonError turns an error of encoding/json into an EINVALID error that names
// the field where the decoder tells it.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var ute *json.UnmarshalTypeError
	switch {
	case isCodedError(err):
		return err // a field's own UnmarshalJSON has named the problem
	case errors.As(err, &syn):
		return graph.Errorf(graph.EINVALID, "malformed JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return graph.Errorf(graph.EINVALID, "malformed JSON: the body ends in the middle of a value")
	case errors.As(err, &ute):
		field := ute.Field
		if field == "" {
			return graph.Errorf(graph.EINVALID, "the request body must be a JSON object")
		}
		return invalid(field, "must be %s, not %s", describeType(ute.Type), ute.Value)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return invalid(name, "is not a field of this request")
	}
	return graph.Errorf(graph.EINVALID, "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// describeType names a Go type in JSON's words.
func describeType(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return "a value of another type"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a value of another type"
}

// dateLayout is the date-only form accepted besides RFC 3339.
const dateLayout = "2006-01-02"

// parseTime reads a time given as RFC 3339 or as a date (midnight UTC),
// recording a problem with field otherwise. A nil s is no time.
func parseTime(p *graph.Problems, field string, s *string) *time.Time {
	if s == nil {
		return nil
	}
	if t, err := time.Parse(time.RFC3339, *s); err == nil {
		return &t
	}
	if t, err := time.Parse(dateLayout, *s); err == nil {
		return &t
	}
	p.Add(field, "%q is not a time: use RFC 3339 (2026-11-02T10:00:00Z) or a date (2026-11-02)", clipValue(*s))
	return nil
}

// clipValue shortens a value quoted in an error message.
func clipValue(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// merge returns the problems found at the boundary followed by those that
// validation finds in fields the boundary did not already name, so that a
// client hears of every problem at once.
func merge(boundary, validated graph.Problems) error {
	named := map[string]bool{}
	for _, f := range boundary {
		named[f.Field] = true
	}
	for _, f := range validated {
		if !named[f.Field] {
			boundary = append(boundary, f)
		}
	}
	return boundary.Err()
}

// jsonBody reads the JSON body of a request that takes no query
// parameters into a T.
func jsonBody[T any](c *gin.Context) (T, error) {
	var req T
	_, err := query(c)
	if err == nil {
		err = decodeJSON(c, &req)
	}
	return req, err
}
