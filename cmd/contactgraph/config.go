package main

import (
	"fmt"
	"net/mail"
	"os"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/contactgraph/contactgraph/server"
)

// Config is what the environment and flags set. Flags mirror the
// environment variables of docs/contract.md §5 and win over them.
type Config struct {
	Addr          string
	DataDir       string
	Neo4jURI      string
	Neo4jUser     string
	Neo4jPassword string
	Neo4jDatabase string
	// Neo4jCacheArcs caps the relationship ends of the routing cache over
	// Neo4j: 0 for the default, negative to keep none between requests.
	Neo4jCacheArcs int
	// Neo4jWarmHubs is how many of the persons with the most relationships
	// serve fetches into the routing cache at start; 0 for none.
	Neo4jWarmHubs int
	// LogLevel is the level asked for; empty: serveLogLevel for serve,
	// commandLogLevel for the others.
	LogLevel     string
	LogFormat    string
	HalfLifeDays float64
	// FallbackSender is "Name <email>", the default fallback of route and
	// campaigns.
	FallbackSender string
	// fallbackAsked says that the environment or a flag set FallbackSender;
	// otherwise serve --demo uses the demo company's own.
	fallbackAsked bool
	Demo          bool
	// APIKeys is CONTACTGRAPH_API_KEYS (ROLE=KEY,…); APIKeysFile names a
	// file of "ROLE sha256:<hex>" lines.
	APIKeys        string
	APIKeysFile    string
	MaxBodyBytes   int64
	RateLimit      float64
	RateBurst      int
	RequestTimeout time.Duration
	ShutdownGrace  time.Duration
	// AuditLog is the file audit records are appended to; empty:
	// stderr, marked "stream":"audit".
	AuditLog string
	// MaxRecipients bounds the recipients of one campaign.
	MaxRecipients int
	// Trust configures how trust is learned from interactions.
	Trust trustSettings
	// Mail is how serve delivers letters (mail.go).
	Mail mailConfig
}

// defaultConfig reads the environment over the built-in defaults.
func defaultConfig(getenv func(string) string) Config {
	c := Config{
		Addr:           "127.0.0.1:8080",
		DataDir:        "./data",
		LogFormat:      "json",
		HalfLifeDays:   365,
		FallbackSender: "Vorstand <vorstand@example.com>",
		MaxBodyBytes:   10 << 20,
		RateLimit:      100,
		RateBurst:      200,
		RequestTimeout: 30 * time.Second,
		ShutdownGrace:  20 * time.Second,
		Neo4jWarmHubs:  20,
		Trust:          defaultTrustSettings(getenv),
	}
	str := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	c.Mail = defaultMailConfig(getenv)
	str(&c.Addr, "CONTACTGRAPH_ADDR")
	str(&c.DataDir, "CONTACTGRAPH_DATA")
	str(&c.Neo4jURI, "NEO4J_URI")
	str(&c.Neo4jUser, "NEO4J_USER")
	str(&c.Neo4jPassword, "NEO4J_PASSWORD")
	str(&c.Neo4jDatabase, "NEO4J_DATABASE")
	str(&c.LogLevel, "CONTACTGRAPH_LOG_LEVEL")
	str(&c.LogFormat, "CONTACTGRAPH_LOG_FORMAT")
	str(&c.FallbackSender, "CONTACTGRAPH_FALLBACK_SENDER")
	c.fallbackAsked = getenv("CONTACTGRAPH_FALLBACK_SENDER") != ""
	str(&c.APIKeys, "CONTACTGRAPH_API_KEYS")
	str(&c.APIKeysFile, "CONTACTGRAPH_API_KEYS_FILE")
	str(&c.AuditLog, "CONTACTGRAPH_AUDIT_LOG")
	if v := getenv("CONTACTGRAPH_MAX_RECIPIENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			n = -1 // validate reports it
		}
		c.MaxRecipients = n
	}
	num(&c.RateLimit, getenv("CONTACTGRAPH_RATE_LIMIT"))
	if v := getenv("CONTACTGRAPH_NEO4J_CACHE_ARCS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1 // unparsable: keep nothing rather than guess
		}
		c.Neo4jCacheArcs = n
	}
	if v := getenv("CONTACTGRAPH_NEO4J_WARM_HUBS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1 // validate reports it
		}
		c.Neo4jWarmHubs = n
	}
	if v := getenv("CONTACTGRAPH_RATE_BURST"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		c.RateBurst = n
	}
	if v := getenv("CONTACTGRAPH_HALF_LIFE_DAYS"); v != "" {
		// An unparsable value is kept as NaN so validate reports it.
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			f = -1
		}
		c.HalfLifeDays = f
	}
	return c
}

