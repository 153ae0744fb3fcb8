package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMixedLoad drives the real binary with 32 clients of mixed reads and
// writes on loopback for CONTACTGRAPH_LOAD_SECONDS (default 60) and checks
// zero errors, that every acknowledged write is there, and that memory does
// not grow: the resident size in the last third of the run stays within 25%
// of the middle third. It runs when CONTACTGRAPH_LOAD_TESTS is set.
func TestMixedLoad(t *testing.T) {
	if os.Getenv("CONTACTGRAPH_LOAD_TESTS") == "" {
		t.Skip("set CONTACTGRAPH_LOAD_TESTS=1 (scripts/test does) to run the load test")
	}
	seconds, _ := strconv.Atoi(os.Getenv("CONTACTGRAPH_LOAD_SECONDS"))
	if seconds <= 0 {
		seconds = 60
	}
	bin := buildBinary(t)
	data := t.TempDir()
	seedCmd := exec.Command(bin, "seed", "demo", "--data", data, "--log-level", "warn")
	if out, err := seedCmd.CombinedOutput(); err != nil {
		t.Fatalf("seed demo: %v\n%s", err, out)
	}
	proc, base := startBinary(t, bin, data)
	defer func() { _ = proc.Process.Kill(); _ = proc.Wait() }()

	customers := listIDs(t, base+"/api/v1/customers?limit=1000")
	employees := listIDs(t, base+"/api/v1/employees?limit=1000")
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	var (
		mu       sync.Mutex
		requests int
		failures []string
		acked    []string
		rss      []int
		wg       sync.WaitGroup
	)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for i := 0; time.Now().Before(deadline); i++ {
				c := customers[rng.IntN(len(customers))]
				e := employees[rng.IntN(len(employees))]
				var method, path, body, ack string
				switch op := rng.IntN(10); {
				case op < 3:
					method, path = "GET", "/api/v1/customers/"+c+"/contacts?maxHops=3"
				case op < 5:
					method, path = "GET", "/api/v1/customers/"+c+"/route"
				case op < 6:
					method, path = "GET", "/api/v1/employees?limit=50&q=a"
				case op < 7:
					method, path = "GET", "/api/v1/persons/"+e+"/relationships"
				case op < 9:
					method, path = "POST", "/api/v1/interactions"
					body = fmt.Sprintf(`{"a":%q,"b":%q,"at":%q,"kind":"call"}`, c, e, time.Now().UTC().Format(time.RFC3339))
				default:
					id := fmt.Sprintf("load-%02d-%06d", w, i)
					method, path, ack = "PUT", "/api/v1/employees/"+id, id
					body = fmt.Sprintf(`{"name":"Load %s","email":"%s@example.com","unit":"sales"}`, id, id)
				}
				req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				mu.Lock()
				requests++
				switch {
				case err != nil:
					failures = append(failures, fmt.Sprintf("%s %s: %v", method, path, err))
				case resp.StatusCode/100 != 2:
					failures = append(failures, fmt.Sprintf("%s %s: %d", method, path, resp.StatusCode))
				case ack != "":
					acked = append(acked, ack)
				}
				mu.Unlock()
				if resp != nil {
					resp.Body.Close()
				}
			}
		}(w)
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Second):
				if kb := residentKB(proc.Process.Pid); kb > 0 {
					mu.Lock()
					rss = append(rss, kb)
					mu.Unlock()
				}
			}
		}
	}()
	wg.Wait()
	close(done)
	if len(failures) > 0 {
		t.Errorf("%d of %d requests failed, e.g. %v", len(failures), requests, failures[:min(5, len(failures))])
	}
	for _, id := range acked {
		mustStatus(t, "GET", base+"/api/v1/employees/"+id, nil, http.StatusOK)
	}
	third := len(rss) / 3
	if third == 0 {
		t.Fatalf("too few memory samples: %v", rss)
	}
	mid, last := maxOf(rss[third:2*third]), maxOf(rss[2*third:])
	t.Logf("%d s, 32 clients: %d requests (%.0f/s), %d failed, %d acknowledged writes checked; RSS max %d MB (middle third) → %d MB (last third)",
		seconds, requests, float64(requests)/float64(seconds), len(failures), len(acked), mid/1024, last/1024)
	if float64(last) > 1.25*float64(mid) {
		t.Errorf("memory grows: RSS %d kB in the middle third, %d kB in the last", mid, last)
	}
}

func maxOf(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// residentKB reads a process's resident set size from /proc.
func residentKB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return 0
}

func listIDs(t *testing.T, url string) []string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	if len(ids) == 0 {
		t.Fatalf("%s: no items", url)
	}
	return ids
}
