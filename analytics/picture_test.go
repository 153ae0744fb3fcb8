package analytics_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// bruteMembers returns the members of a focus by reading the fixture.
func bruteMembers(f coverageFixture, id, kind string) (string, []string) {
	for _, p := range f.Persons {
		if p.ID == id && (kind == "" || kind == analytics.FocusPerson) {
			return analytics.FocusPerson, []string{id}
		}
	}
	var out []string
	if kind == "" || kind == analytics.FocusAccount {
		if _, err := f.dir.Account(context.Background(), id); err == nil {
			for _, p := range f.Persons {
				if p.Kind == graph.KindCustomer && p.Account == id {
					out = append(out, p.ID)
				}
			}
			return analytics.FocusAccount, out
		}
	}
	if kind == "" || kind == analytics.FocusUnit {
		if _, err := f.dir.Unit(context.Background(), id); err == nil {
			units := map[string]bool{id: true}
			for changed := true; changed; {
				changed = false
				for _, u := range testUnits {
					if units[u.Parent] && !units[u.ID] {
						units[u.ID], changed = true, true
					}
				}
			}
			for _, p := range f.Persons {
				if p.Kind == graph.KindEmployee && units[p.Unit] {
					out = append(out, p.ID)
				}
			}
			return analytics.FocusUnit, out
		}
	}
	return "", nil
}

// brutePicture is the unlimited picture by breadth-first search over the
// public relationships between known persons: each person's depth, and
// every public relationship's effective trust by its canonical ends.
func brutePicture(f coverageFixture, members []string, depth int, halfLife float64) (map[string]int, map[[2]string]float64) {
	known := map[string]bool{}
	for _, p := range f.Persons {
		known[p.ID] = true
	}
	public := map[[2]string]float64{}
	for _, r := range f.Rels {
		if r.Visibility != graph.Private {
			r = r.Canonical()
			public[[2]string{r.A, r.B}] = graph.EffectiveTrust(r, routingtest.AsOf, halfLife)
		}
	}
	dist := map[string]int{}
	for _, m := range members {
		dist[m] = 0
	}
	for d := 1; d <= depth; d++ {
		for key := range public {
			for i, end := range key {
				other := key[1-i]
				if dd, ok := dist[end]; ok && dd == d-1 && known[other] {
					if _, seen := dist[other]; !seen {
						dist[other] = d
					}
				}
			}
		}
	}
	return dist, public
}

func TestPictureMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := drawCoverageFixture(t)
		focus := rapid.SampledFrom(append(f.IDs(""), "acc1", "acc2", "acc3", "u1", "u2", "u3", "nobody")).Draw(t, "focus")
		kind := rapid.SampledFrom([]string{"", "", analytics.FocusPerson, analytics.FocusAccount, analytics.FocusUnit}).Draw(t, "kind")
		depth := rapid.IntRange(1, 3).Draw(t, "depth")
		limit := rapid.SampledFrom([]int{analytics.MaxPictureLimit, 1, 2, 3, 5}).Draw(t, "limit")

		got, err := analytics.Picture(context.Background(), f.net, f.dir, analytics.PictureQuery{
			Focus: focus, FocusKind: kind, Depth: depth, Limit: limit, AsOf: routingtest.AsOf, HalfLifeDays: f.HalfLife})
		wantKind, members := bruteMembers(f, focus, kind)
		if wantKind == "" {
			if graph.ErrorCode(err) != graph.ENOTFOUND {
				t.Fatalf("Picture(%s, kind %q) = %v, want ENOTFOUND", focus, kind, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Picture(%s, kind %q): %v", focus, kind, err)
		}
		if got.Focus.Kind != wantKind || got.Focus.Members != len(members) {
			t.Fatalf("focus %+v, want kind %s with %d members", got.Focus, wantKind, len(members))
		}
		dist, public := brutePicture(f, members, depth, f.HalfLife)
		checkPictureNodes(t, got, dist, public, limit)
		drawn := map[string]bool{}
		for _, n := range got.Nodes {
			drawn[n.ID] = true
		}
		var edges []analytics.PictureEdge
		for key, w := range public {
			if drawn[key[0]] && drawn[key[1]] {
				edges = append(edges, analytics.PictureEdge{A: key[0], B: key[1], EffectiveTrust: w})
			}
		}
		slices.SortFunc(edges, func(a, b analytics.PictureEdge) int { return strings.Compare(a.A+"\x00"+a.B, b.A+"\x00"+b.B) })
		if len(got.Edges) != len(edges) {
			t.Fatalf("edges %+v, want %+v", got.Edges, edges)
		}
		for i, e := range got.Edges {
			if e.A != edges[i].A || e.B != edges[i].B || !routing.ScoresEqual(e.EffectiveTrust, edges[i].EffectiveTrust) {
				t.Fatalf("edge %d = %+v, want %+v", i, e, edges[i])
			}
		}
	})
}

