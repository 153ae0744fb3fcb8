package capture

import (
	"bytes"
	"os"
	"testing"
	"time"
)

// fuzzOptions keep a fuzzed input cheap: few occurrences, a small header.
var fuzzOptions = Options{Until: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), MaxOccurrences: 200,
	MaxHeaderBytes: 64 << 10, MaxCalendarBytes: 1 << 20}

// checkEvents asserts what every event read from any input satisfies, and
// that reading it takes less than five seconds.
func checkEvents(t *testing.T, in []byte) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(t, in)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("reading %q took more than 5s", in)
	}
}

func check(t *testing.T, in []byte) {
	_, events, skipped, _ := ReadAll(bytes.NewReader(in), fuzzOptions)
	for _, e := range events {
		if e.Key == "" || (e.Kind != KindEmail && e.Kind != KindMeeting) || e.At.Location() != time.UTC {
			t.Fatalf("bad event %+v", e)
		}
		if n := len(e.Recipients()); n > DefaultMaxRecipients {
			t.Fatalf("%d recipients passed the limit", n)
		}
	}
	for _, s := range skipped {
		if s.Item == "" || s.Reason == "" {
			t.Fatalf("empty item error %+v", s)
		}
	}
}

func seedFiles(f *testing.F, paths ...string) {
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// FuzzMail: mbox and .eml input never panics or hangs, and what it gives
// is well formed.
func FuzzMail(f *testing.F) {
	seedFiles(f, "testdata/mail.mbox", "testdata/single.eml")
	f.Add([]byte("From x\nFrom: a@b\nMessage-ID: <x@y>\nDate: Mon, 02 Mar 2026 10:00:00 +0000\n\n"))
	f.Fuzz(func(t *testing.T, in []byte) { checkEvents(t, in) })
}

// FuzzCalendar: the same for .ics input.
func FuzzCalendar(f *testing.F) {
	seedFiles(f, "testdata/calendar.ics")
	f.Add([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T000000Z\r\nRRULE:FREQ=DAILY;INTERVAL=0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) { checkEvents(t, in) })
}
