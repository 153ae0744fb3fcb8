package uitest

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
	"github.com/contactgraph/contactgraph/server"
)

// outputDir is where the screenshots and timings go (git-ignored).
const outputDir = "../../test-output"

// chromium returns the path of the browser, skipping the test without one
// (failing it under CI).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed but CI is set: the browser tests must run (scripts/test installs it)")
	}
	t.Skip("chromium is not installed: skipping the browser tests (apt-get install chromium)")
	return ""
}

// site is the server under test.
type site struct {
	url   string
	store graph.Store
}

// startSite serves a fresh embedded store filled by b, with no API keys.
func startSite(t *testing.T, b graph.Batch) *site {
	t.Helper()
	return startSiteWith(t, b, nil)
}

// startSiteWith is startSite with API keys.
func startSiteWith(t *testing.T, b graph.Batch, keys *server.Keys) *site {
	t.Helper()
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatalf("embedded.Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.Batch(context.Background(), b); err != nil {
		t.Fatalf("load data: %v", err)
	}
	srv := server.New(server.Config{Version: "uitest", Keys: keys,
		Fallback: routing.Fallback{Name: "Vorstand", Email: "vorstand@example.com"}}, s, zerolog.Nop(), nil)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &site{url: hs.URL, store: s}
}

// api GETs path from the site's API and decodes the answer into a T.
func api[T any](t *testing.T, s *site, path string) T {
	t.Helper()
	return apiAs[T](t, s, "", path)
}

// browser is one headless Chromium tab with everything its console says.
type browser struct {
	ctx  context.Context
	mu   sync.Mutex
	logs []chromedp.ConsoleMessage
}

// newBrowser starts Chromium with the flags this machine needs (no
// sandbox as root, no GPU, no background traffic to the closed network)
// and a fresh profile, and records its console until the test ends.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768), // a common laptop screen: every page must read well on it
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(alloc)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	b := &browser{ctx: ctx}
	messages := chromedp.Console(ctx) // starts the browser
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.logs = append(b.logs, m)
			b.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		cancelTime()
		cancelTab()
		cancelAlloc()
		<-done
	})
	return b
}

// do runs actions, failing the test on an error.
func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatalf("%s: %v\nconsole: %v", what, err, b.console())
	}
}

// text returns the text of the first element sel matches, once visible.
func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	b.do(t, "wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// console returns what the page logged.
func (b *browser) console() []chromedp.ConsoleMessage {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), b.logs...)
}

// checkConsole fails the test for every error, warning and uncaught
// exception the page logged, network failures and CSP violations included,
// but those whose text contains one of allowed.
func (b *browser) checkConsole(t *testing.T, allowed ...string) {
	t.Helper()
	// Messages arrive asynchronously; give the last ones a moment.
	time.Sleep(200 * time.Millisecond)
next:
	for _, m := range b.console() {
		for _, a := range allowed {
			if strings.Contains(m.Text, a) {
				continue next
			}
		}
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleWarning, chromedp.ConsoleException:
			t.Errorf("console %s (%s:%d)", m, m.URL, m.Line)
		}
	}
}

// screenshot saves the whole page as test-output/name.png.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.MkdirAll(outputDir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(outputDir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", path)
}

// demo is the demo company, as `contactgraph serve --demo` shows it.
func demo() graph.Batch { return seed.Demo() }
