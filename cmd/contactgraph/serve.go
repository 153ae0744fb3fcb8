package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/delivery"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/seed"
	"github.com/contactgraph/contactgraph/server"
)

func (a *App) serveCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API (embedded store in ./data unless NEO4J_URI is set)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("fallback-sender") {
				a.cfg.fallbackAsked = true
			}
			return a.serve(cmd.Context())
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&a.cfg.Addr, "addr", a.cfg.Addr, "address to listen on (env CONTACTGRAPH_ADDR)")
	fs.StringVar(&a.cfg.APIKeysFile, "api-keys-file", a.cfg.APIKeysFile, `file of "ROLE sha256:<hex>" lines (env CONTACTGRAPH_API_KEYS_FILE)`)
	fs.BoolVar(&a.cfg.Demo, "demo", false, "fill an empty store with the demo company")
	fs.Float64Var(&a.cfg.HalfLifeDays, "half-life-days", a.cfg.HalfLifeDays, "days after which a relationship's trust counts half (env CONTACTGRAPH_HALF_LIFE_DAYS)")
	fs.StringVar(&a.cfg.FallbackSender, "fallback-sender", a.cfg.FallbackSender, `fallback sender "Name <email>" of route and campaigns; --demo without it: Vorstand <vorstand@nordwerk.example> (env CONTACTGRAPH_FALLBACK_SENDER)`)
	fs.Float64Var(&a.cfg.RateLimit, "rate-limit", a.cfg.RateLimit, "API requests per second one key may make, 0 for no limit (env CONTACTGRAPH_RATE_LIMIT)")
	fs.IntVar(&a.cfg.RateBurst, "rate-burst", a.cfg.RateBurst, "API requests one key may make at once (env CONTACTGRAPH_RATE_BURST)")
	fs.Int64Var(&a.cfg.MaxBodyBytes, "max-body-bytes", a.cfg.MaxBodyBytes, "largest request body accepted")
	fs.DurationVar(&a.cfg.RequestTimeout, "request-timeout", a.cfg.RequestTimeout, "time limit of one request")
	fs.DurationVar(&a.cfg.ShutdownGrace, "shutdown-grace", a.cfg.ShutdownGrace, "time in-flight requests get to finish on shutdown")
	fs.StringVar(&a.cfg.AuditLog, "audit-log", a.cfg.AuditLog, "file to append audit records to (mode 0600); empty: stderr (env CONTACTGRAPH_AUDIT_LOG)")
	a.cfg.Trust.bind(fs)
	fs.IntVar(&a.cfg.MaxRecipients, "max-recipients", a.cfg.MaxRecipients, "most recipients of one campaign; 0: 1,000,000 (env CONTACTGRAPH_MAX_RECIPIENTS)")
	a.cfg.Mail.bind(fs)
	return cmd
}

// serve runs the HTTP server until ctx ends (SIGINT/SIGTERM), then lets
// in-flight requests finish and closes the store.
func (a *App) serve(ctx context.Context) (err error) {
	c := a.cfg
	if err := c.validate(); err != nil {
		return err
	}
	model, err := c.Trust.model()
	if err != nil {
		return err
	}
	if c.LogLevel == "" {
		c.LogLevel = serveLogLevel
	}
	log, err := newLogger(c, a.Stderr)
	if err != nil {
		return err
	}
	fallback, err := parseSender(c.FallbackSender)
	if err != nil {
		return err
	}
	if c.Demo && !c.fallbackAsked {
		fallback = Sender{Name: seed.DemoFallback.Name, Email: seed.DemoFallback.Email}
	}
	keys, err := c.keys()
	if err != nil {
		return err
	}
	if keys.Len() == 0 {
		if err := requireLoopback(c.Addr); err != nil {
			return err
		}
		log.Warn().Str("addr", c.Addr).Msg("no API keys configured: serving on loopback only, every caller acts as admin")
	}
	audit, auditFile, err := openAudit(c, a.Stderr)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, auditFile.Close()) }()
	store, err := openStore(ctx, c, log, true)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close()) }()
	if c.Demo {
		loaded, err := seed.LoadDemo(ctx, store)
		if err != nil {
			return err
		}
		log.Info().Bool("loaded", loaded).Msg("demo company")
	}
	warmRoutingCache(ctx, store, c.Neo4jWarmHubs, log)

	mailCfg, mail, err := c.Mail.deliveryConfig(c.Addr, c.DataDir, c.Neo4jURI != "")
	if err != nil {
		return err
	}
	var runner *delivery.Runner
	if mail {
		mailCfg.TrustModel = model
		if runner, err = delivery.New(store, mailCfg, log); err != nil {
			return err
		}
		// Stops after the letter in hand; what is left resumes next start.
		defer runner.Close()
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv := server.New(server.Config{
		MaxBodyBytes:      c.MaxBodyBytes,
		RequestTimeout:    c.RequestTimeout,
		HalfLifeDays:      c.HalfLifeDays,
		Keys:              keys,
		RateLimit:         c.RateLimit,
		RateBurst:         c.RateBurst,
		Fallback:          routing.Fallback{Name: fallback.Name, Email: fallback.Email},
		Version:           version,
		MaxRecipients:     c.MaxRecipients,
		Audit:             audit,
		Delivery:          runner,
		UnsubscribeSecret: mailCfg.Secret,
		TrustModel:        model,
	}, store, log, reg)
	if runner != nil {
		if err := runner.Resume(ctx); err != nil {
			return fmt.Errorf("resume deliveries: %w", err)
		}
	}

	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	if a.onListen != nil {
		a.onListen(ln.Addr())
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       c.RequestTimeout + 10*time.Second,
		WriteTimeout:      c.RequestTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info().Str("addr", ln.Addr().String()).Str("version", version).Msg("listening")

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info().Dur("grace", c.ShutdownGrace).Msg("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), c.ShutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info().Msg("stopped")
	return nil
}

// requireLoopback refuses to serve beyond this machine: without API keys
// the API would be open to anyone who can reach the address.
func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing to listen on %s without API keys: set CONTACTGRAPH_API_KEYS or listen on a loopback address such as 127.0.0.1:8080", addr)
}
