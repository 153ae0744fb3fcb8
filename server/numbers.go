package server

import (
	"bytes"
	"math"
	"math/big"
	"strconv"
)

// wholeNumbers rewrites every number of the JSON text data that is a whole
// number within int64 but written with a fraction or an exponent (5.0,
// 5e0, 50E-1) as that integer (5). JSON Schema, and so the OpenAPI
// document, counts 5.0 as an integer, and encoding/json refuses it for a Go
// int; a float field reads the rewritten number the same. Numbers outside
// int64 stay as they are (an integer field then refuses them, with its
// name). data without such a number comes back as it is.
func wholeNumbers(data []byte) []byte {
	var out []byte // nil until something is rewritten
	last := 0      // data[last:] is not yet copied to out
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		if c == '"' {
			inString = true
			continue
		}
		if c != '-' && (c < '0' || c > '9') {
			continue
		}
		j := i
		for j < len(data) && bytes.IndexByte([]byte("+-.0123456789eE"), data[j]) >= 0 {
			j++
		}
		tok := data[i:j]
		if bytes.ContainsAny(tok, ".eE") {
			if n, ok := wholeNumber(tok); ok {
				out = append(append(out, data[last:i]...), n...)
				last = j
			}
		}
		i = j - 1
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}

// wholeNumber returns tok as an integer when it is one within int64.
func wholeNumber(tok []byte) ([]byte, bool) {
	// Bounds keep big.Rat cheap (1e999999999 would be a billion digits): a
	// whole number within int64 needs neither many digits nor a large
	// exponent.
	if len(tok) > 400 {
		return nil, false
	}
	if k := bytes.IndexAny(tok, "eE"); k >= 0 {
		exp, err := strconv.Atoi(string(tok[k+1:]))
		if err != nil || exp > 400 || exp < -400 {
			return nil, false
		}
	}
	r, ok := new(big.Rat).SetString(string(tok))
	if !ok || !r.IsInt() {
		return nil, false
	}
	n := r.Num()
	if !n.IsInt64() || n.Int64() == math.MinInt64 && tok[0] != '-' {
		return nil, false
	}
	return []byte(n.String()), true
}
