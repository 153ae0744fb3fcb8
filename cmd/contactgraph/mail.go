package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/contactgraph/contactgraph/delivery"
)

// mailConfig is how serve delivers campaigns' letters (docs/delivery.md);
// without SMTPHost it delivers none.
type mailConfig struct {
	SMTPHost, SMTPUser, SMTPPassword, SMTPTLS string
	SMTPPort                                  int
	// Sender is marketing's address: envelope and Sender header.
	Sender string
	// PublicURL starts the links in letters and notices; empty: http://ADDR.
	PublicURL string
	// Secret signs unsubscribe links; empty: a random one kept in the data
	// directory (embedded store only).
	Secret     string
	Rate       float64
	DomainRate float64
}

// defaultMailConfig reads the environment.
func defaultMailConfig(getenv func(string) string) mailConfig {
	m := mailConfig{SMTPHost: getenv("CONTACTGRAPH_SMTP_HOST"), SMTPUser: getenv("CONTACTGRAPH_SMTP_USER"),
		SMTPPassword: getenv("CONTACTGRAPH_SMTP_PASSWORD"), SMTPTLS: getenv("CONTACTGRAPH_SMTP_TLS"),
		Sender: getenv("CONTACTGRAPH_SMTP_SENDER"), PublicURL: getenv("CONTACTGRAPH_PUBLIC_URL"),
		Secret: getenv("CONTACTGRAPH_UNSUBSCRIBE_SECRET"), SMTPPort: 587, Rate: 50, DomainRate: 20}
	if m.SMTPTLS == "" {
		m.SMTPTLS = delivery.TLSMandatory
	}
	if v := getenv("CONTACTGRAPH_SMTP_PORT"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			m.SMTPPort = n
		} else {
			m.SMTPPort = -1 // Check reports it
		}
	}
	num(&m.Rate, getenv("CONTACTGRAPH_SMTP_RATE"))
	num(&m.DomainRate, getenv("CONTACTGRAPH_SMTP_DOMAIN_RATE"))
	return m
}

// bind adds serve's mail flags.
func (m *mailConfig) bind(fs *pflag.FlagSet) {
	fs.StringVar(&m.SMTPHost, "smtp-host", m.SMTPHost, "SMTP server that delivers campaigns' letters; empty: no delivery (env CONTACTGRAPH_SMTP_HOST)")
	fs.IntVar(&m.SMTPPort, "smtp-port", m.SMTPPort, "SMTP port (env CONTACTGRAPH_SMTP_PORT)")
	fs.StringVar(&m.SMTPUser, "smtp-user", m.SMTPUser, "SMTP AUTH user; empty: no AUTH (env CONTACTGRAPH_SMTP_USER)")
	fs.StringVar(&m.SMTPPassword, "smtp-password", m.SMTPPassword, "SMTP AUTH password (env CONTACTGRAPH_SMTP_PASSWORD)")
	fs.StringVar(&m.SMTPTLS, "smtp-tls", m.SMTPTLS, "STARTTLS: mandatory, opportunistic or none (env CONTACTGRAPH_SMTP_TLS)")
	fs.StringVar(&m.Sender, "smtp-sender", m.Sender, "marketing's address: MAIL FROM and Sender of every letter (env CONTACTGRAPH_SMTP_SENDER)")
	fs.StringVar(&m.PublicURL, "public-url", m.PublicURL, "where recipients reach this server, for unsubscribe and decline links; empty: http://ADDR (env CONTACTGRAPH_PUBLIC_URL)")
	fs.Float64Var(&m.Rate, "smtp-rate", m.Rate, "letters per second to the SMTP server, 0 for no limit (env CONTACTGRAPH_SMTP_RATE)")
	fs.Float64Var(&m.DomainRate, "smtp-domain-rate", m.DomainRate, "letters per second per sender domain, 0 for no limit (env CONTACTGRAPH_SMTP_DOMAIN_RATE)")
}

// deliveryConfig turns m into the runner's configuration; ok is false
// when no SMTP host is set. dataDir holds the generated secret of an
// embedded store; neo4j says there is none.
func (m mailConfig) deliveryConfig(addr, dataDir string, neo4j bool) (cfg delivery.Config, ok bool, err error) {
	if m.SMTPHost == "" {
		return cfg, false, nil
	}
	secret := []byte(m.Secret)
	if len(secret) == 0 {
		if neo4j {
			return cfg, false, errors.New("set CONTACTGRAPH_UNSUBSCRIBE_SECRET (16 bytes or more): every replica must sign unsubscribe links alike")
		}
		if secret, err = dataSecret(dataDir); err != nil {
			return cfg, false, err
		}
	}
	public := strings.TrimRight(m.PublicURL, "/")
	if public == "" {
		public = "http://" + addr
	}
	cfg = delivery.Config{Host: m.SMTPHost, Port: m.SMTPPort, Username: m.SMTPUser, Password: m.SMTPPassword,
		TLS: m.SMTPTLS, Mailer: m.Sender, PublicURL: public, Secret: secret, Rate: m.Rate, DomainRate: m.DomainRate}
	return cfg, true, cfg.Check()
}

// dataSecret reads the unsubscribe secret of the data directory, making
// one on first use, so that links stay valid across restarts.
func dataSecret(dir string) ([]byte, error) {
	path := filepath.Join(dir, "unsubscribe.secret")
	b, err := os.ReadFile(path)
	if err == nil && len(b) >= 32 {
		return b, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var raw [32]byte
	_, _ = rand.Read(raw[:])
	b = []byte(hex.EncodeToString(raw[:]))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return b, nil
}
