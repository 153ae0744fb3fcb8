package main

import (
	"fmt"
	"io"
	"time"

	"github.com/rs/zerolog"
)

// Log levels when none is asked for: serve tells what it does, the other
// commands only what goes wrong.
const (
	serveLogLevel   = "info"
	commandLogLevel = "warn"
)

// newLogger builds the process's one logger from the configuration; without
// a level asked for, commandLogLevel.
func newLogger(c Config, w io.Writer) (zerolog.Logger, error) {
	if c.LogLevel == "" {
		c.LogLevel = commandLogLevel
	}
	level, err := zerolog.ParseLevel(c.LogLevel)
	if err != nil || level == zerolog.NoLevel {
		return zerolog.Nop(), fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat == "console" {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger(), nil
}
