package capture

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-mbox"
	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
)

// readMbox reads every message of an mbox.
func readMbox(r io.Reader, opt Options, event func(Event) error, skip func(ItemError)) error {
	mr := mbox.NewReader(r)
	for n := 1; ; n++ {
		msg, err := mr.NextMessage()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if errors.Is(err, mbox.ErrInvalidFormat) {
			return fmt.Errorf("mbox: message %d: no \"From \" separator line", n)
		}
		if err != nil {
			return fmt.Errorf("mbox: message %d: %w", n, err)
		}
		ev, reason := readMessage(msg, opt)
		if reason != "" {
			skip(ItemError{Item: "message " + strconv.Itoa(n), Reason: reason})
			continue
		}
		if err := event(ev); err != nil {
			return err
		}
	}
}

// readMessage reads the header of one message (RFC 5322) and nothing of its
// body. A reason != "" says why the message is skipped.
func readMessage(r io.Reader, opt Options) (Event, string) {
	ent, err := message.ReadWithOptions(r, &message.ReadOptions{MaxHeaderBytes: opt.MaxHeaderBytes})
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		// go-message's own messages may quote a header line; say only what
		// went wrong.
		switch {
		case strings.Contains(err.Error(), "exceeds maximum size"):
			return Event{}, fmt.Sprintf("header larger than %d bytes", opt.MaxHeaderBytes)
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return Event{}, "truncated header"
		default:
			return Event{}, "malformed header"
		}
	}
	h := mail.Header{Header: ent.Header}
	if h.Len() == 0 {
		return Event{}, "empty message"
	}
	if !h.Has("Message-Id") {
		return Event{}, "no Message-ID (it is the key that makes a re-import change nothing)"
	}
	id, err := h.MessageID()
	if err != nil || id == "" {
		return Event{}, "malformed Message-ID"
	}
	if !utf8.ValidString(id) {
		return Event{}, "invalid UTF-8 in Message-ID"
	}
	if !h.Has("Date") {
		return Event{}, fmt.Sprintf("message %s: no Date", printable(id))
	}
	at, err := h.Date()
	if err != nil || at.IsZero() {
		return Event{}, fmt.Sprintf("message %s: malformed Date", printable(id))
	}
	ev := Event{Kind: KindEmail, At: at.UTC(), Key: id}
	from, reason := addresses(h, "From")
	if reason != "" {
		return Event{}, fmt.Sprintf("message %s: %s", printable(id), reason)
	}
	if len(from) > 0 {
		ev.From = from[0]
	}
	for _, f := range []struct {
		name string
		dst  *[]string
	}{{"To", &ev.To}, {"Cc", &ev.Cc}, {"Bcc", &ev.Bcc}} {
		if *f.dst, reason = addresses(h, f.name); reason != "" {
			return Event{}, fmt.Sprintf("message %s: %s", printable(id), reason)
		}
	}
	n := len(ev.To) + len(ev.Cc) + len(ev.Bcc)
	if n > opt.MaxRecipients {
		return Event{}, fmt.Sprintf("message %s: %d recipients, more than %d", printable(id), n, opt.MaxRecipients)
	}
	switch p := strings.ToLower(strings.TrimSpace(h.Get("Precedence"))); {
	case h.Has("List-Id"):
		ev.Bulk = "list-id"
	case p == "bulk" || p == "list" || p == "junk":
		ev.Bulk = "precedence:" + p
	case n > opt.BulkRecipients:
		ev.Bulk = "recipients>" + strconv.Itoa(opt.BulkRecipients)
	}
	return ev, ""
}

// addresses parses an address list header, lower-casing the addresses.
func addresses(h mail.Header, name string) ([]string, string) {
	if !h.Has(name) {
		return nil, ""
	}
	list, err := h.AddressList(name)
	if err != nil {
		return nil, "malformed " + name
	}
	out := make([]string, 0, len(list))
	for _, a := range list {
		if !utf8.ValidString(a.Address) {
			return nil, "invalid UTF-8 in " + name
		}
		out = append(out, strings.ToLower(a.Address))
	}
	return out, ""
}
