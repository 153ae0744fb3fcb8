package graph

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// TrustModel learns a relationship's trust from its history
// (docs/capture.md, "Learned trust", has the rules and a worked example):
//
//  1. Frequency: each event counts with the weight of its kind, faded by
//     its age at the latest event: weight × 0.5^(age days / HalfLifeDays).
//  2. Reciprocity: mail counts in full when both ends write about as much
//     to each other, and at OneWay of its weight when only one end writes:
//     the mail sum is multiplied by OneWay + (1 − OneWay) × q, where q is
//     the smaller end's mail sum over the larger's. Meetings, calls, notes
//     and introductions take two and count in full.
//  3. Saturation: trust = 1 − e^(−evidence / Saturation), in (0, 1): the
//     evidence of Saturation balanced mails gives 0.63.
//
// Recency is not part of it: the learned trust holds at the last contact,
// and from there it fades like every trust (EffectiveTrust).
type TrustModel struct {
	// Learn turns learning on; off, relationships keep their trust and new
	// ones get DefaultTrust.
	Learn bool
	// DefaultTrust is the trust of a relationship an interaction creates
	// before anything is learned (learning off).
	DefaultTrust float64
	// Weights per event kind (EventKinds), each > 0.
	Weights map[string]float64
	// HalfLifeDays: after how many days an event counts half as much.
	HalfLifeDays float64
	// Saturation: the evidence that gives trust 1 − 1/e.
	Saturation float64
	// OneWay: the share of its weight a mail counts with when only one end
	// writes, in (0, 1].
	OneWay float64
}

// DefaultTrustModel returns the model's defaults.
func DefaultTrustModel() TrustModel {
	return TrustModel{Learn: true, DefaultTrust: DefaultInteractionTrust,
		Weights: map[string]float64{EventEmail: 1, InteractionMeeting: 3, InteractionCall: 2,
			InteractionNote: 0.5, InteractionIntroduction: 2, InteractionCampaign: 0.1},
		HalfLifeDays: 180, Saturation: 10, OneWay: 0.5}
}

// Validate checks the model's settings.
func (m TrustModel) Validate() Problems {
	var p Problems
	if !ValidTrust(m.DefaultTrust) {
		p.Add("defaultTrust", "must be greater than 0 and at most 1")
	}
	for _, k := range EventKinds {
		if w, ok := m.Weights[k]; !ok || !(w > 0) || math.IsInf(w, 0) {
			p.Add("weights."+k, "must be a number greater than 0")
		}
	}
	for k := range m.Weights {
		if !validEventKind(k) {
			p.Add("weights."+k, "is no interaction kind (%s)", strings.Join(EventKinds, ", "))
		}
	}
	if !(m.HalfLifeDays > 0) || math.IsInf(m.HalfLifeDays, 0) {
		p.Add("halfLifeDays", "must be a number of days greater than 0")
	}
	if !(m.Saturation > 0) || math.IsInf(m.Saturation, 0) {
		p.Add("saturation", "must be a number greater than 0")
	}
	if !(m.OneWay > 0 && m.OneWay <= 1) {
		p.Add("oneWay", "must be greater than 0 and at most 1")
	}
	return p
}

func validEventKind(k string) bool { return slices.Contains(EventKinds, k) }

// ParseWeights reads weights written as kind=weight pairs separated by
// commas ("email=1,meeting=3") over the defaults of base.
func ParseWeights(s string, base map[string]float64) (map[string]float64, error) {
	out := make(map[string]float64, len(base))
	for k, v := range base {
		out[k] = v
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		w, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		switch {
		case !ok || err != nil:
			return nil, fmt.Errorf("weight %q: write kind=number", part)
		case !validEventKind(k):
			return nil, fmt.Errorf("weight %q: %q is no interaction kind (%s)", part, k, strings.Join(EventKinds, ", "))
		case !(w > 0) || math.IsInf(w, 0):
			return nil, fmt.Errorf("weight %q: must be a number greater than 0", part)
		}
		out[k] = w
	}
	return out, nil
}

// Learning is the learned trust of a history with the figures it came
// from, so that an answer can say why.
type Learning struct {
	Trust float64 `json:"trust"`
	// Evidence = Mutual + Mail × MailFactor.
	Evidence float64 `json:"evidence"`
	// Mutual sums the faded weights of meetings, calls, notes,
	// introductions and campaigns.
	Mutual float64 `json:"mutual"`
	// MailByA and MailByB sum the faded weights of the mail each end wrote.
	MailByA float64 `json:"mailByA"`
	MailByB float64 `json:"mailByB"`
	// Reciprocity is q: the smaller mail sum over the larger, 0 without mail.
	Reciprocity float64 `json:"reciprocity"`
	// MailFactor = OneWay + (1 − OneWay) × Reciprocity.
	MailFactor float64 `json:"mailFactor"`
}

// Learned returns the trust the model learns from events, which must be
// in the order a History keeps (oldest first). At least one event.
func (m TrustModel) Learned(events []Event) Learning {
	var l Learning
	if len(events) == 0 {
		return l
	}
	last := events[len(events)-1].At
	for _, e := range events {
		days := last.Sub(e.At).Seconds() / 86400
		w := m.Weights[e.Kind] * math.Exp2(-days/m.HalfLifeDays)
		switch {
		case e.Kind != EventEmail:
			l.Mutual += w
		case e.ByA:
			l.MailByA += w
		default:
			l.MailByB += w
		}
	}
	if hi, lo := math.Max(l.MailByA, l.MailByB), math.Min(l.MailByA, l.MailByB); hi > 0 {
		l.Reciprocity = lo / hi
	}
	l.MailFactor = m.OneWay + (1-m.OneWay)*l.Reciprocity
	l.Evidence = l.Mutual + (l.MailByA+l.MailByB)*l.MailFactor
	l.Trust = -math.Expm1(-l.Evidence / m.Saturation)
	if !(l.Trust > 0) {
		l.Trust = math.SmallestNonzeroFloat64 // evidence too small to show: still a tie
	}
	return l
}

// Counts returns how many events of each kind each end took up, by kind.
func (h History) Counts() map[string]EndCounts {
	out := map[string]EndCounts{}
	for _, e := range h.Events {
		c := out[e.Kind]
		if e.ByA {
			c.A++
		} else {
			c.B++
		}
		out[e.Kind] = c
	}
	return out
}

// EndCounts counts events by the end that took them up.
type EndCounts struct {
	A int `json:"a"`
	B int `json:"b"`
}

// Last returns the latest event, false without events.
func (h History) Last() (Event, bool) {
	if len(h.Events) == 0 {
		return Event{}, false
	}
	return h.Events[len(h.Events)-1], true
}

// Newest returns at most n events, newest first.
func (h History) Newest(n int) []Event {
	k := min(n, len(h.Events))
	out := make([]Event, k)
	for i := range k {
		out[i] = h.Events[len(h.Events)-1-i]
	}
	return out
}
