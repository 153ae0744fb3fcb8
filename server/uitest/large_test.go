package uitest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/graph"
)

// largeNetwork is a synthetic unit of n/20 employees whose other n
// customers each know two or three of them, and some each other: n persons
// within one hop of the unit. Every 25 customers share an account, so that
// the view draws groups.
func largeNetwork(n int) graph.Batch {
	employees := n / 20
	rng := rand.New(rand.NewPCG(uint64(n), 1))
	b := graph.Batch{Units: []graph.Unit{{ID: "big", Name: "Large unit"}}}
	for i := range employees {
		id := fmt.Sprintf("e%03d", i)
		b.Employees = append(b.Employees, graph.Employee{ID: id, Name: "Employee " + id, Email: id + "@example.com",
			Unit: "big", Active: true, Sender: true, Broker: true})
	}
	for i := range n - employees {
		id := fmt.Sprintf("c%04d", i)
		account := fmt.Sprintf("a%03d", i/25)
		if i%25 == 0 {
			b.Accounts = append(b.Accounts, graph.Account{ID: account, Name: "Account " + account})
		}
		b.Customers = append(b.Customers, graph.Customer{ID: id, Name: "Customer " + id, Email: id + "@example.com", Account: account})
		for _, e := range rng.Perm(employees)[:2+rng.IntN(2)] {
			b.Relationships = append(b.Relationships, graph.Relationship{A: id, B: fmt.Sprintf("e%03d", e),
				Trust: 0.2 + 0.8*rng.Float64(), Visibility: graph.Public})
		}
		if i > 0 && rng.IntN(4) == 0 {
			b.Relationships = append(b.Relationships, graph.Relationship{A: id, B: fmt.Sprintf("c%04d", rng.IntN(i)),
				Trust: 0.5, Visibility: graph.Public})
		}
	}
	return b
}

// The network view stays usable with 2,000 persons in groups (5,000 with
// CONTACTGRAPH_UI_LARGE_NODES=5000; CONTACTGRAPH_UI_LARGE_VIEW adds to the
// view's query, e.g. "&risk=0" or "&groups=0&risk=0"): it draws them all and
// records how long layout and first render took (no timing assertion; the
// figures go to the log and test-output/ui-large-network.txt).
func TestLargeNetworkView(t *testing.T) {
	n := 2000
	if v := os.Getenv("CONTACTGRAPH_UI_LARGE_NODES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 || n > 5000 {
			t.Fatalf("CONTACTGRAPH_UI_LARGE_NODES=%q: want 100 to 5000", v)
		}
	}
	view := os.Getenv("CONTACTGRAPH_UI_LARGE_VIEW")
	if view != "" && !strings.HasPrefix(view, "&") {
		t.Fatalf("CONTACTGRAPH_UI_LARGE_VIEW=%q: want query parameters after an &, e.g. &risk=0", view)
	}
	s := startSite(t, largeNetwork(n))
	b := newBrowser(t)
	want := api[analytics.PictureResult](t, s, fmt.Sprintf("/graph?focus=big&kind=unit&depth=1&limit=%d", n))
	if len(want.Nodes) != n || want.Truncated {
		t.Fatalf("/graph has %d nodes (truncated %v), want %d", len(want.Nodes), want.Truncated, n)
	}
	start := time.Now()
	b.do(t, fmt.Sprintf("draw %d nodes", n),
		chromedp.Navigate(fmt.Sprintf("%s/#/network/unit/big?depth=1&limit=%d%s", s.url, n, view)),
		chromedp.WaitVisible(chromedp.CSS("#network-graph[data-ready=true]")))
	total := time.Since(start)
	stats := eval[map[string]string](t, b, `Object.assign({}, document.getElementById("network-graph").dataset)`)
	if stats["nodes"] != strconv.Itoa(len(want.Nodes)) || stats["edges"] != strconv.Itoa(len(want.Edges)) {
		t.Errorf("drawn %s nodes and %s edges, /graph has %d and %d", stats["nodes"], stats["edges"], len(want.Nodes), len(want.Edges))
	}
	b.screenshot(t, "ui-large-network")
	// Responsive: the page still answers and a zoom repaints.
	zoomStart := time.Now()
	eval[bool](t, b, `(() => { const cy = document.getElementById("network-graph").cy; cy.zoom(cy.zoom() * 2); return true; })()`)
	zoom := time.Since(zoomStart)
	report := fmt.Sprintf("network view%s, %s nodes and %s edges: build and layout %s ms, first render %s ms, navigation to ready %d ms, zoom call %d ms (headless Chromium, %s)\n",
		view, stats["nodes"], stats["edges"], stats["layoutMs"], stats["renderMs"], total.Milliseconds(), zoom.Milliseconds(), time.Now().Format(time.DateOnly))
	t.Log(report)
	if err := os.MkdirAll(outputDir, 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(outputDir, "ui-large-network.txt"), []byte(report), 0o644)
	}
	if view == "" {
		checkFrames(t, b, n)
	}
	b.checkConsole(t)
}

