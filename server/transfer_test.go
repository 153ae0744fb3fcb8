package server

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

// unzip returns the files of an export answer by name.
func unzip(t *testing.T, w *httptest.ResponseRecorder) map[string]string {
	t.Helper()
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("export = %d %s: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	z, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		out[f.Name] = string(b)
	}
	return out
}

// upload sends files as a multipart import.
func upload(a *api, query string, files map[string]string) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, content := range files {
		fw, _ := mw.CreateFormFile("files", name)
		_, _ = io.WriteString(fw, content)
	}
	_ = mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/import"+query, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	w := httptest.NewRecorder()
	a.h.ServeHTTP(w, req)
	return w
}

func TestImportExportRoundTrip(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		src := newAPI(t, newEmbedded(t))
		if _, err := src.store.Batch(context.Background(), seed.Demo()); err != nil {
			t.Fatal(err)
		}
		files := unzip(t, src.do("GET", "/api/v1/export", ""))
		if len(files) != 5 || !strings.Contains(files["employees.csv"], "jonas.weber") {
			t.Fatalf("export files: %v", len(files))
		}
		if strings.Contains(files["relationships.csv"], "private") {
			t.Error("the export holds private relationships")
		}
		dst := newAPI(t, s)
		if w := upload(dst, "", files); w.Code != http.StatusOK {
			t.Fatalf("import = %d %s", w.Code, w.Body)
		}
		again := unzip(t, dst.do("GET", "/api/v1/export", ""))
		for name, content := range files {
			if again[name] != content {
				t.Errorf("%s differs after export → import → export", name)
			}
		}
		with := unzip(t, src.do("GET", "/api/v1/export?includePrivate=true", ""))
		if !strings.Contains(with["relationships.csv"], "private") {
			t.Error("includePrivate=true left the private relationships out")
		}
	})
}

func TestImportRefusesBadRowsAndWritesNothing(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := newAPI(t, s)
		before := a.snapshot()
		w := upload(a, "", map[string]string{
			"employees.csv":     "id,name,email\ne1,Ada,ada@example.com\ne2,Bob,not-an-email\n",
			"relationships.csv": "a,b,trust\ne1,e1,0.5\n",
		})
		p := problem(t, w, http.StatusBadRequest)
		for _, want := range []string{"employees.csv:3: email", "relationships.csv:2: b"} {
			if !hasField(p, want) {
				t.Errorf("problem names %v, want %q", fields(p), want)
			}
		}
		if a.snapshot() != before {
			t.Error("a refused import wrote something")
		}
		problem(t, upload(a, "", map[string]string{"people.csv": "id\n"}), http.StatusBadRequest)
		problem(t, upload(a, "?dryRun=maybe", map[string]string{"units.csv": "id,name\nu1,U\n"}), http.StatusBadRequest)
		if w := upload(a, "?dryRun=true", map[string]string{"units.csv": "id,name\nu1,U\n"}); w.Code != http.StatusOK {
			t.Fatalf("dry run = %d %s", w.Code, w.Body)
		}
		if a.snapshot() != before {
			t.Error("a dry run wrote something")
		}
	})
}

func TestExportPrivateNeedsAdmin(t *testing.T) {
	keys, err := ParseKeys("admin=admin-key-0001,manager=manager-key-0001")
	if err != nil {
		t.Fatal(err)
	}
	a := newAPIWith(t, newEmbedded(t), Config{Keys: keys})
	problem(t, a.do("GET", "/api/v1/export?includePrivate=true", "", "Authorization", "Bearer manager-key-0001"), http.StatusForbidden)
	if w := a.do("GET", "/api/v1/export", "", "Authorization", "Bearer manager-key-0001"); w.Code != http.StatusOK {
		t.Errorf("manager export = %d", w.Code)
	}
}
