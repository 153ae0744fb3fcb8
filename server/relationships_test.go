package server

import (
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/storetest"
)

func TestRelationshipLifecycle(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPI(t, s)
		a.seedBase()

		// Written as (e2, c1): stored and shown as (c1, e2).
		w := a.do("PUT", "/api/v1/relationships/e2/c1",
			`{"trust": 0.8, "lastContact": "2026-11-02T11:00:00+01:00", "since": "2019-05-01", "source": "declared"}`)
		if w.Code != http.StatusCreated {
			t.Fatalf("PUT new = %d, want 201\n%s", w.Code, w.Body)
		}
		if loc := w.Header().Get("Location"); loc != "/api/v1/relationships/c1/e2" {
			t.Errorf("Location = %q, want the canonical /api/v1/relationships/c1/e2", loc)
		}
		var got relationshipResponse
		mustUnmarshal(t, w.Body.Bytes(), &got)
		last := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
		since := time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)
		want := relationshipResponse{A: "c1", B: "e2", Trust: 0.8, LastContact: &last, Since: &since,
			Visibility: "public", Source: "declared", TrustSource: graph.TrustDeclared}
		if !equalRel(got, want) {
			t.Errorf("PUT new answered %+v, want %+v", got, want)
		}
		if got := mustJSON[relationshipResponse](a, "GET", "/api/v1/relationships/c1/e2", "", http.StatusOK); !equalRel(got, want) {
			t.Errorf("GET c1/e2 = %+v, want %+v", got, want)
		}
		if got := mustJSON[relationshipResponse](a, "GET", "/api/v1/relationships/e2/c1", "", http.StatusOK); !equalRel(got, want) {
			t.Errorf("GET e2/c1 = %+v, want %+v", got, want)
		}

		// An interaction counts; a replace keeps the count.
		mustJSON[relationshipResponse](a, "POST", "/api/v1/interactions",
			`{"a": "e2", "b": "c1", "at": "2026-11-20T15:30:00Z", "kind": "meeting"}`, http.StatusOK)
		got = mustJSON[relationshipResponse](a, "PUT", "/api/v1/relationships/c1/e2",
			`{"trust": 0.6, "visibility": "private"}`, http.StatusOK)
		want = relationshipResponse{A: "c1", B: "e2", Trust: 0.6, Visibility: "private", Interactions: 1, TrustSource: graph.TrustDeclared}
		if !equalRel(got, want) {
			t.Errorf("PUT replace answered %+v, want %+v", got, want)
		}

		// A relationship read with GET can be written back as it is, to
		// either order of the path.
		body := string(a.must("GET", "/api/v1/relationships/c1/e2", "", http.StatusOK))
		if got := mustJSON[relationshipResponse](a, "PUT", "/api/v1/relationships/e2/c1", body, http.StatusOK); !equalRel(got, want) {
			t.Errorf("PUT of a GET's body answered %+v, want %+v", got, want)
		}

		rels := mustJSON[pageResponse[relationshipResponse]](a, "GET", "/api/v1/persons/c1/relationships", "", http.StatusOK)
		if len(rels.Items) != 2 || rels.Items[0].B != "e1" || rels.Items[1].B != "e2" || rels.Next != nil {
			t.Errorf("relationships of c1 = %+v, want c1–e1 and c1–e2", rels)
		}
		problem(t, a.do("GET", "/api/v1/persons/nobody/relationships", ""), http.StatusNotFound)

		a.must("DELETE", "/api/v1/relationships/e2/c1", "", http.StatusNoContent)
		problem(t, a.do("GET", "/api/v1/relationships/c1/e2", ""), http.StatusNotFound)
		problem(t, a.do("DELETE", "/api/v1/relationships/c1/e2", ""), http.StatusNotFound)
	})
}

