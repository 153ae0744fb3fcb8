package graph

import (
	"math"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text limits. They keep single records reasonable and protect the stores.
const (
	MaxIDLen    = 128
	MaxNameLen  = 200
	MaxEmailLen = 254
	MaxTextLen  = 200
)

// ValidID reports whether id is a valid id: 1–128 characters from
// A-Z a-z 0-9 . _ : @ -, the first one alphanumeric.
func ValidID(id string) bool {
	if len(id) == 0 || len(id) > MaxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if i == 0 && !alnum {
			return false
		}
		if !alnum && c != '.' && c != '_' && c != ':' && c != '@' && c != '-' {
			return false
		}
	}
	return true
}

// CheckID returns an EINVALID error naming field when id is not a valid id.
func CheckID(field, id string) error {
	var p Problems
	p.id(field, id, true)
	return p.Err()
}

const idRule = "must be 1–128 characters from A-Z a-z 0-9 . _ : @ -, starting with a letter or digit"

func (p *Problems) id(field, id string, required bool) {
	switch {
	case id == "" && !required:
	case id == "":
		p.Add(field, "is required")
	case !ValidID(id):
		p.Add(field, "%q %s", clip(id), idRule)
	}
}

func (p *Problems) text(field, s string, max int, required bool) {
	switch {
	case s == "" && required:
		p.Add(field, "is required")
	case !utf8.ValidString(s):
		p.Add(field, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > max:
		p.Add(field, "is longer than %d characters", max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		p.Add(field, "contains control characters")
	case s != "" && strings.TrimSpace(s) == "":
		p.Add(field, "is blank")
	}
}

func (p *Problems) email(field, s string, required bool) {
	if s == "" {
		if required {
			p.Add(field, "is required")
		}
		return
	}
	if len(s) > MaxEmailLen || !utf8.ValidString(s) {
		p.Add(field, "is not a valid email address")
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		p.Add(field, "%q is not a valid email address", clip(s))
	}
}

// MaxPhoneLen and MaxSignatureLen bound an employee's phone number and
// signature, in characters; MaxSignatureLines bounds the signature's lines.
const (
	MaxPhoneLen       = 40
	MaxSignatureLen   = 1000
	MaxSignatureLines = 12
)

// phone accepts what people write as a phone number: digits, spaces and
// + ( ) / . - with at least one digit. Nothing else, so that a number can go
// into a letter's text and headers as it is.
func (p *Problems) phone(field, s string) {
	if s == "" {
		return
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +()/.-", r):
		default:
			p.Add(field, "%q may hold only digits, spaces and + ( ) / . -", clip(s))
			return
		}
	}
	switch {
	case len(s) > MaxPhoneLen:
		p.Add(field, "is longer than %d characters", MaxPhoneLen)
	case digits == 0:
		p.Add(field, "%q holds no digit", clip(s))
	}
}

// signature accepts plain text of several lines: "\n" separates them (a
// "\r" is refused, so that nothing can end a header line), no other
// control characters.
func (p *Problems) signature(field, s string) {
	switch {
	case s == "":
	case !utf8.ValidString(s):
		p.Add(field, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > MaxSignatureLen:
		p.Add(field, "is longer than %d characters", MaxSignatureLen)
	case strings.IndexFunc(s, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) >= 0:
		p.Add(field, "contains control characters other than line breaks (\\n)")
	case strings.Count(s, "\n") >= MaxSignatureLines:
		p.Add(field, "has more than %d lines", MaxSignatureLines)
	case strings.TrimSpace(s) == "":
		p.Add(field, "is blank")
	}
}

// clip shortens a value quoted in an error message.
func clip(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

// Validate checks the fields of e on their own (not its references).
func (e Employee) Validate() Problems {
	var p Problems
	p.id("id", e.ID, true)
	p.text("name", e.Name, MaxNameLen, true)
	p.email("email", e.Email, true)
	p.text("title", e.Title, MaxTextLen, false)
	p.id("unit", e.Unit, false)
	if e.Capacity != nil && *e.Capacity < 0 {
		p.Add("capacity", "must be 0 or more, or null for unlimited")
	}
	p.aliases(e.Email, e.Aliases)
	p.phone("phone", e.Phone)
	p.signature("signature", e.Signature)
	return p
}

// MaxAliases is how many aliases a person may have.
const MaxAliases = 20

// aliases checks a person's aliases: valid addresses, at most MaxAliases,
// none twice and none the person's email (ignoring case).
func (p *Problems) aliases(email string, aliases []string) {
	if len(aliases) > MaxAliases {
		p.Add("aliases", "at most %d addresses, not %d", MaxAliases, len(aliases))
		return
	}
	seen := map[string]bool{strings.ToLower(email): email != ""}
	for i, a := range aliases {
		f := "aliases[" + strconv.Itoa(i) + "]"
		p.email(f, a, true)
		k := strings.ToLower(a)
		if seen[k] {
			p.Add(f, "%q is already the person's email or an alias", clip(a))
		}
		seen[k] = true
	}
}

// Validate checks the fields of c on their own (not its references).
func (c Customer) Validate() Problems {
	var p Problems
	p.id("id", c.ID, true)
	p.text("name", c.Name, MaxNameLen, true)
	p.email("email", c.Email, false)
	p.text("title", c.Title, MaxTextLen, false)
	p.id("account", c.Account, false)
	p.aliases(c.Email, c.Aliases)
	return p
}

// Validate checks the fields of a on their own (not its references).
func (a Account) Validate() Problems {
	var p Problems
	p.id("id", a.ID, true)
	p.text("name", a.Name, MaxNameLen, true)
	p.id("owner", a.Owner, false)
	p.text("segment", a.Segment, MaxTextLen, false)
	return p
}

// Validate checks the fields of u on their own (not its references).
func (u Unit) Validate() Problems {
	var p Problems
	p.id("id", u.ID, true)
	p.text("name", u.Name, MaxNameLen, true)
	p.id("parent", u.Parent, false)
	if u.Parent != "" && u.Parent == u.ID {
		p.Add("parent", "a unit cannot be its own parent")
	}
	return p
}

// ValidTrust reports whether t is a trust value in (0, 1].
func ValidTrust(t float64) bool {
	return t > 0 && t <= 1 && !math.IsNaN(t)
}

// Validate checks the fields of r on their own (not whether its ends exist).
func (r Relationship) Validate() Problems {
	var p Problems
	p.id("a", r.A, true)
	p.id("b", r.B, true)
	if r.A != "" && r.A == r.B {
		p.Add("b", "a relationship joins two different persons")
	}
	if !ValidTrust(r.Trust) {
		p.Add("trust", "must be greater than 0 and at most 1")
	}
	if r.Visibility != Public && r.Visibility != Private {
		p.Add("visibility", "must be %q or %q", Public, Private)
	}
	p.text("source", r.Source, MaxTextLen, false)
	if r.Interactions < 0 {
		p.Add("interactions", "must be 0 or more")
	}
	if r.TrustSource != "" && r.TrustSource != TrustDeclared && r.TrustSource != TrustLearned {
		p.Add("trustSource", "must be %q or %q", TrustDeclared, TrustLearned)
	}
	return p
}

// Validate checks the fields of i on their own.
func (i Interaction) Validate() Problems {
	var p Problems
	p.id("a", i.A, true)
	p.id("b", i.B, true)
	if i.A != "" && i.A == i.B {
		p.Add("b", "an interaction joins two different persons")
	}
	if i.At.IsZero() {
		p.Add("at", "is required")
	}
	switch {
	case i.Kind == "":
		p.Add("kind", "is required: one of %s", strings.Join(InteractionKinds, ", "))
	case !slices.Contains(InteractionKinds, i.Kind):
		p.Add("kind", "must be one of %s", strings.Join(InteractionKinds, ", "))
	}
	return p
}

// Validate checks every entity of b on its own and that no id appears twice
// within one kind (persons count as one kind).
func (b Batch) Validate() Problems {
	var p Problems
	seen := map[string]string{}
	dup := func(space, field, id string) {
		if id == "" {
			return
		}
		key := space + "\x00" + id
		if prev, ok := seen[key]; ok {
			p.Add(field+".id", "%q appears twice in the batch (also %s)", id, prev)
			return
		}
		seen[key] = field
	}
	for i, u := range b.Units {
		f := indexed("units", i)
		p = append(p, u.Validate().Prefix(f+".")...)
		dup("unit", f, u.ID)
	}
	for i, a := range b.Accounts {
		f := indexed("accounts", i)
		p = append(p, a.Validate().Prefix(f+".")...)
		dup("account", f, a.ID)
	}
	for i, e := range b.Employees {
		f := indexed("employees", i)
		p = append(p, e.Validate().Prefix(f+".")...)
		dup("person", f, e.ID)
	}
	for i, c := range b.Customers {
		f := indexed("customers", i)
		p = append(p, c.Validate().Prefix(f+".")...)
		dup("person", f, c.ID)
	}
	pairs := map[[2]string]string{}
	for i, r := range b.Relationships {
		f := indexed("relationships", i)
		p = append(p, r.Validate().Prefix(f+".")...)
		c := r.Canonical()
		k := [2]string{c.A, c.B}
		if prev, ok := pairs[k]; ok && c.A != "" {
			p.Add(f, "the relationship %s–%s appears twice in the batch (also %s)", c.A, c.B, prev)
		}
		pairs[k] = f
	}
	return p
}

func indexed(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}
