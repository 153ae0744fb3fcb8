package uitest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/graph"
)

// largeNetwork is a synthetic unit of 100 employees whose 1,900 customers
// each know two or three of them, and some each other: 2,000 persons within
// one hop of the unit.
func largeNetwork() graph.Batch {
	rng := rand.New(rand.NewPCG(2000, 1))
	b := graph.Batch{Units: []graph.Unit{{ID: "big", Name: "Large unit"}}}
	for i := range 100 {
		id := fmt.Sprintf("e%03d", i)
		b.Employees = append(b.Employees, graph.Employee{ID: id, Name: "Employee " + id, Email: id + "@example.com",
			Unit: "big", Active: true, Sender: true, Broker: true})
	}
	for i := range 1900 {
		id := fmt.Sprintf("c%04d", i)
		b.Customers = append(b.Customers, graph.Customer{ID: id, Name: "Customer " + id, Email: id + "@example.com"})
		for _, e := range rng.Perm(100)[:2+rng.IntN(2)] {
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

// The network view stays usable with 2,000 nodes: it draws them all and
// records how long layout and first render took (no timing assertion; the
// figures go to the log and test-output/ui-large-network.txt).
func TestLargeNetworkView(t *testing.T) {
	s := startSite(t, largeNetwork())
	b := newBrowser(t)
	want := api[analytics.PictureResult](t, s, "/graph?focus=big&kind=unit&depth=1&limit=2000")
	if len(want.Nodes) != 2000 || want.Truncated {
		t.Fatalf("/graph has %d nodes (truncated %v), want 2000", len(want.Nodes), want.Truncated)
	}
	start := time.Now()
	b.do(t, "draw 2000 nodes",
		chromedp.Navigate(s.url+"/#/network/unit/big?depth=1&limit=2000"),
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
	report := fmt.Sprintf("network view, %s nodes and %s edges: build and layout %s ms, first render %s ms, navigation to ready %d ms, zoom call %d ms (headless Chromium, %s)\n",
		stats["nodes"], stats["edges"], stats["layoutMs"], stats["renderMs"], total.Milliseconds(), zoom.Milliseconds(), time.Now().Format(time.DateOnly))
	t.Log(report)
	if err := os.MkdirAll(outputDir, 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(outputDir, "ui-large-network.txt"), []byte(report), 0o644)
	}
	b.checkConsole(t)
}
