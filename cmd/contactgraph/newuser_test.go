package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/contactgraph/contactgraph/seed"
)

// What a new user trips over on the command line (issue 19).

// An invalid parameter is reported once.
func TestCLIErrorSaysItOnce(t *testing.T) {
	data := demoDataDir(t)
	_, _, err := run(t, nil, "contacts", "c-stadtwerke-1", "--data", data, "--max-hops", "9")
	if err == nil || err.Error() != "invalid: maxHops: must be between 1 and 6" {
		t.Errorf("err = %v", err)
	}
}

// Seeding refuses a store that holds data unless --force, and says what
// is there.
func TestSeedRefusesAStoreWithData(t *testing.T) {
	data := demoDataDir(t)
	for _, args := range [][]string{
		{"seed", "demo", "--data", data},
		{"seed", "synthetic", "--data", data, "--employees", "5", "--customers", "20"},
	} {
		_, _, err := run(t, nil, args...)
		if err == nil || !strings.Contains(err.Error(), "40 employees") || !strings.Contains(err.Error(), "--force") {
			t.Errorf("%s: err = %v, want a refusal naming what is there and --force", strings.Join(args[:2], " "), err)
		}
	}
	if _, stderr, err := run(t, nil, "seed", "synthetic", "--data", data, "--employees", "5", "--customers", "20", "--force"); err != nil {
		t.Fatalf("seed synthetic --force: %v\n%s", err, stderr)
	}
	if _, stderr, err := run(t, nil, "seed", "demo", "--data", data, "--force"); err != nil {
		t.Fatalf("seed demo --force: %v\n%s", err, stderr)
	}
}

// Commands other than serve log at warn unless asked.
func TestCommandsAreQuietUnlessAsked(t *testing.T) {
	data := demoDataDir(t)
	_, stderr, err := run(t, nil, "route", "c-stadtwerke-1", "--data", data)
	if err != nil || stderr != "" {
		t.Errorf("route: err %v, stderr %q: want nothing on stderr", err, stderr)
	}
	_, stderr, _ = run(t, nil, "route", "c-stadtwerke-1", "--data", data, "--log-level", "info")
	if !strings.Contains(stderr, "store open") {
		t.Errorf("route --log-level info: stderr %q, want the store-open log", stderr)
	}
	_, stderr, _ = run(t, map[string]string{"CONTACTGRAPH_LOG_LEVEL": "info"}, "route", "c-stadtwerke-1", "--data", data)
	if !strings.Contains(stderr, "store open") {
		t.Errorf("CONTACTGRAPH_LOG_LEVEL=info route: stderr %q, want the store-open log", stderr)
	}
}

