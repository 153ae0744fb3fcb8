package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"
)

// requestTimeout bounds one request; serve's own limit is 30 s.
const requestTimeout = 2 * time.Minute

// The ops asked over HTTP.
const (
	opContacts = "contacts" // GET /api/v1/customers/{id}/contacts
	opPaths    = "paths"    // GET /api/v1/paths
	opRoute    = "route"    // GET /api/v1/customers/{id}/route
)

// asker is the one HTTP client of a run: a Transport that keeps its
// connections between requests (keep-alive) and counts the ones it opens.
type asker struct {
	client *http.Client
	dials  atomic.Int64
}

func newAsker() *asker {
	a := &asker{}
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	a.client = &http.Client{
		Timeout: requestTimeout,
		Transport: &http.Transport{
			Proxy: nil, // loopback only, whatever HTTP_PROXY says
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				a.dials.Add(1)
				return d.DialContext(ctx, network, addr)
			},
			MaxIdleConns:        64,
			MaxIdleConnsPerHost: 64,
			IdleConnTimeout:     90 * time.Second,
		},
	}
	return a
}

// status asks GET url and returns the status, reading the body.
func (a *asker) status(ctx context.Context, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// question is one op at one hop limit.
type question struct {
	op   string
	hops int
}

// target is the path and query of the question about item i of the
// sample: the customer i (contacts, route) or the pair i (paths), with the
// limits of the in-process benchmarks and asOf the generator's reference.
func (q question) target(smp *Sample, i int) string {
	v := url.Values{"maxHops": {strconv.Itoa(q.hops)}, "asOf": {asOf.Format(time.RFC3339)}}
	switch q.op {
	case opContacts:
		v.Set("limit", strconv.Itoa(contactsLimit))
		return "/api/v1/customers/" + url.PathEscape(smp.Customers[i]) + "/contacts?" + v.Encode()
	case opPaths:
		v.Set("from", smp.Pairs[i].From)
		v.Set("to", smp.Pairs[i].To)
		v.Set("limit", strconv.Itoa(pathsLimit))
		return "/api/v1/paths?" + v.Encode()
	case opRoute:
		return "/api/v1/customers/" + url.PathEscape(smp.Customers[i]) + "/route?" + v.Encode()
	}
	panic("bench: unknown op " + q.op)
}

// answer is what one request got.
type answer struct {
	took    time.Duration // from sending the request to the body's last byte
	status  int
	answers int // contacts or paths in the answer; route: 1 if trusted_path
	err     error
}

// ask sends the question about item i to the server at base and reads the
// whole answer; the JSON is decoded after the clock stops.
func (a *asker) ask(base string, q question, smp *Sample, i int) answer {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+q.target(smp, i), nil)
	if err != nil {
		return answer{err: err}
	}
	start := time.Now()
	resp, err := a.client.Do(req)
	if err != nil {
		return answer{took: time.Since(start), err: err}
	}
	body, err := io.ReadAll(resp.Body)
	took := time.Since(start)
	resp.Body.Close()
	ans := answer{took: took, status: resp.StatusCode, err: err}
	if err == nil && resp.StatusCode != http.StatusOK {
		ans.err = fmt.Errorf("status %d: %.300s", resp.StatusCode, body)
	}
	if ans.err == nil {
		ans.answers, ans.err = countAnswers(q.op, body)
	}
	return ans
}

// countAnswers reads the number of answers from an op's JSON.
func countAnswers(op string, body []byte) (int, error) {
	var v struct {
		Contacts []json.RawMessage `json:"contacts"`
		Paths    []json.RawMessage `json:"paths"`
		Reason   string            `json:"reason"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return 0, fmt.Errorf("%s: %w in %.300s", op, err, body)
	}
	switch op {
	case opContacts:
		return len(v.Contacts), nil
	case opPaths:
		return len(v.Paths), nil
	}
	if v.Reason == "" {
		return 0, fmt.Errorf("route without a reason: %.300s", body)
	}
	if v.Reason == "trusted_path" {
		return 1, nil
	}
	return 0, nil
}
