// Package mailpittest starts a real SMTP server, Mailpit, for tests and
// reads what it received through its HTTP API. scripts/mailpit installs
// the binary (go install, into a cache directory); tests find it through
// CONTACTGRAPH_MAILPIT, the cache, or PATH. Without it a test skips,
// unless CI is set: then it fails.
package mailpittest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Version is the Mailpit release scripts/mailpit installs.
const Version = "v1.33.1"

// Mailpit is one running Mailpit.
type Mailpit struct {
	// Host and SMTPPort are where it takes mail.
	Host     string
	SMTPPort int
	api      string
}

// Binary returns the path of the mailpit binary, or "" when there is none.
func Binary() string {
	if p := os.Getenv("CONTACTGRAPH_MAILPIT"); p != "" {
		return p
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		if home, err := os.UserHomeDir(); err == nil {
			cache = filepath.Join(home, ".cache")
		}
	}
	p := filepath.Join(cache, "contactgraph", "mailpit-"+Version, "bin", "mailpit")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	return ""
}

// Start runs a fresh Mailpit on free loopback ports for t (stopped at its
// end), keeping every message (no limit) and extra flags.
func Start(t testing.TB, extra ...string) *Mailpit {
	t.Helper()
	return StartOn(t, FreePort(t), extra...)
}

// StartOn is Start with the SMTP server on smtpPort.
func StartOn(t testing.TB, smtpPort int, extra ...string) *Mailpit {
	t.Helper()
	bin := Binary()
	if bin == "" {
		msg := "no mailpit: run scripts/mailpit install (or set CONTACTGRAPH_MAILPIT)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	httpPort := FreePort(t)
	args := append([]string{"--smtp", "127.0.0.1:" + strconv.Itoa(smtpPort), "--listen", "127.0.0.1:" + strconv.Itoa(httpPort),
		"--max", "0", "--quiet", "--disable-version-check", "--smtp-auth-accept-any", "--smtp-auth-allow-insecure",
		"--smtp-disable-rdns", "--smtp-max-recipients", "10", "--database", filepath.Join(t.TempDir(), "mailpit.db")}, extra...)
	cmd := exec.Command(bin, args...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	m := &Mailpit{Host: "127.0.0.1", SMTPPort: smtpPort, api: "http://127.0.0.1:" + strconv.Itoa(httpPort)}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(m.api + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if c, err := net.Dial("tcp", net.JoinHostPort(m.Host, strconv.Itoa(smtpPort))); err == nil {
					c.Close()
					return m
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not start: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Address is a name and address as Mailpit reports them.
type Address struct {
	Name    string `json:"Name"`
	Address string `json:"Address"`
}

// Summary is a message in Mailpit's list.
type Summary struct {
	ID        string    `json:"ID"`
	MessageID string    `json:"MessageID"`
	From      Address   `json:"From"`
	To        []Address `json:"To"`
	ReplyTo   []Address `json:"ReplyTo"`
	Subject   string    `json:"Subject"`
}

// Message is one message in full.
type Message struct {
	Summary
	Text string `json:"Text"`
	HTML string `json:"HTML"`
}

// Messages lists every message Mailpit holds, newest first.
func (m *Mailpit) Messages(t testing.TB) []Summary {
	t.Helper()
	// Mailpit lists newest first: a message that arrives between two pages
	// shifts the next page by one. Read until one pass saw no arrival.
	for {
		var out []Summary
		seen := map[string]bool{}
		total := -1
		for start := 0; ; {
			var page struct {
				Total    int       `json:"total"`
				Messages []Summary `json:"messages"`
			}
			m.get(t, fmt.Sprintf("/api/v1/messages?start=%d&limit=1000", start), &page)
			if total < 0 {
				total = page.Total
			} else if page.Total != total {
				total = -2 // something arrived meanwhile
			}
			for _, msg := range page.Messages {
				if !seen[msg.ID] {
					seen[msg.ID] = true
					out = append(out, msg)
				}
			}
			start += len(page.Messages)
			if len(page.Messages) == 0 || start >= page.Total {
				break
			}
		}
		if total == len(out) {
			return out
		}
	}
}

// WaitMessages waits up to within until Mailpit holds n messages, and
// returns them; more than n, or fewer at the end, fails the test.
func (m *Mailpit) WaitMessages(t testing.TB, n int, within time.Duration) []Summary {
	t.Helper()
	for deadline := time.Now().Add(within); ; {
		got := m.Messages(t)
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) != n {
				t.Fatalf("%d messages in Mailpit, want %d: %+v", len(got), n, got)
			}
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Message reads message id with its text and HTML parts.
func (m *Mailpit) Message(t testing.TB, id string) Message {
	t.Helper()
	var out Message
	m.get(t, "/api/v1/message/"+id, &out)
	return out
}

// Headers reads the headers of message id.
func (m *Mailpit) Headers(t testing.TB, id string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	m.get(t, "/api/v1/message/"+id+"/headers", &out)
	return out
}

// Chaos makes Mailpit answer a stage ("Sender", "Recipient" or
// "Authentication") with code at probability percent (0 turns it off).
// Mailpit must run with --enable-chaos.
func (m *Mailpit) Chaos(t testing.TB, stage string, code, probability int) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{stage: map[string]int{"ErrorCode": code, "Probability": probability}})
	req, _ := http.NewRequest(http.MethodPut, m.api+"/api/v1/chaos", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("mailpit chaos: %d %s", resp.StatusCode, b)
	}
}

func (m *Mailpit) get(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := http.Get(m.api + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("mailpit GET %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("mailpit GET %s: %v", path, err)
	}
}