// num parses an environment number into dst; an unparsable value becomes
// -1 so that validate reports it.
func num(dst *float64, v string) {
	if v == "" {
		return
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		f = -1
	}
	*dst = f
}

// bindGlobal registers the flags every command shares.
func (c *Config) bindGlobal(fs *pflag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory of the embedded store (env CONTACTGRAPH_DATA)")
	fs.StringVar(&c.Neo4jURI, "neo4j-uri", c.Neo4jURI, "Neo4j URI, bolt:// or neo4j://; empty for the embedded store (env NEO4J_URI)")
	fs.StringVar(&c.Neo4jUser, "neo4j-user", c.Neo4jUser, "Neo4j user; empty for no auth (env NEO4J_USER)")
	fs.StringVar(&c.Neo4jPassword, "neo4j-password", c.Neo4jPassword, "Neo4j password (env NEO4J_PASSWORD)")
	fs.StringVar(&c.Neo4jDatabase, "neo4j-database", c.Neo4jDatabase, "Neo4j database; empty for the home database (env NEO4J_DATABASE)")
	fs.IntVar(&c.Neo4jWarmHubs, "neo4j-warm-hubs", c.Neo4jWarmHubs, "serve fetches the relationships of this many of the busiest persons into the routing cache over Neo4j at start, in the background; 0 for none (env CONTACTGRAPH_NEO4J_WARM_HUBS)")
	fs.IntVar(&c.Neo4jCacheArcs, "neo4j-cache-arcs", c.Neo4jCacheArcs, "relationship ends the routing cache over Neo4j keeps; 0 for 4,000,000 (about 250 MB), negative for none (env CONTACTGRAPH_NEO4J_CACHE_ARCS)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error; unset: info for serve, warn for the other commands (env CONTACTGRAPH_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "json or console (env CONTACTGRAPH_LOG_FORMAT)")
}

// validate checks the values that every command relies on.
func (c *Config) validate() error {
	if c.LogFormat != "json" && c.LogFormat != "console" {
		return fmt.Errorf("log format %q: want json or console", c.LogFormat)
	}
	if !(c.HalfLifeDays > 0) {
		return fmt.Errorf("CONTACTGRAPH_HALF_LIFE_DAYS / --half-life-days must be a number greater than 0")
	}
	if c.RateLimit < 0 || c.RateBurst < 1 {
		return fmt.Errorf("CONTACTGRAPH_RATE_LIMIT / --rate-limit must be 0 (off) or more and CONTACTGRAPH_RATE_BURST / --rate-burst 1 or more")
	}
	if c.Neo4jWarmHubs < 0 {
		return fmt.Errorf("CONTACTGRAPH_NEO4J_WARM_HUBS / --neo4j-warm-hubs must be a whole number of 0 or more")
	}
	if c.MaxRecipients < 0 {
		return fmt.Errorf("CONTACTGRAPH_MAX_RECIPIENTS / --max-recipients must be a whole number of 1 or more")
	}
	if _, err := parseSender(c.FallbackSender); err != nil {
		return fmt.Errorf("fallback sender: %w", err)
	}
	return nil
}

// keys reads the API keys from the environment value and the keys file.
func (c *Config) keys() (*server.Keys, error) {
	keys, err := server.ParseKeys(c.APIKeys)
	if err != nil {
		return nil, fmt.Errorf("CONTACTGRAPH_API_KEYS: %w", err)
	}
	if c.APIKeysFile != "" {
		f, err := os.Open(c.APIKeysFile)
		if err != nil {
			return nil, fmt.Errorf("keys file: %w", err)
		}
		defer f.Close()
		fk, err := server.ParseKeysFile(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.APIKeysFile, err)
		}
		keys.Merge(fk)
	}
	return keys, nil
}

// Sender is a name and an email that communications go out under.
type Sender struct {
	Name  string
	Email string
}

// parseSender reads "Name <email>".
func parseSender(s string) (Sender, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return Sender{}, fmt.Errorf("%q is not of the form \"Name <email>\": %v", s, err)
	}
	if a.Name == "" {
		return Sender{}, fmt.Errorf("%q has no name: want \"Name <email>\"", s)
	}
	return Sender{Name: a.Name, Email: a.Address}, nil
}
