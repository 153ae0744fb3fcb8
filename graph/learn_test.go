package graph

import (
	"math"
	"slices"
	"testing"
	"time"
)

var day0 = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return day0.AddDate(0, 0, n) }

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

// The worked example of docs/capture.md, computed by hand: two half-lives
// fade to a quarter, one to a half.
func TestLearnedWorkedExample(t *testing.T) {
	m := DefaultTrustModel()
	var h History
	h.Add(Event{At: day(360), Kind: InteractionMeeting, ByA: true},
		Event{At: day(180), Kind: EventEmail, ByA: false},
		Event{At: day(0), Kind: EventEmail, ByA: true},
		Event{At: day(180), Kind: EventEmail, ByA: true})
	l := m.Learned(h.Events)
	near(t, "mailByA", l.MailByA, 0.25+0.5)
	near(t, "mailByB", l.MailByB, 0.5)
	near(t, "mutual", l.Mutual, 3)
	near(t, "reciprocity", l.Reciprocity, 0.5/0.75)
	near(t, "mailFactor", l.MailFactor, 0.5+0.5*(2.0/3))
	near(t, "evidence", l.Evidence, 3+1.25*(5.0/6))
	near(t, "trust", l.Trust, 1-math.Exp(-(3+1.25*(5.0/6))/10))
}

// Each rule on its own.
func TestLearnedRules(t *testing.T) {
	m := DefaultTrustModel()
	one := func(events ...Event) float64 {
		var h History
		h.Add(events...)
		return m.Learned(h.Events).Trust
	}
	// Saturation: one mail that nobody answered is evidence 1 × OneWay.
	near(t, "one mail", one(Event{At: day(0), Kind: EventEmail, ByA: true}), 1-math.Exp(-0.5/10))
	// Reciprocity: a mail and its reply count in full.
	near(t, "mail and reply", one(Event{At: day(0), Kind: EventEmail, ByA: true}, Event{At: day(0), Kind: EventEmail}),
		1-math.Exp(-2.0/10))
	// A reply counts more than a second one-way mail.
	if reply, again := one(Event{At: day(0), Kind: EventEmail, ByA: true}, Event{At: day(0), Kind: EventEmail}),
		one(Event{At: day(0), Kind: EventEmail, ByA: true}, Event{At: day(0), Kind: EventEmail, ByA: true}); reply <= again {
		t.Errorf("a reply gives %v, a second one-way mail %v: the reply should count more", reply, again)
	}
	// Weights per kind: a meeting counts 3, a call 2, a campaign 0.1.
	near(t, "meeting", one(Event{At: day(0), Kind: InteractionMeeting, ByA: true}), 1-math.Exp(-3.0/10))
	near(t, "call", one(Event{At: day(0), Kind: InteractionCall}), 1-math.Exp(-2.0/10))
	near(t, "campaign", one(Event{At: day(0), Kind: InteractionCampaign, ByA: true}), 1-math.Exp(-0.1/10))
	// Frequency: a meeting 180 days before the last one counts half.
	near(t, "faded meeting", one(Event{At: day(0), Kind: InteractionMeeting}, Event{At: day(180), Kind: InteractionCall}),
		1-math.Exp(-(1.5+2.0)/10))
	// Bounded: a lifetime of meetings stays at most 1 and above 0.
	var many []Event
	for i := range 5000 {
		many = append(many, Event{At: day(i % 300), Kind: InteractionMeeting})
	}
	if tr := one(many...); !ValidTrust(tr) {
		t.Errorf("5,000 meetings give trust %v, not in (0, 1]", tr)
	}
}

// Stores sum events in the order a history keeps, whatever order they came in.
func TestHistoryOrderIsCanonical(t *testing.T) {
	m := DefaultTrustModel()
	events := []Event{{At: day(3), Kind: EventEmail, ByA: true}, {At: day(1), Kind: InteractionCall},
		{At: day(3), Kind: EventEmail}, {At: day(2), Kind: InteractionMeeting, ByA: true}, {At: day(1), Kind: EventEmail}}
	var x, y History
	x.Add(events...)
	for i := len(events) - 1; i >= 0; i-- {
		y.Add(events[i])
	}
	if a, b := m.Learned(x.Events).Trust, m.Learned(y.Events).Trust; a != b {
		t.Errorf("the same events in another order learn %v and %v", a, b)
	}
}

