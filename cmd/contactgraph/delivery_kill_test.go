package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/delivery/mailpittest"
)

// TestKill9DuringDeliverySendsEachLetterOnce delivers a campaign of 5,000
// recipients from the real binary to a real Mailpit, kills the server with
// SIGKILL three times while letters go out, restarts it on the same data
// directory each time (the delivery resumes by itself), and checks that
// Mailpit holds exactly 5,000 letters, one per recipient, no Message-ID
// twice.
func TestKill9DuringDeliverySendsEachLetterOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a real process")
	}
	const recipients = 5000
	m := mailpittest.Start(t)
	bin := buildBinary(t)
	data := t.TempDir()
	env := []string{"CONTACTGRAPH_SMTP_HOST=" + m.Host, "CONTACTGRAPH_SMTP_PORT=" + strconv.Itoa(m.SMTPPort),
		"CONTACTGRAPH_SMTP_TLS=none", "CONTACTGRAPH_SMTP_SENDER=marketing@nordwerk.example",
		"CONTACTGRAPH_SMTP_RATE=0", "CONTACTGRAPH_SMTP_DOMAIN_RATE=0"}
	proc, base := startBinary(t, bin, data, env...)

	batch := map[string]any{}
	var employees, customers, ties []map[string]any
	for i := range 20 {
		employees = append(employees, map[string]any{"id": fmt.Sprintf("e%02d", i), "name": fmt.Sprintf("Employee %d", i),
			"email": fmt.Sprintf("e%02d@nordwerk.example", i)})
	}
	for i := range recipients {
		id := fmt.Sprintf("c%05d", i)
		customers = append(customers, map[string]any{"id": id, "name": "Customer " + id, "email": id + "@kunde.example"})
		ties = append(ties, map[string]any{"a": id, "b": fmt.Sprintf("e%02d", i%20), "trust": 0.9})
	}
	batch["employees"], batch["customers"], batch["relationships"] = employees, customers, ties
	post(t, "POST", base+"/api/v1/batch", batch, http.StatusOK)
	var saved struct{ ID string }
	decode(t, post(t, "POST", base+"/api/v1/campaigns", map[string]any{"name": "Kill test", "recipients": map[string]any{"all": true}}, http.StatusCreated), &saved)
	post(t, "PUT", base+"/api/v1/campaigns/"+saved.ID+"/letter", map[string]any{"subject": "Hallo {{.Recipient.Name}}",
		"text": "Guten Tag {{.Recipient.Name}},\n\n{{.Sender.Name}}"}, http.StatusOK)
	post(t, "POST", base+"/api/v1/campaigns/"+saved.ID+"/deliver", map[string]any{}, http.StatusAccepted)

	// 20 notices, then the letters: kill at about a fifth, half and four
	// fifths of them.
	for round, at := range []int{1000, 2500, 4000} {
		waitMessages(t, m, 20+at, 120*time.Second)
		if err := proc.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = proc.Wait()
		t.Logf("kill %d with %d messages in Mailpit", round+1, len(m.Messages(t)))
		proc, base = startBinary(t, bin, data, env...)
	}
	defer func() { _ = proc.Process.Kill(); _ = proc.Wait() }()
	deadline := time.Now().Add(180 * time.Second)
	for {
		var d struct {
			State  string
			Counts map[string]int
		}
		decode(t, post(t, "GET", base+"/api/v1/campaigns/"+saved.ID+"/delivery", nil, http.StatusOK), &d)
		if d.State == "done" {
			if d.Counts["sent"] != recipients {
				t.Errorf("outbox %v, want %d sent", d.Counts, recipients)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery not done: %+v", d)
		}
		time.Sleep(200 * time.Millisecond)
	}
	msgs := m.Messages(t)
	byID, byTo := map[string]int{}, map[string]int{}
	letters := 0
	for _, msg := range msgs {
		byID[msg.MessageID]++
		if msg.Subject != "" && msg.Subject[:6] == "Hallo " {
			letters++
			byTo[msg.To[0].Address]++
		}
	}
	for id, n := range byID {
		if n > 1 {
			t.Errorf("Message-ID %s %d times", id, n)
		}
	}
	if letters != recipients || len(byTo) != recipients {
		t.Errorf("%d letters to %d recipients, want %d each", letters, len(byTo), recipients)
	}
	if notices := len(msgs) - letters; notices != 20 {
		t.Errorf("%d notices, want 20", notices)
	}
	t.Logf("after 3 SIGKILLs: %d letters, %d distinct Message-IDs, %d notices", letters, len(byID), len(msgs)-letters)
}

func waitMessages(t *testing.T, m *mailpittest.Mailpit, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for len(m.Messages(t)) < n {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d messages after %s", n, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func post(t *testing.T, method, url string, body any, want int) []byte {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, url, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d: %s", method, url, res.StatusCode, want, buf.String())
	}
	return buf.Bytes()
}

func decode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}
