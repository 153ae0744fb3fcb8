package uitest

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
)

// The network view as management reads it (issue 18): persons grouped by
// unit and account, key people and accounts at risk marked as the
// management figures say, groups that collapse, a minimum trust that hides
// weak ties, a handover overlay, a moment in the past, pictures to take
// away, and a URL that reproduces all of it.
func TestNetworkViewForManagement(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	base := s.url + "/#/network/account/stadtwerke?depth=1&limit=500"
	wait := chromedp.WaitVisible(chromedp.CSS("#network-graph[data-ready=true]"))
	b.do(t, "draw an account", chromedp.Navigate(base), wait)
	pic := api[analytics.PictureResult](t, s, "/graph?focus=stadtwerke&kind=account&depth=1&limit=500")

	// Groups: one per unit of an employee and per account of a customer drawn.
	groups := map[string]bool{}
	for _, n := range pic.Nodes {
		switch {
		case n.Kind == "employee" && n.Unit != "":
			groups["unit:"+n.Unit] = true
		case n.Kind == "customer" && n.Account != "":
			groups["account:"+n.Account] = true
		}
	}
	if got := cyEval[int](t, b, `cyOf().nodes(".group").length`); got != len(groups) || len(groups) < 2 {
		t.Errorf("%d groups drawn, want %d (one per unit and account in the picture)", got, len(groups))
	}
	if parent := cyEval[string](t, b, `cyOf().getElementById("c-stadtwerke-1").data("parent")`); parent != "account:stadtwerke" {
		t.Errorf("c-stadtwerke-1 is in group %q, want account:stadtwerke", parent)
	}

	// Risk: exactly the key people of /analytics/key-people in the picture.
	kp := api[analytics.KeyPeopleResult](t, s, "/analytics/key-people?limit=100")
	drawn := map[string]bool{}
	for _, n := range pic.Nodes {
		drawn[n.ID] = true
	}
	wantKey := 0
	for _, k := range kp.KeyPeople {
		if k.UncoveredIfLeft > 0 && drawn[k.Employee.ID] {
			wantKey++
		}
	}
	if got := cyEval[int](t, b, `cyOf().nodes(".key").length`); got != wantKey || wantKey == 0 {
		t.Errorf("%d key people marked, want %d", got, wantKey)
	}
	if !cyEval[bool](t, b, `cyOf().getElementById("account:stadtwerke").hasClass("at-risk")`) {
		t.Error("Stadtwerke Kiel (4 of 8 uncovered, 3 single-threaded) is not marked at risk")
	}
	b.screenshot(t, "ui-network-management")

	// Collapse: every group becomes one node, and the URL keeps it.
	b.do(t, "collapse", chromedp.Click(chromedp.Search(`//button[text()="Collapse groups"]`)))
	if got := cyEval[int](t, b, `cyOf().nodes(".cy-expand-collapse-collapsed-node").length`); got != len(groups) {
		t.Errorf("%d groups collapsed, want %d", got, len(groups))
	}
	if hash := eval[string](t, b, `location.hash`); !strings.Contains(hash, "collapsed=1") {
		t.Errorf("the URL %q does not keep the collapsed groups", hash)
	}
	b.do(t, "reload collapsed", chromedp.Reload(), wait)
	if got := cyEval[int](t, b, `cyOf().nodes(".cy-expand-collapse-collapsed-node").length`); got != len(groups) {
		t.Errorf("after a reload %d groups collapsed, want %d", got, len(groups))
	}
	b.screenshot(t, "ui-network-collapsed")
	b.do(t, "expand", chromedp.Click(chromedp.Search(`//button[text()="Expand groups"]`)))
	if got := cyEval[int](t, b, `cyOf().nodes(".cy-expand-collapse-collapsed-node").length`); got != 0 {
		t.Errorf("%d groups still collapsed after expanding", got)
	}
	if hash := eval[string](t, b, `location.hash`); strings.Contains(hash, "collapsed=1") {
		t.Errorf("the URL %q still says collapsed", hash)
	}

	// One group only: the others fade and the view shows the group.
	eval[bool](t, b, `(() => { const s = document.querySelector("select[aria-label='Show one group']");
		s.value = "account:stadtwerke"; s.dispatchEvent(new Event("change")); return true; })()`)
	if got := cyEval[[]int](t, b, `[cyOf().nodes(".faded").filter((n) => n.data("parent") === "account:stadtwerke").length,
		cyOf().nodes(".faded").length, cyOf().nodes().not(".group").filter((n) => !n.hasClass("faded") && n.data("parent") !== "account:stadtwerke" && n.neighborhood("node").filter((m) => m.data("parent") === "account:stadtwerke").empty()).length]`); got[0] != 0 || got[1] == 0 || got[2] != 0 {
		t.Errorf("showing Stadtwerke Kiel alone: %v (its members faded, nodes faded, others shown that know none of them)", got)
	}
	if hash := eval[string](t, b, `location.hash`); !strings.Contains(hash, "only=account%3Astadtwerke") && !strings.Contains(hash, "only=account:stadtwerke") {
		t.Errorf("the URL %q does not keep the group shown", hash)
	}
	b.do(t, "all groups again", chromedp.Navigate(base), wait)

	// Minimum trust: the ties below it are hidden, and the URL keeps it.
	const minTrust = 0.5
	weak := 0
	for _, e := range pic.Edges {
		if e.EffectiveTrust < minTrust {
			weak++
		}
	}
	eval[bool](t, b, fmt.Sprintf(`(() => { const r = document.querySelector("input[aria-label='Minimum effective trust']");
		r.value = "%v"; r.dispatchEvent(new Event("input")); return true; })()`, minTrust))
	if got := cyEval[int](t, b, `cyOf().edges(".weak").length`); got != weak || weak == 0 {
		t.Errorf("%d ties hidden below %v, want %d", got, minTrust, weak)
	}
	if hash := eval[string](t, b, `location.hash`); !strings.Contains(hash, "minTrust=0.5") {
		t.Errorf("the URL %q does not keep the minimum trust", hash)
	}

	// Handover: who moves to whom and who is left without a sender.
	leaver := seed.DemoNetworkSpecialist
	ho := api[routing.HandoverResult](t, s, "/employees/"+leaver+"/handover")
	moves, orphans := 0, 0
	for _, c := range ho.Customers {
		if !drawn[c.Customer.ID] {
			continue
		}
		if c.Successor != nil {
			moves++
		} else {
			orphans++
		}
	}
	b.do(t, "if the network specialist left", chromedp.Navigate(base+"&leaver="+leaver), wait)
	if got := cyEval[[]int](t, b, `[cyOf().nodes(".moves").length, cyOf().nodes(".orphan").length, cyOf().nodes(".leaver").length]`); got[0] != moves || got[1] != orphans || got[2] != 1 || moves+orphans == 0 {
		t.Errorf("handover marks %v (moves, orphans, leaver), want [%d %d 1]", got, moves, orphans)
	}
	if notes := b.text(t, "[data-test=overlay-notes]"); !strings.Contains(notes, "If ") || !strings.Contains(notes, "left without one") {
		t.Errorf("the handover is not said: %q", notes)
	}
	b.screenshot(t, "ui-network-handover")

	// A moment in the past: the widths are the effective trusts then.
	asOf := time.Now().AddDate(0, 0, -200).UTC().Format(time.DateOnly)
	then := api[analytics.PictureResult](t, s, "/graph?focus=stadtwerke&kind=account&depth=1&limit=500&asOf="+url.QueryEscape(asOf))
	// The slider sets the moment; the URL carries it.
	eval[bool](t, b, `(() => { const r = document.querySelector("input[aria-label='As of']");
		r.value = "165"; r.dispatchEvent(new Event("change")); return true; })()`)
	b.do(t, "200 days back", chromedp.WaitVisible(chromedp.CSS("#network-graph[data-ready=true]")))
	if hash := eval[string](t, b, `location.hash`); !strings.Contains(hash, "daysBack=200") {
		t.Fatalf("the slider at 165 of 365 led to %q, want daysBack=200", hash)
	}
	if stats := b.text(t, "[data-test=graph-stats]"); !strings.Contains(stats, "as of "+asOf) {
		t.Errorf("stats %q do not say as of %s", stats, asOf)
	}
	for _, e := range then.Edges[:min(5, len(then.Edges))] {
		got := cyEval[float64](t, b, fmt.Sprintf(`cyOf().edges().filter((x) => (x.source().id() === %q && x.target().id() === %q) || (x.source().id() === %q && x.target().id() === %q))[0].data("w")`, e.A, e.B, e.B, e.A))
		if got != e.EffectiveTrust {
			t.Errorf("tie %s–%s drawn with %v, /graph as of %s says %v", e.A, e.B, got, asOf, e.EffectiveTrust)
		}
	}

	// Pictures to take away.
	for _, x := range []struct{ button, suffix, typ string }{{"export-png", ".png", "image/png"}, {"export-svg", ".svg", "image/svg+xml"}} {
		sel := "[data-test=" + x.button + "]"
		b.do(t, "export "+x.suffix, chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(sel+"[data-downloaded]")))
		got := eval[map[string]string](t, b, fmt.Sprintf(`Object.assign({}, document.querySelector(%q).dataset)`, sel))
		if !strings.HasSuffix(got["downloaded"], x.suffix) || got["type"] != x.typ || got["bytes"] == "0" || got["bytes"] == "" ||
			!strings.HasPrefix(got["valid"], strings.TrimPrefix(x.suffix, ".")+" ") || strings.HasPrefix(got["valid"], "svg 0 ") {
			t.Errorf("%s handed over %v", x.button, got)
		}
	}
	b.checkConsole(t)
}

