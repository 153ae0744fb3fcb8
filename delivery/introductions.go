package delivery

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/letters"
)

// IntroductionOutbox is the outbox of the mails about introductions
// (docs/delivery.md): one letter per introduction and step, keyed
// "<introduction id>:<step>", so each step is told once.
const IntroductionOutbox = "introductions"

// introductionSteps are the steps of an introduction a mail tells of, and
// whom: the request goes to the broker, every answer to the requester.
var introductionSteps = []string{graph.IntroductionRequested, graph.IntroductionAccepted,
	graph.IntroductionDeclined, graph.IntroductionDone}

// IntroductionMailKey is the outbox key of the mail about step of
// introduction id.
func IntroductionMailKey(id, step string) string { return id + ":" + step }

// IntroductionMailKeys are the outbox keys of every mail introduction id
// may have, so that its erasure forgets them all.
func IntroductionMailKeys(id string) []string {
	out := make([]string, len(introductionSteps))
	for i, step := range introductionSteps {
		out[i] = IntroductionMailKey(id, step)
	}
	return out
}

// AnnounceIntroduction queues the mail about step of introduction id. Call
// it before the step is stored, then SendIntroductionMails once it is: a
// step that is stored always has its mail queued, and a mail whose step
// was never stored is not sent (it waits in retry, then fails). Queueing
// the same step twice queues one mail.
func (r *Runner) AnnounceIntroduction(ctx context.Context, id, step string) error {
	if !isIntroductionStep(step) {
		return graph.Errorf(graph.EINVALID, "%q is no step of an introduction that a mail tells of", step)
	}
	key := IntroductionMailKey(id, step)
	_, err := r.store.QueueLetters(ctx, IntroductionOutbox, []graph.Letter{{Customer: key,
		MessageID: letters.MessageID(IntroductionOutbox, key, letters.Domain(r.cfg.Mailer))}})
	return err
}

// SendIntroductionMails wakes the sender of the introduction mails; it
// returns at once.
func (r *Runner) SendIntroductionMails() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.base.Err() != nil {
		return
	}
	if !r.introStarted {
		r.introStarted = true
		r.wg.Add(1)
		go r.introductionLoop()
	}
	select {
	case r.introKick <- struct{}{}:
	default: // a wake-up is pending already
	}
}

// introductionLoop sends the introduction mails each time it is woken,
// and again when the first mail in retry is due, until the runner closes.
func (r *Runner) introductionLoop() {
	defer r.wg.Done()
	log := r.log.With().Str("outbox", IntroductionOutbox).Logger()
	ctx := log.WithContext(r.base)
	var due <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.introKick:
		case <-due:
		}
		next, err := r.sendIntroductionMails(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Error().Err(err).Msg("introduction mails stopped by an error; trying again in a minute")
			next = r.now().Add(time.Minute)
		}
		due = nil
		if !next.IsZero() {
			due = time.After(max(next.Sub(r.now()), 10*time.Millisecond))
		}
	}
}

// sendIntroductionMails sends every introduction mail that is due and
// answers when the first one in retry is (zero for none).
func (r *Runner) sendIntroductionMails(ctx context.Context) (time.Time, error) {
	if _, err := r.drain(ctx, IntroductionOutbox, r.now(), r.sendIntroductionMail); err != nil {
		return time.Time{}, err
	}
	var next time.Time
	q := graph.LetterQuery{Campaign: IntroductionOutbox, State: graph.LetterRetry, Limit: graph.MaxListLimit}
	for {
		page, err := r.store.Letters(ctx, q)
		if err != nil {
			return time.Time{}, err
		}
		for _, l := range page.Items {
			if next.IsZero() || l.NextAt.Before(next) {
				next = l.NextAt
			}
		}
		if page.Next == "" {
			return next, nil
		}
		q.After = page.Next
	}
}

func isIntroductionStep(step string) bool {
	for _, s := range introductionSteps {
		if s == step {
			return true
		}
	}
	return false
}

// sendIntroductionMail sends one claimed introduction mail, once its step
// is stored.
func (r *Runner) sendIntroductionMail(ctx context.Context, tr *transport, l graph.Letter) error {
	i := strings.LastIndexByte(l.Customer, ':')
	if i < 0 || !isIntroductionStep(l.Customer[i+1:]) {
		return r.fail(ctx, l, graph.LetterSending, "not the key of an introduction mail")
	}
	id, step := l.Customer[:i], l.Customer[i+1:]
	in, err := r.store.Introduction(ctx, id)
	switch {
	case graph.ErrorCode(err) == graph.ENOTFOUND:
		return r.retryOrFail(ctx, l, graph.LetterSending, true, "the introduction is not stored (yet)")
	case err != nil:
		return err
	case !stepTaken(in, step):
		return r.retryOrFail(ctx, l, graph.LetterSending, true, fmt.Sprintf("the introduction is %s, not %s (yet)", in.State, step))
	}
	p, err := r.introductionParties(ctx, in)
	if err != nil {
		return err
	}
	to, about := p.broker, p.requester
	if step != graph.IntroductionRequested {
		to, about = p.requester, p.broker
	}
	if to.Email == "" {
		return r.fail(ctx, l, graph.LetterSending, "the employee to tell has no email (or was deleted)")
	}
	msg, err := letters.Message(introductionLetter(in, step, p, r.cfg.PublicURL),
		letters.Sender{Name: "contactgraph", Email: r.cfg.Mailer},
		letters.Recipient{Name: to.Name, Email: to.Email},
		letters.Envelope{Mailer: r.cfg.Mailer, MessageID: l.MessageID, Date: r.now(), ReplyTo: about.Email, ReplyToName: about.Name})
	if err != nil {
		return r.fail(ctx, l, graph.LetterSending, err.Error())
	}
	if err := r.limit.Wait(ctx); err != nil {
		return nil // stopped; the mail stays in sending for the next run
	}
	_, err = r.hand(ctx, tr, l, msg)
	return err
}

