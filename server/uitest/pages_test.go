package uitest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
	"github.com/contactgraph/contactgraph/server"
)

// Search a customer, open their page and see the recommended sender that
// the route endpoint names, with the ranked contacts and the routes drawn.
func TestCustomerPage(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	const customer = "c-stadtwerke-1"
	b.do(t, "open the UI and search",
		chromedp.Navigate(s.url+"/"),
		chromedp.WaitVisible(chromedp.CSS("[data-test=covered]")),
		chromedp.SendKeys(chromedp.CSS("#search-input"), customer+"\n"),
		chromedp.WaitVisible(chromedp.CSS("[data-test=customers] li a")),
	)
	b.screenshot(t, "ui-search")
	b.do(t, "open the customer", chromedp.Click(chromedp.CSS("[data-test=customers] li a")))

	route := api[struct {
		Reason string `json:"reason"`
		Sender struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"sender"`
	}](t, s, "/customers/"+customer+"/route")
	if route.Reason != routing.ReasonTrustedPath || route.Sender.ID != seed.DemoNetworkSpecialist {
		t.Fatalf("the API routes %s by %+v, want the network specialist", customer, route)
	}
	if got := b.text(t, "[data-test=recommended-sender] .sender a"); got != route.Sender.Name {
		t.Errorf("recommended sender %q, want %q", got, route.Sender.Name)
	}
	contacts := api[routing.ContactsResult](t, s, "/customers/"+customer+"/contacts?maxHops=3&limit=10")
	rows := eval[int](t, b, `document.querySelectorAll("[data-test=contacts] tbody tr").length`)
	if rows != len(contacts.Contacts) {
		t.Errorf("%d contact rows, want %d", rows, len(contacts.Contacts))
	}
	if first := b.text(t, "[data-test=contacts] tbody tr td:nth-child(2) a"); first != contacts.Contacts[0].Employee.Name {
		t.Errorf("first contact %q, want %q", first, contacts.Contacts[0].Employee.Name)
	}
	b.do(t, "wait for the routes", chromedp.WaitVisible(chromedp.CSS("#customer-graph[data-ready=true]")))
	b.screenshot(t, "ui-customer")
	b.checkConsole(t)
}

// The network view draws exactly the nodes and edges of /graph, and a
// click on a person draws the network around them.
func TestNetworkView(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	check := func(focus, kind string, depth int) {
		t.Helper()
		want := api[analytics.PictureResult](t, s, fmt.Sprintf("/graph?focus=%s&kind=%s&depth=%d&limit=500", focus, kind, depth))
		b.do(t, "draw "+focus,
			chromedp.Navigate(fmt.Sprintf("%s/#/network/%s/%s?depth=%d&limit=500", s.url, kind, focus, depth)),
			chromedp.WaitVisible(chromedp.CSS("#network-graph[data-ready=true]")))
		nodes := eval[string](t, b, `document.getElementById("network-graph").dataset.nodes`)
		edges := eval[string](t, b, `document.getElementById("network-graph").dataset.edges`)
		if nodes != strconv.Itoa(len(want.Nodes)) || edges != strconv.Itoa(len(want.Edges)) {
			t.Errorf("%s %s depth %d: drawn %s nodes and %s edges, /graph has %d and %d", kind, focus, depth, nodes, edges, len(want.Nodes), len(want.Edges))
		}
		if title := b.text(t, "h1"); !strings.HasPrefix(title, want.Focus.Label) {
			t.Errorf("title %q, want the focus %q", title, want.Focus.Label)
		}
	}
	check(seed.DemoNetworkSpecialist, "person", 1)
	b.screenshot(t, "ui-network-person")
	check("it-services", "unit", 2)
	b.screenshot(t, "ui-network-unit")
	check("stadtwerke", "account", 1)
	b.screenshot(t, "ui-network-account")

	// A real click on a node refocuses the view on that person.
	const target = "lena.hoffmann"
	check(seed.DemoNetworkSpecialist, "person", 1)
	xy := eval[[]float64](t, b, `(() => {
		const box = document.getElementById("network-graph");
		box.cy.center(box.cy.$id("`+target+`")); // on screen, whatever the first zoom
		const p = box.cy.$id("`+target+`").renderedPosition();
		const r = box.getBoundingClientRect();
		return [r.left + p.x, r.top + p.y];
	})()`)
	b.do(t, "click "+target, chromedp.MouseClickXY(xy[0], xy[1]))
	// The new view has drawn once the hash names the target and the graph is ready.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		hash := eval[string](t, b, `location.hash`)
		if strings.HasPrefix(hash, "#/network/person/"+target) && eval[bool](t, b, `!!document.querySelector("#network-graph[data-ready=true]")`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the click the view shows %q, want %s", hash, target)
		}
	}
	b.checkConsole(t)
}

// The dashboard shows the figures of /analytics/coverage and the key
// people of /analytics/key-people, and previews a key person's handover.
func TestDashboard(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	b.do(t, "open the dashboard", chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("[data-test=key-people] tbody tr")))
	cov := api[analytics.CoverageResult](t, s, "/analytics/coverage")
	for test, want := range map[string]int{"customers": cov.Overall.Customers, "covered": cov.Overall.Covered,
		"single-threaded": cov.Overall.SingleThreaded, "uncovered": cov.Overall.Uncovered} {
		got := b.text(t, "[data-test=coverage] [data-test="+test+"] .value")
		if n, _, _ := strings.Cut(got, " "); n != strconv.Itoa(want) {
			t.Errorf("%s shows %q, want %d", test, got, want)
		}
	}
	bars := eval[int](t, b, `document.querySelectorAll("[data-test=units] svg .bar-label").length`)
	if bars != len(cov.Units) {
		t.Errorf("%d unit bars, want %d units", bars, len(cov.Units))
	}
	kp := api[analytics.KeyPeopleResult](t, s, "/analytics/key-people?limit=15")
	first := eval[string](t, b, `document.querySelector("[data-test=key-people] tbody tr").dataset.employee`)
	if first != kp.KeyPeople[0].Employee.ID {
		t.Errorf("first key person %q, want %q", first, kp.KeyPeople[0].Employee.ID)
	}
	b.screenshot(t, "ui-dashboard")

	b.do(t, "preview the handover", chromedp.Click(chromedp.CSS("[data-test=key-people] tbody tr button")),
		chromedp.WaitVisible(chromedp.CSS("[data-test=handover] tbody tr")))
	ho := api[routing.HandoverResult](t, s, "/employees/"+first+"/handover")
	if rows := eval[int](t, b, `document.querySelectorAll("[data-test=handover] tbody tr").length`); rows != len(ho.Customers) {
		t.Errorf("handover preview lists %d customers, want %d", rows, len(ho.Customers))
	}
	b.screenshot(t, "ui-dashboard-handover")
	b.checkConsole(t)
}

// With API keys configured the page itself is public, asks for a key, and
// works once one is typed in: the key stays in localStorage and goes out as
// a bearer token.
func TestAPIKey(t *testing.T) {
	keys, err := server.ParseKeys("manager=manager-key-0001")
	if err != nil {
		t.Fatal(err)
	}
	s := startSiteWith(t, demo(), keys)
	b := newBrowser(t)
	b.do(t, "open without a key", chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("#banner")))
	if msg := b.text(t, "#banner"); !strings.Contains(msg, "API key") {
		t.Errorf("banner %q does not ask for an API key", msg)
	}
	b.screenshot(t, "ui-api-key-needed")
	b.do(t, "enter the key",
		chromedp.SendKeys(chromedp.CSS("#key-input"), "manager-key-0001\n"),
		chromedp.WaitVisible(chromedp.CSS("[data-test=key-people] tbody tr")),
		chromedp.WaitNotVisible(chromedp.CSS("#banner")))
	if key := eval[string](t, b, `localStorage.getItem("contactgraph.apiKey")`); key != "manager-key-0001" {
		t.Errorf("localStorage holds %q", key)
	}
	b.do(t, "draw with the key", chromedp.Navigate(s.url+"/#/network/person/"+seed.DemoNetworkSpecialist),
		chromedp.WaitVisible(chromedp.CSS("#network-graph[data-ready=true]")))
	// The calls made before the key was entered were refused; nothing else.
	b.checkConsole(t, "status of 401")
}
