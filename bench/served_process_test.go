package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Bounds of starting and stopping serve.
const (
	listenTimeout = 3 * time.Minute // the embedded store opens in seconds
	readyTimeout  = 2 * time.Minute
	warmTimeout   = 5 * time.Minute // serve warms the 20 busiest hubs in seconds
	stopGrace     = 30 * time.Second
)

// serveProcess is a running `contactgraph serve`, stopped by the test's
// cleanup at the latest.
type serveProcess struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	logs *serveLog
	// exited is closed when the process has ended; waitErr is then set.
	exited   chan struct{}
	waitErr  error
	stopOnce sync.Once
	asker    *asker
	// ready is how long serve took from its start to answering /readyz
	// (and, over Neo4j, to warming the routing cache); memReady its
	// memory then.
	ready    time.Duration
	memReady procMemory
}

// procMemory is a process's resident memory in KB: now (VmRSS), the part
// of it that is not mapped from files (RssAnon: the heap, not the pages of
// the data file the embedded store maps) and the peak so far (VmHWM), read
// from /proc; zero where there is none.
type procMemory struct{ rss, anon, peak int64 }

// memory reads the process's resident memory.
func (p *serveProcess) memory() procMemory {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return procMemory{}
	}
	var m procMemory
	for _, line := range strings.Split(string(b), "\n") {
		var kb int64
		if _, err := fmt.Sscanf(line, "VmRSS: %d kB", &kb); err == nil {
			m.rss = kb
		} else if _, err := fmt.Sscanf(line, "RssAnon: %d kB", &kb); err == nil {
			m.anon = kb
		} else if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); err == nil {
			m.peak = kb
		}
	}
	return m
}

// startServe starts serve with the store flags args on a free loopback
// port (--addr 127.0.0.1:0, the port read from its "listening" log line),
// without API keys (every caller acts as admin), the rate limiter off and
// the audit records in the run directory; it waits for /readyz and, over
// Neo4j, for the routing cache's warm-up, which serve logs when done.
func startServe(t *testing.T, bin string, args []string, dir, name string, neo4j bool, a *asker) *serveProcess {
	t.Helper()
	logs, err := newServeLog(filepath.Join(dir, name+"-serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	args = append(append([]string{}, args...), "--log-level", "info", "--log-format", "json",
		"serve", "--addr", "127.0.0.1:0", "--rate-limit", "0", "--audit-log", filepath.Join(dir, name+"-audit.log"))
	args = append(args, strings.Fields(os.Getenv(servedEnv+"_SERVE_FLAGS"))...)
	p := &serveProcess{t: t, name: name, cmd: exec.Command(bin, args...), logs: logs, exited: make(chan struct{}), asker: a}
	p.cmd.Env = childEnv()
	p.cmd.Stdout, p.cmd.Stderr = logs, logs
	p.cmd.SysProcAttr = dieWithParent()
	started := time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		logs.close()
		close(p.exited)
	}()
	t.Cleanup(p.stop)

	select {
	case addr := <-logs.listening:
		p.base = "http://" + addr
	case <-p.exited:
		t.Fatalf("serve %s ended before listening: %v\n%s", name, p.waitErr, tail(logs.path, 20))
	case <-time.After(listenTimeout):
		t.Fatalf("serve %s did not listen within %v\n%s", name, listenTimeout, tail(logs.path, 20))
	}
	p.awaitReady()
	if neo4j {
		select {
		case line := <-logs.warmed:
			t.Logf("serve %s: %s", name, line)
		case <-p.exited:
			t.Fatalf("serve %s ended while warming: %v\n%s", name, p.waitErr, tail(logs.path, 20))
		case <-time.After(warmTimeout):
			t.Fatalf("serve %s did not finish warming the routing cache within %v", name, warmTimeout)
		}
	}
	p.ready, p.memReady = time.Since(started), p.memory()
	t.Logf("serve %s: ready at %s in %v, RSS %d MB", name, p.base, p.ready.Round(time.Millisecond), p.memReady.rss/1024)
	return p
}

// awaitReady polls /readyz until it answers 200.
func (p *serveProcess) awaitReady() {
	deadline := time.Now().Add(readyTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		status, err := p.asker.status(ctx, p.base+"/readyz")
		cancel()
		if err == nil && status == http.StatusOK {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("serve %s: /readyz not 200 within %v (status %d, %v)", p.name, readyTimeout, status, err)
		}
		select {
		case <-p.exited:
			p.t.Fatalf("serve %s ended: %v\n%s", p.name, p.waitErr, tail(p.logs.path, 20))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// stop ends the process: SIGTERM, then SIGKILL after stopGrace. It may be
// called more than once.
func (p *serveProcess) stop() {
	p.stopOnce.Do(func() {
		defer p.asker.client.CloseIdleConnections()
		select {
		case <-p.exited:
			return
		default:
		}
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
			if p.waitErr != nil {
				p.t.Logf("serve %s: %v on SIGTERM", p.name, p.waitErr)
			}
		case <-time.After(stopGrace):
			p.t.Logf("serve %s: still running %v after SIGTERM, killing it", p.name, stopGrace)
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})
}

// serveLog writes serve's output to a file and watches its JSON lines for
// the messages the benchmark waits for.
type serveLog struct {
	path      string
	mu        sync.Mutex
	f         *os.File
	partial   []byte
	listening chan string // the address of "listening"
	warmed    chan string // the line of "routing cache warmed" (or not warmed)
}

func newServeLog(path string) (*serveLog, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &serveLog{path: path, f: f, listening: make(chan string, 1), warmed: make(chan string, 1)}, nil
}

// Write implements io.Writer for the process's stdout and stderr.
func (l *serveLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		if _, err := l.f.Write(b); err != nil {
			return 0, err
		}
	}
	l.partial = append(l.partial, b...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.line(l.partial[:i])
		l.partial = l.partial[i+1:]
	}
	return len(b), nil
}

// line looks at one line of serve's log.
func (l *serveLog) line(b []byte) {
	var m struct {
		Message string `json:"message"`
		Addr    string `json:"addr"`
	}
	if json.Unmarshal(b, &m) != nil {
		return
	}
	switch {
	case m.Message == "listening":
		offer(l.listening, m.Addr)
	case strings.HasPrefix(m.Message, "routing cache warmed"), strings.HasPrefix(m.Message, "routing cache not warmed"):
		offer(l.warmed, string(b))
	}
}

// offer sends v unless ch is full: only the first of each message counts.
func offer(ch chan string, v string) {
	select {
	case ch <- v:
	default:
	}
}

func (l *serveLog) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		if err := l.f.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "serve log:", err)
		}
		l.f = nil
	}
}
