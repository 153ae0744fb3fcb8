package letters

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

func mustCompile(t *testing.T, tpl Template) *Compiled {
	t.Helper()
	c, err := Compile(tpl)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return c
}

func TestFillUsesBothSidesFields(t *testing.T) {
	c := mustCompile(t, Template{
		Subject: "Neues für {{.Recipient.Account}}",
		Text:    "Guten Tag {{.Recipient.Name}},\n\n…\n\n{{.Sender.Signature}}\n{{.Sender.Title}}, {{.Sender.Unit}}\n{{.Sender.Phone}}",
		HTML:    "<p>Guten Tag {{.Recipient.Name}},</p><p>{{.Sender.Name}}</p>",
	})
	l, err := c.Fill(Fields{
		Recipient: Recipient{Name: "Ole <Hansen> & Co", Account: "Werkstatt Nord"},
		Sender:    Sender{Name: "Ada Roth", Title: "Beraterin", Unit: "IT-Sicherheit", Phone: "+49 40 1", Signature: "Ada Roth\nIhr Kontakt"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if l.Subject != "Neues für Werkstatt Nord" {
		t.Errorf("subject %q", l.Subject)
	}
	wantText := "Guten Tag Ole <Hansen> & Co,\n\n…\n\nAda Roth\nIhr Kontakt\nBeraterin, IT-Sicherheit\n+49 40 1"
	if l.Text != wantText {
		t.Errorf("text\n%q\nwant\n%q", l.Text, wantText)
	}
	// html/template escapes data in the HTML part.
	if want := "<p>Guten Tag Ole &lt;Hansen&gt; &amp; Co,</p><p>Ada Roth</p>"; l.HTML != want {
		t.Errorf("html %q, want %q", l.HTML, want)
	}
}

// A mistake names the template, the line and the field, in the words of the
// letter's author.
func TestCompileNamesLineAndField(t *testing.T) {
	for name, tc := range map[string]struct {
		tpl          Template
		field, words string
	}{
		"misspelt field": {Template{Subject: "Hallo", Text: "a\nb\nGuten Tag {{.Recipient.Nmae}}"},
			"letter.text", `line 3: ".Recipient.Nmae": no field "Nmae" in Recipient (there are ID, Name, Title, Email, Account)`},
		"unknown side": {Template{Subject: "{{.Customer}}", Text: "x"},
			"letter.subject", `line 1: ".Customer": no field "Customer" in Fields`},
		"syntax": {Template{Subject: "s", Text: "x", HTML: "<p>\n{{if .Sender.Name}}</p>"},
			"letter.html", "line 2: unexpected EOF"},
		"unknown function": {Template{Subject: "s", Text: "\n{{shout .Sender.Name}}"},
			"letter.text", `line 2: function "shout" not defined`},
		"no text":              {Template{Subject: "s"}, "letter.text", "is required"},
		"subject of two lines": {Template{Subject: "a\nb", Text: "x"}, "letter.subject", "is one line"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Compile(tc.tpl)
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("err %v, want EINVALID", err)
			}
			var found bool
			for _, f := range graph.ErrorFields(err) {
				if f.Field == tc.field && strings.Contains(f.Message, tc.words) {
					found = true
				}
			}
			if !found {
				t.Errorf("problems %v, want %s: …%s…", graph.ErrorFields(err), tc.field, tc.words)
			}
		})
	}
}

// Data is data: template actions in a customer's name are printed, not run.
func TestTemplateActionsInDataArePrinted(t *testing.T) {
	c := mustCompile(t, Template{Subject: "Für {{.Recipient.Name}}", Text: "Hallo {{.Recipient.Name}}", HTML: "<b>{{.Recipient.Name}}</b>"})
	evil := `{{.Sender.Email}}{{template "x"}}`
	l, err := c.Fill(Fields{Recipient: Recipient{Name: evil}, Sender: Sender{Email: "secret@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if l.Text != "Hallo "+evil || l.Subject != "Für "+evil || strings.Contains(l.HTML, "secret") {
		t.Errorf("data was executed: %+v", l)
	}
}

// No header can be set through data: names with CR/LF (which validation
// refuses, but a letter must not rely on it) stay inside their own header.
func TestNoHeaderThroughData(t *testing.T) {
	c := mustCompile(t, Template{Subject: "Hallo {{.Recipient.Name}}", Text: "x", HTML: "<p>x</p>"})
	inject := "Ole\r\nBcc: victim@evil.example\r\nX-Injected: 1"
	f := Fields{
		Recipient: Recipient{Name: inject, Email: "ole@werkstatt.example"},
		Sender:    Sender{Name: "Ada\nBcc: other@evil.example", Email: "ada.roth@nordwerk.example"},
	}
	l, err := c.Fill(f)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Message(l, f.Sender, f.Recipient, Envelope{Mailer: "marketing@nordwerk.example",
		MessageID: MessageID("cmp-1", "c1", "nordwerk.example"), Unsubscribe: "https://x.example/u?t=a\r\nX-Injected: 2",
		Date: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	parsed, err := mail.ReadMessage(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"Bcc", "X-Injected"} {
		if v, ok := parsed.Header[h]; ok {
			t.Errorf("data set header %s: %q", h, v)
		}
	}
	rcpts, err := m.GetRecipients()
	if err != nil || len(rcpts) != 1 || strings.Trim(rcpts[0], "<>") != "ole@werkstatt.example" {
		t.Errorf("envelope recipients %v %v, want only ole@werkstatt.example", rcpts, err)
	}
	from, _ := mail.ParseAddress(parsed.Header.Get("From"))
	if from == nil || from.Address != "ada.roth@nordwerk.example" {
		t.Errorf("From %q", parsed.Header.Get("From"))
	}
	if got := parsed.Header.Get("Sender"); got != "marketing@nordwerk.example" {
		t.Errorf("Sender %q", got)
	}
	if got, want := parsed.Header.Get("Message-Id"), "<"+MessageID("cmp-1", "c1", "nordwerk.example")+">"; got != want {
		t.Errorf("Message-ID %q, want %q", got, want)
	}
}

func TestMessageIDIsStableAndDistinct(t *testing.T) {
	a, b := MessageID("cmp-1", "c:1@x", "nordwerk.example"), MessageID("cmp-1", "c:2@x", "nordwerk.example")
	if a != MessageID("cmp-1", "c:1@x", "nordwerk.example") || a == b || strings.Count(a, "@") != 1 {
		t.Errorf("ids %q %q", a, b)
	}
	if MessageID("cmp-1", "c1", "d") == MessageID("cmp-1c", "1", "d") {
		t.Error("campaign and customer run into each other")
	}
}
