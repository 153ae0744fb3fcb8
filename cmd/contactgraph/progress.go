package main

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/seed"
)

// withMigratedStore validates the configuration, opens the store with
// Neo4j's constraints in place (writes rely on them) and runs fn with it,
// closing it afterwards.
func (a *App) withMigratedStore(ctx context.Context, fn func(graph.Store) error) (err error) {
	if err := a.cfg.validate(); err != nil {
		return err
	}
	log, err := newLogger(a.cfg, a.Stderr)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, a.cfg, log, true)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	return fn(s)
}

// isTerminal reports whether w is a terminal: progress bars are drawn only
// there, so that logs and pipes stay quiet.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// rowBar draws a running import or generation on a terminal: a spinner with
// the rows read while validating, then a bar with rows per second and the
// time left while writing.
type rowBar struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	phase string
}

// newRowBar returns nil when w is not a terminal.
func newRowBar(w io.Writer) *rowBar {
	if !isTerminal(w) {
		return nil
	}
	return &rowBar{w: w}
}

func (r *rowBar) start(phase string, total int) {
	if r.bar != nil {
		_ = r.bar.Finish()
	}
	r.phase = phase
	desc := "validating"
	if phase == seed.PhaseWrite {
		desc = "writing"
	}
	if total <= 0 {
		total = -1 // a spinner
	}
	r.bar = progressbar.NewOptions64(int64(total),
		progressbar.OptionSetWriter(r.w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rows"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionOnCompletion(func() { _, _ = io.WriteString(r.w, "\n") }),
	)
}

// update is a seed.ImportOptions.Progress.
func (r *rowBar) update(p seed.Progress) {
	if r.bar == nil || r.phase != p.Phase {
		r.start(p.Phase, p.Total)
	}
	_ = r.bar.Set(p.Rows)
}

// done clears the bar.
func (r *rowBar) done() {
	if r != nil && r.bar != nil {
		_ = r.bar.Finish()
		r.bar = nil
	}
}

// progress returns the bar's update function, nil without a bar.
func (r *rowBar) progress() func(seed.Progress) {
	if r == nil {
		return nil
	}
	return r.update
}
