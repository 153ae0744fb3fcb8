package capture

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// errTooLarge is returned by limitReader past its limit.
type limitReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, fmt.Errorf("calendar larger than %d bytes", l.limit)
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// readCalendar reads every VEVENT of every VCALENDAR in r, expanding
// recurring ones per occurrence up to opt.Until.
func readCalendar(r io.Reader, opt Options, event func(Event) error, skip func(ItemError)) error {
	dec := ical.NewDecoder(&limitReader{r: r, n: opt.MaxCalendarBytes, limit: opt.MaxCalendarBytes})
	n := 0
	for {
		cal, err := decodeCalendar(dec)
		if errors.Is(err, io.EOF) {
			if n == 0 {
				return errors.New("ics: no VCALENDAR")
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("ics: %w", err)
		}
		n++
		if err := readEvents(cal, opt, event, skip); err != nil {
			return err
		}
	}
}

// decodeCalendar guards against a panic of the decoder on hostile input.
func decodeCalendar(dec *ical.Decoder) (cal *ical.Calendar, err error) {
	defer func() {
		if p := recover(); p != nil {
			cal, err = nil, errors.New("malformed calendar")
		}
	}()
	cal, err = dec.Decode()
	if err != nil && !errors.Is(err, io.EOF) && !strings.HasPrefix(err.Error(), "calendar larger") {
		// the decoder's messages may quote a line; keep its gist only
		msg := err.Error()
		if i := strings.Index(msg, ":"); i >= 0 && strings.HasPrefix(msg, "ical") {
			msg = msg[i+1:]
		}
		if i := strings.IndexAny(msg, "\"'"); i >= 0 {
			msg = msg[:i]
		}
		err = errors.New("malformed calendar:" + strings.TrimRight(msg, " :"))
	}
	return cal, err
}

type veventInfo struct {
	n     int // position in the calendar, from 1
	comp  *ical.Component
	uid   string
	recID string // RECURRENCE-ID as RFC 3339 UTC, "" for a master
}

func readEvents(cal *ical.Calendar, opt Options, event func(Event) error, skip func(ItemError)) error {
	cancelAll := strings.EqualFold(propValue(cal.Props, ical.PropMethod), "CANCEL")
	var infos []veventInfo
	overridden := map[string]bool{} // UID|RECURRENCE-ID of override instances
	n := 0
	for _, child := range cal.Children {
		if child.Name != ical.CompEvent {
			continue
		}
		n++
		item := "event " + strconv.Itoa(n)
		uid := propValue(child.Props, ical.PropUID)
		if uid == "" {
			skip(ItemError{Item: item, Reason: "no UID (it is the key that makes a re-import change nothing)"})
			continue
		}
		if !utf8.ValidString(uid) {
			skip(ItemError{Item: item, Reason: "invalid UTF-8 in UID"})
			continue
		}
		info := veventInfo{n: n, comp: child, uid: uid}
		if p := child.Props.Get(ical.PropRecurrenceID); p != nil {
			t, err := p.DateTime(time.UTC)
			if err != nil {
				skip(ItemError{Item: item, Reason: fmt.Sprintf("UID %s: malformed RECURRENCE-ID", printable(uid))})
				continue
			}
			info.recID = t.UTC().Format(time.RFC3339)
			overridden[uid+"|"+info.recID] = true
		}
		infos = append(infos, info)
	}
	for _, info := range infos {
		evs, reason := occurrences(info, opt, cancelAll, overridden)
		if reason != "" {
			skip(ItemError{Item: "event " + strconv.Itoa(info.n), Reason: fmt.Sprintf("UID %s: %s", printable(info.uid), reason)})
			continue
		}
		for _, ev := range evs {
			if err := event(ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// occurrences returns the events of one VEVENT: one, or one per occurrence
// of a recurring meeting up to opt.Until that no override replaces.
func occurrences(info veventInfo, opt Options, cancelAll bool, overridden map[string]bool) (evs []Event, reason string) {
	defer func() {
		if p := recover(); p != nil {
			evs, reason = nil, "malformed recurrence"
		}
	}()
	c := info.comp
	startProp := c.Props.Get(ical.PropDateTimeStart)
	if startProp == nil {
		return nil, "no DTSTART"
	}
	start, err := startProp.DateTime(time.UTC)
	if err != nil {
		return nil, "malformed DTSTART"
	}
	base := Event{Kind: KindMeeting, Key: info.uid, Cancelled: cancelAll ||
		strings.EqualFold(propValue(c.Props, ical.PropStatus), "CANCELLED")}
	if p := c.Props.Get(ical.PropOrganizer); p != nil {
		addr, ok := mailto(p.Value)
		if !ok {
			return nil, "malformed ORGANIZER"
		}
		base.From = addr
	}
	attendees := c.Props.Values(ical.PropAttendee)
	if len(attendees) > opt.MaxRecipients {
		return nil, fmt.Sprintf("%d attendees, more than %d", len(attendees), opt.MaxRecipients)
	}
	for _, p := range attendees {
		addr, ok := mailto(p.Value)
		if !ok {
			return nil, "malformed ATTENDEE"
		}
		base.Attendees = append(base.Attendees, Attendee{Address: addr,
			PartStat: strings.ToUpper(p.Params.Get(ical.ParamParticipationStatus))})
	}
	if len(base.Attendees) > opt.BulkRecipients {
		base.Bulk = "recipients>" + strconv.Itoa(opt.BulkRecipients)
	}
	if info.recID != "" { // an override of one occurrence
		ev := base
		ev.Key = info.uid + "|" + info.recID
		ev.At = start.UTC()
		return []Event{ev}, ""
	}
	if c.Props.Get(ical.PropRecurrenceRule) == nil && c.Props.Get(ical.PropRecurrenceDates) == nil {
		ev := base
		ev.At = start.UTC()
		return []Event{ev}, ""
	}
	set, reason := recurrence(c, start)
	if reason != "" {
		return nil, reason
	}
	next := set.Iterator()
	for {
		t, ok := next()
		if !ok || t.After(opt.Until) {
			break
		}
		if len(evs) >= opt.MaxOccurrences {
			return nil, fmt.Sprintf("more than %d occurrences up to %s", opt.MaxOccurrences, opt.Until.Format(time.RFC3339))
		}
		id := t.UTC().Format(time.RFC3339)
		if overridden[info.uid+"|"+id] {
			continue
		}
		ev := base
		ev.Key = info.uid + "|" + id
		ev.At = t.UTC()
		evs = append(evs, ev)
	}
	return evs, ""
}

// recurrence builds the recurrence set of a VEVENT: RRULE, RDATE and
// EXDATE (each may list several comma-separated values).
func recurrence(c *ical.Component, start time.Time) (*rrule.Set, string) {
	set := &rrule.Set{}
	opt, err := c.Props.RecurrenceRule()
	if err != nil {
		return nil, "malformed RRULE"
	}
	if opt != nil {
		// Meetings do not recur by the second or minute, and a rule that
		// never matches at that pace would be searched for ages.
		if opt.Freq == rrule.SECONDLY || opt.Freq == rrule.MINUTELY {
			return nil, "RRULE FREQ finer than HOURLY"
		}
		opt.Dtstart = start
		rule, err := rrule.NewRRule(*opt)
		if err != nil {
			return nil, "malformed RRULE"
		}
		set.RRule(rule)
	}
	set.DTStart(start)
	for _, name := range []string{ical.PropRecurrenceDates, ical.PropExceptionDates} {
		for _, p := range c.Props.Values(name) {
			for _, v := range strings.Split(p.Value, ",") {
				q := p
				q.Value = strings.TrimSpace(v)
				t, err := q.DateTime(start.Location())
				if err != nil {
					return nil, "malformed " + name
				}
				if name == ical.PropRecurrenceDates {
					set.RDate(t)
				} else {
					set.ExDate(t)
				}
			}
		}
	}
	if opt == nil { // RDATE only: DTSTART is the first occurrence
		set.RDate(start)
	}
	return set, ""
}

// mailto returns the lower-case address of a CAL-ADDRESS value
// ("mailto:a@b.example").
func mailto(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
		v = v[7:]
	}
	if v == "" || len(v) > 254 || !utf8.ValidString(v) || !strings.Contains(v, "@") ||
		strings.ContainsAny(v, " \t<>,;\"") || slices.ContainsFunc([]rune(v), func(r rune) bool { return r < 32 }) {
		return "", false
	}
	return strings.ToLower(v), true
}

func propValue(props ical.Props, name string) string {
	if p := props.Get(name); p != nil {
		return strings.TrimSpace(p.Value)
	}
	return ""
}
