package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/seed"
)

// run executes the program with args in-process and returns its stdout
// and stderr.
func run(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	app := &App{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return env[k] }}
	cmd := app.Command()
	cmd.SetArgs(args)
	cmd.SetIn(strings.NewReader(""))
	err := cmd.ExecuteContext(context.Background())
	return stdout.String(), stderr.String(), err
}

func demoDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, stderr, err := run(t, nil, "seed", "demo", "--data", dir, "--log-level", "warn"); err != nil {
		t.Fatalf("seed demo: %v\n%s", err, stderr)
	}
	return dir
}

func TestCampaignCommand(t *testing.T) {
	data := demoDataDir(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "recipients.csv")
	var b strings.Builder
	b.WriteString("\uFEFFname,customer_id\n")
	for _, c := range seed.Demo().Customers {
		b.WriteString(`"` + c.Name + `",` + c.ID + "\n")
	}
	b.WriteString("again,c-stadtwerke-1\nghost,nobody\n")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "senders.csv")
	_, stderr, err := run(t, nil, "campaign", "--data", data, "--log-level", "warn", "--recipients", in, "--out", out,
		"--capacity", seed.DemoNetworkSpecialist+"=2", "--as-of", "2026-12-01")
	if err != nil {
		t.Fatalf("campaign: %v\n%s", err, stderr)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("output file: %v, mode %v; want 0600", err, fi.Mode())
	}
	body, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(body)), "\r\n")
	if lines[0] != strings.Join(campaigns.CSVHeader, ",") || len(lines) != 1+len(seed.Demo().Customers)+1 {
		t.Errorf("%d lines starting %q: want the header and one row per distinct recipient", len(lines), lines[0])
	}
	if n := strings.Count(string(body), ","+seed.DemoNetworkSpecialist+",trusted_path,"); n != 2 {
		t.Errorf("the capped specialist sends to %d recipients, want 2", n)
	}
	for _, want := range []string{"151 recipients", "duplicates: 1", "unknown_customer", "busiest:"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}

	stdout, stderr, err := run(t, nil, "campaign", "--data", data, "--log-level", "warn", "--account", "stadtwerke", "--json")
	if err != nil {
		t.Fatalf("campaign --account --json: %v\n%s", err, stderr)
	}
	var res campaigns.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Summary.Recipients == 0 {
		t.Fatalf("JSON answer %v: %.200s", err, stdout)
	}
}

func TestCampaignCommandRefusesBadInput(t *testing.T) {
	data := demoDataDir(t)
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "name the recipients"},
		{[]string{"--recipients", file("nocol.csv", "name\nx\n")}, "no customer_id"},
		{[]string{"--recipients", file("bad.csv", "customer_id\nc-hafen-1\nbad id\n")}, "bad.csv:3"},
		{[]string{"--recipients", file("ok.csv", "id\nc-hafen-1\n"), "--capacity", "jonas.weber=-1"}, "capacity.jonas.weber"},
		{[]string{"--segment", "Raumfahrt"}, "segments[0]"},
		{[]string{"--recipients", file("ok2.csv", "id\nc-hafen-1\n"), "--fallback-sender", "nobody"}, "fallback"},
	} {
		args := append([]string{"campaign", "--data", data, "--log-level", "warn"}, tc.args...)
		if _, _, err := run(t, nil, args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
}

// serve writes one audit record per resolved campaign to
// CONTACTGRAPH_AUDIT_LOG, a file of mode 0600.
func TestServeWritesCampaignAudit(t *testing.T) {
	audit := filepath.Join(t.TempDir(), "audit.log")
	base, stop := startInProcess(t, map[string]string{"CONTACTGRAPH_AUDIT_LOG": audit}, "--data", t.TempDir(), "--demo")
	res, err := http.Post(base+"/api/v1/campaigns/resolve", "application/json",
		strings.NewReader(`{"recipients": ["c-stadtwerke-1", "c-schulen-1"]}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("resolve = %d", res.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(audit)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("audit log: %v, mode %v; want 0600", err, fi.Mode())
	}
	body, _ := os.ReadFile(audit)
	var rec map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(body), &rec); err != nil {
		t.Fatalf("audit log %q: %v", body, err)
	}
	if rec["event"] != "campaign_resolved" || rec["key_id"] != "local" || rec["role"] != "admin" || rec["recipients"] != 2.0 || rec["time"] == nil {
		t.Errorf("audit record %v", rec)
	}
}

// Without CONTACTGRAPH_AUDIT_LOG the records go to stderr, marked as the
// audit stream and written whatever the log level.
func TestAuditDefaultsToStderr(t *testing.T) {
	var stderr bytes.Buffer
	log, closer, err := openAudit(Config{LogFormat: "json", LogLevel: "error"}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	log.Info().Str("event", "campaign_resolved").Msg("campaign resolved")
	if err := closer.Close(); err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(stderr.Bytes(), &rec); err != nil || rec["stream"] != "audit" || rec["level"] != zerolog.InfoLevel.String() {
		t.Errorf("stderr %q: %v; want a record with stream audit", stderr.String(), err)
	}
}
