package capture

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func readFile(t *testing.T, path string, opt Options) (string, []Event, []ItemError) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	format, events, skipped, err := ReadAll(f, opt)
	if err != nil {
		t.Fatalf("ReadAll(%s): %v", path, err)
	}
	return format, events, skipped
}

const (
	anna   = "anna.berg@nordwerk.example"
	ben    = "ben.hof@nordwerk.example"
	carla  = "carla@kunde.example"
	dieter = "dieter@kunde.example"
)

// The ground truth of testdata/mail.mbox, written from make_mail.py by hand.
func TestMbox(t *testing.T) {
	format, events, skipped := readFile(t, "testdata/mail.mbox", Options{})
	if format != FormatMbox {
		t.Errorf("format %q, want mbox", format)
	}
	var many []string
	many = append(many, anna)
	for i := range 29 {
		many = append(many, "person"+string(rune('0'+i/10))+string(rune('0'+i%10))+"@elsewhere.example")
	}
	want := []Event{
		{Kind: KindEmail, At: at("2026-03-02T08:15:00Z"), Key: "msg1@nordwerk.example", From: anna, To: []string{carla}},
		{Kind: KindEmail, At: at("2026-03-03T14:00:00Z"), Key: "msg2@nordwerk.example", From: carla, To: []string{anna},
			Cc: []string{ben, "stranger@elsewhere.example"}},
		{Kind: KindEmail, At: at("2026-03-04T08:00:00Z"), Key: "msg3@nordwerk.example", From: anna, To: []string{carla}, Bulk: "list-id"},
		{Kind: KindEmail, At: at("2026-03-04T09:00:00Z"), Key: "msg4@nordwerk.example", From: anna, To: []string{dieter}, Bulk: "precedence:bulk"},
		{Kind: KindEmail, At: at("2026-03-05T10:00:00Z"), Key: "msg5@nordwerk.example", From: dieter, To: many, Bulk: "recipients>25"},
		{Kind: KindEmail, At: at("2026-03-02T08:15:00Z"), Key: "msg1@nordwerk.example", From: anna, To: []string{carla}},
		{Kind: KindEmail, At: at("2026-03-07T16:30:00Z"), Key: "msg9@nordwerk.example", From: ben, To: []string{anna}},
		{Kind: KindEmail, At: at("2026-03-08T11:00:00Z"), Key: "msg10@nordwerk.example", From: carla, To: []string{dieter}, Bcc: []string{anna}},
		{Kind: KindEmail, At: at("2026-03-09T12:00:00Z"), Key: "msg11@nordwerk.example", From: ben, To: []string{dieter}},
	}
	compareEvents(t, events, want)
	wantSkipped := []ItemError{
		{Item: "message 7", Reason: "no Message-ID (it is the key that makes a re-import change nothing)"},
		{Item: "message 8", Reason: `message "msg8@nordwerk.example": malformed Date`},
	}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped\n got %v\nwant %v", skipped, wantSkipped)
	}
}

func TestEML(t *testing.T) {
	format, events, skipped := readFile(t, "testdata/single.eml", Options{})
	if format != FormatEML || len(skipped) != 0 {
		t.Errorf("format %q, skipped %v", format, skipped)
	}
	compareEvents(t, events, []Event{{Kind: KindEmail, At: at("2026-03-11T07:45:00Z"), Key: "eml12@kunde.example", From: dieter, To: []string{ben}}})
}

// The ground truth of testdata/calendar.ics, an iCalendar file written by
// hand to RFC 5545 (CRLF line ends, folded lines, a VTIMEZONE).
func TestICS(t *testing.T) {
	format, events, skipped := readFile(t, "testdata/calendar.ics", Options{Until: at("2026-03-31T00:00:00Z")})
	if format != FormatICS {
		t.Errorf("format %q, want ics", format)
	}
	weekly := func(key, start string) Event {
		return Event{Kind: KindMeeting, At: at(start), Key: "weekly-2@nordwerk.example|" + key, From: ben,
			Attendees: []Attendee{{Address: dieter, PartStat: PartStatAccepted}}}
	}
	want := []Event{
		{Kind: KindMeeting, At: at("2026-03-10T10:00:00Z"), Key: "single-1@nordwerk.example", From: anna,
			Attendees: []Attendee{{carla, PartStatAccepted}, {dieter, PartStatDeclined}, {ben, PartStatAccepted}}},
		// 09:00 in Berlin, CET then CEST from 29 March; 9 March is an EXDATE,
		// 16 March is moved by an override.
		weekly("2026-03-02T08:00:00Z", "2026-03-02T08:00:00Z"),
		weekly("2026-03-23T08:00:00Z", "2026-03-23T08:00:00Z"),
		weekly("2026-03-30T07:00:00Z", "2026-03-30T07:00:00Z"),
		weekly("2026-03-16T08:00:00Z", "2026-03-16T13:00:00Z"),
		{Kind: KindMeeting, At: at("2026-03-12T15:00:00Z"), Key: "cancelled-3@nordwerk.example", From: anna,
			Attendees: []Attendee{{carla, PartStatAccepted}}, Cancelled: true},
	}
	compareEvents(t, events, want)
	wantSkipped := []ItemError{
		{Item: "event 5", Reason: `UID "baddate-4@nordwerk.example": malformed DTSTART`},
		{Item: "event 6", Reason: `UID "secondly-5@nordwerk.example": RRULE FREQ finer than HOURLY`},
	}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped\n got %v\nwant %v", skipped, wantSkipped)
	}
}

func compareEvents(t *testing.T, got, want []Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d events, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("event %d\n got %+v\nwant %+v", i+1, got[i], want[i])
		}
	}
}

