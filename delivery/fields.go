package delivery

import (
	"context"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/letters"
)

// filler finds the fields of letters: the recipient's record and account,
// the sender's record and unit, each read once per filler.
type filler struct {
	store    graph.Store
	accounts map[string]string // id → name
	units    map[string]string
	senders  map[string]*graph.Employee
}

func newFiller(store graph.Store) *filler {
	return &filler{store: store, accounts: map[string]string{}, units: map[string]string{}, senders: map[string]*graph.Employee{}}
}

// fields are the letter fields of row's recipient c and sender. A sender
// who is no employee any more, or the fallback, signs with the row's name
// and email only.
func (f *filler) fields(ctx context.Context, row campaigns.Row, c graph.Customer) (letters.Fields, error) {
	out := letters.Fields{Recipient: letters.Recipient{ID: c.ID, Name: c.Name, Title: c.Title, Email: c.Email}}
	var err error
	if c.Account != "" {
		if out.Recipient.Account, err = f.accountName(ctx, c.Account); err != nil {
			return out, err
		}
	}
	if row.Sender == nil {
		return out, graph.Errorf(graph.EINVALID, "customer %q has no sender in this campaign (%s)", c.ID, row.Reason)
	}
	out.Sender = letters.Sender{Name: row.Sender.Name, Email: row.Sender.Email}
	if row.Sender.ID == nil {
		return out, nil
	}
	e, err := f.employee(ctx, *row.Sender.ID)
	if err != nil || e == nil {
		return out, err
	}
	out.Sender = letters.Sender{ID: e.ID, Name: e.Name, Title: e.Title, Email: e.Email, Phone: e.Phone, Signature: e.Signature}
	if e.Unit != "" {
		if out.Sender.Unit, err = f.unitName(ctx, e.Unit); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (f *filler) employee(ctx context.Context, id string) (*graph.Employee, error) {
	if e, ok := f.senders[id]; ok {
		return e, nil
	}
	e, err := f.store.Employee(ctx, id)
	switch {
	case graph.ErrorCode(err) == graph.ENOTFOUND:
		f.senders[id] = nil
		return nil, nil
	case err != nil:
		return nil, err
	}
	f.senders[id] = &e
	return &e, nil
}

func (f *filler) accountName(ctx context.Context, id string) (string, error) {
	if n, ok := f.accounts[id]; ok {
		return n, nil
	}
	a, err := f.store.Account(ctx, id)
	if err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
		return "", err
	}
	f.accounts[id] = a.Name
	return a.Name, nil
}

func (f *filler) unitName(ctx context.Context, id string) (string, error) {
	if n, ok := f.units[id]; ok {
		return n, nil
	}
	u, err := f.store.Unit(ctx, id)
	if err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
		return "", err
	}
	f.units[id] = u.Name
	return u.Name, nil
}

// Preview is one recipient's letter of a saved campaign, as it would go
// out now, with the addresses it would carry.
type Preview struct {
	Customer string         `json:"customer"`
	From     string         `json:"from"`
	ReplyTo  string         `json:"replyTo"`
	To       string         `json:"to"`
	Reason   string         `json:"reason"`
	Letter   letters.Letter `json:"letter"`
}

// PreviewLetter fills the letter of saved for recipient customer.
// EINVALID: the campaign has no letter (field letter), customer is not one
// of its recipients with a sender (field recipient), or a template cannot
// be filled (its field, with line and field).
func PreviewLetter(ctx context.Context, store graph.Store, saved *campaigns.Saved, customer string) (*Preview, error) {
	var p graph.Problems
	if saved.Letter == nil {
		p.Add("letter", "campaign %q has no letter yet: PUT /campaigns/%s/letter writes one", saved.ID, saved.ID)
		return nil, p.Err()
	}
	compiled, err := letters.Compile(*saved.Letter)
	if err != nil {
		return nil, err
	}
	var row *campaigns.Row
	for i := range saved.Rows {
		if saved.Rows[i].Customer == customer {
			row = &saved.Rows[i]
			break
		}
	}
	if row == nil || row.Sender == nil {
		why := "is not a recipient of this campaign"
		if row != nil {
			why = "gets no letter in this campaign (" + row.Reason + ")"
		}
		p.Add("recipient", "%q %s", customer, why)
		return nil, p.Err()
	}
	c, err := store.Customer(ctx, customer)
	if err != nil {
		return nil, err
	}
	fields, err := newFiller(store).fields(ctx, *row, c)
	if err != nil {
		return nil, err
	}
	l, err := compiled.Fill(fields)
	if err != nil {
		return nil, err
	}
	return &Preview{Customer: customer, From: address(fields.Sender.Name, fields.Sender.Email),
		ReplyTo: address(fields.Sender.Name, fields.Sender.Email), To: address(c.Name, c.Email), Reason: row.Reason, Letter: l}, nil
}

// address is "Name <email>" for showing.
func address(name, email string) string {
	if name == "" {
		return email
	}
	return name + " <" + email + ">"
}
