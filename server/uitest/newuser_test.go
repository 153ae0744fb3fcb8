package uitest

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/seed"
	"github.com/contactgraph/contactgraph/server"
)

// What a new user trips over in the web UI (issue 19).

// riskOrder is how management ranks accounts at risk: uncovered first, as
// a share and then a count, then single-threaded alike, then by name.
func riskOrder(a, b analytics.AccountCoverage) int {
	share := func(n, of int) float64 { return float64(n) / float64(max(of, 1)) }
	return cmp.Or(
		cmp.Compare(share(b.Uncovered, b.Customers), share(a.Uncovered, a.Customers)),
		cmp.Compare(b.Uncovered, a.Uncovered),
		cmp.Compare(share(b.SingleThreaded, b.Customers), share(a.SingleThreaded, a.Customers)),
		cmp.Compare(b.SingleThreaded, a.SingleThreaded),
		cmp.Compare(a.Name, b.Name))
}

// The dashboard's accounts at risk start with the worst, say how many
// they leave out, and units and accounts appear by name.
func TestDashboardAccountsAtRisk(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	b.do(t, "open the dashboard", chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("[data-test=accounts] tbody tr")))
	cov := api[analytics.CoverageResult](t, s, "/analytics/coverage")
	var risky []analytics.AccountCoverage
	for _, a := range cov.Accounts {
		if a.Uncovered+a.SingleThreaded > 0 {
			risky = append(risky, a)
		}
	}
	slices.SortStableFunc(risky, riskOrder)
	shown := eval[[]string](t, b, `[...document.querySelectorAll("[data-test=accounts] tbody tr")].map((r) => r.dataset.account)`)
	if len(shown) == 0 || len(shown) > len(risky) {
		t.Fatalf("%d accounts shown, %d at risk", len(shown), len(risky))
	}
	for i, id := range shown {
		if id != risky[i].Account {
			t.Errorf("row %d is %s, want %s (%+v)", i+1, id, risky[i].Account, risky[i])
		}
	}
	if risky[0].Uncovered != risky[0].Customers {
		t.Logf("the worst account is not wholly uncovered: %+v", risky[0])
	}
	if note := b.text(t, "[data-test=accounts-left-out]"); len(risky) > len(shown) && !strings.Contains(note, itoa(len(risky)-len(shown))) {
		t.Errorf("note %q does not say that %d accounts at risk are left out", note, len(risky)-len(shown))
	}
	if first := b.text(t, "[data-test=accounts] tbody tr td:first-child"); first != risky[0].Name {
		t.Errorf("first account shown as %q, want its name %q", first, risky[0].Name)
	}
	units := map[string]string{}
	for _, u := range cov.Units {
		units[u.Unit] = u.Name
	}
	kp := api[analytics.KeyPeopleResult](t, s, "/analytics/key-people?limit=15")
	if got := b.text(t, "[data-test=key-people] tbody tr td:nth-child(3)"); got != units[kp.KeyPeople[0].Employee.Unit] {
		t.Errorf("key person's unit shown as %q, want the name %q", got, units[kp.KeyPeople[0].Employee.Unit])
	}
	b.screenshot(t, "ui-dashboard-risk")
	b.checkConsole(t)
}

func itoa(n int) string { return strconv.Itoa(n) }

