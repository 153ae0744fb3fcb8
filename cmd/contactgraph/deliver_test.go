package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/letters"
)

// contactgraph deliver sends a saved campaign of the demo company to a
// real Mailpit in the foreground and prints the counts.
func TestDeliverCommand(t *testing.T) {
	m := mailpittest.Start(t)
	dir := t.TempDir()
	if _, stderr, err := run(t, nil, "seed", "demo", "--data", dir, "--log-level", "warn"); err != nil {
		t.Fatalf("seed: %v\n%s", err, stderr)
	}
	s, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := campaigns.Save(context.Background(), s, "CLI", campaigns.Campaign{Accounts: []string{"stadtwerke"}}, "test")
	if err == nil {
		_, err = campaigns.SetLetter(context.Background(), s, saved.ID, letters.Template{Subject: "Hallo {{.Recipient.Name}}", Text: "x"})
	}
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range saved.Rows {
		if r.Sender != nil {
			want++
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CONTACTGRAPH_SMTP_HOST": m.Host, "CONTACTGRAPH_SMTP_PORT": strconv.Itoa(m.SMTPPort),
		"CONTACTGRAPH_SMTP_TLS": "none", "CONTACTGRAPH_SMTP_SENDER": "marketing@nordwerk.example"}
	stdout, stderr, err := run(t, env, "deliver", saved.ID, "--data", dir, "--log-level", "warn")
	if err != nil {
		t.Fatalf("deliver: %v\n%s", err, stderr)
	}
	if wantOut := fmt.Sprintf("campaign %s: done; %d sent, 0 failed, 0 left\n", saved.ID, want); stdout != wantOut {
		t.Errorf("stdout %q, want %q", stdout, wantOut)
	}
	letters := 0
	for _, msg := range m.Messages(t) {
		if strings.HasPrefix(msg.Subject, "Hallo ") {
			letters++
		}
	}
	if letters != want {
		t.Errorf("%d letters in Mailpit, want %d", letters, want)
	}
	// Again: it is delivered, nothing goes out twice.
	if _, _, err := run(t, env, "deliver", saved.ID, "--data", dir, "--log-level", "warn"); err == nil || !strings.Contains(err.Error(), "is delivered") {
		t.Errorf("deliver twice: %v, want a conflict", err)
	}
}
