package graph

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Interaction kinds, as callers give them (Interaction.Kind). A mail is
// email_sent when A wrote to B and email_received when B wrote to A; every
// other kind is a contact A took up with B.
const (
	InteractionEmailSent     = "email_sent"
	InteractionEmailReceived = "email_received"
	InteractionMeeting       = "meeting"
	InteractionCall          = "call"
	InteractionNote          = "note"
	InteractionCampaign      = "campaign"
	InteractionIntroduction  = "introduction"
)

// InteractionKinds lists every kind an interaction may have.
var InteractionKinds = []string{InteractionEmailSent, InteractionEmailReceived, InteractionMeeting,
	InteractionCall, InteractionNote, InteractionCampaign, InteractionIntroduction}

// EventEmail is the kind a history keeps of a mail in either direction
// (email_sent and email_received); the other kinds are kept as given.
const EventEmail = "email"

// EventKinds lists the kinds of a history's events, in the order counts
// are shown.
var EventKinds = []string{EventEmail, InteractionMeeting, InteractionCall, InteractionNote,
	InteractionIntroduction, InteractionCampaign}

// Trust sources: which trust of a relationship routes (Relationship.TrustSource).
const (
	// TrustDeclared: the trust typed in (PUT, import) routes; interactions
	// add to the history and the learned trust but do not change it.
	TrustDeclared = "declared"
	// TrustLearned: the trust learned from the history routes; every
	// recorded interaction sets it anew (TrustModel). Relationships that
	// interactions create start so.
	TrustLearned = "learned"
)

// Event is one interaction as a relationship's history keeps it: when,
// what kind (EventKinds) and whether the relationship's end A took it up
// (wrote the mail, called, organised) or B did.
type Event struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	ByA  bool      `json:"byA"`
}

// EventOf returns the event that i is for the relationship between its
// ends in canonical order.
func EventOf(i Interaction) Event {
	kind, byFirst := i.Kind, true
	switch i.Kind {
	case InteractionEmailSent:
		kind = EventEmail
	case InteractionEmailReceived:
		kind, byFirst = EventEmail, false
	}
	if i.B < i.A {
		byFirst = !byFirst
	}
	return Event{At: i.At.UTC(), Kind: kind, ByA: byFirst}
}

// compareEvents orders events by time, kind and end: the order a history
// keeps them in, so that every store sums them in the same order.
func compareEvents(x, y Event) int {
	if c := x.At.Compare(y.At); c != 0 {
		return c
	}
	if c := cmp.Compare(x.Kind, y.Kind); c != 0 {
		return c
	}
	switch {
	case x.ByA == y.ByA:
		return 0
	case y.ByA:
		return -1
	}
	return 1
}

// History is what a store keeps of a relationship's interactions beyond
// the Relationship itself: every event, oldest first, and the trust the
// model learned from them when the last one was recorded.
type History struct {
	A      string  `json:"a"`
	B      string  `json:"b"`
	Events []Event `json:"events"`
	// LearnedTrust is nil while nothing was learned (no events, or
	// learning was off whenever one was recorded).
	LearnedTrust *float64 `json:"learnedTrust"`
}

// Add merges events into h, keeping the order of compareEvents.
func (h *History) Add(events ...Event) {
	h.Events = append(h.Events, events...)
	slices.SortStableFunc(h.Events, compareEvents)
}

// HistoryStore keeps the histories of relationships.
type HistoryStore interface {
	// Histories returns the history of the relationship between each pair
	// of ids (either order), ends in canonical order; a pair without a
	// relationship gets an empty history.
	Histories(ctx context.Context, pairs [][2]string) ([]History, error)
}

// Record applies the events of interactions to a relationship and its
// history, the one rule every store follows: the interaction count grows
// by one per event, the last contact becomes the latest time seen, the
// model learns a trust from the whole history and, where the learned
// trust routes (TrustLearned), it becomes the relationship's trust. r is
// the stored relationship, or for a new one its ends; exists says which.
func (m TrustModel) Record(r Relationship, exists bool, h History, events []Event) (Relationship, History) {
	if !exists {
		r = Relationship{A: r.A, B: r.B, Trust: m.DefaultTrust, Visibility: Public,
			Source: SourceInteraction, TrustSource: TrustLearned}
	}
	h.A, h.B = r.A, r.B
	h.Add(events...)
	for _, e := range events {
		r.Interactions++
		if r.LastContact == nil || e.At.After(*r.LastContact) {
			at := e.At
			r.LastContact = &at
		}
	}
	if m.Learn && len(h.Events) > 0 {
		t := m.Learned(h.Events).Trust
		h.LearnedTrust = &t
	}
	if r.TrustSource == TrustLearned && h.LearnedTrust != nil {
		r.Trust = *h.LearnedTrust
	}
	return r, h
}

// Routed returns the trust that routes for a relationship put with the
// given (declared) trust and trust source, given its learned trust: the
// learned one when the source says so and there is one.
func Routed(declared float64, source string, learned *float64) float64 {
	if source == TrustLearned && learned != nil {
		return *learned
	}
	return declared
}

// PairEvents are the events that interactions bring to one relationship,
// ends in canonical order.
type PairEvents struct {
	A, B   string
	Events []Event
}

// GroupInteractions groups interactions by relationship, in the order
// each relationship first appears, and leaves out the campaign
// interactions of pairs that have no relationship (exists) and get none
// from another interaction of ins: a campaign never creates a tie.
func GroupInteractions(ins []Interaction, exists func(a, b string) bool) []PairEvents {
	index := map[[2]string]int{}
	var out []PairEvents
	creates := map[[2]string]bool{}
	for _, in := range ins {
		if in.Kind != InteractionCampaign {
			c := Relationship{A: in.A, B: in.B}.Canonical()
			creates[[2]string{c.A, c.B}] = true
		}
	}
	for _, in := range ins {
		c := Relationship{A: in.A, B: in.B}.Canonical()
		k := [2]string{c.A, c.B}
		i, ok := index[k]
		if !ok {
			if in.Kind == InteractionCampaign && !creates[k] && !exists(c.A, c.B) {
				continue
			}
			i = len(out)
			index[k] = i
			out = append(out, PairEvents{A: c.A, B: c.B})
		}
		out[i].Events = append(out[i].Events, EventOf(in))
	}
	return out
}

// Creating returns the interactions of ins that may create a
// relationship: all but campaigns, to check that their ends are persons.
func Creating(ins []Interaction) []Interaction {
	var out []Interaction
	for _, in := range ins {
		if in.Kind != InteractionCampaign {
			out = append(out, in)
		}
	}
	return out
}
