package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// testKeys gives every role a key; the employee key is bound to e1, the
// account manager's to e2.
var testKeys = map[string]string{
	RoleAdmin:          "admin-key-0001",
	RoleManager:        "manager-key-0001",
	RoleAccountManager: "am-key-0001",
	RoleMarketing:      "marketing-key-0001",
	RoleEmployee:       "employee-e1-key",
}

func keyedAPI(t *testing.T) *api {
	t.Helper()
	var list []string
	for role, key := range testKeys {
		switch role {
		case RoleEmployee:
			role = "employee:e1"
		case RoleAccountManager:
			role = "account_manager:e2" // introductions are asked for in a person's name
		}
		list = append(list, role+"="+key)
	}
	keys, err := ParseKeys(strings.Join(list, ","))
	if err != nil {
		t.Fatal(err)
	}
	a := newAPIWith(t, newEmbedded(t), Config{Version: "test", Keys: keys})
	return a
}

// expected is the role matrix of docs/contract.md §3, written out independently of
// the policy table: which roles may call each route (employee means the key
// bound to e1 acting on e1's own data).
var expected = map[string][]string{
	"GET /api/v1/employees":                     {"admin", "manager", "account_manager"},
	"GET /api/v1/employees/:id":                 {"admin", "manager", "account_manager", "employee"},
	"PUT /api/v1/employees/:id":                 {"admin"},
	"DELETE /api/v1/employees/:id":              {"admin"},
	"GET /api/v1/customers":                     {"admin", "manager", "account_manager"},
	"GET /api/v1/customers/:id":                 {"admin", "manager", "account_manager"},
	"PUT /api/v1/customers/:id":                 {"admin"},
	"DELETE /api/v1/customers/:id":              {"admin"},
	"GET /api/v1/accounts":                      {"admin", "manager", "account_manager"},
	"GET /api/v1/accounts/:id":                  {"admin", "manager", "account_manager"},
	"PUT /api/v1/accounts/:id":                  {"admin"},
	"DELETE /api/v1/accounts/:id":               {"admin"},
	"GET /api/v1/units":                         {"admin", "manager", "account_manager"},
	"GET /api/v1/units/:id":                     {"admin", "manager", "account_manager"},
	"PUT /api/v1/units/:id":                     {"admin"},
	"DELETE /api/v1/units/:id":                  {"admin"},
	"GET /api/v1/relationships/:a/:b":           {"admin", "manager", "employee"},
	"GET /api/v1/relationships/:a/:b/history":   {"admin", "manager", "employee"},
	"POST /api/v1/me/interactions":              {"employee"},
	"PUT /api/v1/relationships/:a/:b":           {"admin", "employee"},
	"DELETE /api/v1/relationships/:a/:b":        {"admin", "employee"},
	"GET /api/v1/persons/:id/relationships":     {"admin", "manager", "employee"},
	"POST /api/v1/interactions":                 {"admin"},
	"POST /api/v1/batch":                        {"admin"},
	"GET /api/v1/customers/:id/contacts":        {"admin", "manager", "account_manager"},
	"GET /api/v1/customers/:id/interactions":    {"admin", "manager", "account_manager"},
	"GET /api/v1/customers/:id/route":           {"admin", "manager", "account_manager", "marketing"},
	"POST /api/v1/import":                       {"admin"},
	"POST /api/v1/capture":                      {"admin"},
	"GET /api/v1/export":                        {"admin", "manager"},
	"GET /api/v1/paths":                         {"admin", "manager", "account_manager"},
	"GET /api/v1/employees/:id/handover":        {"admin", "manager", "account_manager"},
	"POST /api/v1/campaigns/resolve":            {"admin", "manager", "marketing"},
	"POST /api/v1/campaigns":                    {"admin", "marketing"},
	"GET /api/v1/campaigns":                     {"admin", "manager", "marketing"},
	"GET /api/v1/campaigns/:id":                 {"admin", "manager", "marketing"},
	"POST /api/v1/campaigns/:id/sent":           {"admin", "marketing"},
	"POST /api/v1/campaigns/:id/decline":        {"admin", "employee"},
	"PUT /api/v1/campaigns/:id/letter":          {"admin", "marketing"},
	"GET /api/v1/campaigns/:id/letter":          {"admin", "manager", "marketing"},
	"GET /api/v1/campaigns/:id/preview":         {"admin", "manager", "marketing"},
	"POST /api/v1/campaigns/:id/deliver":        {"admin", "marketing"},
	"POST /api/v1/campaigns/:id/pause":          {"admin", "marketing"},
	"GET /api/v1/campaigns/:id/delivery":        {"admin", "manager", "marketing"},
	"GET /api/v1/me":                            {"employee"},
	"PATCH /api/v1/me":                          {"employee"},
	"GET /api/v1/me/network":                    {"employee"},
	"GET /api/v1/me/campaigns":                  {"employee"},
	"GET /api/v1/employees/:id/campaigns":       {"admin", "manager", "employee"},
	"GET /api/v1/analytics/coverage":            {"admin", "manager"},
	"GET /api/v1/analytics/key-people":          {"admin", "manager"},
	"GET /api/v1/graph":                         {"admin", "manager", "account_manager"},
	"GET /metrics":                              {"admin", "manager"},
	"GET /openapi.json":                         {"admin", "manager", "account_manager", "marketing", "employee"},
	"GET /api/v1/whoami":                        {"admin", "manager", "account_manager", "marketing", "employee"},
	"POST /api/v1/introductions":                {"account_manager"},
	"GET /api/v1/introductions":                 {"admin", "manager", "account_manager"},
	"GET /api/v1/introductions/:id":             {"admin", "manager", "account_manager"},
	"GET /api/v1/me/introductions":              {"employee"},
	"POST /api/v1/me/introductions/:id/accept":  {"employee"},
	"POST /api/v1/me/introductions/:id/decline": {"employee"},
	"POST /api/v1/me/introductions/:id/done":    {"employee"},
	"GET /healthz":                              nil, // open to all, no key needed
	"GET /readyz":                               nil,
	"GET /":                                     nil, // the web UI: static files without data
	"GET /ui/*file":                             nil,
	"GET /unsubscribe":                          nil, // the signed token is the authority
	"POST /unsubscribe":                         nil,
}

