package graph

import (
	"context"
	"fmt"
	"time"
)

// Letter states in a campaign's outbox (docs/delivery.md): queued →
// sending → sent, retry (again at NextAt) or failed (for good). A letter is
// marked sent before the SMTP server is told that its data is complete, so
// a letter found in sending after a crash never reached the server.
const (
	LetterQueued  = "queued"
	LetterSending = "sending"
	LetterSent    = "sent"
	LetterRetry   = "retry"
	LetterFailed  = "failed"
)

// LetterStates are the states in the order a delivery reports them.
var LetterStates = []string{LetterQueued, LetterSending, LetterRetry, LetterSent, LetterFailed}

// Letter is one recipient's letter in a campaign's outbox.
type Letter struct {
	Campaign string
	Customer string
	// Sender is the employee whose name is on the letter; "" for the
	// campaign's fallback.
	Sender   string
	State    string
	Attempts int       // SMTP attempts begun
	NextAt   time.Time // retry: not before then
	Reason   string    // failed or retry: why; sent: "" (or what was odd)
	SentAt   time.Time // sent: when
	// MessageID is the letter's Message-ID, the same in every attempt.
	MessageID string
}

// LetterQuery selects a page of a campaign's letters by customer id.
type LetterQuery struct {
	Campaign string
	State    string // "" for every state
	After    string // cursor: the customer id of the last letter of the previous page
	Limit    int    // page size: 0 means DefaultListLimit, beyond MaxListLimit it is cut
}

// PageSize is the page size q asks for, within the list limits.
func (q LetterQuery) PageSize() int {
	switch {
	case q.Limit <= 0:
		return DefaultListLimit
	case q.Limit > MaxListLimit:
		return MaxListLimit
	}
	return q.Limit
}

// OutboxStore keeps the delivery state of every letter of a campaign, so
// that a delivery resumes after a crash where it stopped. Both stores
// implement it as part of Store.
type OutboxStore interface {
	// QueueLetters adds letters (State, Attempts and the times are ignored)
	// to campaign's outbox as queued; a letter already there for its
	// customer stays as it is, so queueing twice is harmless. The answer is
	// how many were added. EINVALID: a letter names another campaign or an
	// invalid id.
	QueueLetters(ctx context.Context, campaign string, letters []Letter) (int, error)
	// ClaimLetters moves up to n letters of campaign that are queued, or in
	// retry with NextAt at or before now, to sending with one more attempt,
	// by customer id, and returns them.
	ClaimLetters(ctx context.Context, campaign string, now time.Time, n int) ([]Letter, error)
	// ReleaseLetters moves the letters of campaign left in sending (by a
	// process that stopped) back to queued and returns how many. Only the
	// one process that delivers the campaign calls it, before it claims.
	ReleaseLetters(ctx context.Context, campaign string) (int, error)
	// MarkLetter stores l's State, NextAt, Reason and SentAt if the letter
	// is still in state from. On return the change survives the death of
	// this process; SyncLetters makes it survive the machine's too.
	// ENOTFOUND: no such letter. ECONFLICT: it is no longer in state from.
	MarkLetter(ctx context.Context, l Letter, from string) error
	// SyncLetters makes every returned MarkLetter durable on disk.
	SyncLetters(ctx context.Context) error
	// Letters lists a campaign's letters by customer id.
	Letters(ctx context.Context, q LetterQuery) (Page[Letter], error)
	// LetterCounts counts a campaign's letters by state; a state without
	// letters is absent.
	LetterCounts(ctx context.Context, campaign string) (map[string]int, error)
	// ForgetLetters removes every letter to customer from every campaign's
	// outbox, whatever its state (the right to erasure), and returns how
	// many it removed. A delivery that holds one of them in sending finds
	// it gone when it marks it (ENOTFOUND) and sends nothing more to them.
	ForgetLetters(ctx context.Context, customer string) (int, error)
}

// CheckLetters is QueueLetters' EINVALID: letters must belong to campaign
// and name valid ids.
func CheckLetters(campaign string, letters []Letter) error {
	if err := CheckID("campaign", campaign); err != nil {
		return err
	}
	var p Problems
	for i, l := range letters {
		if l.Campaign != "" && l.Campaign != campaign {
			p.Add(fmt.Sprintf("letters[%d].campaign", i), "%q is not campaign %q", l.Campaign, campaign)
		}
		if !ValidID(l.Customer) {
			p.Add(fmt.Sprintf("letters[%d].customer", i), "%q is not a valid id", l.Customer)
		}
		if l.Sender != "" && !ValidID(l.Sender) {
			p.Add(fmt.Sprintf("letters[%d].sender", i), "%q is not a valid id", l.Sender)
		}
	}
	return p.Err()
}
