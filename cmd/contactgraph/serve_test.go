package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// startInProcess runs `contactgraph serve` with args in this process and
// returns its base URL and a function that stops it and returns its error.
func startInProcess(t *testing.T, env map[string]string, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	// The server logs from its request goroutines and from serve itself at
	// once: the buffer must take concurrent writes.
	stderr := &lockedBuffer{}
	app := &App{Stdout: io.Discard, Stderr: stderr, Getenv: func(k string) string { return env[k] },
		onListen: func(a net.Addr) { addrc <- a }}
	cmd := app.Command()
	cmd.SetArgs(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	select {
	case a := <-addrc:
		return "http://" + a.String(), func() error { cancel(); return <-done }
	case err := <-done:
		cancel()
		t.Fatalf("serve exited before listening: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("serve did not listen within 30 s\n%s", stderr.String())
	}
	return "", nil
}

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeDemoAndGracefulShutdown(t *testing.T) {
	base, stop := startInProcess(t, nil, "--data", t.TempDir(), "--demo")
	for _, path := range []string{"/healthz", "/readyz", "/api/v1/employees/jonas.weber", "/metrics", "/openapi.json"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", path, res.StatusCode)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}
}

func TestServeRefusesNonLoopbackWithoutKeys(t *testing.T) {
	app := &App{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	cmd := app.Command()
	cmd.SetArgs([]string{"serve", "--addr", "0.0.0.0:0", "--data", t.TempDir()})
	err := cmd.ExecuteContext(context.Background())
	if err == nil || !strings.Contains(err.Error(), "without API keys") {
		t.Fatalf("serve on 0.0.0.0 without keys: err = %v, want a refusal", err)
	}
}

func TestConfigRejectsBadValues(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"half life":   {"CONTACTGRAPH_HALF_LIFE_DAYS": "soon"},
		"fallback":    {"CONTACTGRAPH_FALLBACK_SENDER": "nobody"},
		"log format":  {"CONTACTGRAPH_LOG_FORMAT": "xml"},
		"warm hubs":   {"CONTACTGRAPH_NEO4J_WARM_HUBS": "many"},
		"warm hubs<0": {"CONTACTGRAPH_NEO4J_WARM_HUBS": "-3"},
	} {
		t.Run(name, func(t *testing.T) {
			app := &App{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string { return env[k] }}
			cmd := app.Command()
			cmd.SetArgs([]string{"serve", "--data", t.TempDir()})
			if err := cmd.ExecuteContext(context.Background()); err == nil {
				t.Fatal("serve started with a bad configuration")
			}
		})
	}
}

// TestKill9KeepsAcknowledgedWrites runs the real binary, writes employees
// through the API, kills the process with SIGKILL mid-load and checks after a
// restart that every write that got a 2xx is there. It repeats that three
// times on the same data directory.
func TestKill9KeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a real process")
	}
	bin := buildBinary(t)
	data := t.TempDir()
	var acked []string
	for round := 0; round < 3; round++ {
		proc, base := startBinary(t, bin, data)
		for _, id := range acked {
			mustStatus(t, "GET", base+"/api/v1/employees/"+id, nil, http.StatusOK)
		}
		stop := make(chan struct{})
		got := make(chan []string)
		go func() { got <- writeUntil(base, round, stop) }()
		time.Sleep(400 * time.Millisecond)
		if err := proc.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		close(stop)
		ids := <-got
		_ = proc.Wait()
		if len(ids) == 0 {
			t.Fatalf("round %d: no write was acknowledged before the kill", round)
		}
		acked = append(acked, ids...)
		t.Logf("round %d: %d writes acknowledged before SIGKILL", round, len(ids))
	}
	proc, base := startBinary(t, bin, data)
	defer func() { _ = proc.Process.Kill(); _ = proc.Wait() }()
	for _, id := range acked {
		mustStatus(t, "GET", base+"/api/v1/employees/"+id, nil, http.StatusOK)
	}
	t.Logf("%d acknowledged writes checked after 3 kills, 0 lost", len(acked))
}

// writeUntil PUTs employees one after another until stop is closed or a
// request fails, and returns the ids that were acknowledged with 201.
func writeUntil(base string, round int, stop <-chan struct{}) []string {
	var acked []string
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; ; i++ {
		select {
		case <-stop:
			return acked
		default:
		}
		id := fmt.Sprintf("k%d-%05d", round, i)
		body, _ := json.Marshal(map[string]any{"name": "Kill " + id, "email": id + "@example.com"})
		req, _ := http.NewRequest("PUT", base+"/api/v1/employees/"+id, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return acked
		}
		res.Body.Close()
		if res.StatusCode == http.StatusCreated {
			acked = append(acked, id)
		}
	}
}

// buildBinary builds the contactgraph binary into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "contactgraph")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startBinary(t *testing.T, bin, data string, env ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data, "--log-format", "json", "--request-timeout", "3s")
	cmd.Env = append(append(os.Environ(), "NEO4J_URI="), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line struct{ Message, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Message == "listening" {
				addrc <- line.Addr
			}
		}
	}()
	select {
	case addr := <-addrc:
		return cmd, "http://" + addr
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the server did not start within 30 s")
	}
	return nil, ""
}

func mustStatus(t *testing.T, method, url string, body io.Reader, want int) {
	t.Helper()
	req, _ := http.NewRequest(method, url, body)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	if res.StatusCode != want {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("%s %s = %d, want %d: %s", method, url, res.StatusCode, want, b)
	}
}

func TestServeWithKeysOnAnyAddress(t *testing.T) {
	base, stop := startInProcess(t, map[string]string{"CONTACTGRAPH_API_KEYS": "admin=test-admin-key,manager=test-manager-key"},
		"--data", t.TempDir(), "--addr", "0.0.0.0:0")
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	base = strings.Replace(base, "0.0.0.0", "127.0.0.1", 1)
	base = strings.Replace(base, "[::]", "127.0.0.1", 1)
	mustStatus(t, "GET", base+"/healthz", nil, http.StatusOK)
	mustStatus(t, "GET", base+"/api/v1/employees", nil, http.StatusUnauthorized)
	req, _ := http.NewRequest("GET", base+"/api/v1/employees", nil)
	req.Header.Set("Authorization", "Bearer test-manager-key")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /employees with a manager key = %d", res.StatusCode)
	}
}
