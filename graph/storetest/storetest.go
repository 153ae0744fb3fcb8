// Package storetest is the conformance suite of graph.Store, in the manner of
// testing/fstest: both stores run the same TestStore, so that they stay
// interchangeable.
//
// The suite pins down behaviour that the Store interface leaves to words:
//   - Put methods validate fields first (EINVALID naming the field), then
//     references (EINVALID) and person kinds (ECONFLICT); a rejected write
//     changes nothing.
//   - Stores normalise relationships themselves (graph.Relationship.Normalize):
//     callers may pass the ends in any order, times in any zone and an empty
//     visibility; reads return canonical ends (A < B) and times in UTC.
//     Errors name the ends as the caller gave them: an unknown or invalid
//     second end is field "b" even when it sorts first.
//   - PutRelationship takes Interactions from its input only when it creates
//     the relationship; a replace keeps the stored count. The same holds in
//     a batch.
//   - RecordInteraction creates a relationship with the given default trust,
//     source "interaction", visibility public, no Since and one interaction.
//   - Lists treat Limit 0 as graph.DefaultListLimit; Next is "" exactly when
//     no further item matches; Scope matches the direct reference only (the
//     employees of a unit, not of its sub-units).
//   - Concurrent upserts of one id create it once: exactly one caller hears
//     created=true.
//   - The outbox: queueing a letter again keeps it as it is; claims go by
//     customer id; a mark names the state it read, and of two marks from
//     one state exactly one wins.
package storetest

import (
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

type storeTest struct {
	name string
	run  func(t *testing.T, s graph.Store)
}

type group struct {
	name  string
	tests []storeTest
}

var groups = []group{
	{"Entities", entityTests},
	{"Validation", validationTests},
	{"Relationships", relationshipTests},
	{"Interactions", interactionTests},
	{"Deletes", deleteTests},
	{"Lists", listTests},
	{"Batch", batchTests},
	{"Lookups", lookupTests},
	{"Concurrency", concurrencyTests},
	{"Context", contextTests},
	{"Routing", routingTests},
	{"Campaigns", campaignTests},
	{"Introductions", introductionTests},
	{"Captured", capturedTests},
	{"Histories", historyTests},
	{"Aliases", aliasTests},
	{"Outbox", outboxTests},
}

// TestStore runs the conformance suite against the stores that open returns.
// Every call of open must return a fresh, empty store for the test t and
// arrange with t.Cleanup that it is closed. Subtests run one after another,
// so stores backed by one shared database may wipe it on open.
func TestStore(t *testing.T, open func(t *testing.T) graph.Store) {
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					s := open(t)
					if s == nil {
						t.Fatal("open returned a nil store")
					}
					tc.run(t, s)
				})
			}
		})
	}
}