func TestEventOfDirection(t *testing.T) {
	at := day(0)
	cases := []struct {
		i   Interaction
		byA bool
		k   string
	}{
		{Interaction{A: "e1", B: "c1", Kind: InteractionEmailSent, At: at}, false, EventEmail}, // c1 < e1: e1 is end B
		{Interaction{A: "e1", B: "c1", Kind: InteractionEmailReceived, At: at}, true, EventEmail},
		{Interaction{A: "c1", B: "e1", Kind: InteractionEmailSent, At: at}, true, EventEmail},
		{Interaction{A: "c1", B: "e1", Kind: InteractionMeeting, At: at}, true, InteractionMeeting},
		{Interaction{A: "e1", B: "c1", Kind: InteractionCall, At: at}, false, InteractionCall},
	}
	for _, c := range cases {
		if e := EventOf(c.i); e.ByA != c.byA || e.Kind != c.k {
			t.Errorf("EventOf(%+v) = %+v, want kind %s byA %v", c.i, e, c.k, c.byA)
		}
	}
}

func TestRecordChoosesTheRoutingTrust(t *testing.T) {
	m := DefaultTrustModel()
	ev := []Event{{At: day(0), Kind: InteractionMeeting, ByA: true}}
	learned := 1 - math.Exp(-3.0/10)
	r, h := m.Record(Relationship{A: "c1", B: "e1"}, false, History{}, ev)
	if r.TrustSource != TrustLearned || r.Source != SourceInteraction || r.Interactions != 1 || !r.LastContact.Equal(day(0)) {
		t.Errorf("a new relationship: %+v", r)
	}
	near(t, "new relationship's trust", r.Trust, learned)
	near(t, "history's learned trust", *h.LearnedTrust, learned)

	declared := Relationship{A: "c1", B: "e1", Trust: 0.9, TrustSource: TrustDeclared, Visibility: Public}
	r, h = m.Record(declared, true, History{}, ev)
	if r.Trust != 0.9 {
		t.Errorf("a declared trust changed to %v", r.Trust)
	}
	near(t, "learned beside a declared trust", *h.LearnedTrust, learned)

	off := m
	off.Learn = false
	r, h = off.Record(Relationship{A: "c1", B: "e1"}, false, History{}, ev)
	if r.Trust != DefaultInteractionTrust || h.LearnedTrust != nil {
		t.Errorf("learning off: trust %v, learned %v; want the default trust and nothing learned", r.Trust, h.LearnedTrust)
	}
}

func TestTrustModelValidate(t *testing.T) {
	if p := DefaultTrustModel().Validate(); len(p) != 0 {
		t.Fatalf("the defaults are invalid: %v", p)
	}
	m := DefaultTrustModel()
	m.Weights = map[string]float64{EventEmail: 0, "fax": 1}
	m.OneWay = 0
	m.HalfLifeDays = math.Inf(1)
	p := m.Validate()
	for _, f := range []string{"weights.email", "weights.meeting", "weights.fax", "oneWay", "halfLifeDays"} {
		if !slices.ContainsFunc(p, func(e FieldError) bool { return e.Field == f }) {
			t.Errorf("no problem with %s in %v", f, p)
		}
	}
	w, err := ParseWeights("meeting=4, call = 1.5", DefaultTrustModel().Weights)
	if err != nil || w[InteractionMeeting] != 4 || w[InteractionCall] != 1.5 || w[EventEmail] != 1 {
		t.Errorf("ParseWeights: %v, %v", w, err)
	}
	for _, bad := range []string{"fax=1", "meeting", "meeting=-1", "meeting=x"} {
		if _, err := ParseWeights(bad, nil); err == nil {
			t.Errorf("ParseWeights(%q) took it", bad)
		}
	}
}
