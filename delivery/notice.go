package delivery

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/letters"
)

// notify sends every employee named as a sender in saved one notice
// (through the same SMTP server and outbox, so each gets exactly one)
// listing the customers who will get a letter in their name, the deadline
// and where to decline. Notices still failing at the deadline do not hold
// the letters up.
func (r *Runner) notify(ctx context.Context, saved *campaigns.Saved) error {
	key := NoticeOutbox(saved.ID)
	domain := letters.Domain(r.cfg.Mailer)
	bySender := map[string][]campaigns.Row{}
	for _, row := range saved.Rows {
		if row.Sender != nil && row.Sender.ID != nil {
			bySender[*row.Sender.ID] = append(bySender[*row.Sender.ID], row)
		}
	}
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range bySender {
			if !yield(id) {
				return
			}
		}
	})
	queue := make([]graph.Letter, len(ids))
	for i, id := range ids {
		queue[i] = graph.Letter{Customer: id, Sender: id, MessageID: letters.MessageID(key, id, domain)}
	}
	if _, err := r.store.QueueLetters(ctx, key, queue); err != nil {
		return err
	}
	deadline := saved.Delivery.DeliverAfter
	_, err := r.drain(ctx, key, deadline, func(ctx context.Context, tr *transport, l graph.Letter) error {
		e, err := r.store.Employee(ctx, l.Customer)
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return r.fail(ctx, l, graph.LetterSending, "the employee was deleted")
		}
		if err != nil {
			return err
		}
		msg, err := r.noticeMessage(saved, e, bySender[e.ID], l.MessageID, deadline)
		if err != nil {
			return r.fail(ctx, l, graph.LetterSending, err.Error())
		}
		_, err = r.hand(ctx, tr, l, msg)
		return err
	})
	return err
}

// noticeMessage is the notice to e of the letters in their name.
func (r *Runner) noticeMessage(saved *campaigns.Saved, e graph.Employee, rows []campaigns.Row, messageID string, deadline time.Time) (*mail.Msg, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "Dear %s,\n\nthe campaign %q will send a letter in your name to %d customer(s) after %s:\n\n",
		e.Name, saved.Name, len(rows), deadline.UTC().Format("2006-01-02 15:04 MST"))
	for _, row := range rows {
		fmt.Fprintf(&b, "- %s <%s>\n", row.Name, row.Email)
	}
	fmt.Fprintf(&b, "\nReplies to these letters come to you (%s).\n"+
		"If a letter should not go out in your name to one of them, decline it before then on My network:\n%s/#/me\n"+
		"(campaign %s). The customer then gets the letter from the next person they trust, or the account owner.\n",
		e.Email, r.cfg.PublicURL, saved.ID)
	l := letters.Letter{Subject: "Letters in your name: " + saved.Name, Text: b.String()}
	return letters.Message(l, letters.Sender{Name: "contactgraph", Email: r.cfg.Mailer},
		letters.Recipient{Name: e.Name, Email: e.Email},
		letters.Envelope{Mailer: r.cfg.Mailer, MessageID: messageID, Date: r.now()})
}
