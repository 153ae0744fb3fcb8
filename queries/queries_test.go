package queries

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// embedded maps each exported string var of queries.go to the file its
// //go:embed directive names.
func embedded(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "queries.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || g.Doc == nil {
			continue
		}
		var file string
		for _, c := range g.Doc.List {
			if rest, ok := strings.CutPrefix(c.Text, "//go:embed "); ok {
				file = strings.TrimSpace(rest)
			}
		}
		for _, s := range g.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				if n.IsExported() && file != "" && !strings.Contains(file, "*") {
					out[n.Name] = file
				}
			}
		}
	}
	return out
}

// statement returns the text of a .cypher file without its comment lines.
func statement(src string) string {
	var b strings.Builder
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "//") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return strings.TrimSpace(b.String())
}

func checkStatement(t *testing.T, name, src string) {
	t.Helper()
	s := statement(src)
	if s == "" {
		t.Errorf("%s: no statement", name)
	}
	if strings.Contains(s, ";") {
		t.Errorf("%s: holds more than one statement (or a ';')", name)
	}
}

func TestEveryFileIsOneEmbeddedStatement(t *testing.T) {
	vars := embedded(t)
	files, err := filepath.Glob("*.cypher")
	if err != nil {
		t.Fatal(err)
	}
	var named []string
	for _, f := range vars {
		named = append(named, f)
	}
	for _, f := range files {
		if !slices.Contains(named, f) {
			t.Errorf("%s is not embedded into any exported var", f)
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkStatement(t, f, string(src))
	}
	if len(vars) != len(files) {
		t.Errorf("%d exported query vars for %d files", len(vars), len(files))
	}
}

func TestMigrations(t *testing.T) {
	names, err := fs.Glob(migrations, "migrations/*.cypher")
	if err != nil {
		t.Fatal(err)
	}
	if len(Migrations) == 0 || len(Migrations) != len(names) {
		t.Fatalf("%d migrations for %d files", len(Migrations), len(names))
	}
	for i, m := range Migrations {
		checkStatement(t, names[i], m)
		if !strings.Contains(m, "IF NOT EXISTS") {
			t.Errorf("%s is not idempotent (no IF NOT EXISTS)", names[i])
		}
	}
}

// TestEveryQueryIsUsed keeps the package free of dead statements: each
// exported query is referred to by some Go file of the module outside this
// package.
func TestEveryQueryIsUsed(t *testing.T) {
	var code strings.Builder
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "queries" || strings.HasPrefix(d.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			code.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range embedded(t) {
		if !regexp.MustCompile(`\bqueries\.` + name + `\b`).MatchString(code.String()) {
			t.Errorf("queries.%s is used nowhere", name)
		}
	}
}