// import takes what export writes, a zip, and a single CSV file, as the
// HTTP import does.
func TestImportTakesTheExportZipAndOneFile(t *testing.T) {
	data := demoDataDir(t)
	dir := t.TempDir()
	zipFile := filepath.Join(dir, "export.zip")
	if _, stderr, err := run(t, nil, "export", zipFile, "--data", data); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	fresh := t.TempDir()
	out, stderr, err := run(t, nil, "import", zipFile, "--data", fresh)
	if err != nil || !regexp.MustCompile(`customers\.csv\s+150\s+0\s+150\s+150`).MatchString(out) {
		t.Fatalf("import of the zip: %v\n%s%s", err, out, stderr)
	}
	units := filepath.Join(dir, "units.csv")
	if err := os.WriteFile(units, []byte("id,name\nit-security,IT-Sicherheit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, err = run(t, nil, "import", units, "--data", fresh)
	if err != nil || !regexp.MustCompile(`units\.csv\s+1\s+0\s+1\s+1`).MatchString(out) {
		t.Errorf("import of one file: %v\n%s%s", err, out, stderr)
	}
	other := filepath.Join(dir, "people.csv")
	_ = os.WriteFile(other, []byte("id,name\n"), 0o644)
	if _, _, err := run(t, nil, "import", other, "--data", fresh); err == nil || !strings.Contains(err.Error(), "units.csv") {
		t.Errorf("import of people.csv: err %v, want one naming the files it takes", err)
	}
}

// Help shows one default per flag.
func TestHelpShowsOneDefault(t *testing.T) {
	for _, c := range []string{"contacts", "route", "campaign"} {
		out, _, err := run(t, nil, c, "--help")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Count(line, "(default") > 1 || strings.Contains(line, "(default:") {
				t.Errorf("%s --help: %q", c, line)
			}
		}
	}
}

// contacts prints aligned columns; route prints names like contacts does,
// and its JSON carries asOf as the API's does.
func TestContactsAndRouteReadWell(t *testing.T) {
	data := demoDataDir(t)
	out, _, err := run(t, nil, "contacts", "c-stadtwerke-1", "--data", data, "--max-hops", "3", "--limit", "10")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "Leon Bauer (c-stadtwerke-1), account Stadtwerke Kiel (stadtwerke)\n") {
		t.Errorf("contacts does not name the account:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")[1:]
	col := -1
	for _, l := range lines {
		i := utf8.RuneCountInString(l[:strings.Index(l, "score ")])
		if col == -1 {
			col = i
		}
		if i != col {
			t.Errorf("contacts columns do not line up:\n%s", out)
			break
		}
	}
	out, _, err = run(t, nil, "route", "c-stadtwerke-1", "--data", data)
	if err != nil || !strings.Contains(out, "Leon Bauer") || !strings.Contains(out, "Jonas Weber") || strings.Contains(out, "via c-stadtwerke-1") {
		t.Errorf("route: %v\n%s", err, out)
	}
	out, _, err = run(t, nil, "route", "c-stadtwerke-1", "--data", data, "--json", "--as-of", "2026-12-01")
	var res struct {
		AsOf   string `json:"asOf"`
		Reason string `json:"reason"`
	}
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || res.AsOf != "2026-12-01T00:00:00Z" || res.Reason == "" {
		t.Errorf("route --json: %v\n%s", err, out)
	}
}

// A campaign to every customer needs no list.
func TestCampaignToAll(t *testing.T) {
	data := demoDataDir(t)
	out, stderr, err := run(t, nil, "campaign", "--all", "--data", data, "--json")
	if err != nil {
		t.Fatalf("campaign --all: %v\n%s", err, stderr)
	}
	var res struct {
		Summary struct {
			Recipients int `json:"recipients"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Summary.Recipients != len(seed.Demo().Customers) {
		t.Errorf("campaign --all: %d recipients, %v", res.Summary.Recipients, err)
	}
	out, stderr, err = run(t, nil, "campaign", "--unit", "sales", "--data", data, "--json")
	if err != nil {
		t.Fatalf("campaign --unit: %v\n%s", err, stderr)
	}
	// Every account but schulen, which has no owner, is owned in sales.
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Summary.Recipients != 150-7 {
		t.Errorf("campaign --unit sales: %d recipients, %v", res.Summary.Recipients, err)
	}
	if _, _, err := run(t, nil, "campaign", "--all", "--account", "hafen", "--data", data); err == nil {
		t.Error("campaign --all --account: want a refusal, all means all")
	}
}

// serve --demo sends the fallback from the demo company's own domain.
func TestServeDemoFallbackUsesTheDemoDomain(t *testing.T) {
	base, stop := startInProcess(t, nil, "--data", t.TempDir(), "--demo")
	defer stop()
	res, err := http.Post(base+"/api/v1/campaigns/resolve", "application/json", strings.NewReader(`{"accounts": ["schulen"]}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `"reason":"fallback"`) || !strings.Contains(string(body), "vorstand@nordwerk.example") ||
		strings.Contains(string(body), "example.com") {
		t.Errorf("fallback of the demo: %s", body)
	}
}