var open = map[string]bool{"GET /healthz": true, "GET /readyz": true, "GET /": true, "GET /ui/*file": true,
	"GET /unsubscribe": true, "POST /unsubscribe": true}

// concrete fills a route template with ids that involve employee e1, so
// that the employee key acts on its own data.
func concrete(path string) string {
	r := strings.NewReplacer(":id", "e1", ":a", "e1", ":b", "c1")
	return r.Replace(path)
}

func TestAccessPolicyCoversRoutes(t *testing.T) {
	a := keyedAPI(t)
	routes := map[string]bool{}
	for _, r := range a.srv.Routes() {
		key := r.Method + " " + r.Path
		routes[key] = true
		if _, ok := expected[key]; !ok {
			t.Errorf("route %s has no row in the expected role matrix", key)
		}
		if _, ok := policy[key]; !ok && !open[key] {
			t.Errorf("route %s has no access rule: it is refused to everyone", key)
		}
	}
	for key := range policy {
		if !routes[key] {
			t.Errorf("access rule for %s, which is no route", key)
		}
	}
}

func TestRoleMatrix(t *testing.T) {
	a := keyedAPI(t)
	for _, r := range a.srv.Routes() {
		key := r.Method + " " + r.Path
		path := concrete(r.Path)
		body := ""
		if r.Method == "PUT" || r.Method == "POST" {
			body = "{}"
		}
		t.Run(key, func(t *testing.T) {
			a := a.in(t)
			if open[key] {
				if w := a.do(r.Method, path, ""); w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden {
					t.Fatalf("%s without a key = %d, want it open", key, w.Code)
				}
				return
			}
			p := problem(t, a.do(r.Method, path, body), http.StatusUnauthorized)
			if !strings.Contains(p.Detail, "API key") {
				t.Errorf("401 detail %q does not say a key is needed", p.Detail)
			}
			problem(t, a.do(r.Method, path, body, "Authorization", "Bearer wrong-key-123"), http.StatusUnauthorized)
			for role, key := range testKeys {
				w := a.do(r.Method, path, body, "Authorization", "Bearer "+key)
				want := contains(expected[r.Method+" "+r.Path], role)
				got := w.Code != http.StatusForbidden && w.Code != http.StatusUnauthorized
				if got != want {
					t.Errorf("role %s: %s %s = %d, allowed %v want %v\n%s", role, r.Method, path, w.Code, got, want, w.Body)
				}
			}
		})
	}
}

