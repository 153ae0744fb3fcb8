package embedded

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// A mark written to the journal by a process that died before folding it
// is folded at the next Open; a line torn by the crash is skipped.
func TestJournalMarksSurviveAStoppedProcess(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := s.QueueLetters(ctx, "cmp-1", []graph.Letter{{Customer: "c1"}, {Customer: "c2"}}); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimLetters(ctx, "cmp-1", time.Now(), 2)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	sent := claimed[0]
	sent.State, sent.SentAt = graph.LetterSent, time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	if err := s.MarkLetter(ctx, sent, graph.LetterSending); err != nil {
		t.Fatal(err)
	}
	// What a SIGKILL leaves: the journal as written, nothing folded.
	journal, err := os.ReadFile(filepath.Join(dir, JournalName))
	if err != nil || len(journal) == 0 {
		t.Fatalf("journal %q %v", journal, err)
	}
	s.journal.f.Close()
	s.journal.f = nil
	s.journal.pending = map[string]letterMark{}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	torn := append(journal, []byte(`{"key":"cmp-1\u0000c2","state":"se`)...)
	if err := os.WriteFile(filepath.Join(dir, JournalName), torn, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, err := s.Letters(ctx, graph.LetterQuery{Campaign: "cmp-1"})
	if err != nil {
		t.Fatal(err)
	}
	if l := page.Items[0]; l.State != graph.LetterSent || !l.SentAt.Equal(sent.SentAt) {
		t.Errorf("c1 after reopening: %+v, want sent", l)
	}
	if l := page.Items[1]; l.State != graph.LetterSending {
		t.Errorf("c2 after reopening: %+v, want still sending (its mark was torn)", l)
	}
	if fi, err := os.Stat(filepath.Join(dir, JournalName)); err != nil || fi.Size() != 0 {
		t.Errorf("journal after the fold: %v %v, want empty", fi, err)
	}
}
