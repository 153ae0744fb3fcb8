package delivery

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	smtp "github.com/emersion/go-smtp"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/delivery/mailpittest"
	"github.com/contactgraph/contactgraph/graph"
)

// faultServer is an SMTP server (emersion/go-smtp) whose answer to the end
// of data the test chooses per message: how Mailpit cannot fail.
type faultServer struct {
	mu       sync.Mutex
	answer   func(n int) error // the n-th end of data (from 1); nil: accept
	delay    time.Duration     // before every answer to the end of data
	ends     int
	accepted map[string]int // Message-ID → times accepted
}

func startFaultServer(t *testing.T, answer func(n int) error, delay time.Duration) (*faultServer, int) {
	t.Helper()
	f := &faultServer{answer: answer, delay: delay, accepted: map[string]int{}}
	srv := smtp.NewServer(f)
	srv.Domain = "faulty.example"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return f, l.Addr().(*net.TCPAddr).Port
}

func (f *faultServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &faultSession{f: f}, nil }

type faultSession struct{ f *faultServer }

func (s *faultSession) Reset()                               {}
func (s *faultSession) Logout() error                        { return nil }
func (s *faultSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *faultSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *faultSession) Data(r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	time.Sleep(s.f.delay)
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.f.ends++
	if s.f.answer != nil {
		if err := s.f.answer(s.f.ends); err != nil {
			return err
		}
	}
	for _, line := range strings.Split(string(body), "\r\n") {
		if v, ok := strings.CutPrefix(line, "Message-ID: "); ok {
			s.f.accepted[v]++
		}
	}
	return nil
}

// A refusal after the end of data turns the sent mark back: 451 into a
// retry that then arrives once, 550 into a failure; a slow answer within
// the timeout is an answer like any other.
func TestRefusalsAfterTheEndOfData(t *testing.T) {
	for name, tc := range map[string]struct {
		answer     func(n int) error
		delay      time.Duration
		wantFailed bool
	}{
		"451 once each": {answer: func(n int) error {
			if n%2 == 1 {
				return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
			}
			return nil
		}},
		"550": {answer: func(int) error {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "rejected"}
		}, wantFailed: true},
		"slow": {delay: 300 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			f, port := startFaultServer(t, tc.answer, tc.delay)
			s := demoStore(t)
			cfg := testConfig(&mailpittest.Mailpit{Host: "127.0.0.1", SMTPPort: port})
			cfg.Timeout = time.Second
			saved := saveSmall(t, s)
			r := newRunner(t, s, cfg)
			if _, err := r.Deliver(t.Context(), saved.ID, "test", time.Time{}); err != nil {
				t.Fatal(err)
			}
			waitState(t, s, saved.ID, campaigns.DeliveryDone, 60*time.Second)
			n := withSender(saved)
			counts, _ := s.LetterCounts(t.Context(), saved.ID)
			page, _ := s.Letters(t.Context(), graph.LetterQuery{Campaign: saved.ID})
			f.mu.Lock()
			defer f.mu.Unlock()
			if tc.wantFailed {
				if counts[graph.LetterFailed] != n || !strings.Contains(page.Items[0].Reason, "550") {
					t.Errorf("outbox %v, first %+v: want %d failed with the 550", counts, page.Items[0], n)
				}
				if len(f.accepted) != 0 {
					t.Errorf("%d messages accepted through a 550", len(f.accepted))
				}
				return
			}
			if counts[graph.LetterSent] != n {
				t.Errorf("outbox %v, want %d sent", counts, n)
			}
			letters := 0
			for _, l := range page.Items {
				if got := f.accepted["<"+l.MessageID+">"]; got != 1 {
					t.Errorf("letter to %s accepted %d times, want 1", l.Customer, got)
				}
				letters++
			}
			if letters != n {
				t.Errorf("%d letters listed, want %d", letters, n)
			}
		})
	}
}
