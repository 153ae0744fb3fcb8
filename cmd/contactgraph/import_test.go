package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/internal/neo4jtest"
)

// runCLI runs the program in-process with args and returns its output.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	cmd := app.Command()
	cmd.SetArgs(append(args, "--log-level", "warn"))
	err = cmd.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := runCLI(t, args...)
	if err != nil {
		t.Fatalf("contactgraph %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// cliStores runs fn with the store flags of each store: a fresh embedded
// data directory per call, and Neo4j (wiped per call) when NEO4J_TEST_URI
// is set.
func cliStores(t *testing.T, fn func(t *testing.T, fresh func() []string)) {
	t.Run("embedded", func(t *testing.T) {
		fn(t, func() []string { return []string{"--data", t.TempDir()} })
	})
	t.Run("neo4j", func(t *testing.T) {
		neo4jtest.Open(t)
		fn(t, func() []string {
			neo4jtest.Open(t) // wipes
			return []string{"--neo4j-uri", os.Getenv("NEO4J_TEST_URI")}
		})
	})
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{"units.csv", "employees.csv", "accounts.csv", "customers.csv", "relationships.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
	}
	return out
}

func TestSyntheticImportExportRoundTrip(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "gen")
	out := mustCLI(t, "seed", "synthetic", "--employees", "40", "--customers", "600", "--seed", "9", "--out", gen)
	if !strings.Contains(out, "customers.csv: 600 rows") {
		t.Fatalf("synthetic --out: %s", out)
	}
	cliStores(t, func(t *testing.T, fresh func() []string) {
		first, second := filepath.Join(t.TempDir(), "first"), filepath.Join(t.TempDir(), "second.zip")
		store := fresh()
		out := mustCLI(t, append([]string{"import", gen}, store...)...)
		if !strings.Contains(out, "customers.csv") || !strings.Contains(out, "600") {
			t.Errorf("import summary:\n%s", out)
		}
		mustCLI(t, append([]string{"export", first, "--include-private"}, store...)...)
		again := mustCLI(t, append([]string{"import", gen}, store...)...)
		if !regexp.MustCompile(`customers.csv +600 +0 +600 +0\n`).MatchString(again) {
			t.Errorf("re-import created rows:\n%s", again)
		}

		store = fresh()
		mustCLI(t, append([]string{"import", first}, store...)...)
		mustCLI(t, append([]string{"export", second, "--include-private"}, store...)...)
		unzipped := filepath.Join(t.TempDir(), "unzipped")
		unzip(t, second, unzipped)
		want, got := readDir(t, first), readDir(t, unzipped)
		for name := range want {
			if got[name] != want[name] {
				t.Errorf("%s differs after export → import → export", name)
			}
		}
	})
}

func TestSyntheticIntoTheStore(t *testing.T) {
	cliStores(t, func(t *testing.T, fresh func() []string) {
		store := fresh()
		out := mustCLI(t, append([]string{"seed", "synthetic", "--employees", "20", "--customers", "300", "--seed", "4"}, store...)...)
		if !strings.Contains(out, "wrote ") {
			t.Errorf("synthetic: %s", out)
		}
		dir := filepath.Join(t.TempDir(), "x")
		out = mustCLI(t, append([]string{"export", dir}, store...)...)
		if !strings.Contains(out, "customers.csv: 300 rows") || !strings.Contains(out, "left out") {
			t.Errorf("export:\n%s", out)
		}
	})
}

func TestImportCommandReportsBadRows(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("units.csv", "id,name,parent\nit,IT,\n")
	write("employees.csv", "id,name,email,unit,active\ne1,Anna,anna@corp.example,it,true\ne2,Ben,ben@corp.example,it,yes\n")
	write("README.txt", "not data")
	cliStores(t, func(t *testing.T, fresh func() []string) {
		store := fresh()
		out, errOut, err := runCLI(t, append([]string{"import", dir}, store...)...)
		if err == nil || !strings.Contains(errOut, `employees.csv:3: active: must be true or false, not "yes"`) {
			t.Fatalf("err %v, stderr:\n%s", err, errOut)
		}
		if !strings.Contains(out, "ignored README.txt") {
			t.Errorf("stdout:\n%s", out)
		}
		if _, _, err := runCLI(t, append([]string{"import", dir, "--dry-run", "--skip-invalid"}, store...)...); err != nil {
			t.Fatalf("dry run with --skip-invalid: %v", err)
		}
		export := filepath.Join(t.TempDir(), "e")
		mustCLI(t, append([]string{"export", export}, store...)...)
		if got := readDir(t, export)["employees.csv"]; strings.Count(got, "\n") != 1 {
			t.Errorf("something was written:\n%s", got)
		}
		out = mustCLI(t, append([]string{"import", dir, "--skip-invalid"}, store...)...)
		if !strings.Contains(out, "employees.csv") {
			t.Errorf("stdout:\n%s", out)
		}
		mustCLI(t, append([]string{"export", export}, store...)...)
		if got := readDir(t, export)["employees.csv"]; !strings.Contains(got, "e1,Anna") || strings.Contains(got, "e2") {
			t.Errorf("with --skip-invalid:\n%s", got)
		}
	})
}

func TestImportRealFormats(t *testing.T) {
	// The real data sets at the repository root (see testdata/README.md).
	data := filepath.Join("..", "..", "testdata")
	if _, err := os.Stat(data); err != nil {
		t.Fatalf("no real data at %s: %v", data, err)
	}
	store := []string{"--data", t.TempDir()}
	out := mustCLI(t, append([]string{"import", "--format", "ldbc", filepath.Join(data, "ldbc-snb-sf0.1")}, store...)...)
	if !strings.Contains(out, "14073") {
		t.Errorf("ldbc import:\n%s", out)
	}
	out = mustCLI(t, append([]string{"import", "--format", "advogato", filepath.Join(data, "advogato", "out.advogato")}, store...)...)
	if !strings.Contains(out, "39285") {
		t.Errorf("advogato import:\n%s", out)
	}
	conv := filepath.Join(t.TempDir(), "conv")
	out = mustCLI(t, "convert", "--format", "advogato", filepath.Join(data, "advogato", "out.advogato"), conv)
	if !strings.Contains(out, "39285 relationships") {
		t.Errorf("convert: %s", out)
	}
	if _, err := os.Stat(filepath.Join(conv, "relationships.csv")); err != nil {
		t.Error(err)
	}
}
