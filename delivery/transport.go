package delivery

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"time"

	mail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// outcome is what became of one attempt at a letter.
type outcome int

const (
	// notSent: the server never saw the end of the letter's data; the
	// letter may go again (temporary) or not (permanent).
	notSent outcome = iota
	// accepted: the server answered 250 to the end of data.
	accepted
	// refused: the server answered the end of data with an error.
	refused
	// unanswered: the end of data went out, the answer did not come back.
	unanswered
)

// transport is one SMTP connection, opened on first use and kept for the
// letters that follow.
type transport struct {
	cfg    Config
	client *mail.Client
	conn   *smtp.Client
}

func newTransport(cfg Config) (*transport, error) {
	policy := mail.TLSMandatory
	switch cfg.TLS {
	case TLSOpportunistic:
		policy = mail.TLSOpportunistic
	case TLSNone:
		policy = mail.NoTLS
	}
	opts := []mail.Option{mail.WithPort(cfg.Port), mail.WithTLSPolicy(policy), mail.WithTimeout(cfg.Timeout)}
	if cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(cfg.Username),
			mail.WithPassword(cfg.Password))
	}
	c, err := mail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("delivery: smtp client: %w", err)
	}
	return &transport{cfg: cfg, client: c}, nil
}

// send hands m to the server: envelope, data, then commit (which must make
// the letter's sent mark durable) and only then the end of data. err says
// why when the outcome is not accepted; temporary tells whether trying
// again later may help.
func (t *transport) send(ctx context.Context, m *mail.Msg, commit func() error) (out outcome, temporary bool, err error) {
	if t.conn == nil {
		conn, err := t.client.DialToSMTPClientWithContext(ctx)
		if err != nil {
			return notSent, true, fmt.Errorf("connect: %w", err)
		}
		t.conn = conn
	} else if err := t.conn.Reset(); err != nil {
		t.drop()
		return notSent, true, fmt.Errorf("reset: %w", err)
	}
	step := func(err error) (outcome, bool, error) {
		t.drop()
		return notSent, !permanent(err), err
	}
	if err := t.conn.UpdateDeadline(t.cfg.Timeout); err != nil {
		return step(err)
	}
	from, err := m.GetSender(false)
	if err != nil {
		return notSent, false, err
	}
	rcpts, err := m.GetRecipients()
	if err != nil {
		return notSent, false, err
	}
	if err := t.conn.Mail(from); err != nil {
		return step(fmt.Errorf("MAIL FROM: %w", err))
	}
	for _, r := range rcpts {
		if err := t.conn.Rcpt(r); err != nil {
			return step(fmt.Errorf("RCPT TO: %w", err))
		}
	}
	w, err := t.conn.Data()
	if err != nil {
		return step(fmt.Errorf("DATA: %w", err))
	}
	if _, err := m.WriteTo(w); err != nil {
		return step(fmt.Errorf("write data: %w", err))
	}
	if err := commit(); err != nil {
		// Not marked sent: the end of data must not go out. Dropping the
		// connection makes the server discard what it has.
		t.drop()
		return notSent, true, fmt.Errorf("mark sent: %w", err)
	}
	if err := t.conn.UpdateDeadline(10 * t.cfg.Timeout); err != nil {
		t.drop()
		return unanswered, false, err
	}
	if err := w.Close(); err != nil {
		var perr *textproto.Error
		if errors.As(err, &perr) {
			return refused, perr.Code < 500, fmt.Errorf("end of data: %w", err)
		}
		t.drop()
		return unanswered, false, fmt.Errorf("end of data: %w", err)
	}
	return accepted, false, nil
}

// permanent reports whether err is an SMTP reply of class 5.
func permanent(err error) bool {
	var perr *textproto.Error
	return errors.As(err, &perr) && perr.Code >= 500
}

// drop closes the connection after a failure; the next letter opens one.
func (t *transport) drop() {
	if t.conn != nil {
		_ = t.conn.Close()
		t.conn = nil
	}
}

// close ends the session politely.
func (t *transport) close() {
	if t.conn != nil {
		_ = t.conn.UpdateDeadline(time.Second)
		_ = t.conn.Quit()
		t.drop()
	}
}
