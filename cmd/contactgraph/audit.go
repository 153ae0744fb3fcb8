package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rs/zerolog"
)

// openAudit returns the logger of the audit stream (one record per
// resolved campaign) and what to close when serving ends. With a path
// (CONTACTGRAPH_AUDIT_LOG) records are appended to that file, created with
// mode 0600; without, they go to stderr beside the process log, marked
// "stream":"audit". Records are written at info level whatever the log
// level, so that an audit trail never depends on how chatty the log is.
func openAudit(c Config, stderr io.Writer) (zerolog.Logger, io.Closer, error) {
	if c.AuditLog == "" {
		w := stderr
		if c.LogFormat == "console" {
			w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
		}
		return zerolog.New(w).With().Timestamp().Str("stream", "audit").Logger(), io.NopCloser(nil), nil
	}
	f, err := os.OpenFile(c.AuditLog, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return zerolog.Nop(), nil, fmt.Errorf("audit log: %w", err)
	}
	return zerolog.New(f).With().Timestamp().Logger(), f, nil
}
