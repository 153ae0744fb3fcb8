package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

func loadOpenAPI(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return doc
}

// ginToOpenAPI turns a Gin path template into OpenAPI's: :id → {id}.
func ginToOpenAPI(path string) string {
	return regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`).ReplaceAllString(path, "{$1}")
}

// TestOpenAPICoversRoutes holds the document and the router together: every
// route is documented and every documented operation is a route. When you add
// a route, document it in openapi.json.
func TestOpenAPICoversRoutes(t *testing.T) {
	a := newAPI(t, &stubStore{})
	doc := loadOpenAPI(t, openAPISource)
	paths, _ := doc["paths"].(map[string]any)

	routes := map[string]bool{}
	for _, r := range a.srv.Routes() {
		routes[strings.ToLower(r.Method)+" "+ginToOpenAPI(r.Path)] = true
	}
	documented := map[string]bool{}
	for path, item := range paths {
		for _, m := range httpMethods {
			if _, ok := item.(map[string]any)[m]; ok {
				documented[m+" "+path] = true
			}
		}
	}
	for r := range routes {
		if !documented[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for d := range documented {
		if !routes[d] {
			t.Errorf("openapi.json documents %s, which is no route", d)
		}
	}
	if len(routes) < 25 {
		t.Errorf("only %d routes: Routes() lost some", len(routes))
	}
}

func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t, openAPISource)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	checkRefs(t, doc, doc, "#")

	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range []string{"Employee", "Customer", "Account", "Unit", "Relationship", "Interaction", "Batch", "Page", "Problem"} {
		if _, ok := schemas[name]; !ok {
			t.Errorf("schema %s missing", name)
		}
	}

	opIDs := map[string]string{}
	paramRe := regexp.MustCompile(`\{([^}]+)\}`)
	for path, raw := range doc["paths"].(map[string]any) {
		item := raw.(map[string]any)
		for _, m := range httpMethods {
			raw, ok := item[m]
			if !ok {
				continue
			}
			op := raw.(map[string]any)
			where := m + " " + path
			id, _ := op["operationId"].(string)
			if id == "" {
				t.Errorf("%s: no operationId", where)
			} else if prev, dup := opIDs[id]; dup {
				t.Errorf("%s: operationId %s also on %s", where, id, prev)
			}
			opIDs[id] = where
			if s, _ := op["summary"].(string); s == "" {
				t.Errorf("%s: no summary", where)
			}

			// Every path parameter is declared, and nothing else is.
			declared := map[string]bool{}
			for _, list := range []any{item["parameters"], op["parameters"]} {
				ps, _ := list.([]any)
				for _, p := range ps {
					p := resolve(t, doc, p)
					if p["in"] == "path" {
						declared[p["name"].(string)] = true
					}
				}
			}
			var want []string
			for _, m := range paramRe.FindAllStringSubmatch(path, -1) {
				want = append(want, m[1])
				if !declared[m[1]] {
					t.Errorf("%s: path parameter %s not declared", where, m[1])
				}
			}
			for name := range declared {
				if !slices.Contains(want, name) {
					t.Errorf("%s: declares path parameter %s that the path lacks", where, name)
				}
			}

			responses, _ := op["responses"].(map[string]any)
			if len(responses) == 0 {
				t.Errorf("%s: no responses", where)
			}
			for status, r := range responses {
				r := resolve(t, doc, r)
				if status >= "400" {
					content, _ := r["content"].(map[string]any)
					if _, ok := content[ProblemContentType]; !ok {
						t.Errorf("%s: response %s is not a problem", where, status)
					}
				}
			}
		}
	}
}

// checkRefs fails for every $ref in v that does not resolve in doc.
func checkRefs(t *testing.T, doc map[string]any, v any, at string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k == "$ref" {
				if _, ok := lookup(doc, e.(string)); !ok {
					t.Errorf("%s: $ref %v does not resolve", at, e)
				}
				continue
			}
			checkRefs(t, doc, e, at+"/"+k)
		}
	case []any:
		for i, e := range v {
			checkRefs(t, doc, e, fmt.Sprintf("%s/%d", at, i))
		}
	}
}

func lookup(doc map[string]any, ref string) (map[string]any, bool) {
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	var cur any = doc
	for _, part := range strings.Split(path, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	m, ok := cur.(map[string]any)
	return m, ok
}

func resolve(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	m, _ := v.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		r, ok := lookup(doc, ref)
		if !ok {
			t.Fatalf("$ref %s does not resolve", ref)
		}
		return r
	}
	return m
}

func TestOpenAPIServed(t *testing.T) {
	a := newAPIWith(t, &stubStore{}, Config{Version: "1.2.3"})
	w := a.do("GET", "/openapi.json", "")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("GET /openapi.json = %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	served := loadOpenAPI(t, w.Body.Bytes())
	if v := served["info"].(map[string]any)["version"]; v != "1.2.3" {
		t.Errorf("info.version = %v, want the configured 1.2.3", v)
	}
	// Apart from the version, the served document is the source.
	src := loadOpenAPI(t, openAPISource)
	src["info"].(map[string]any)["version"] = "1.2.3"
	a1, _ := json.Marshal(src)
	a2, _ := json.Marshal(served)
	if string(a1) != string(a2) {
		t.Error("the served document differs from openapi.json beyond info.version")
	}
	if !strings.HasPrefix(w.Body.String(), "{\n  \"openapi\"") {
		t.Errorf("the served document lost its key order: %.40s", w.Body.String())
	}
}

// TestOpenAPIStatusesOfEveryOperation: every status the middleware can
// answer on an operation is documented there (schemathesis checks the
// statuses it meets; this checks those it may not meet, such as 429 and
// 503): under /api/v1 400, 401, 429, 503 and, unless every role may call
// it, 403; with a body also 413 and 415; /metrics and /openapi.json 401.
func TestOpenAPIStatusesOfEveryOperation(t *testing.T) {
	doc := loadOpenAPI(t, openAPISource)
	for path, raw := range doc["paths"].(map[string]any) {
		item := raw.(map[string]any)
		for _, m := range httpMethods {
			raw, ok := item[m]
			if !ok {
				continue
			}
			op := raw.(map[string]any)
			responses, _ := op["responses"].(map[string]any)
			var want []string
			switch {
			case strings.HasPrefix(path, APIPrefix+"/"):
				want = []string{"400", "401", "429", "503"}
				// 403 unless every role may call it (GET /whoami).
				ginPath := regexp.MustCompile(`\{([^}]+)\}`).ReplaceAllString(path, ":$1")
				if r := policy[strings.ToUpper(m)+" "+ginPath]; len(r.roles) < len(everyone) {
					want = append(want, "403")
				}
				if _, ok := op["requestBody"]; ok {
					want = append(want, "413", "415")
				}
			case path == "/metrics":
				want = []string{"401", "403"}
			case path == "/openapi.json":
				want = []string{"401"}
			}
			for _, status := range want {
				if _, ok := responses[status]; !ok {
					t.Errorf("%s %s: status %s is not documented", m, path, status)
				}
			}
		}
	}
}