// checkFrames checks the groups of a big view, drawn as frames rather than
// compound nodes (web/frames.js): one per group, every member inside its
// frame, one group shown alone from the menu and by a double click, and
// "Collapse groups" drawing the view anew with compound nodes, collapsed.
func checkFrames(t *testing.T, b *browser, n int) {
	t.Helper()
	groups := cyEval[int](t, b, `cyOf().nodes(".group").length`)
	if frames := cyEval[int](t, b, `cyOf().nodes(".frame").length`); frames != groups || groups == 0 {
		t.Errorf("%d frames for %d groups", frames, groups)
	}
	inside := cyEval[int](t, b, `(() => {
		const cy = cyOf();
		return cy.nodes().filter((m) => {
			const f = cy.getElementById(m.data("group") || "");
			if (f.empty()) return false;
			const [p, q, r] = [m.position(), f.position(), f.data("side") / 2];
			return Math.abs(p.x - q.x) <= r && Math.abs(p.y - q.y) <= r;
		}).length;
	})()`)
	if inside != n {
		t.Errorf("%d of %d persons inside their group's frame", inside, n)
	}
	shown := func(how, gid string) {
		t.Helper()
		// Its members and those they know stay, the rest fades.
		near := cyEval[int](t, b, fmt.Sprintf(`cyOf().nodes('[group = "%s"]').closedNeighborhood().nodes("[size]").length`, gid))
		if got := cyEval[int](t, b, `cyOf().nodes("[size]").not(".faded").length`); got != near || near == 0 {
			t.Errorf("%s %s: %d persons not faded, want its members and their ties, %d", how, gid, got, near)
		}
		if hash := eval[string](t, b, `location.hash`); !strings.Contains(hash, "only="+strings.ReplaceAll(gid, ":", "%3A")) {
			t.Errorf("%s %s: the URL %q does not keep it", how, gid, hash)
		}
	}
	gid := cyEval[string](t, b, `cyOf().nodes(".frame.account")[0].id()`)
	eval[bool](t, b, fmt.Sprintf(`(() => { const s = document.querySelector("select[aria-label='Show one group']");
		s.value = %q; s.dispatchEvent(new Event("change")); return true; })()`, gid))
	shown("shown from the menu", gid)
	gid = cyEval[string](t, b, `cyOf().nodes(".frame.account")[1].id()`)
	eval[bool](t, b, fmt.Sprintf(`(() => { document.getElementById("network-graph").cy.getElementById(%q).emit("dbltap"); return true; })()`, gid))
	shown("double-clicked", gid)

	b.do(t, "collapse a big view",
		chromedp.Click(chromedp.Search(`//button[text()="Collapse groups"]`)),
		chromedp.Poll[chromedp.Void](`(() => { const g = document.getElementById("network-graph");
			return g && g.dataset.ready === "true" && g.cy.nodes(".cy-expand-collapse-collapsed-node").length > 0; })()`,
			chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute)))
	if got := cyEval[int](t, b, `cyOf().nodes(".cy-expand-collapse-collapsed-node").length`); got != groups {
		t.Errorf("%d groups collapsed, want %d", got, groups)
	}
	b.screenshot(t, "ui-large-network-collapsed")
}