func TestInteractionCreatesRelationship(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPIWith(t, s, Config{TrustModel: storetest.FixedTrust(graph.DefaultInteractionTrust)})
		a.seedBase()
		w := a.do("POST", "/api/v1/interactions", `{"a": "e2", "b": "c1", "at": "2026-11-20", "kind": "call"}`)
		if w.Code != http.StatusCreated {
			t.Fatalf("POST = %d, want 201\n%s", w.Code, w.Body)
		}
		var got relationshipResponse
		mustUnmarshal(t, w.Body.Bytes(), &got)
		at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		want := relationshipResponse{A: "c1", B: "e2", Trust: graph.DefaultInteractionTrust, LastContact: &at,
			Visibility: "public", Source: graph.SourceInteraction, Interactions: 1, TrustSource: graph.TrustLearned}
		if !equalRel(got, want) {
			t.Errorf("created %+v, want %+v", got, want)
		}
		// An earlier interaction counts but leaves lastContact.
		got = mustJSON[relationshipResponse](a, "POST", "/api/v1/interactions", `{"a": "c1", "b": "e2", "at": "2026-01-01T00:00:00Z", "kind": "note"}`, http.StatusOK)
		want.Interactions = 2
		if !equalRel(got, want) {
			t.Errorf("after an earlier interaction %+v, want %+v", got, want)
		}
	})

	t.Run("configured trust", func(t *testing.T) {
		a := newAPIWith(t, newEmbedded(t), Config{TrustModel: storetest.FixedTrust(0.25)})
		a.seedBase()
		got := mustJSON[relationshipResponse](a, "POST", "/api/v1/interactions", `{"a": "e2", "b": "c1", "at": "2026-11-20T00:00:00Z", "kind": "meeting"}`, http.StatusCreated)
		if got.Trust != 0.25 {
			t.Errorf("trust = %v, want the configured 0.25", got.Trust)
		}
	})
}

func equalRel(a, b relationshipResponse) bool {
	eqTime := func(x, y *time.Time) bool {
		if x == nil || y == nil {
			return x == y
		}
		return x.Equal(*y)
	}
	ta, tb := a, b
	ta.LastContact, ta.Since, tb.LastContact, tb.Since = nil, nil, nil, nil
	return reflect.DeepEqual(ta, tb) && eqTime(a.LastContact, b.LastContact) && eqTime(a.Since, b.Since)
}

func TestBatch(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPI(t, s)
		a.seedBase()
		got := mustJSON[batchResponse](a, "POST", "/api/v1/batch", `{
			"employees": [{"id": "e1", "name": "Erika Eins", "email": "e1@example.com", "unit": "u1"},
			              {"id": "e3", "name": "Ede Drei", "email": "e3@example.com", "active": false, "capacity": 5}],
			"customers": [{"id": "c3", "name": "Cora Drei", "account": "a2", "optOut": true}],
			"relationships": [{"a": "c3", "b": "e3", "trust": 1, "since": "2020-01-01", "visibility": "private"}]
		}`, http.StatusOK)
		if want := (batchResponse{Created: 3, Replaced: 1}); got != want {
			t.Errorf("batch answered %+v, want %+v", got, want)
		}
		e3 := mustJSON[employeeResponse](a, "GET", "/api/v1/employees/e3", "", http.StatusOK)
		if e3.Active || !e3.Sender || !e3.Broker || e3.Capacity == nil || *e3.Capacity != 5 {
			t.Errorf("e3 = %+v, want inactive, sender and broker by default, capacity 5", e3)
		}
		if e1 := mustJSON[employeeResponse](a, "GET", "/api/v1/employees/e1", "", http.StatusOK); e1.Name != "Erika Eins" {
			t.Errorf("e1 name %q, want the replaced Erika Eins", e1.Name)
		}
		r := mustJSON[relationshipResponse](a, "GET", "/api/v1/relationships/e3/c3", "", http.StatusOK)
		if r.Visibility != "private" || r.Trust != 1 || r.Since == nil {
			t.Errorf("c3–e3 = %+v", r)
		}
		if got := mustJSON[batchResponse](a, "POST", "/api/v1/batch", `{}`, http.StatusOK); got != (batchResponse{}) {
			t.Errorf("empty batch answered %+v, want nothing created or replaced", got)
		}
	})
}
