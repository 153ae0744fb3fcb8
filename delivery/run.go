package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/letters"
)

// Reasons of letters that failed without an SMTP answer.
const (
	ReasonOptedOut   = "opt_out: the customer opted out after the campaign was saved"
	ReasonNoCustomer = "unknown_customer: the customer was erased"
	ReasonNoEmail    = "no_email: the customer has no email address any more"
	ReasonUnanswered = "the end of data went out and no answer came back: counted as sent"
	noticeSuffix     = ":notice"
	maxRetryPause    = time.Hour
	idlePollInterval = time.Second
)

// NoticeOutbox is the outbox key of the senders' notices of campaign id.
func NoticeOutbox(id string) string { return id + noticeSuffix }

// run takes campaign id's delivery as far as it goes: the notices, the
// deadline, queueing the letters, sending them. nil: done, paused or
// stopped.
func (r *Runner) run(ctx context.Context, id string) error {
	saved, err := campaigns.Load(ctx, r.store, id)
	if err != nil {
		return err
	}
	d := saved.Delivery
	if d == nil || d.State == campaigns.DeliveryPaused || d.State == campaigns.DeliveryDone || saved.Letter == nil {
		return nil
	}
	if !d.Queued {
		if err := r.notify(ctx, saved); err != nil {
			return err
		}
		if wait := d.DeliverAfter.Sub(r.now()); wait > 0 && !sleep(ctx, wait) {
			return nil
		}
		// From here on declines are refused (campaigns.DeclineRecipients),
		// so the rows read next are the campaign as it stands at the
		// deadline.
		saved, err = campaigns.SetDelivery(ctx, r.store, id, func(s *campaigns.Saved, d *campaigns.Delivery) (*campaigns.Delivery, error) {
			if d == nil || d.State == campaigns.DeliveryPaused {
				return nil, errPausedMeanwhile
			}
			next := *d
			next.State, next.Queued = campaigns.DeliveryRunning, true
			return &next, nil
		})
		if err == errPausedMeanwhile {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return r.deliverLetters(ctx, saved)
}

var errPausedMeanwhile = fmt.Errorf("delivery: paused meanwhile")

// deliverLetters queues every letter of saved (again: queueing keeps what
// is there), releases what a stopped process left in sending (it never
// reached the end of data), and sends until nothing is left.
func (r *Runner) deliverLetters(ctx context.Context, saved *campaigns.Saved) error {
	compiled, err := letters.Compile(*saved.Letter)
	if err != nil {
		return err
	}
	domain := letters.Domain(r.cfg.Mailer)
	rows := make(map[string]campaigns.Row, len(saved.Rows))
	var queue []graph.Letter
	for _, row := range saved.Rows {
		if row.Sender == nil {
			continue // excluded or unknown: no letter
		}
		rows[row.Customer] = row
		l := graph.Letter{Customer: row.Customer, MessageID: letters.MessageID(saved.ID, row.Customer, domain)}
		if row.Sender.ID != nil {
			l.Sender = *row.Sender.ID
		}
		queue = append(queue, l)
	}
	if _, err := r.store.QueueLetters(ctx, saved.ID, queue); err != nil {
		return err
	}
	f := newFiller(r.store)
	send := func(ctx context.Context, tr *transport, l graph.Letter) error {
		return r.sendLetter(ctx, tr, compiled, f, rows[l.Customer], l)
	}
	done, err := r.drain(ctx, saved.ID, time.Time{}, send)
	if err != nil || !done {
		return err
	}
	_, err = campaigns.SetDelivery(ctx, r.store, saved.ID, func(_ *campaigns.Saved, d *campaigns.Delivery) (*campaigns.Delivery, error) {
		if d == nil || d.State != campaigns.DeliveryRunning {
			return nil, nil
		}
		next := *d
		next.State = campaigns.DeliveryDone
		return &next, nil
	})
	if err == nil {
		zerolog.Ctx(ctx).Info().Msg("delivery done")
	}
	return err
}

// drain sends the letters of outbox key until none is queued, in sending
// or in retry (done), or, with a non-zero until, until only retries after
// it are left. It answers done=false when ctx ended first.
func (r *Runner) drain(ctx context.Context, key string, until time.Time, send func(context.Context, *transport, graph.Letter) error) (bool, error) {
	if _, err := r.store.ReleaseLetters(ctx, key); err != nil {
		return false, err
	}
	tr, err := newTransport(r.cfg)
	if err != nil {
		return false, err
	}
	defer tr.close()
	for ctx.Err() == nil {
		batch, err := r.store.ClaimLetters(ctx, key, r.now(), r.cfg.Batch)
		if err != nil {
			return false, err
		}
		for _, l := range batch {
			if ctx.Err() != nil {
				// The rest stay in sending; the next run releases them.
				return false, nil
			}
			if err := send(ctx, tr, l); err != nil {
				return false, err
			}
		}
		if len(batch) > 0 {
			continue
		}
		counts, err := r.store.LetterCounts(ctx, key)
		if err != nil {
			return false, err
		}
		if counts[graph.LetterQueued]+counts[graph.LetterSending]+counts[graph.LetterRetry] == 0 {
			return true, nil
		}
		if !until.IsZero() && !r.now().Before(until) {
			return true, nil
		}
		tr.close() // nothing to send for a while: do not hold the connection
		sleep(ctx, idlePollInterval)
	}
	return false, nil
}

// sendLetter sends one claimed letter and records what became of it.
func (r *Runner) sendLetter(ctx context.Context, tr *transport, compiled *letters.Compiled, f *filler, row campaigns.Row, l graph.Letter) error {
	c, err := r.store.Customer(ctx, l.Customer)
	switch {
	case graph.ErrorCode(err) == graph.ENOTFOUND:
		return r.fail(ctx, l, graph.LetterSending, ReasonNoCustomer)
	case err != nil:
		return err
	case c.OptOut:
		// Never to an opted-out customer, whenever they opted out.
		return r.fail(ctx, l, graph.LetterSending, ReasonOptedOut)
	case c.Email == "":
		return r.fail(ctx, l, graph.LetterSending, ReasonNoEmail)
	}
	fields, err := f.fields(ctx, row, c)
	if err != nil {
		return r.failOr(ctx, l, err)
	}
	letter, err := compiled.Fill(fields)
	if err != nil {
		return r.failOr(ctx, l, err)
	}
	env := letters.Envelope{Mailer: r.cfg.Mailer, MessageID: l.MessageID, Date: r.now(),
		Unsubscribe: r.cfg.PublicURL + "/unsubscribe?t=" + UnsubscribeToken(r.cfg.Secret, c.ID)}
	msg, err := letters.Message(letter, fields.Sender, fields.Recipient, env)
	if err != nil {
		return r.fail(ctx, l, graph.LetterSending, err.Error())
	}
	if err := r.wait(ctx, letters.Domain(fields.Sender.Email)); err != nil {
		return nil // stopped; the letter stays in sending for the next run
	}
	ok, err := r.hand(ctx, tr, l, msg)
	if err != nil || !ok {
		return err
	}
	r.onSent(ctx, l.Campaign, fields.Sender.ID, c.ID, r.now())
	return nil
}

// failOr records a letter that cannot be written as failed, and returns
// any other error.
func (r *Runner) failOr(ctx context.Context, l graph.Letter, err error) error {
	if graph.ErrorCode(err) == graph.EINVALID {
		return r.fail(ctx, l, graph.LetterSending, err.Error())
	}
	return err
}

// wait keeps the server's and the sender domain's rates.
func (r *Runner) wait(ctx context.Context, domain string) error {
	if err := r.limit.Wait(ctx); err != nil {
		return err
	}
	return r.domainLimiter(domain).Wait(ctx)
}

// onSent is called once for every letter the SMTP server accepted (or that
// counts as sent), with the employee whose name is on it ("" for the
// fallback). It records the campaign interaction on the recipient's tie to
// the sender (campaigns.SentItem: never a new tie, and once per campaign
// and recipient, also when the campaign is marked sent later). The letter
// is out whatever happens here, so a failure is logged, not returned;
// marking the campaign sent records what is missing.
func (r *Runner) onSent(ctx context.Context, campaignID, senderID, customerID string, at time.Time) {
	if senderID == "" {
		return
	}
	item := campaigns.SentItem(campaignID, senderID, customerID, at)
	if _, err := r.store.RecordCaptured(ctx, []graph.CapturedItem{item}, r.cfg.TrustModel); err != nil {
		r.log.Warn().Err(err).Str("campaign", campaignID).Str("customer", customerID).
			Msg("delivery: the campaign interaction of a sent letter was not recorded")
	}
}