func TestEmployeeKeyOnlyReachesOwnData(t *testing.T) {
	a := keyedAPI(t)
	auth := []string{"Authorization", "Bearer " + testKeys[RoleEmployee]}
	for _, path := range []string{"/api/v1/employees/e2", "/api/v1/persons/e2/relationships", "/api/v1/relationships/e2/c1"} {
		problem(t, a.do("GET", path, "", auth...), http.StatusForbidden)
	}
	problem(t, a.do("PUT", "/api/v1/relationships/e2/c1", `{"trust": 0.5}`, auth...), http.StatusForbidden)
}

func TestParseKeys(t *testing.T) {
	k, err := ParseKeys("admin=abcdefgh1, employee:e-7=zyxwvuts2")
	if err != nil || k.Len() != 2 {
		t.Fatalf("ParseKeys = %v, %v", k, err)
	}
	if who, ok := k.lookup("zyxwvuts2"); !ok || who.Role != RoleEmployee || who.Employee != "e-7" {
		t.Errorf("lookup employee key = %+v, %v", who, ok)
	}
	if _, ok := k.lookup("abcdefgh"); ok {
		t.Error("a prefix of a key was accepted")
	}
	if am, err := ParseKeys("account_manager:e-9=abcdefgh3"); err != nil {
		t.Errorf("a bound account manager key: %v", err)
	} else if who, ok := am.lookup("abcdefgh3"); !ok || who.Role != RoleAccountManager || who.Employee != "e-9" {
		t.Errorf("lookup account manager key = %+v, %v", who, ok)
	}
	for _, bad := range []string{"account_manager:bad id=abcdefgh1", "root=abcdefgh1", "admin", "admin=short", "employee:bad id=abcdefgh1", "admin=abcdefgh1,manager=abcdefgh1"} {
		if _, err := ParseKeys(bad); err == nil {
			t.Errorf("ParseKeys(%q) accepted", bad)
		} else if strings.Contains(err.Error(), "abcdefgh1") {
			t.Errorf("ParseKeys(%q) error quotes the key: %v", bad, err)
		}
	}
	sum := sha256.Sum256([]byte("file-key-123"))
	f, err := ParseKeysFile(strings.NewReader(fmt.Sprintf("# keys\nmarketing sha256:%s\n", hex.EncodeToString(sum[:]))))
	if err != nil || f.Len() != 1 {
		t.Fatalf("ParseKeysFile = %v, %v", f, err)
	}
	if who, ok := f.lookup("file-key-123"); !ok || who.Role != RoleMarketing {
		t.Errorf("file key lookup = %+v, %v", who, ok)
	}
	if _, err := ParseKeysFile(strings.NewReader("admin sha256:xyz\n")); err == nil {
		t.Error("a bad hash was accepted")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// whoami names the key's role and, for an employee key, its employee; the
// web UI builds its navigation from it.
func TestWhoami(t *testing.T) {
	a := keyedAPI(t)
	for role, key := range testKeys {
		w := a.do("GET", "/api/v1/whoami", "", "Authorization", "Bearer "+key)
		var got Principal
		if err := json.Unmarshal(w.Body.Bytes(), &got); w.Code != http.StatusOK || err != nil {
			t.Fatalf("whoami as %s = %d %s", role, w.Code, w.Body)
		}
		if got.Role != role || got.KeyID == "" || (role == RoleEmployee) != (got.Employee == "e1") || (role == RoleAccountManager) != (got.Employee == "e2") {
			t.Errorf("whoami as %s = %+v", role, got)
		}
	}
	problem(t, a.do("GET", "/api/v1/whoami?x=1", "", "Authorization", "Bearer "+testKeys[RoleAdmin]), http.StatusBadRequest)
	problem(t, a.do("GET", "/api/v1/whoami", ""), http.StatusUnauthorized)
}
