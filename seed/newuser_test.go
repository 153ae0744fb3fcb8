package seed

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
)

// What a new user trips over (issue 19), in the demo and the files.

// The demo's trusts are the steps of 0.05 the generator means, exactly:
// their shortest decimal has at most two places (no 0.6000000000000001).
func TestDemoTrustsAreWhatTheGeneratorMeant(t *testing.T) {
	for _, r := range Demo().Relationships {
		s := strconv.FormatFloat(r.Trust, 'f', -1, 64)
		if _, frac, _ := strings.Cut(s, "."); len(frac) > 2 {
			t.Fatalf("%s–%s has trust %s", r.A, r.B, s)
		}
	}
}

// The export writes a trust as it was typed: the shortest decimal, never
// an exponent.
func TestExportWritesTrustsAsTyped(t *testing.T) {
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := graph.Batch{
		Employees: []graph.Employee{{ID: "e1", Name: "E", Email: "e1@example.com", Active: true, Sender: true, Broker: true}},
		Customers: []graph.Customer{{ID: "c1", Name: "C"}, {ID: "c2", Name: "D"}, {ID: "c3", Name: "F"}},
		Relationships: []graph.Relationship{
			{A: "c1", B: "e1", Trust: 0.35, Visibility: graph.Public},
			{A: "c2", B: "e1", Trust: 0.00001, Visibility: graph.Public},
			{A: "c3", B: "e1", Trust: 1, Visibility: graph.Public},
		},
	}
	mustBatch(t, s, b)
	files, _ := mustExport(t, s, ExportOptions{})
	rows, err := csv.NewReader(bytes.NewReader(files["relationships.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[2])
	}
	if want := []string{"0.35", "0.00001", "1"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("trusts written %v, want %v", got, want)
	}
}

// A title agrees with the person: no "Netzwerkadministratorin" for Leon.
func TestDemoTitlesAgreeWithTheName(t *testing.T) {
	female := map[string]bool{"Anna": true, "Clara": true, "Elif": true, "Greta": true, "Ida": true, "Karla": true,
		"Mila": true, "Olga": true, "Rosa": true, "Tara": true, "Vera": true, "Yara": true, "Zoe": true}
	feminine := regexp.MustCompile(`(?:in|beauftragte)\b`)
	for _, c := range Demo().Customers {
		first, _, _ := strings.Cut(c.Name, " ")
		if c.Title == "CIO" {
			continue
		}
		if female[first] != feminine.MatchString(c.Title) {
			t.Errorf("%s (%s) is %q", c.Name, c.ID, c.Title)
		}
	}
}

// The demo's fallback sender is the board at the demo's own domain.
func TestDemoFallbackUsesTheDemoDomain(t *testing.T) {
	if DemoFallback.Email != "vorstand@nordwerk.example" || DemoFallback.Name == "" {
		t.Errorf("DemoFallback = %+v", DemoFallback)
	}
	for _, e := range Demo().Employees {
		if !strings.HasSuffix(e.Email, "@nordwerk.example") {
			t.Fatalf("employee %s mails from %s: the fallback's domain would differ", e.ID, e.Email)
		}
	}
}

// Contents says what a store holds; an empty store holds nothing.
func TestContentsSaysWhatIsThere(t *testing.T) {
	onEveryStore(t, func(t *testing.T, empty emptyStore) {
		s := empty(t)
		ctx := context.Background()
		if got, err := Contents(ctx, s); err != nil || got != "" {
			t.Fatalf("empty store: %q, %v", got, err)
		}
		mustBatch(t, s, Demo())
		got, err := Contents(ctx, s)
		if err != nil || got != "8 units, 40 employees, 20 accounts, 150 customers" {
			t.Errorf("demo store: %q, %v", got, err)
		}
	})
}

// The export zip's entries carry the time of the export, not 1980.
func TestExportZipEntriesHaveADate(t *testing.T) {
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustBatch(t, s, Demo())
	var buf bytes.Buffer
	before := time.Now().Add(-2 * time.Second)
	if _, err := ExportZip(context.Background(), s, &buf, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Modified.Before(before) || f.Modified.After(time.Now().Add(2*time.Second)) {
			t.Errorf("%s dated %v", f.Name, f.Modified)
		}
	}
}
