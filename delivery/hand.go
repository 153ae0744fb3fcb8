package delivery

import (
	"context"
	"time"

	"github.com/rs/zerolog"
	mail "github.com/wneessen/go-mail"

	"github.com/contactgraph/contactgraph/graph"
)

// hand gives msg, letter l's message, to the SMTP server and records the
// outcome. The sent mark is stored after the data and before the end of
// data, the moment the server takes responsibility (docs/delivery.md):
// crash before it, and the letter is still in sending and goes again (the
// server dropped what it had); after it, and the letter counts as sent.
// ok reports whether the letter counts as sent.
func (r *Runner) hand(ctx context.Context, tr *transport, l graph.Letter, msg *mail.Msg) (ok bool, err error) {
	at := r.now().UTC()
	sent := l
	sent.State, sent.SentAt, sent.Reason, sent.NextAt = graph.LetterSent, at, "", time.Time{}
	out, temporary, sendErr := tr.send(ctx, msg, func() error {
		if err := r.store.MarkLetter(ctx, sent, graph.LetterSending); err != nil {
			return err
		}
		return nil
	})
	// What the server said is recorded even when the delivery is paused
	// meanwhile.
	keep := context.WithoutCancel(ctx)
	log := zerolog.Ctx(ctx)
	switch out {
	case accepted:
		log.Debug().Str("customer", l.Customer).Msg("letter sent")
		// The end of data is out: now the mark may take a disk sync.
		return true, r.store.SyncLetters(keep)
	case unanswered:
		log.Warn().Err(sendErr).Str("customer", l.Customer).Msg("letter counted as sent without an answer")
		sent.Reason = ReasonUnanswered
		return true, r.mark(keep, sent, graph.LetterSent)
	case refused:
		log.Warn().Err(sendErr).Str("customer", l.Customer).Msg("letter refused at the end of data")
		return false, r.retryOrFail(keep, l, graph.LetterSent, temporary, sendErr.Error())
	}
	if ctx.Err() != nil {
		// Paused or stopped before the end of data: still in sending, the
		// next run releases it.
		return false, nil
	}
	if graph.ErrorCode(sendErr) == graph.ENOTFOUND {
		// The customer was erased while their letter was on its way: the
		// end of data never went out, and there is nothing left to mark.
		log.Info().Str("customer", l.Customer).Msg("letter not sent: its customer was erased")
		return false, nil
	}
	log.Warn().Err(sendErr).Str("customer", l.Customer).Bool("temporary", temporary).Msg("letter not sent")
	return false, r.retryOrFail(keep, l, graph.LetterSending, temporary, sendErr.Error())
}

// retryOrFail records a letter in state from that failed: again later
// with a pause that doubles with each attempt, or failed for good when
// the failure is permanent or the attempts are used up.
func (r *Runner) retryOrFail(ctx context.Context, l graph.Letter, from string, temporary bool, reason string) error {
	if !temporary || l.Attempts >= r.cfg.MaxAttempts {
		return r.fail(ctx, l, from, reason)
	}
	pause := r.cfg.RetryAfter << min(l.Attempts-1, 20)
	if pause > maxRetryPause || pause <= 0 {
		pause = maxRetryPause
	}
	l.State, l.NextAt, l.Reason, l.SentAt = graph.LetterRetry, r.now().UTC().Add(pause), reason, time.Time{}
	return r.mark(ctx, l, from)
}

// fail records letter l, in state from, as failed for good.
func (r *Runner) fail(ctx context.Context, l graph.Letter, from, reason string) error {
	l.State, l.Reason, l.NextAt, l.SentAt = graph.LetterFailed, reason, time.Time{}, time.Time{}
	return r.mark(ctx, l, from)
}

// mark stores letter l's outcome (in state from). A letter that is gone
// was forgotten with its erased customer (graph.OutboxStore.ForgetLetters)
// while it was in sending: there is nothing to record, and the delivery
// goes on.
func (r *Runner) mark(ctx context.Context, l graph.Letter, from string) error {
	err := r.store.MarkLetter(ctx, l, from)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		zerolog.Ctx(ctx).Info().Str("customer", l.Customer).Msg("letter forgotten meanwhile: its customer was erased")
		return nil
	}
	return err
}
