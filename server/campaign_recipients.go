package server

import (
	"bytes"
	"encoding/json"

	"github.com/contactgraph/contactgraph/graph"
)

// recipientsInput is the recipients of a campaign request: a list of
// customer ids, or {"all": true} for every customer (docs/contract.md §2 Campaigns).
type recipientsInput struct {
	IDs []string
	All bool
}

// UnmarshalJSON reads either form, strictly; null is no recipients.
func (r *recipientsInput) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case bytes.Equal(data, []byte("null")):
		return nil
	case len(data) > 0 && data[0] == '[':
		if err := json.Unmarshal(data, &r.IDs); err != nil {
			return invalid("recipients", `must be an array of customer ids (strings) or {"all": true}`)
		}
		return nil
	case len(data) > 0 && data[0] == '{':
		var obj struct {
			All *bool `json:"all"`
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&obj); err != nil {
			return invalid("recipients", `as an object takes only "all": {"all": true} selects every customer`)
		}
		if obj.All == nil || !*obj.All {
			return invalid("recipients.all", `must be true: {"all": true} selects every customer; otherwise give a list of ids`)
		}
		r.All = true
		return nil
	}
	return invalid("recipients", `must be an array of customer ids or {"all": true}`)
}

var _ json.Unmarshaler = (*recipientsInput)(nil)

// isCodedError reports whether err is one of ours already (an
// Unmarshaler's answer), to be passed on as it is.
func isCodedError(err error) bool {
	return graph.ErrorCode(err) != graph.EINTERNAL
}
