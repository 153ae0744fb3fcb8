package seed

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode/utf8"

	"github.com/contactgraph/contactgraph/graph"
)

// crmID turns an export's id into one of ours: the prefix, then the id
// with braces around it dropped (Dynamics writes GUIDs either way), every
// character our ids do not allow replaced by "-" and leading non-letters
// and non-digits dropped, cut to 128 characters. clean reports that
// nothing but the braces had to change, so that the id can stand for
// itself in a reference.
func crmID(prefix, raw string) (id string, clean bool) {
	s := strings.TrimSpace(raw)
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		s = s[1 : len(s)-1]
	}
	if s == "" {
		return "", true
	}
	var b strings.Builder
	clean = true
	for _, r := range s {
		if r < utf8.RuneSelf && idChar(byte(r)) {
			b.WriteRune(r)
			continue
		}
		b.WriteByte('-')
		clean = false
	}
	out := strings.TrimLeftFunc(b.String(), func(r rune) bool { return !alnum(r) })
	if len(out) != b.Len() {
		clean = false
	}
	if out == "" {
		return "", false
	}
	id = prefix + out
	if len(id) > graph.MaxIDLen {
		id, clean = id[:graph.MaxIDLen], false
	}
	return id, clean
}

func idChar(c byte) bool {
	return alnum(rune(c)) || c == '.' || c == '_' || c == ':' || c == '@' || c == '-'
}

func alnum(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' }

// folds spells the letters with diacritics of European names in ASCII.
var folds = strings.NewReplacer(
	"ß", "ss", "æ", "ae", "Æ", "ae", "ø", "o", "Ø", "o", "œ", "oe", "Œ", "oe", "ł", "l", "Ł", "l", "đ", "d", "Đ", "d",
	"ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue",
	"à", "a", "á", "a", "â", "a", "ã", "a", "å", "a", "ą", "a", "ç", "c", "ć", "c", "č", "c",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ę", "e", "ě", "e", "ì", "i", "í", "i", "î", "i", "ï", "i",
	"ñ", "n", "ń", "n", "ň", "n", "ò", "o", "ó", "o", "ô", "o", "õ", "o", "ř", "r", "ś", "s", "š", "s",
	"ù", "u", "ú", "u", "û", "u", "ů", "u", "ý", "y", "ÿ", "y", "ź", "z", "ż", "z", "ž", "z",
)

// slug makes an id part of a name: "Vertrieb Süd" → "vertrieb-sued". A
// name with no letter or digit in ASCII gets "u" and a hash of the name.
func slug(name string) string {
	s := folds.Replace(strings.ToLower(name))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r < utf8.RuneSelf && alnum(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		h := fnv.New32a()
		h.Write([]byte(name))
		return fmt.Sprintf("u%08x", h.Sum32())
	}
	return b.String()
}

// crmBool reads the yes/no values of the exports: true/false (Salesforce,
// HubSpot), 1/0, yes/no, and Dynamics' Enabled/Disabled (a user's
// Status), Active/Inactive and Allow/Do Not Allow (of "Do not allow Bulk
// Emails", so "Do Not Allow" is true). An empty cell is "".
func crmBool(s string) (string, bool) {
	switch strings.ToLower(strings.Join(strings.Fields(s), " ")) {
	case "":
		return "", true
	case "true", "1", "yes", "y", "x", "enabled", "active", "do not allow", "opted out":
		return "true", true
	case "false", "0", "no", "n", "disabled", "inactive", "allow":
		return "false", true
	}
	return "", false
}

// csvRow writes one row with every cell quoted (so that a row of one
// empty cell is not a blank line) and returns the lines it took.
func csvRow(b *strings.Builder, cells []string) int {
	lines := 1
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(c, `"`, `""`))
		b.WriteByte('"')
		lines += strings.Count(c, "\n")
	}
	b.WriteByte('\n')
	return lines
}
