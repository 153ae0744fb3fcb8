package embedded

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

func TestRelationshipCodec(t *testing.T) {
	at := func(t time.Time) *time.Time { return &t }
	for _, r := range []graph.Relationship{
		{A: "a", B: "b", Trust: 1, Visibility: graph.Public},
		{A: "a", B: "b", Trust: 5e-324, Visibility: graph.Private, Source: "crm-import", Interactions: 1<<40 + 3,
			LastContact: at(time.Date(2262, 4, 12, 0, 0, 0, 999_999_999, time.UTC)),
			Since:       at(time.Date(1901, 12, 13, 20, 45, 52, 1, time.UTC))},
		{A: "a", B: "b", Trust: 0.1 + 0.2, Visibility: graph.Public, Source: strings.Repeat("ü", graph.MaxTextLen),
			Since: at(time.Date(-50, 1, 1, 0, 0, 0, 0, time.UTC))},
	} {
		n := newNetwork()
		var rec relRecord
		source, err := decodeRelationship(encodeRelationship(r), &rec)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		rec.a, rec.b, rec.source = n.node(r.A), n.node(r.B), n.source(string(source))
		n.putRecord(rec)
		got := n.relationships([]int32{0})[0]
		if g, w := describe(got), describe(r); g != w {
			t.Fatalf("round trip:\n got  %s\n want %s", g, w)
		}
	}
	for _, bad := range [][]byte{nil, {1}, {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {1, flagSince, 0, 0, 0, 0, 0, 0, 0, 0, 1}} {
		if _, err := decodeRelationship(bad, &relRecord{}); err == nil {
			t.Errorf("decode %v: no error", bad)
		}
	}
}

// describe prints every field, times of any year to the nanosecond, with
// their location.
func describe(r graph.Relationship) string {
	tm := func(t *time.Time) string {
		if t == nil {
			return "nil"
		}
		return t.Format("2006-01-02T15:04:05.999999999 MST")
	}
	return fmt.Sprintf("%s %s %v %s %s %s %q %d", r.A, r.B, r.Trust, tm(r.LastContact), tm(r.Since),
		r.Visibility, r.Source, r.Interactions)
}

// The list matcher must agree with graph.Matches, the oracle, everywhere.
func TestMatcherAgreesWithMatches(t *testing.T) {
	alphabet := []string{"a", "B", "z", "-", "@", "ö", "Ö", "ß", "İ", "\u212a", "k", "K", "s", "S", "."}
	rng := rand.New(rand.NewPCG(7, 8))
	word := func(max int) string {
		var b strings.Builder
		for range rng.IntN(max + 1) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 100_000 {
		q, f1, f2 := word(3), word(8), word(8)
		if got, want := newMatcher(q).any(f1, f2), graph.Matches(q, f1, f2); got != want {
			t.Fatalf("q %q fields %q %q: matcher %v, graph.Matches %v", q, f1, f2, got, want)
		}
	}
}