// stepTaken reports whether in went through step.
func stepTaken(in graph.Introduction, step string) bool {
	switch step {
	case graph.IntroductionAccepted:
		return in.State == graph.IntroductionAccepted || in.State == graph.IntroductionDone
	case graph.IntroductionDeclined, graph.IntroductionDone:
		return in.State == step
	}
	return true // requested: every stored introduction was
}

// parties are the persons an introduction mail names; one deleted since
// has only an id.
type parties struct {
	broker, requester     graph.Employee
	customer, accountName string
}

func (r *Runner) introductionParties(ctx context.Context, in graph.Introduction) (parties, error) {
	p := parties{broker: graph.Employee{ID: in.Via}, requester: graph.Employee{ID: in.Requester}, customer: in.Customer}
	for _, e := range []*graph.Employee{&p.broker, &p.requester} {
		got, err := r.store.Employee(ctx, e.ID)
		switch {
		case err == nil:
			*e = got
		case graph.ErrorCode(err) != graph.ENOTFOUND:
			return p, err
		}
	}
	c, err := r.store.Customer(ctx, in.Customer)
	switch {
	case err == nil:
		p.customer = c.Name
		if c.Account != "" {
			a, err := r.store.Account(ctx, c.Account)
			if err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
				return p, err
			}
			p.accountName = a.Name
		}
	case graph.ErrorCode(err) != graph.ENOTFOUND:
		return p, err
	}
	return p, nil
}

// introductionLetter is what the mail about step says: the request to the
// broker, with the requester's note; an answer to the requester, with the
// broker's message. Nothing in it tells of a relationship's data.
func introductionLetter(in graph.Introduction, step string, p parties, publicURL string) letters.Letter {
	customer := p.customer
	if p.accountName != "" {
		customer += " (" + p.accountName + ")"
	}
	var b strings.Builder
	var subject string
	switch step {
	case graph.IntroductionRequested:
		subject = fmt.Sprintf("%s asks you for an introduction to %s", nameOf(p.requester), p.customer)
		fmt.Fprintf(&b, "Dear %s,\n\n%s%s asks you to introduce them to %s.\n", nameOf(p.broker), nameOf(p.requester),
			titled(p.requester), customer)
		if in.Note != "" {
			fmt.Fprintf(&b, "\nTheir note:\n%s\n", quoted(in.Note))
		}
		fmt.Fprintf(&b, "\nAccept or decline on My network:\n%s/#/me\n\nA reply to this mail goes to %s.\n", publicURL, nameOf(p.requester))
	case graph.IntroductionAccepted:
		subject = fmt.Sprintf("%s will introduce you to %s", nameOf(p.broker), p.customer)
		fmt.Fprintf(&b, "Dear %s,\n\n%s accepted your request for an introduction to %s.\n", nameOf(p.requester), nameOf(p.broker), customer)
		answer(&b, in.Message)
		fmt.Fprintf(&b, "\nOnce the introduction took place, %s marks it done.\n", nameOf(p.broker))
	case graph.IntroductionDeclined:
		subject = fmt.Sprintf("%s declined the introduction to %s", nameOf(p.broker), p.customer)
		fmt.Fprintf(&b, "Dear %s,\n\n%s declined your request for an introduction to %s.\n", nameOf(p.requester), nameOf(p.broker), customer)
		answer(&b, in.Message)
		fmt.Fprintf(&b, "\nThe customer's page lists the others who know them:\n%s/#/customer/%s\n", publicURL, url.PathEscape(in.Customer))
	case graph.IntroductionDone:
		subject = fmt.Sprintf("Introduced to %s", p.customer)
		fmt.Fprintf(&b, "Dear %s,\n\n%s marked your introduction to %s done. It is recorded as your interaction with the customer.\n",
			nameOf(p.requester), nameOf(p.broker), customer)
	}
	fmt.Fprintf(&b, "\n(introduction %s)\n", in.ID)
	return letters.Letter{Subject: subject, Text: b.String()}
}

func answer(b *strings.Builder, message string) {
	if message != "" {
		fmt.Fprintf(b, "\nTheir message:\n%s\n", quoted(message))
	}
}

func nameOf(e graph.Employee) string {
	if e.Name != "" {
		return e.Name
	}
	return e.ID
}

func titled(e graph.Employee) string {
	if e.Title != "" {
		return ", " + e.Title + ","
	}
	return ""
}

// quoted sets every line of s off with "> ".
func quoted(s string) string {
	return "> " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n> ")
}
