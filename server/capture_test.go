package server

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/capture"
	"github.com/contactgraph/contactgraph/graph"
)

// captureUpload posts files (name → content) and form values.
func captureUpload(a *api, files map[string][]byte, values map[string][]string, header ...string) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, content := range files {
		fw, _ := mw.CreateFormFile("files", name)
		_, _ = fw.Write(content)
	}
	for k, vs := range values {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	_ = mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/capture", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	a.h.ServeHTTP(w, req)
	return w
}

func captureFixture(t *testing.T, s graph.Store) {
	t.Helper()
	_, err := s.Batch(t.Context(), graph.Batch{
		Employees: []graph.Employee{
			{ID: "e-anna", Name: "Anna Berg", Email: "anna.berg@nordwerk.example", Active: true, Sender: true, Broker: true, Capture: true},
			{ID: "e-ben", Name: "Ben Hof", Email: "ben.hof@nordwerk.example", Active: true, Sender: true, Broker: true, Capture: true},
			{ID: "e-cem", Name: "Cem Off", Email: "cem@nordwerk.example", Active: true, Sender: true, Broker: true},
		},
		Customers: []graph.Customer{
			{ID: "c-carla", Name: "Carla Kunde", Email: "carla@kunde.example"},
			{ID: "c-dieter", Name: "Dieter Kunde", Email: "dieter@kunde.example"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func captureTestFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, name := range []string{"mail.mbox", "single.eml", "calendar.ics"} {
		data, err := os.ReadFile("../capture/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = data
	}
	return out
}

func TestCaptureUpload(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		captureFixture(t, s)
		audit := &syncBuffer{}
		a := newAPIWith(t, s, Config{Version: "test", Audit: zerolog.New(audit)})
		files := captureTestFiles(t)
		form := map[string][]string{"consent": {"e-anna\nben.hof@nordwerk.example"}, "until": {"2026-03-31"}}

		// A bad file among good ones: 400 naming it, nothing written.
		bad := map[string][]byte{"x.ics": []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")}
		for k, v := range files {
			bad[k] = v
		}
		before := a.snapshot()
		p := problem(t, captureUpload(a, bad, form), http.StatusBadRequest)
		if !strings.Contains(p.Detail+strings.Join(fields(p), ","), "x.ics") && !strings.Contains(string(mustMarshal(p)), "x.ics") {
			t.Errorf("problem does not name the bad file: %+v", p)
		}
		if a.snapshot() != before {
			t.Error("a rejected upload changed the store")
		}
		if n, _ := s.CapturedCount(t.Context()); n != 0 {
			t.Errorf("a rejected upload stored %d keys", n)
		}

		w := captureUpload(a, files, form)
		if w.Code != http.StatusOK {
			t.Fatalf("capture = %d\n%s", w.Code, w.Body)
		}
		var sum capture.Summary
		if err := json.Unmarshal(w.Body.Bytes(), &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Files != 3 || sum.Items != 16 || sum.Recorded != 11 || sum.Interactions != 15 || sum.Skipped != 4 || sum.UnknownAddresses != 1 {
			t.Errorf("summary %+v", sum)
		}
		// The skipped items as the OpenAPI document's CaptureSummary has them.
		if !strings.Contains(w.Body.String(), `"skippedReasons":[{"item":"`) || !strings.Contains(w.Body.String(), `","reason":"`) {
			t.Errorf("skippedReasons are not {item, reason}: %s", w.Body)
		}
		r := mustJSON[relationshipResponse](a, "GET", "/api/v1/relationships/e-ben/c-dieter", "", http.StatusOK)
		if r.Interactions != 6 || r.LastContact == nil || r.LastContact.Format("2006-01-02T15:04:05Z07:00") != "2026-03-30T07:00:00Z" {
			t.Errorf("e-ben–c-dieter = %+v, want 6 interactions, last 2026-03-30T07:00:00Z", r)
		}

		// Again, naming nobody (everyone with capture on): nothing changes.
		before = a.snapshot()
		w = captureUpload(a, files, map[string][]string{"until": {"2026-03-31"}})
		_ = json.Unmarshal(w.Body.Bytes(), &sum)
		if w.Code != http.StatusOK || sum.Recorded != 0 || sum.Duplicates != 12 {
			t.Errorf("again = %d %+v, want 12 duplicates", w.Code, sum)
		}
		if a.snapshot() != before {
			t.Error("capturing again changed the store")
		}
		if !strings.Contains(audit.String(), `"event":"interactions_captured"`) {
			t.Error("no audit record")
		}
	})
}

func TestCaptureUploadRejects(t *testing.T) {
	s := newEmbedded(t)
	captureFixture(t, s)
	a := newAPI(t, s)
	files := captureTestFiles(t)
	for _, tc := range []struct {
		name   string
		files  map[string][]byte
		values map[string][]string
		field  string
	}{
		{"consent off", files, map[string][]string{"consent": {"e-cem"}}, "consent"},
		{"no files", nil, map[string][]string{"consent": {"e-anna"}}, "files"},
		{"unknown field", files, map[string][]string{"consent": {"e-anna"}, "subject": {"x"}}, "subject"},
		{"bad until", files, map[string][]string{"consent": {"e-anna"}, "until": {"soon"}}, "until"},
		{"bad bulk", files, map[string][]string{"consent": {"e-anna"}, "bulkRecipients": {"0"}}, "bulkRecipients"},
		{"not a format", map[string][]byte{"a.pdf": []byte("%PDF-1.4")}, map[string][]string{"consent": {"e-anna"}}, "files"},
	} {
		p := problem(t, captureUpload(a, tc.files, tc.values), http.StatusBadRequest)
		if !hasField(p, tc.field) {
			t.Errorf("%s: problem fields %v, want %s", tc.name, fields(p), tc.field)
		}
	}
	// A customer's consent is no consent, nor is a value that is no id.
	for _, who := range []string{"c-carla", "nobody at all"} {
		if p := problem(t, captureUpload(a, files, map[string][]string{"consent": {who}}), http.StatusBadRequest); !hasField(p, "consent") {
			t.Errorf("consent %q: problem fields %v, want consent", who, fields(p))
		}
	}
	// Not multipart: 415, as for POST /import.
	problem(t, a.do("POST", "/api/v1/capture", `{"files":[]}`), http.StatusUnsupportedMediaType)
	// Nobody with capture on: nothing may be captured.
	off := newEmbedded(t)
	if _, err := off.PutEmployee(t.Context(), graph.Employee{ID: "e1", Name: "E", Email: "e@x.example", Active: true}); err != nil {
		t.Fatal(err)
	}
	if p := problem(t, captureUpload(newAPI(t, off), files, nil), http.StatusBadRequest); !hasField(p, "consent") {
		t.Errorf("nobody consents: problem fields %v, want consent", fields(p))
	}
	// Too large.
	small := newAPIWith(t, s, Config{Version: "test", MaxBodyBytes: 1024})
	problem(t, captureUpload(small, files, map[string][]string{"consent": {"e-anna"}}), http.StatusRequestEntityTooLarge)
	if n, _ := s.CapturedCount(t.Context()); n != 0 {
		t.Errorf("rejected uploads stored %d keys", n)
	}
}

func mustMarshal(v any) []byte { b, _ := json.Marshal(v); return b }

// The capture consent: off unless set, an admin sets it with the record,
// an employee with PATCH /me (audited), and a capture then counts them.
func TestCaptureConsentField(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		a := inControlAPI(t, s, "e-ben", false)
		a.must("PUT", "/api/v1/employees/e-anna", `{"name": "Anna Berg", "email": "anna.berg@nordwerk.example", "capture": true}`, http.StatusCreated)
		a.must("PUT", "/api/v1/employees/e-ben", `{"name": "Ben Hof", "email": "ben.hof@nordwerk.example"}`, http.StatusCreated)
		a.must("PUT", "/api/v1/customers/c-dieter", `{"name": "Dieter", "email": "dieter@kunde.example"}`, http.StatusCreated)
		if e := mustJSON[employeeResponse](a.api, "GET", "/api/v1/employees/e-anna", "", http.StatusOK); !e.Capture {
			t.Errorf("e-anna: capture %v, want true", e.Capture)
		}
		if e := mustJSON[employeeResponse](a.api, "GET", "/api/v1/employees/e-ben", "", http.StatusOK); e.Capture {
			t.Error("e-ben: capture on without being set")
		}
		eml := map[string][]byte{"one.eml": []byte("From: dieter@kunde.example\r\nTo: ben.hof@nordwerk.example\r\n" +
			"Date: Mon, 02 Mar 2026 10:00:00 +0000\r\nMessage-ID: <c1@kunde.example>\r\n\r\nbody\r\n")}
		var sum capture.Summary
		w := captureUpload(a.api, eml, nil, "Authorization", "Bearer "+a.keys[RoleAdmin])
		if _ = json.Unmarshal(w.Body.Bytes(), &sum); w.Code != http.StatusOK || sum.NoConsent != 1 || sum.Recorded != 0 {
			t.Fatalf("before Ben's consent = %d %s", w.Code, w.Body)
		}

		w = a.as(RoleEmployee, "PATCH", "/api/v1/me", `{"capture": true}`)
		if e := mustJSON[employeeResponse](a.api, "GET", "/api/v1/employees/e-ben", "", http.StatusOK); w.Code != http.StatusOK || !e.Capture {
			t.Fatalf("PATCH /me capture = %d %s; stored %v", w.Code, w.Body, e.Capture)
		}
		if !strings.Contains(a.audit.String(), `"fields":["capture"]`) {
			t.Errorf("no consent_changed record for capture: %s", a.audit.String())
		}
		w = captureUpload(a.api, eml, nil, "Authorization", "Bearer "+a.keys[RoleAdmin])
		if _ = json.Unmarshal(w.Body.Bytes(), &sum); w.Code != http.StatusOK || sum.Recorded != 1 || sum.Interactions != 1 {
			t.Errorf("after Ben's consent = %d %s", w.Code, w.Body)
		}
		// Turning it off stops the next captures.
		a.as(RoleEmployee, "PATCH", "/api/v1/me", `{"capture": false}`)
		eml["two.eml"] = bytes.ReplaceAll(eml["one.eml"], []byte("<c1@"), []byte("<c2@"))
		w = captureUpload(a.api, map[string][]byte{"two.eml": eml["two.eml"]}, nil, "Authorization", "Bearer "+a.keys[RoleAdmin])
		if _ = json.Unmarshal(w.Body.Bytes(), &sum); w.Code != http.StatusOK || sum.Recorded != 0 || sum.NoConsent != 1 {
			t.Errorf("after Ben turned it off = %d %s", w.Code, w.Body)
		}
	})
}
