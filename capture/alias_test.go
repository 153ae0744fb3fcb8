package capture

import (
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
)

// A message from or to an alias counts as one of its person; an alias
// never wins over another person's email.
func TestCaptureMatchesAliases(t *testing.T) {
	onEveryStore(t, func(t *testing.T, s graph.Store) {
		fixture(t, s)
		ctx := t.Context()
		anna, err := s.Employee(ctx, "e-anna")
		if err != nil {
			t.Fatal(err)
		}
		anna.Aliases = []string{"Anna@Private.example", "carla@kunde.example"} // the second is Carla's email
		if _, err := s.PutEmployee(ctx, anna); err != nil {
			t.Fatal(err)
		}
		dir, err := LoadDirectory(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := dir.lookup("carla@kunde.example"); !ok || p.id != "c-carla" {
			t.Errorf("carla@kunde.example names %+v, want Carla, whose email it is", p)
		}
		r := &Recorder{Store: s, Dir: dir, Consent: map[string]bool{"e-anna": true}, Until: testUntil, Model: graph.DefaultTrustModel()}
		msg := "From: anna@private.example\r\nTo: Dieter <dieter@kunde.example>\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n" +
			"Message-ID: <alias-1@private.example>\r\nSubject: hello\r\n\r\nBody.\r\n"
		if _, err := r.Read(ctx, "alias.eml", strings.NewReader(msg), Options{Until: testUntil}); err != nil {
			t.Fatal(err)
		}
		if err := r.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		hs, err := s.Histories(ctx, [][2]string{{"e-anna", "c-dieter"}})
		if err != nil || len(hs[0].Events) != 1 || hs[0].Events[0].Kind != graph.EventEmail || hs[0].Events[0].ByA {
			t.Fatalf("Anna's mail from her alias: %+v, %v; want one mail by e-anna (end b)", hs, err)
		}
		if r.Summary.UnknownAddresses != 0 {
			t.Errorf("%d unknown addresses, want none", r.Summary.UnknownAddresses)
		}
	})
}