// cyEval is eval with cyOf() standing for the network view's Cytoscape.
func cyEval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	return eval[T](t, b, strings.ReplaceAll(expr, "cyOf()", `document.getElementById("network-graph").cy`))
}

// The dashboard shows coverage at each of the last 12 month ends, as the
// API computes it for that day, and hands its figures over as CSV.
func TestDashboardTrendAndFigures(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	b.do(t, "dashboard", chromedp.Navigate(s.url+"/#/dashboard"),
		chromedp.WaitVisible(chromedp.CSS("[data-test=trend-chart][data-points]")))
	if got := eval[string](t, b, `document.querySelector("[data-test=trend-chart]").dataset.points`); got != "12" {
		t.Fatalf("%s points on the trend, want 12", got)
	}
	// The first point is the end of the month eleven months back.
	now := time.Now().UTC()
	first := time.Date(now.Year(), now.Month()-10, 0, 23, 59, 59, 0, time.UTC)
	want := api[analytics.CoverageResult](t, s, "/analytics/coverage?asOf="+url.QueryEscape(first.Format(time.RFC3339)))
	row := eval[[]string](t, b, `[...document.querySelectorAll("[data-test=trend-chart] tbody tr:first-child td")].map((td) => td.textContent)`)
	if len(row) != 5 || row[0] != first.Format(time.DateOnly) || row[2] != fmt.Sprint(want.Overall.Covered) || row[3] != fmt.Sprint(want.Overall.SingleThreaded) {
		t.Errorf("first month %v, want %s with %d covered and %d single-threaded", row, first.Format(time.DateOnly), want.Overall.Covered, want.Overall.SingleThreaded)
	}
	b.screenshot(t, "ui-dashboard-trend")
	cov := api[analytics.CoverageResult](t, s, "/analytics/coverage")
	kp := api[analytics.KeyPeopleResult](t, s, "/analytics/key-people?limit=15")
	b.do(t, "download the figures", chromedp.Click(chromedp.CSS("[data-test=dashboard-csv]")),
		chromedp.WaitVisible(chromedp.CSS("[data-test=dashboard-csv][data-downloaded]")))
	got := eval[map[string]string](t, b, `Object.assign({}, document.querySelector("[data-test=dashboard-csv]").dataset)`)
	rows := 1 + len(cov.Units) + len(cov.Accounts) + len(kp.KeyPeople) + 12
	if got["rows"] != fmt.Sprint(rows) || !strings.HasSuffix(got["downloaded"], ".csv") {
		t.Errorf("the CSV %v, want %d rows", got, rows)
	}
	b.checkConsole(t)
}

