// Command contactgraph is the contact network engine: it serves the HTTP API
// and web UI, migrates and seeds stores, and answers routing questions from
// the command line. It is the only package that knows every adapter.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := &App{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	cmd := app.Command()
	if err := cmd.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "contactgraph:", err)
		os.Exit(1)
	}
}
