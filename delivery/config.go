package delivery

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// TLS policies of the connection to the SMTP server.
const (
	// TLSMandatory: STARTTLS or no delivery.
	TLSMandatory = "mandatory"
	// TLSOpportunistic: STARTTLS when the server offers it.
	TLSOpportunistic = "opportunistic"
	// TLSNone: plain SMTP (a local relay, tests).
	TLSNone = "none"
)

// Config is how letters leave: the SMTP server and marketing's address.
type Config struct {
	Host     string
	Port     int
	Username string // "" for no AUTH
	Password string
	TLS      string // TLSMandatory, TLSOpportunistic or TLSNone
	// Mailer is marketing's address: MAIL FROM and the Sender header of
	// every letter, and the From of the senders' notices.
	Mailer string
	// PublicURL is where recipients and senders reach this server: the
	// unsubscribe and decline links start with it.
	PublicURL string
	// Secret signs the unsubscribe links.
	Secret []byte
	// Rate is the letters per second to the server, DomainRate those per
	// sender domain (the domain of the From address); 0 is unlimited.
	Rate, DomainRate float64
	// MaxAttempts bounds the attempts of one letter before it fails.
	MaxAttempts int
	// RetryAfter is the pause after a first temporary failure; it doubles
	// with each further one, up to an hour.
	RetryAfter time.Duration
	// Timeout bounds each SMTP step; the answer to a letter's end of data
	// gets ten times as long (RFC 5321 §4.5.3.2.6 asks for ten minutes).
	Timeout time.Duration
	// Batch is how many letters one claim takes.
	Batch int
	// TrustModel learns from the campaign interaction each sent letter
	// records on its recipient's tie to the sender; the zero value means
	// graph.DefaultTrustModel.
	TrustModel graph.TrustModel
}

// withDefaults fills what is unset.
func (c Config) withDefaults() Config {
	if c.Port == 0 {
		c.Port = 587
	}
	if len(c.TrustModel.Validate()) > 0 {
		c.TrustModel = graph.DefaultTrustModel()
	}
	if c.TLS == "" {
		c.TLS = TLSMandatory
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 8
	}
	if c.RetryAfter == 0 {
		c.RetryAfter = time.Minute
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Batch == 0 {
		c.Batch = 50
	}
	return c
}

// Check reports the first thing wrong with c, naming the setting.
func (c Config) Check() error {
	c = c.withDefaults()
	switch {
	case c.Host == "":
		return fmt.Errorf("delivery: smtp-host is required")
	case c.Port < 1 || c.Port > 65535:
		return fmt.Errorf("delivery: smtp-port %d is no port", c.Port)
	case c.TLS != TLSMandatory && c.TLS != TLSOpportunistic && c.TLS != TLSNone:
		return fmt.Errorf("delivery: smtp-tls %q: want %s, %s or %s", c.TLS, TLSMandatory, TLSOpportunistic, TLSNone)
	case len(c.Secret) < 16:
		return fmt.Errorf("delivery: the unsubscribe secret needs at least 16 bytes")
	case !strings.HasPrefix(c.PublicURL, "http://") && !strings.HasPrefix(c.PublicURL, "https://"):
		return fmt.Errorf("delivery: public-url %q: want http:// or https://", c.PublicURL)
	case c.Rate < 0 || c.DomainRate < 0:
		return fmt.Errorf("delivery: rates are 0 (unlimited) or more")
	}
	a, err := mail.ParseAddress(c.Mailer)
	if err != nil || a.Name != "" || a.Address != c.Mailer {
		return fmt.Errorf("delivery: smtp-sender %q is not a bare email address", c.Mailer)
	}
	return nil
}
