package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// checkNulls reports every JSON null in data that dst, the request's Go
// type, has no place for. encoding/json quietly leaves a field alone when it
// reads null into a string, a number, a boolean, a list or a map, so that
// {"title": null} would mean "" and {"capacity": {"e1": null}} 0 places;
// the OpenAPI document says those fields are never null. The rule is the
// Go type's: a pointer field may be null (it then counts as absent, or as
// the null the document describes, such as capacity: null for unlimited),
// nothing else may. Each problem names its field as the batch does
// (employees[3].title, capacity.e1).
func checkNulls(data []byte, dst any) error {
	if !bytes.Contains(data, []byte("null")) {
		return nil // the common case: nothing to look for
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil // decodeStrict has read it; nothing to add
	}
	var p graph.Problems
	walkNulls(&p, v, reflect.TypeOf(dst), "")
	return p.Err()
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

func walkNulls(p *graph.Problems, v any, t reflect.Type, path string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return // a type that reads its own JSON reads its own nulls too
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		for key, val := range obj {
			f, ok := jsonField(t, key)
			if !ok {
				continue
			}
			walkValue(p, val, f.Type, joinPath(path, key))
		}
	case reflect.Slice, reflect.Array:
		list, ok := v.([]any)
		if !ok {
			return
		}
		for i, val := range list {
			walkValue(p, val, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		for key, val := range obj {
			walkValue(p, val, t.Elem(), joinPath(path, key))
		}
	}
}

// walkValue checks one value of type t at path: null only where t is a
// pointer (or an interface), and what is inside otherwise.
func walkValue(p *graph.Problems, v any, t reflect.Type, path string) {
	if v != nil {
		walkNulls(p, v, t, path)
		return
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		return
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		p.Add(path, "must not be null: give a value or leave it out")
		return
	}
	p.Add(path, "must be %s, not null (leave it out instead)", describeType(t))
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// jsonField finds the field of struct t that encoding/json decodes key
// into: the exact name of its tag first, else one equal but for case.
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	var fold *reflect.StructField
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f, true
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = &f
		}
	}
	if fold != nil {
		return *fold, true
	}
	return reflect.StructField{}, false
}
