package uitest

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/contactgraph/contactgraph/seed"
	"github.com/contactgraph/contactgraph/server"
)

// uiPages is the decision of docs/contract.md §3 Access for the web UI,
// written out independently of server/web/pages.js: which role has which
// page, and where the test opens it.
var uiPages = map[string]struct {
	roles []string
	nav   bool
	open  string // the hash the test visits
}{
	"dashboard": {[]string{"admin", "manager"}, true, "#/dashboard"},
	"search":    {[]string{"admin", "manager", "account_manager"}, true, "#/search?q=stadtwerke"},
	"customer":  {[]string{"admin", "manager", "account_manager"}, false, "#/customer/c-stadtwerke-1"},
	"network":   {[]string{"admin", "manager", "account_manager"}, true, "#/network/person/c-stadtwerke-1"},
	"campaigns": {[]string{"admin", "manager", "marketing"}, true, "#/campaigns"},
	"me":        {[]string{"employee"}, true, "#/me"},
}

// roleKeys gives every role a key; the employee is the demo's network
// specialist, the account manager Claudia Schwarz.
var roleKeys = map[string]string{
	"admin":           "ui-admin-key-1",
	"manager":         "ui-manager-key-1",
	"account_manager": "ui-am-key-1",
	"marketing":       "ui-marketing-key-1",
	"employee":        "ui-employee-key-1",
}

func roleSite(t *testing.T) *site {
	t.Helper()
	var list []string
	for role, key := range roleKeys {
		switch role {
		case "employee":
			role = "employee:" + seed.DemoNetworkSpecialist
		case "account_manager":
			role = "account_manager:claudia.schwarz" // who asks for introductions
		}
		list = append(list, role+"="+key)
	}
	keys, err := server.ParseKeys(strings.Join(list, ","))
	if err != nil {
		t.Fatal(err)
	}
	return startSiteWith(t, demo(), keys)
}

// clearConsole forgets what the page logged so far.
func (b *browser) clearConsole() {
	b.mu.Lock()
	b.logs = nil
	b.mu.Unlock()
}

// login types key into the key field as a user would and waits for the
// role's home page.
func (b *browser) login(t *testing.T, s *site, key string) {
	t.Helper()
	b.do(t, "log in",
		chromedp.Navigate(s.url+"/#/"),
		chromedp.WaitVisible(chromedp.CSS("#key-input")),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("key-input").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#key-input"), key+"\n"),
		chromedp.WaitVisible(chromedp.CSS("nav a")),
		chromedp.WaitVisible(chromedp.CSS(`#view[data-state=done]`)))
}

// The UI's table of pages and roles is the test's: a page added to the UI
// without a decision, or a decision changed on one side only, fails here.
func TestPagesHaveRoleDecisions(t *testing.T) {
	s := roleSite(t)
	b := newBrowser(t)
	b.do(t, "open the UI", chromedp.Navigate(s.url+"/"), chromedp.WaitVisible(chromedp.CSS("#key-input")))
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`import("/ui/pages.js").then((m) => JSON.stringify({roles: m.roles, pages: m.pages}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("import pages.js: %v", err)
	}
	var ui struct {
		Roles []string
		Pages map[string]struct {
			Nav   bool
			Roles []string
		}
	}
	if err := json.Unmarshal([]byte(raw), &ui); err != nil {
		t.Fatalf("pages.js: %v\n%s", err, raw)
	}
	if want := slices.Sorted(maps.Keys(roleKeys)); !reflect.DeepEqual(slices.Sorted(slices.Values(ui.Roles)), want) {
		t.Errorf("pages.js roles %v, want %v", ui.Roles, want)
	}
	for page, p := range ui.Pages {
		want, ok := uiPages[page]
		if !ok {
			t.Errorf("page %q of pages.js has no row in uiPages: decide which roles have it and test them", page)
			continue
		}
		if !reflect.DeepEqual(p.Roles, want.roles) || p.Nav != want.nav {
			t.Errorf("page %q: pages.js gives roles %v nav %v, the test %v nav %v", page, p.Roles, p.Nav, want.roles, want.nav)
		}
	}
	for page := range uiPages {
		if _, ok := ui.Pages[page]; !ok {
			t.Errorf("page %q of the test is not in pages.js", page)
		}
	}
	// app.js complains about a view without a row in pages.js.
	b.checkConsole(t, "status of 401")
}

// Every role logs in and visits every page it has: no error on screen, no
// refusal, no 4xx in the console; the navigation offers exactly its pages.
func TestEveryRoleEveryPage(t *testing.T) {
	s := roleSite(t)
	b := newBrowser(t)
	for _, role := range slices.Sorted(maps.Keys(roleKeys)) {
		b.login(t, s, roleKeys[role])
		b.clearConsole() // the 401 before the key was typed
		var wantNav []string
		for _, page := range slices.Sorted(maps.Keys(uiPages)) {
			if p := uiPages[page]; p.nav && slices.Contains(p.roles, role) {
				wantNav = append(wantNav, page)
			}
		}
		gotNav := strings.Fields(eval[string](t, b, `[...document.querySelectorAll("nav a")].map((a) => a.dataset.nav).sort().join(" ")`))
		if !slices.Equal(gotNav, wantNav) {
			t.Errorf("%s: navigation %v, want %v", role, gotNav, wantNav)
		}
		if search := !eval[bool](t, b, `document.getElementById("search-form").hidden`); search != slices.Contains(uiPages["search"].roles, role) {
			t.Errorf("%s: search box shown %v", role, search)
		}
		for _, page := range slices.Sorted(maps.Keys(uiPages)) {
			p := uiPages[page]
			if !slices.Contains(p.roles, role) {
				continue
			}
			b.do(t, role+" opens "+page,
				chromedp.Navigate(s.url+"/"+p.open),
				chromedp.WaitVisible(chromedp.CSS(`#view[data-state=done]`)),
				chromedp.Sleep(300), // late requests of the page
			)
			if !eval[bool](t, b, `document.getElementById("banner").hidden`) {
				t.Errorf("%s on %s: banner %q", role, page, b.text(t, "#banner"))
			}
			if errs := eval[string](t, b, `[...document.querySelectorAll("#view .error, [data-test=not-for-role]")].map((e) => e.textContent.trim()).filter(Boolean).join(" | ")`); errs != "" {
				t.Errorf("%s on %s: error on screen: %s", role, page, errs)
			}
			b.screenshot(t, "ui-role-"+role+"-"+page)
		}
		b.checkConsole(t)
		b.clearConsole()
	}
}
