package graph

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Introduction states (docs/contract.md §1 Introductions): requested →
// accepted or declined; accepted → done.
const (
	IntroductionRequested = "requested"
	IntroductionAccepted  = "accepted"
	IntroductionDeclined  = "declined"
	IntroductionDone      = "done"
)

// MaxIntroductionText is the longest note or message of an introduction, in
// characters.
const MaxIntroductionText = 1000

// Introduction is a request of an account manager (Requester, an employee)
// that an employee who knows a customer (Via, the broker) introduce them to
// the customer.
type Introduction struct {
	ID          string
	Customer    string
	Via         string
	Requester   string // the employee who asked
	RequestedBy string // the API key id that asked
	Note        string // the requester's note to the broker; may be ""
	State       string
	Message     string // the broker's message with the answer; may be ""
	CreatedAt   time.Time
	AnsweredAt  *time.Time // accepted or declined
	DoneAt      *time.Time
	// Revision grows by one with every UpdateIntroduction; an update must
	// name the revision it read.
	Revision int64
}

// IntroductionQuery selects a page of introductions by id descending (the
// server's ids begin with the time they were asked for: newest first).
// Every filter given must match; "" keeps all.
type IntroductionQuery struct {
	Customer  string
	Via       string
	Requester string
	After     string // the cursor: the id of the last one of the previous page
	Limit     int    // 0 means DefaultListLimit, beyond MaxListLimit it is cut
}

// PageSize is the page size q asks for, within the list limits.
func (q IntroductionQuery) PageSize() int {
	return CampaignQuery{Limit: q.Limit}.PageSize()
}

// Validate checks the fields a store relies on.
func (in Introduction) Validate() Problems {
	var p Problems
	for _, f := range []struct{ name, id string }{{"id", in.ID}, {"customer", in.Customer}, {"via", in.Via}, {"requester", in.Requester}} {
		if err := CheckID(f.name, f.id); err != nil {
			p = append(p, ErrorFields(err)...)
		}
	}
	if in.Via != "" && in.Via == in.Requester {
		p.Add("via", "is the requester")
	}
	p = append(p, CheckIntroductionText("note", in.Note)...)
	p = append(p, CheckIntroductionText("message", in.Message)...)
	switch in.State {
	case IntroductionRequested:
	case IntroductionAccepted, IntroductionDeclined:
		if in.AnsweredAt == nil {
			p.Add("answeredAt", "is required once %s", in.State)
		}
	case IntroductionDone:
		if in.AnsweredAt == nil || in.DoneAt == nil {
			p.Add("doneAt", "is required once done, and so is answeredAt")
		}
	default:
		p.Add("state", "must be %q, %q, %q or %q", IntroductionRequested, IntroductionAccepted, IntroductionDeclined, IntroductionDone)
	}
	if in.CreatedAt.IsZero() {
		p.Add("createdAt", "is required")
	}
	return p
}

// CheckIntroductionText reports what is wrong with a note or message: valid
// UTF-8, at most MaxIntroductionText characters, no control characters but
// line breaks and tabs. Empty is allowed.
func CheckIntroductionText(field, s string) Problems {
	var p Problems
	switch n := utf8.RuneCountInString(s); {
	case !utf8.ValidString(s):
		p.Add(field, "is not valid UTF-8")
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0:
		p.Add(field, "contains control characters (only line breaks and tabs are allowed)")
	case n > MaxIntroductionText:
		p.Add(field, "has %d characters; at most %d are allowed", n, MaxIntroductionText)
	}
	return p
}

// IntroductionStore keeps introduction requests. Both stores implement it
// as part of Store.
type IntroductionStore interface {
	// CreateIntroduction stores a new introduction with revision 1.
	// EINVALID: a field breaks a rule. ECONFLICT: the id is taken.
	CreateIntroduction(ctx context.Context, in Introduction) error
	// UpdateIntroduction replaces introduction in.ID if its stored revision
	// is still in.Revision, and stores it with in.Revision+1. ENOTFOUND: no
	// such introduction. ECONFLICT: someone changed it since.
	UpdateIntroduction(ctx context.Context, in Introduction) error
	// Introduction returns one introduction. ENOTFOUND: no such one.
	Introduction(ctx context.Context, id string) (Introduction, error)
	// Introductions lists introductions by id descending.
	Introductions(ctx context.Context, q IntroductionQuery) (Page[Introduction], error)
	// DeleteIntroduction deletes one (a customer's erasure deletes theirs).
	// ENOTFOUND: no such introduction.
	DeleteIntroduction(ctx context.Context, id string) error
}
