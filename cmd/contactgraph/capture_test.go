package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// captureData returns a data directory holding the four persons the
// capture test files write to and from.
func captureData(t *testing.T) string {
	t.Helper()
	csv := t.TempDir()
	files := map[string]string{
		"employees.csv": "id,name,email,capture\ne-anna,Anna Berg,anna.berg@nordwerk.example,true\ne-ben,Ben Hof,ben.hof@nordwerk.example,true\ne-cem,Cem Off,cem@nordwerk.example,\n",
		"customers.csv": "id,name,email\nc-carla,Carla Kunde,carla@kunde.example\nc-dieter,Dieter Kunde,dieter@kunde.example\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(csv, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	data := t.TempDir()
	if _, stderr, err := run(t, nil, "import", csv, "--data", data); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	return data
}

func TestCaptureCommand(t *testing.T) {
	data := captureData(t)
	consent := filepath.Join(t.TempDir(), "consent.txt")
	if err := os.WriteFile(consent, []byte("# who agreed\ne-anna\n\nBen.Hof@nordwerk.example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	files := []string{"../../capture/testdata/mail.mbox", "../../capture/testdata/single.eml", "../../capture/testdata/calendar.ics"}
	args := append([]string{"capture", "--data", data, "--consent", consent, "--until", "2026-03-31"}, files...)
	stdout, stderr, err := run(t, nil, args...)
	if err != nil {
		t.Fatalf("capture: %v\n%s", err, stderr)
	}
	for _, want := range []string{
		"files:                 3\n", "items read:            16\n", "items recorded:        11\n",
		"interactions recorded: 15\n", "duplicates skipped:    1\n", "bulk:                  3\n",
		"unknown addresses:     1\n", "items skipped:         4\n",
		"  skipped ../../capture/testdata/mail.mbox: message 7: no Message-ID",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, err = run(t, nil, append([]string{"capture", "--data", data, "--until", "2026-03-31", "--json"}, files...)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, `"recorded": 0,`) || !strings.Contains(stdout, `"duplicates": 12,`) {
		t.Errorf("a second capture recorded something:\n%s", stdout)
	}

	// Errors: nobody with capture on, a consent that is no employee or is
	// off, a file of no format.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"capture", "--data", t.TempDir(), files[0]}, "no employee has turned capture on"},
		{[]string{"capture", "--data", data, "--employee", "e-cem", files[0]}, `"e-cem" has not turned capture on`},
		{[]string{"capture", "--data", data, "--employee", "c-carla", files[0]}, `"c-carla" is no employee`},
		{[]string{"capture", "--data", data, "--employee", "e-anna", "capture_test.go"}, "1 of 1 files could not be read"},
	} {
		_, stderr, err := run(t, nil, tc.args...)
		if err == nil || !strings.Contains(err.Error()+stderr, tc.want) {
			t.Errorf("%v: %v %s, want %q", tc.args, err, stderr, tc.want)
		}
	}
}