// Search shows accounts by name, so that two customers of one name are
// told apart; the customer page names the contacts' units.
func TestSameNamesAreToldApart(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	b.do(t, "search Leon Bauer", chromedp.Navigate(s.url+"/#/search?q=Leon%20Bauer"),
		chromedp.WaitVisible(chromedp.CSS("[data-test=customers] li small")))
	items := eval[[]string](t, b, `[...document.querySelectorAll("[data-test=customers] li")].map((li) => li.innerText.replace(/\s+/g, " ").trim())`)
	if len(items) < 2 {
		t.Fatalf("search lists %v, want both Leon Bauers", items)
	}
	if slices.Contains(items, items[0]) && items[0] == items[1] {
		t.Errorf("the two Leon Bauers look alike: %v", items)
	}
	for _, it := range items {
		if !strings.Contains(it, "Stadtwerke Kiel") && !strings.Contains(it, "Hafenbetriebe Lübeck") {
			t.Errorf("%q does not name the account", it)
		}
	}
	b.do(t, "open the customer", chromedp.Navigate(s.url+"/#/customer/c-stadtwerke-1"),
		chromedp.WaitVisible(chromedp.CSS("[data-test=contacts] tbody tr")))
	if unit := b.text(t, "[data-test=contacts] tbody tr td:nth-child(2) .unit"); unit != "Netzwerk & Infrastruktur" {
		t.Errorf("the contact's unit is shown as %q, want its name", unit)
	}
	b.do(t, "wait for the routes", chromedp.WaitVisible(chromedp.CSS("#customer-graph[data-ready=true]")))
	b.screenshot(t, "ui-customer-names")
	b.checkConsole(t)
}

// My network without an employee's key explains what that is and how an
// admin issues one, instead of the refusal.
func TestMyNetworkWithoutAnEmployeeKey(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	b.do(t, "open My network", chromedp.Navigate(s.url+"/#/me"), chromedp.WaitVisible(chromedp.CSS("[data-test=no-employee-key]")))
	text := b.text(t, "#view")
	for _, want := range []string{"employee key", "CONTACTGRAPH_API_KEYS", "employee:"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not mention %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "may not GET") || !eval[bool](t, b, `document.getElementById("banner").hidden`) {
		t.Errorf("the refusal shows:\n%s", text)
	}
	b.screenshot(t, "ui-my-network-no-key")
	b.checkConsole(t, "status of 403")
}

// The network view shows no developer timings and says what the focus is
// in the users' words.
func TestNetworkViewSpeaksPlainly(t *testing.T) {
	s := startSite(t, demo())
	b := newBrowser(t)
	for path, want := range map[string]string{
		"person/" + seed.DemoNetworkSpecialist: "employee",
		"account/stadtwerke":                   "account · 8 customers",
		"unit/it-network":                      "unit · ",
	} {
		b.do(t, "draw "+path, chromedp.Navigate(s.url+"/#/network/"+path),
			chromedp.WaitVisible(chromedp.CSS("#network-graph[data-ready=true]")))
		if stats := b.text(t, "[data-test=graph-stats]"); strings.Contains(stats, " ms") {
			t.Errorf("%s: stats %q show timings", path, stats)
		}
		if small := b.text(t, "h1 small"); !strings.HasPrefix(small, want) || strings.Contains(small, "member") {
			t.Errorf("%s: title says %q, want %q…", path, small, want)
		}
	}
	b.checkConsole(t)
}

