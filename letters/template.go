package letters

import (
	htmltemplate "html/template"
	"regexp"
	"strconv"
	"strings"
	texttemplate "text/template"
	"unicode/utf8"

	"github.com/contactgraph/contactgraph/graph"
)

// Limits of a letter's templates, in characters.
const (
	MaxSubject = 500
	MaxBody    = 100_000
)

// Template is what a campaign's letters say, as marketing wrote it: Go
// templates over a Fields value. Text is required; HTML is optional.
type Template struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html,omitempty"`
}

// Fields are what a template may use: {{.Recipient.Name}},
// {{.Sender.Signature}} and so on.
type Fields struct {
	Recipient Recipient
	Sender    Sender
}

// Recipient is the customer a letter goes to.
type Recipient struct {
	ID, Name, Title, Email string
	// Account is the name of the customer's account ("" for none).
	Account string
}

// Sender is the person whose name the letter is in: an employee, or the
// campaign's fallback (then only Name and Email are set).
type Sender struct {
	ID, Name, Title, Email, Phone, Signature string
	// Unit is the name of the employee's unit ("" for none).
	Unit string
}

// Compiled is a Template parsed and checked, ready to fill.
type Compiled struct {
	subject, text *texttemplate.Template
	html          *htmltemplate.Template
}

// Compile parses t and fills it once with sample fields, so that a
// misspelt field is found now and not at the thousandth letter. EINVALID
// names the template ("letter.subject", "letter.text", "letter.html") and
// the line and field that are wrong.
func Compile(t Template) (*Compiled, error) {
	var p graph.Problems
	check := func(field, s string, max int, required bool) bool {
		switch {
		case required && strings.TrimSpace(s) == "":
			p.Add(field, "is required")
		case !utf8.ValidString(s):
			p.Add(field, "is not valid UTF-8")
		case utf8.RuneCountInString(s) > max:
			p.Add(field, "is longer than %d characters", max)
		default:
			return true
		}
		return false
	}
	c := &Compiled{}
	if check("letter.subject", t.Subject, MaxSubject, true) {
		if strings.ContainsAny(t.Subject, "\r\n") {
			p.Add("letter.subject", "is one line: it contains a line break")
		} else if tt, err := texttemplate.New("subject").Option("missingkey=error").Parse(t.Subject); err != nil {
			p.Add("letter.subject", "%s", describe(err))
		} else {
			c.subject = tt
		}
	}
	if check("letter.text", t.Text, MaxBody, true) {
		if tt, err := texttemplate.New("text").Option("missingkey=error").Parse(t.Text); err != nil {
			p.Add("letter.text", "%s", describe(err))
		} else {
			c.text = tt
		}
	}
	if t.HTML != "" && check("letter.html", t.HTML, MaxBody, false) {
		if ht, err := htmltemplate.New("html").Option("missingkey=error").Parse(t.HTML); err != nil {
			p.Add("letter.html", "%s", describe(err))
		} else {
			c.html = ht
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if _, err := c.Fill(sample); err != nil {
		return nil, err
	}
	return c, nil
}

// sample fills every field, so that Compile's trial finds names that are
// not there, whatever the data of a real recipient.
var sample = Fields{
	Recipient: Recipient{ID: "c1", Name: "Name", Title: "Title", Email: "c1@example.com", Account: "Account"},
	Sender: Sender{ID: "e1", Name: "Name", Title: "Title", Email: "e1@example.com", Phone: "+1 555", Signature: "Signature",
		Unit: "Unit"},
}

// Letter is one letter filled in.
type Letter struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html,omitempty"`
}

// Fill writes the letter for f. EINVALID names the template, line and
// field when one cannot be filled.
func (c *Compiled) Fill(f Fields) (Letter, error) {
	var l Letter
	var b strings.Builder
	if err := c.subject.Execute(&b, f); err != nil {
		return Letter{}, problem("letter.subject", err)
	}
	// A subject is one header line: whatever line breaks data brought in
	// become spaces (docs/delivery.md, header injection).
	l.Subject = oneLine(b.String())
	b.Reset()
	if err := c.text.Execute(&b, f); err != nil {
		return Letter{}, problem("letter.text", err)
	}
	l.Text = b.String()
	if c.html != nil {
		b.Reset()
		if err := c.html.Execute(&b, f); err != nil {
			return Letter{}, problem("letter.html", err)
		}
		l.HTML = b.String()
	}
	return l, nil
}

// HasHTML reports whether the letters have an HTML part.
func (c *Compiled) HasHTML() bool { return c.html != nil }

func problem(field string, err error) error {
	var p graph.Problems
	p.Add(field, "%s", describe(err))
	return p.Err()
}

// oneLine replaces every run of CR and LF in s by one space.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }), " ")
}

// Go's template errors look like `template: text:3:14: executing "text" at
// <.Recipient.Nmae>: can't evaluate field Nmae in type letters.Recipient`
// or `template: text:2: function "foo" not defined`; describe says the
// same in the words of a letter's author: line 3: no field "Nmae" in
// .Recipient (there are ID, Name, Title, Email, Account).
var (
	errLine  = regexp.MustCompile(`^template: [a-z]+:(\d+)(?::\d+)?: `)
	errField = regexp.MustCompile(`executing "[a-z]+" at <(\.[^>]*)>: can't evaluate field (\w+) in type letters\.(\w+)`)
)

func describe(err error) string {
	msg := err.Error()
	line := ""
	if m := errLine.FindStringSubmatch(msg); m != nil {
		line = "line " + m[1] + ": "
		msg = msg[len(m[0]):]
	}
	if m := errField.FindStringSubmatch(msg); m != nil {
		return line + strconv.Quote(m[1]) + ": no field " + strconv.Quote(m[2]) + " in " + m[3] + " (" + known[m[3]] + ")"
	}
	return line + msg
}

var known = map[string]string{
	"Fields":    "there are .Recipient and .Sender",
	"Recipient": "there are ID, Name, Title, Email, Account",
	"Sender":    "there are ID, Name, Title, Email, Phone, Signature, Unit",
}
