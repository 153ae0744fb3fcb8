package letters

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
)

// Envelope is what a letter's message needs besides the letter: who sends
// it technically and how the recipient opts out.
type Envelope struct {
	// Mailer is marketing's configured address: the Sender header and the
	// SMTP envelope's MAIL FROM (bounces go there), so that SPF and DMARC
	// can align on one domain whatever domains the employees have.
	Mailer string
	// MessageID is the letter's Message-ID without the angle brackets.
	MessageID string
	// Unsubscribe is the link that opts the recipient out; "" for none.
	Unsubscribe string
	// Date is the letter's Date header.
	Date time.Time
	// ReplyTo and ReplyToName are the Reply-To when replies should go to
	// someone other than the sender; "" for the sender.
	ReplyTo, ReplyToName string
}

// MessageID is the Message-ID of the letter of campaign to customer: the
// same for every attempt, so that a receiver can tell a letter it has seen
// (docs/delivery.md), and of characters a Message-ID may hold, whatever the
// ids hold. domain is the mailer's domain.
func MessageID(campaign, customer, domain string) string {
	sum := sha256.Sum256([]byte(campaign + "\x00" + customer))
	return hex.EncodeToString(sum[:16]) + "@" + domain
}

// Domain is the domain of an email address ("" when there is no @).
func Domain(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.ToLower(addr[i+1:])
	}
	return ""
}

// Message is the mail that carries l from the sender to the recipient.
// Every value passes through oneLine: no CR or LF of data reaches a header.
// An address go-mail refuses is an error naming it.
func Message(l Letter, from Sender, to Recipient, env Envelope) (*mail.Msg, error) {
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := m.FromFormat(oneLine(from.Name), oneLine(from.Email)); err != nil {
		return nil, fmt.Errorf("letters: from %q: %w", from.Email, err)
	}
	replyName, replyTo := from.Name, from.Email
	if env.ReplyTo != "" {
		replyName, replyTo = env.ReplyToName, env.ReplyTo
	}
	if err := m.ReplyToFormat(oneLine(replyName), oneLine(replyTo)); err != nil {
		return nil, fmt.Errorf("letters: reply-to %q: %w", replyTo, err)
	}
	if err := m.AddToFormat(oneLine(to.Name), oneLine(to.Email)); err != nil {
		return nil, fmt.Errorf("letters: to %q: %w", to.Email, err)
	}
	m.SetGenHeader(mail.Header("Sender"), oneLine(env.Mailer))
	if err := m.EnvelopeFrom(oneLine(env.Mailer)); err != nil {
		return nil, fmt.Errorf("letters: envelope from %q: %w", env.Mailer, err)
	}
	m.Subject(oneLine(l.Subject))
	m.SetMessageIDWithValue(oneLine(env.MessageID))
	m.SetDateWithValue(env.Date)
	m.SetBulk()
	if u := oneLine(env.Unsubscribe); u != "" {
		m.SetListUnsubscribe(u)
		if strings.HasPrefix(u, "https://") {
			// RFC 8058: one click, a POST to the same link, opts out.
			m.SetListUnsubscribePost()
		}
	}
	m.SetBodyString(mail.TypeTextPlain, l.Text)
	if l.HTML != "" {
		m.AddAlternativeString(mail.TypeTextHTML, l.HTML)
	}
	return m, nil
}