func TestDetect(t *testing.T) {
	for in, want := range map[string]string{
		"From a@b Mon Jan  1 00:00:00 2026\n": FormatMbox,
		"\xef\xbb\xbf\r\nbegin:vcalendar\r\n": FormatICS,
		"Received: from x\r\nFrom: a@b\r\n":   FormatEML,
		"%PDF-1.4":                            "",
		"PK\x03\x04":                          "",
		"":                                    "",
	} {
		got, err := Detect([]byte(in))
		if got != want || (want == "") != (err != nil) {
			t.Errorf("Detect(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// Hostile input: each bad item is skipped with a clear reason, the good
// ones around it are read.
func TestHostileMail(t *testing.T) {
	good := "From x Mon Jan  1 00:00:00 2026\nFrom: a@x.example\nTo: b@x.example\nDate: Mon, 02 Mar 2026 10:00:00 +0000\nMessage-ID: <good@x>\n\nbody\n"
	huge := "From x Mon Jan  1 00:00:00 2026\nX-Big: " + strings.Repeat("a", 2<<20) + "\nMessage-ID: <huge@x>\n\nbody\n"
	truncated := "From x Mon Jan  1 00:00:00 2026\nFrom: a@x.example\nMessage-ID: <t@x>\nDate: Mon, 02 Mar 2026 10:00:00 +0000\nTo: \"unclosed <b@x.example\n"
	badUTF8 := "From x Mon Jan  1 00:00:00 2026\nFrom: \xff\xfe@x.example\nTo: b@x.example\nDate: Mon, 02 Mar 2026 10:00:00 +0000\nMessage-ID: <u@x>\n\n"
	var to strings.Builder
	for i := range 10000 {
		if i > 0 {
			to.WriteString(", ")
		}
		to.WriteString("p" + strings.Repeat("x", i%7) + "@x.example")
	}
	crowd := "From x Mon Jan  1 00:00:00 2026\nFrom: a@x.example\nTo: " + to.String() + "\nDate: Mon, 02 Mar 2026 10:00:00 +0000\nMessage-ID: <crowd@x>\n\n"
	in := good + huge + truncated + badUTF8 + crowd + good
	_, events, skipped, err := ReadAll(strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Key != "good@x" || events[1].Key != "good@x" {
		t.Errorf("events %+v, want the good message twice", events)
	}
	want := []ItemError{
		{"message 2", "header larger than 1048576 bytes"},
		{"message 3", `message "t@x": malformed To`},
		{"message 4", `message "u@x": malformed From`},
		{"message 5", `message "crowd@x": 10000 recipients, more than 1000`},
	}
	if !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped\n got %q\nwant %q", skipped, want)
	}
}

func TestHostileCalendar(t *testing.T) {
	var att strings.Builder
	for i := range 10000 {
		att.WriteString("ATTENDEE:mailto:p" + string(rune('a'+i%26)) + "@x.example\r\n")
	}
	ev := func(uid, body string) string {
		return "BEGIN:VEVENT\r\nUID:" + uid + "\r\n" + body + "END:VEVENT\r\n"
	}
	in := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" +
		ev("crowd", "DTSTART:20260301T100000Z\r\n"+att.String()) +
		ev("endless", "DTSTART:20000101T100000Z\r\nRRULE:FREQ=DAILY\r\nATTENDEE:mailto:a@x.example\r\n") +
		ev("hourly", "DTSTART:20250101T000000Z\r\nRRULE:FREQ=HOURLY\r\n") +
		ev("badrule", "DTSTART:20260101T000000Z\r\nRRULE:FREQ=SOMETIMES\r\n") +
		ev("badtz", "DTSTART;TZID=Mars/Olympus:20260101T000000\r\n") +
		ev("\xff\xfe", "DTSTART:20260101T000000Z\r\n") +
		ev("badatt", "DTSTART:20260101T000000Z\r\nATTENDEE:mailto:not an address\r\n") +
		ev("ok", "DTSTART:20260301T100000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\nORGANIZER:mailto:a@x.example\r\n") +
		"END:VCALENDAR\r\n"
	_, events, skipped, err := ReadAll(strings.NewReader(in), Options{Until: at("2026-03-02T12:00:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Key != "ok|2026-03-01T10:00:00Z" || events[1].Key != "ok|2026-03-02T10:00:00Z" {
		t.Errorf("%d events, want two occurrences of ok", len(events))
	}
	want := []ItemError{
		{"event 6", "invalid UTF-8 in UID"},
		{"event 1", `UID "crowd": 10000 attendees, more than 1000`},
		{"event 2", `UID "endless": more than 5000 occurrences up to 2026-03-02T12:00:00Z`},
		{"event 3", `UID "hourly": more than 5000 occurrences up to 2026-03-02T12:00:00Z`},
		{"event 4", `UID "badrule": malformed RRULE`},
		{"event 5", `UID "badtz": malformed DTSTART`},
		{"event 7", `UID "badatt": malformed ATTENDEE`},
	}
	if !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped\n got %q\nwant %q", skipped, want)
	}
}

func TestHostileFiles(t *testing.T) {
	for name, in := range map[string]string{
		"not a format":      "\x00\x01binary",
		"truncated ics":     "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n",
		"wrong END":         "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",
		"mbox without From": "\n\nhello\n",
	} {
		if _, _, _, err := ReadAll(strings.NewReader(in), Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	big := "BEGIN:VCALENDAR\r\nX-A:" + strings.Repeat("a", 2000) + "\r\nEND:VCALENDAR\r\n"
	_, _, _, err := ReadAll(strings.NewReader(big), Options{MaxCalendarBytes: 1000})
	if err == nil || !strings.Contains(err.Error(), "calendar larger than 1000 bytes") {
		t.Errorf("big calendar: %v", err)
	}
}