// The segment filter fades the customers of accounts of other segments.
func TestNetworkViewSegmentFilter(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	acc := api[struct {
		Segment string `json:"segment"`
	}](t, s, "/accounts/stadtwerke")
	b.do(t, "a unit two hops out, one segment",
		chromedp.Navigate(s.url+"/#/network/unit/it-network?depth=2&limit=500&segment="+url.QueryEscape(acc.Segment)),
		chromedp.WaitVisible(chromedp.CSS("#network-graph[data-ready=true]")))
	faded := cyEval[[]string](t, b, `cyOf().nodes(".faded").not(".group").map((n) => n.id())`)
	kept := cyEval[[]string](t, b, `cyOf().nodes().not(".faded").not(".group").filter((n) => n.data("kind") === "customer").map((n) => n.id())`)
	if len(faded) == 0 || len(kept) == 0 {
		t.Fatalf("faded %v, kept %v: want both", faded, kept)
	}
	for _, id := range kept {
		c := api[struct {
			Account string `json:"account"`
		}](t, s, "/customers/"+id)
		if c.Account == "" {
			continue
		}
		a := api[struct {
			Segment string `json:"segment"`
		}](t, s, "/accounts/"+c.Account)
		if a.Segment != acc.Segment {
			t.Errorf("%s of account %s (segment %q) is shown with segment %q chosen", id, c.Account, a.Segment, acc.Segment)
		}
	}
	b.checkConsole(t)
}