// Marketing resolves a campaign to every customer in the UI, saves it and
// downloads its CSV.
func TestCampaignPage(t *testing.T) {
	const key = "marketing-key-0001"
	keys, err := server.ParseKeys("marketing=" + key)
	if err != nil {
		t.Fatal(err)
	}
	s := startSiteWith(t, demo(), keys)
	b := newBrowser(t)
	b.do(t, "open campaigns with the marketing key",
		chromedp.Navigate(s.url+"/#/campaigns"),
		chromedp.WaitVisible(chromedp.CSS("#key-input")),
		chromedp.SendKeys(chromedp.CSS("#key-input"), key+"\n"),
		chromedp.WaitVisible(chromedp.CSS("[data-test=campaign-form]")))
	b.do(t, "resolve to all customers",
		chromedp.Click(chromedp.CSS("#campaign-all")),
		chromedp.Click(chromedp.CSS("[data-test=resolve]")),
		chromedp.WaitVisible(chromedp.CSS("[data-test=campaign-result] tbody tr")))
	if got := b.text(t, "[data-test=campaign-result] [data-test=recipients] .value"); got != "150" {
		t.Errorf("recipients shown %q, want 150", got)
	}
	b.screenshot(t, "ui-campaigns")
	// Marketing may not read customers: the rows name them all the same.
	if first := b.text(t, "[data-test=campaign-result] tbody tr td"); strings.HasPrefix(first, "c-") {
		t.Errorf("the first row shows the customer id %q, not a name", first)
	}
	b.do(t, "download the CSV", chromedp.Click(chromedp.CSS("[data-test=download]")),
		chromedp.WaitVisible(chromedp.CSS("[data-test=download][data-downloaded]")))
	if got := eval[string](t, b, `document.querySelector("[data-test=download]").dataset.downloaded`); !strings.HasPrefix(got, "campaign-") || !strings.HasSuffix(got, ".csv") {
		t.Errorf("downloaded %q", got)
	}
	b.do(t, "save it",
		chromedp.SendKeys(chromedp.CSS("#campaign-name"), "Winter letter"),
		chromedp.Click(chromedp.CSS("[data-test=save]")),
		chromedp.WaitVisible(chromedp.CSS("[data-test=saved] tbody tr")))
	list := apiAs[struct {
		Items []struct {
			ID, Name   string
			Recipients int
		}
	}](t, s, key, "/campaigns")
	if len(list.Items) != 1 || list.Items[0].Name != "Winter letter" || list.Items[0].Recipients != 150 {
		t.Fatalf("saved campaigns: %+v", list.Items)
	}
	if id := eval[string](t, b, `document.querySelector("[data-test=saved] tbody tr").dataset.campaign`); id != list.Items[0].ID {
		t.Errorf("the saved list shows %q, want %q", id, list.Items[0].ID)
	}
	b.do(t, "download the saved one", chromedp.Click(chromedp.CSS("[data-test=saved] tbody tr button[data-test=download-saved]")),
		chromedp.WaitVisible(chromedp.CSS("[data-test=saved] tbody tr button[data-downloaded]")))
	b.screenshot(t, "ui-campaigns-saved")
	b.checkConsole(t, "status of 401")
}

// Marketing opens a saved campaign's letter and delivery: the preview of
// the first recipient's letter, filled with their and their sender's
// fields, and the delivery's state and counts.
func TestCampaignLetterAndDelivery(t *testing.T) {
	const key = "marketing-key-0002"
	keys, err := server.ParseKeys("marketing=" + key)
	if err != nil {
		t.Fatal(err)
	}
	s := startSiteWith(t, demo(), keys)
	saveCampaign(t, s, key, `{"name": "Letter test", "accounts": ["stadtwerke"]}`)
	list := apiAs[struct{ Items []struct{ ID string } }](t, s, key, "/campaigns")
	id := list.Items[0].ID
	req, _ := http.NewRequestWithContext(t.Context(), "PUT", s.url+"/api/v1/campaigns/"+id+"/letter",
		strings.NewReader(`{"subject": "Hallo {{.Recipient.Name}}", "text": "Guten Tag {{.Recipient.Name}},\n\n{{.Sender.Name}}"}`))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("PUT letter: %v %v", res, err)
	}
	res.Body.Close()
	b := newBrowser(t)
	b.login(t, s, key)
	b.do(t, "open the letter and delivery of the saved campaign",
		chromedp.Navigate(s.url+"/#/campaigns"),
		chromedp.WaitVisible(chromedp.CSS("[data-test=saved] tbody tr button[data-test=show-delivery]")),
		chromedp.Click(chromedp.CSS("[data-test=saved] tbody tr button[data-test=show-delivery]")),
		chromedp.WaitVisible(chromedp.CSS("[data-test=preview-subject]")))
	if got := b.text(t, "[data-test=preview-subject]"); !strings.HasPrefix(got, "Hallo ") || strings.Contains(got, "{{") {
		t.Errorf("preview subject %q", got)
	}
	if got := b.text(t, "[data-test=preview-text]"); !strings.HasPrefix(got, "Guten Tag ") {
		t.Errorf("preview text %q", got)
	}
	if got := b.text(t, "[data-test=delivery-state]"); got != "none" {
		t.Errorf("delivery state %q, want none (this server sends no mail)", got)
	}
	b.screenshot(t, "ui-campaign-letter")
	b.checkConsole(t, "status of 401")
}
