// Package capture reads mailboxes (mbox, single .eml) and calendars (.ics)
// and turns them into metadata-only events: who wrote to or met whom, when,
// under which stable key. Subjects, bodies and attachments are never read
// into an Event (docs/capture.md). The MIME and iCalendar parsing is done by
// github.com/emersion/go-message, go-mbox and go-ical (with
// github.com/teambition/rrule-go for recurrences); this package only picks
// the metadata out of what they parse.
//
// A file is read item by item (a message, a meeting occurrence): an item
// that cannot be read gives an ItemError and is skipped; only a file that is
// no mailbox or calendar at all, or breaks a limit as a whole, fails.
package capture

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
	_ "time/tzdata" // TZID names resolve without the system's zoneinfo
	"unicode/utf8"
)

// Event kinds.
const (
	KindEmail   = "email"
	KindMeeting = "meeting"
)

// Formats a file may have.
const (
	FormatMbox = "mbox"
	FormatEML  = "eml"
	FormatICS  = "ics"
)

// Participation states of an attendee (RFC 5545 PARTSTAT) that matter here.
const (
	PartStatAccepted    = "ACCEPTED"
	PartStatDeclined    = "DECLINED"
	PartStatTentative   = "TENTATIVE"
	PartStatNeedsAction = "NEEDS-ACTION"
)

// Attendee is one ATTENDEE of a meeting.
type Attendee struct {
	Address  string // lower-case email address
	PartStat string // upper-case PARTSTAT; "" when absent (NEEDS-ACTION by RFC 5545)
}

// Event is one captured item: a message or one occurrence of a meeting. It
// holds metadata only.
type Event struct {
	Kind string    // KindEmail or KindMeeting
	At   time.Time // the Date of a message, the start of an occurrence; UTC
	// Key identifies the item across files and imports: the Message-ID of
	// a message; the UID of a single meeting; UID + "|" + the occurrence's
	// original start (RECURRENCE-ID, RFC 3339 UTC) of a recurring one.
	Key  string
	From string // sender or organizer, lower case; "" when absent
	// Recipients of a message (lower case).
	To, Cc, Bcc []string
	// Attendees of a meeting.
	Attendees []Attendee
	// Bulk names why a message or meeting is not personal contact ("" if
	// it is): "list-id", "precedence:bulk" (list, junk), "recipients>N".
	Bulk string
	// Cancelled: the meeting was cancelled (STATUS:CANCELLED or a
	// calendar of METHOD:CANCEL).
	Cancelled bool
}

// Recipients returns To, Cc and Bcc of a message, or the attendees'
// addresses of a meeting.
func (e Event) Recipients() []string {
	if e.Kind == KindMeeting {
		out := make([]string, len(e.Attendees))
		for i, a := range e.Attendees {
			out[i] = a.Address
		}
		return out
	}
	out := make([]string, 0, len(e.To)+len(e.Cc)+len(e.Bcc))
	out = append(out, e.To...)
	out = append(out, e.Cc...)
	return append(out, e.Bcc...)
}

// Options bound what is read. The zero value takes the defaults.
type Options struct {
	// BulkRecipients: a message with more recipients (To+Cc+Bcc), or a
	// meeting with more attendees, is bulk. Default 25.
	BulkRecipients int
	// MaxRecipients: a message or meeting with more addresses than this is
	// skipped with an error. Default 1000.
	MaxRecipients int
	// Until: recurring meetings expand up to this moment (inclusive).
	// Default: now.
	Until time.Time
	// MaxOccurrences: a recurring meeting with more occurrences up to Until
	// is skipped with an error. Default 5000.
	MaxOccurrences int
	// MaxHeaderBytes: the largest header of one message. Default 1 MiB.
	MaxHeaderBytes int64
	// MaxCalendarBytes: the largest .ics file (it is parsed as a whole).
	// Default 64 MiB.
	MaxCalendarBytes int64
}

// Defaults of Options.
const (
	DefaultBulkRecipients   = 25
	DefaultMaxRecipients    = 1000
	DefaultMaxOccurrences   = 5000
	DefaultMaxHeaderBytes   = 1 << 20
	DefaultMaxCalendarBytes = 64 << 20
)

func (o Options) withDefaults() Options {
	if o.BulkRecipients <= 0 {
		o.BulkRecipients = DefaultBulkRecipients
	}
	if o.MaxRecipients <= 0 {
		o.MaxRecipients = DefaultMaxRecipients
	}
	if o.Until.IsZero() {
		o.Until = time.Now()
	}
	o.Until = o.Until.UTC()
	if o.MaxOccurrences <= 0 {
		o.MaxOccurrences = DefaultMaxOccurrences
	}
	if o.MaxHeaderBytes <= 0 {
		o.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if o.MaxCalendarBytes <= 0 {
		o.MaxCalendarBytes = DefaultMaxCalendarBytes
	}
	return o
}

// ItemError reports an item that was skipped. Item says which (e.g.
// "message 3", "event 2"), Reason why; neither quotes the item's content
// beyond its Message-ID or UID.
type ItemError struct {
	Item   string `json:"item"`
	Reason string `json:"reason"`
}

func (e ItemError) Error() string { return e.Item + ": " + e.Reason }

// ErrUnknownFormat: the content is neither an mbox, a message nor a
// calendar.
var ErrUnknownFormat = errors.New("neither a mailbox (mbox, .eml) nor a calendar (.ics)")

// Detect tells the format of a file from its first bytes: "From " starts
// an mbox, BEGIN:VCALENDAR a calendar, a header field ("Name: value") a
// single message. The file's name plays no part.
func Detect(head []byte) (string, error) {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("From ")):
		return FormatMbox, nil
	case len(head) >= 15 && bytes.EqualFold(head[:15], []byte("BEGIN:VCALENDAR")):
		return FormatICS, nil
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	name, _, ok := bytes.Cut(line, []byte(":"))
	if ok && len(name) > 0 && len(name) <= 76 {
		for _, c := range name {
			if c < 33 || c > 126 {
				return "", ErrUnknownFormat
			}
		}
		return FormatEML, nil
	}
	return "", ErrUnknownFormat
}

// Read reads one file of any format, calling event for each item read and
// skip for each item skipped, in file order. It returns the format; an
// error means the file could not be read as a whole (events already
// delivered stand), or that event returned one.
func Read(r io.Reader, opt Options, event func(Event) error, skip func(ItemError)) (string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return "", err
	}
	format, err := Detect(head)
	if err != nil {
		return "", err
	}
	opt = opt.withDefaults()
	if skip == nil {
		skip = func(ItemError) {}
	}
	switch format {
	case FormatMbox:
		return format, readMbox(br, opt, event, skip)
	case FormatEML:
		ev, ierr := readMessage(br, opt)
		if ierr != "" {
			skip(ItemError{Item: "message 1", Reason: ierr})
			return format, nil
		}
		return format, event(ev)
	default:
		return format, readCalendar(br, opt, event, skip)
	}
}

// ReadAll reads one file into memory: its events and skipped items.
func ReadAll(r io.Reader, opt Options) (format string, events []Event, skipped []ItemError, err error) {
	format, err = Read(r, opt, func(e Event) error { events = append(events, e); return nil },
		func(e ItemError) { skipped = append(skipped, e) })
	return format, events, skipped, err
}

// printable shortens s for an error message and replaces invalid UTF-8.
func printable(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	if !utf8.ValidString(s) {
		s = string(bytes.ToValidUTF8([]byte(s), []byte("\uFFFD")))
	}
	return fmt.Sprintf("%q", s)
}