// checkPictureNodes checks the nodes against the unlimited picture: all of
// it when it fits, else exactly limit nodes with whole levels below the
// level that was cut and, on that level, the strongest ties.
func checkPictureNodes(t *rapid.T, got analytics.PictureResult, dist map[string]int, public map[[2]string]float64, limit int) {
	if len(dist) <= limit {
		if got.Truncated || len(got.Nodes) != len(dist) {
			t.Fatalf("%d nodes (truncated %v), want all %d: %v", len(got.Nodes), got.Truncated, len(dist), dist)
		}
	} else if !got.Truncated || len(got.Nodes) != limit {
		t.Fatalf("%d nodes (truncated %v) of %d, want the limit %d", len(got.Nodes), got.Truncated, len(dist), limit)
	}
	drawn := map[string]bool{}
	cut := 0
	for _, n := range got.Nodes {
		drawn[n.ID] = true
		d, ok := dist[n.ID]
		if !ok || d != n.Depth {
			t.Fatalf("node %+v: want depth %d (%v)", n, d, ok)
		}
		cut = max(cut, n.Depth)
		degree := 0
		for key := range public {
			if key[0] == n.ID || key[1] == n.ID {
				degree++
			}
		}
		if n.Degree != degree {
			t.Errorf("node %s: degree %d, want %d public relationships", n.ID, n.Degree, degree)
		}
	}
	// strength is the strongest tie of id into the level before it.
	strength := func(id string) float64 {
		best := -1.0
		for key, w := range public {
			for i, end := range key {
				if end == id && dist[key[1-i]] == dist[id]-1 && w > best {
					if _, ok := dist[key[1-i]]; ok {
						best = w
					}
				}
			}
		}
		return best
	}
	weakestDrawn := map[int]float64{}
	for _, n := range got.Nodes {
		if s, ok := weakestDrawn[n.Depth]; !ok || strength(n.ID) < s {
			weakestDrawn[n.Depth] = strength(n.ID)
		}
	}
	for id, d := range dist {
		switch {
		case drawn[id]:
		case d < cut:
			t.Fatalf("%s at depth %d is left out below the cut level %d", id, d, cut)
		case d == cut && d > 0 && strength(id) > weakestDrawn[d]:
			t.Fatalf("%s (tie %v) is left out for a weaker one (%v) at depth %d", id, strength(id), weakestDrawn[d], d)
		}
	}
}

func TestPictureRejectsBadQueries(t *testing.T) {
	net, dir := routingtest.New(), newMemDirectory(nil, nil, nil, 0)
	for _, tc := range []struct {
		q     analytics.PictureQuery
		field string
	}{
		{analytics.PictureQuery{}, "focus"},
		{analytics.PictureQuery{Focus: "bad id"}, "focus"},
		{analytics.PictureQuery{Focus: "a", FocusKind: "team"}, "kind"},
		{analytics.PictureQuery{Focus: "a", Depth: analytics.MaxPictureDepth + 1}, "depth"},
		{analytics.PictureQuery{Focus: "a", Depth: -1}, "depth"},
		{analytics.PictureQuery{Focus: "a", Limit: analytics.MaxPictureLimit + 1}, "limit"},
		{analytics.PictureQuery{Focus: "a", HalfLifeDays: -2}, "halfLifeDays"},
	} {
		_, err := analytics.Picture(context.Background(), net, dir, tc.q)
		if graph.ErrorCode(err) != graph.EINVALID || !slices.ContainsFunc(graph.ErrorFields(err), func(f graph.FieldError) bool { return f.Field == tc.field }) {
			t.Errorf("Picture(%+v) = %v, want EINVALID on %s", tc.q, err, tc.field)
		}
	}
}
