package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// TestServedStoreKeepsTheFastPath asks routing questions over HTTP and of
// the store directly, on a network where one broker knows thousands of
// customers, and requires the served answer to read exactly what the
// direct one reads: Contacts, Paths and Route through views of the graph
// and never a level of Ties. A wrapper
// between the server and the store that lost routing's way of reading (as
// the metrics decorator once did, making every question over HTTP expand
// level by level and read all of the hub's relationships) fails it.
func TestServedStoreKeepsTheFastPath(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		ctx := t.Context()
		seedHub(t, s, 3000)
		counting := &routingtest.Counting{Store: s}
		a := newAPI(t, counting)
		asOf := hubAsOf.Format(time.RFC3339)
		p := routing.Params{AsOf: hubAsOf, MaxHops: 3}
		for _, q := range []struct {
			name, path string
			direct     func(context.Context) error
		}{
			{"Contacts", "/api/v1/customers/c-target/contacts?maxHops=3&asOf=" + asOf, func(ctx context.Context) error {
				_, err := routing.Contacts(ctx, counting, "c-target", p)
				return err
			}},
			{"Paths", "/api/v1/paths?from=c-target&to=e2&maxHops=3&limit=3&asOf=" + asOf, func(ctx context.Context) error {
				pp := p
				pp.Limit = 3
				_, err := routing.Paths(ctx, counting, "c-target", "e2", pp)
				return err
			}},
			{"Route", "/api/v1/customers/c-target/route?maxHops=3&asOf=" + asOf, func(ctx context.Context) error {
				_, err := routing.Route(ctx, counting, counting, "c-target", routing.RouteParams{Params: p})
				return err
			}},
		} {
			t.Run(q.name, func(t *testing.T) {
				// Twice first, so that a cache (Neo4j's) holds what the
				// question needs: the direct question then meets it warm too.
				for range 2 {
					a.in(t).must(http.MethodGet, q.path, "", http.StatusOK)
				}
				counting.Reset()
				a.in(t).must(http.MethodGet, q.path, "", http.StatusOK)
				served := counting.Reads()
				counting.Reset()
				if err := q.direct(ctx); err != nil {
					t.Fatal(err)
				}
				direct := counting.Reads()
				t.Logf("%s over HTTP read %+v", q.name, served)
				if served != direct {
					t.Errorf("over HTTP the store read %+v, asked directly %+v", served, direct)
				}
				if served.Views == 0 || served.Levels != 0 {
					t.Errorf("over HTTP %s read %d views and %d levels, want views and no level", q.name, served.Views, served.Levels)
				}
			})
		}
		// A manager may not see private ties: the server checks each hop of
		// the route's path in a view, never by reading the relationships
		// of the hub on it.
		t.Run("RouteAsManager", func(t *testing.T) {
			keys, err := ParseKeys("manager=fastpath-manager-0001")
			if err != nil {
				t.Fatal(err)
			}
			m := newAPIWith(t, counting, Config{Version: "test", Keys: keys})
			path := "/api/v1/customers/c-target/route?maxHops=3&asOf=" + asOf
			if w := m.do(http.MethodGet, path, "", "Authorization", "Bearer fastpath-manager-0001"); w.Code != http.StatusOK {
				t.Fatalf("GET %s as manager = %d\n%s", path, w.Code, w.Body)
			}
			counting.Reset()
			w := m.do(http.MethodGet, path, "", "Authorization", "Bearer fastpath-manager-0001")
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"reason":"trusted_path"`) {
				t.Fatalf("GET %s as manager = %d, want a trusted path\n%s", path, w.Code, w.Body)
			}
			if r := counting.Reads(); r.Levels != 0 || r.Views < 2 {
				t.Errorf("as manager the route read %+v, want views only", r)
			}
		})
	})
}

var hubAsOf = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// seedHub writes a network around customer c-target: a broker "hub" who
// knows n customers weakly, each of them a neighbour strongly, and a few
// employees the target reaches in two or three hops.
func seedHub(t *testing.T, s graph.Store, n int) {
	t.Helper()
	emp := func(id string) graph.Employee {
		return graph.Employee{ID: id, Name: "Employee " + id, Email: id + "@x.example", Unit: "u1", Active: true, Sender: true, Broker: true}
	}
	b := graph.Batch{
		Units:     []graph.Unit{{ID: "u1", Name: "Sales"}},
		Employees: []graph.Employee{emp("hub"), emp("e1"), emp("e2"), emp("e3")},
		Customers: []graph.Customer{{ID: "c-target", Name: "Target", Email: "t@y.example"}},
		Relationships: []graph.Relationship{
			{A: "c-target", B: "c00001", Trust: 0.9}, {A: "c-target", B: "c00002", Trust: 0.8},
			{A: "c00001", B: "e1", Trust: 0.9}, {A: "c00002", B: "e2", Trust: 0.7}, {A: "e2", B: "e3", Trust: 0.6},
		},
	}
	for i := range n {
		c := fmt.Sprintf("c%05d", i)
		b.Customers = append(b.Customers, graph.Customer{ID: c, Name: "Customer " + c, Email: c + "@y.example"})
		b.Relationships = append(b.Relationships, graph.Relationship{A: c, B: "hub", Trust: 0.2},
			graph.Relationship{A: c, B: fmt.Sprintf("c%05d", (i+1)%n), Trust: 0.6})
	}
	if _, err := s.Batch(t.Context(), b); err != nil {
		t.Fatal(err)
	}
}
