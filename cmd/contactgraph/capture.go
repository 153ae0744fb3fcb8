package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/contactgraph/contactgraph/capture"
	"github.com/contactgraph/contactgraph/graph"
)

func (a *App) captureCommand() *cobra.Command {
	var (
		consentFile string
		consentIDs  []string
		until       string
		batch       int
		asJSON      bool
		opt         capture.Options
	)
	cmd := &cobra.Command{
		Use:   "capture FILE...",
		Short: "Record interactions from mailboxes (mbox, .eml) and calendars (.ics)",
		Long: `capture reads mailboxes (mbox, single .eml messages) and calendars (.ics),
telling the format from the content, and records each message or meeting
between two known persons as an interaction (docs/capture.md): addresses
are matched to employees' and customers' emails, ignoring case. Only
metadata is used: subjects, bodies and attachments are never kept.

Only the mail and meetings of employees who turned capture on count (the
employee's capture field: employees.csv, PUT /employees, PATCH /me);
--consent FILE (one employee id or email per line) or --employee ID
restricts a capture to some of them, e.g. the owners of the mailboxes.
Bulk mail (List-Id, Precedence: bulk/list/junk, more than
--bulk-recipients recipients), cancelled meetings, declined attendees and
items after --until do not count. Capturing the same files again changes
nothing: the store keeps a digest of each item's Message-ID or UID and
occurrence. Items that cannot be read are skipped with a reason; the
summary goes to stdout, a progress bar to a terminal's stderr.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			var list []string
			if consentFile != "" {
				f, err := os.Open(consentFile)
				if err != nil {
					return err
				}
				list, err = capture.ReadConsent(f)
				f.Close()
				if err != nil {
					return fmt.Errorf("--consent: %w", err)
				}
			}
			list = append(list, consentIDs...)
			opt.Until = time.Now().UTC()
			if until != "" {
				t, err := parseCaptureTime(until)
				if err != nil {
					return fmt.Errorf("--until: %w", err)
				}
				opt.Until = t
			}
			if batch < 1 {
				return errors.New("--batch-size: must be at least 1")
			}
			model, err := a.cfg.Trust.model()
			if err != nil {
				return err
			}
			return a.withMigratedStore(ctx, func(s graph.Store) error {
				dir, err := capture.LoadDirectory(ctx, s)
				if err != nil {
					return err
				}
				consent, err := dir.Consent(ctx, s, list)
				if err != nil {
					return err
				}
				r := &capture.Recorder{Store: s, Dir: dir, Consent: consent, Until: opt.Until,
					Model: model, BatchSize: batch}
				bar := newByteBar(a.Stderr, args)
				var failed []error
				for _, path := range args {
					if err := captureFile(ctx, r, path, opt, bar); err != nil {
						if ctx.Err() != nil {
							return err
						}
						failed = append(failed, fmt.Errorf("%s: %w", path, err))
						fmt.Fprintf(a.Stderr, "contactgraph: %s: %v\n", path, err)
					}
				}
				if bar != nil {
					_ = bar.Finish()
				}
				if err := r.Flush(ctx); err != nil {
					return err
				}
				if err := printCapture(cmd.OutOrStdout(), r.Summary, asJSON); err != nil {
					return err
				}
				if len(failed) > 0 {
					return fmt.Errorf("%d of %d files could not be read", len(failed), len(args))
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&consentFile, "consent", "", "capture only these employees' items: a file of ids or emails, one per line (each must have capture on)")
	f.StringArrayVar(&consentIDs, "employee", nil, "capture only this employee's items (id or email; repeatable; must have capture on)")
	f.StringVar(&until, "until", "", "count items up to this time, RFC 3339 or YYYY-MM-DD (default now); recurring meetings expand up to it")
	f.IntVar(&opt.BulkRecipients, "bulk-recipients", capture.DefaultBulkRecipients, "a message or meeting with more recipients is bulk and does not count")
	f.IntVar(&opt.MaxRecipients, "max-recipients", capture.DefaultMaxRecipients, "skip a message or meeting with more addresses")
	f.IntVar(&opt.MaxOccurrences, "max-occurrences", capture.DefaultMaxOccurrences, "skip a recurring meeting with more occurrences up to --until")
	f.IntVar(&batch, "batch-size", 1000, "items per transaction")
	f.BoolVar(&asJSON, "json", false, "print the summary as JSON")
	a.cfg.Trust.bind(f)
	return cmd
}

func parseCaptureTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
	}
	return t, nil
}

func captureFile(ctx context.Context, r *capture.Recorder, path string, opt capture.Options, bar *progressbar.ProgressBar) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var in io.Reader = f
	if bar != nil {
		in = io.TeeReader(f, bar)
	}
	_, err = r.Read(ctx, path, in, opt)
	return err
}

// newByteBar draws the bytes read of all files on a terminal; nil elsewhere.
func newByteBar(w io.Writer, paths []string) *progressbar.ProgressBar {
	if !isTerminal(w) {
		return nil
	}
	var total int64
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("capturing"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
	)
}

func printCapture(w io.Writer, s capture.Summary, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	rows := []struct {
		name string
		n    int
	}{
		{"files", s.Files}, {"items read", s.Items}, {"items recorded", s.Recorded},
		{"interactions recorded", s.Interactions}, {"duplicates skipped", s.Duplicates},
		{"bulk", s.Bulk}, {"cancelled", s.Cancelled}, {"after --until", s.Future},
		{"without consent", s.NoConsent}, {"no two known persons", s.NoKnown},
		{"declined attendees", s.DeclinedAttendees}, {"unknown addresses", s.UnknownAddresses},
		{"items skipped", s.Skipped},
	}
	for _, r := range rows {
		if _, err := fmt.Fprintf(w, "%-22s %d\n", r.name+":", r.n); err != nil {
			return err
		}
	}
	for _, e := range s.SkippedReasons {
		if _, err := fmt.Fprintf(w, "  skipped %s\n", e); err != nil {
			return err
		}
	}
	if more := s.Skipped - len(s.SkippedReasons); more > 0 {
		_, err := fmt.Fprintf(w, "  … and %d more\n", more)
		return err
	}
	return nil
}
