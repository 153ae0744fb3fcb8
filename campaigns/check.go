package campaigns

import (
	"fmt"
	"maps"
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// maxIDProblems bounds the bad ids of one list that an error names: a
// client sending a million bad ids hears of the first ones and their count.
const maxIDProblems = 20

// maxRecipients is the campaign's bound on recipients.
func (c *Campaign) maxRecipients() int {
	if c.MaxRecipients <= 0 {
		return DefaultMaxRecipients
	}
	return c.MaxRecipients
}

// Validate reports every problem of c that needs no store to find, as
// Resolve would (EINVALID naming each field), so that a caller can
// report them together with its own.
func (c Campaign) Validate() error {
	_, err := c.check()
	return err
}

// check validates everything that needs no store and applies the defaults
// of Params.
func (c *Campaign) check() (routing.Params, error) {
	s, err := c.Params.SenderParams()
	probs := graph.Problems(graph.ErrorFields(err))
	if err != nil && len(probs) == 0 {
		return s, err
	}
	switch named := len(c.Recipients) + len(c.Accounts) + len(c.Segments) + len(c.Units); {
	case c.All && named > 0:
		probs.Add("recipients", "all selects every customer: name no recipients, accounts, segments or units with it")
	case !c.All && named == 0:
		probs.Add("recipients", "is empty: name at least one recipient, account, segment or unit, or all customers")
	}
	if n, max := len(c.Recipients), c.maxRecipients(); n > max {
		probs.Add("recipients", "has %d entries; a campaign takes at most %d recipients", n, max)
	} else {
		checkIDs(&probs, "recipients", c.Recipients)
	}
	checkIDs(&probs, "accounts", c.Accounts)
	checkIDs(&probs, "units", c.Units)
	for i, seg := range c.Segments {
		if msg := textProblem(seg); msg != "" {
			probs.Add(fmt.Sprintf("segments[%d]", i), "%s", msg)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(c.Capacity)) {
		field := "capacity." + id
		if !graph.ValidID(id) {
			probs.Add("capacity", "%q is not a valid employee id", clipText(id))
			continue
		}
		if c.Capacity[id] < 0 {
			probs.Add(field, "must be 0 or more, not %d", c.Capacity[id])
		}
	}
	if c.DefaultCapacity != nil && *c.DefaultCapacity < 0 {
		probs.Add("defaultCapacity", "must be 0 or more (or null for unlimited), not %d", *c.DefaultCapacity)
	}
	if c.Fallback != (routing.Fallback{}) {
		if msg := textProblem(c.Fallback.Name); msg != "" {
			probs.Add("fallback.name", "%s", msg)
		}
		if msg := emailProblem(c.Fallback.Email); msg != "" {
			probs.Add("fallback.email", "%s", msg)
		}
	}
	return s, probs.Err()
}

// checkIDs names the first bad ids of list, and how many more there are.
func checkIDs(probs *graph.Problems, list string, ids []string) {
	bad := 0
	for i, id := range ids {
		if graph.ValidID(id) {
			continue
		}
		if bad++; bad <= maxIDProblems {
			probs.Add(fmt.Sprintf("%s[%d]", list, i), "%q is not a valid id: 1–128 characters from A-Z a-z 0-9 . _ : @ -, starting with a letter or digit", clipText(id))
		}
	}
	if bad > maxIDProblems {
		probs.Add(list, "has %d invalid ids in all; the first %d are named", bad, maxIDProblems)
	}
}

// textProblem describes what is wrong with a required short text, "" if
// nothing.
func textProblem(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "is required"
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	case utf8.RuneCountInString(s) > graph.MaxNameLen:
		return fmt.Sprintf("is longer than %d characters", graph.MaxNameLen)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "contains control characters"
	}
	return ""
}

// emailProblem describes what is wrong with a required email address, ""
// if nothing; the rule is that of graph's validation.
func emailProblem(s string) string {
	if s == "" {
		return "is required"
	}
	a, err := mail.ParseAddress(s)
	if len(s) > graph.MaxEmailLen || err != nil || a.Address != s || a.Name != "" {
		return fmt.Sprintf("%q is not a valid email address", clipText(s))
	}
	return ""
}

func clipText(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}
