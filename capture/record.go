package capture

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

type person struct {
	id       string
	employee bool
}

// Directory maps email addresses, case-insensitively, to the store's
// employees and customers, and knows which employees turned capture on.
type Directory struct {
	byEmail map[string]person
	capture map[string]bool // ids of employees with Capture
}

// LoadDirectory reads every employee's and customer's email and aliases.
// Where two persons share an address the employee wins, then the smaller
// id; an email wins over an alias.
func LoadDirectory(ctx context.Context, s graph.Store) (*Directory, error) {
	d := &Directory{byEmail: map[string]person{}, capture: map[string]bool{}}
	add := func(email, id string, employee bool) {
		k := strings.ToLower(strings.TrimSpace(email))
		if k == "" {
			return
		}
		if p, ok := d.byEmail[k]; ok && (p.employee && !employee || p.employee == employee && p.id < id) {
			return
		}
		d.byEmail[k] = person{id: id, employee: employee}
	}
	type alias struct {
		addr, id string
		employee bool
	}
	var aliases []alias
	q := graph.ListQuery{Limit: graph.MaxListLimit}
	for {
		page, err := s.Employees(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, e := range page.Items {
			add(e.Email, e.ID, true)
			for _, a := range e.Aliases {
				aliases = append(aliases, alias{a, e.ID, true})
			}
			if e.Capture {
				d.capture[e.ID] = true
			}
		}
		if q.After = page.Next; q.After == "" {
			break
		}
	}
	q.After = ""
	for {
		page, err := s.Customers(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, c := range page.Items {
			add(c.Email, c.ID, false)
			for _, a := range c.Aliases {
				aliases = append(aliases, alias{a, c.ID, false})
			}
		}
		if q.After = page.Next; q.After == "" {
			break
		}
	}
	emails := make(map[string]bool, len(d.byEmail))
	for k := range d.byEmail {
		emails[k] = true
	}
	for _, a := range aliases {
		if !emails[strings.ToLower(strings.TrimSpace(a.addr))] {
			add(a.addr, a.id, a.employee)
		}
	}
	return d, nil
}

func (d *Directory) lookup(addr string) (person, bool) {
	p, ok := d.byEmail[strings.ToLower(addr)]
	return p, ok
}

// Consent returns the employees whose items a capture may record: those
// who turned capture on (graph.Employee.Capture), all of them or, if list
// names some (ids or emails), only those. EINVALID (field "consent"): an
// entry is no employee or has not turned capture on, or nobody has.
func (d *Directory) Consent(ctx context.Context, s graph.Store, list []string) (map[string]bool, error) {
	if len(list) == 0 {
		if len(d.capture) == 0 {
			var p graph.Problems
			p.Add("consent", "no employee has turned capture on (the employee's capture field), so nothing may be captured")
			return nil, p.Err()
		}
		out := make(map[string]bool, len(d.capture))
		for id := range d.capture {
			out[id] = true
		}
		return out, nil
	}
	out := make(map[string]bool, len(list))
	notOn := func(v string) error {
		var p graph.Problems
		p.Add("consent", "%q has not turned capture on", v)
		return p.Err()
	}
	for _, v := range list {
		v = strings.TrimSpace(v)
		if p, ok := d.lookup(v); ok && p.employee {
			if !d.capture[p.id] {
				return nil, notOn(v)
			}
			out[p.id] = true
			continue
		}
		var e graph.Employee
		var err error = graph.Errorf(graph.ENOTFOUND, "no employee %q", v)
		if graph.ValidID(v) {
			e, err = s.Employee(ctx, v)
		}
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			var p graph.Problems
			p.Add("consent", "%q is no employee's id or email", v)
			return nil, p.Err()
		}
		if err != nil {
			return nil, err
		}
		if !e.Capture {
			return nil, notOn(v)
		}
		out[e.ID] = true
	}
	return out, nil
}

// ReadConsent reads a list of employees: one id or email per line;
// blank lines and lines starting with # are ignored.
func ReadConsent(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out, sc.Err()
}

// Summary counts what a capture did. Unknown addresses are counted, never
// kept: the count is of distinct digests, held in memory for one run.
type Summary struct {
	Files int `json:"files"`
	// Items read: messages and meeting occurrences.
	Items int `json:"items"`
	// Recorded items gave interactions; Interactions counts those.
	Recorded     int `json:"recorded"`
	Interactions int `json:"interactions"`
	// Duplicates were captured before (the same key, in this run or an
	// earlier one) and changed nothing.
	Duplicates int `json:"duplicates"`
	// Items that do not count as personal contact or could not count.
	Bulk      int `json:"bulk"`
	Cancelled int `json:"cancelled"`
	Future    int `json:"future"`
	NoConsent int `json:"noConsent"`
	NoKnown   int `json:"noKnownPair"`
	// DeclinedAttendees counts attendees left out for PARTSTAT=DECLINED.
	DeclinedAttendees int `json:"declinedAttendees"`
	UnknownAddresses  int `json:"unknownAddresses"`
	// Skipped items, with the first MaxSkippedListed reasons.
	Skipped        int         `json:"skipped"`
	SkippedReasons []ItemError `json:"skippedReasons"`
}

// MaxSkippedListed is how many skipped items a Summary lists.
const MaxSkippedListed = 100

// Recorder turns events into interactions and records them in batches
// through graph.Store.RecordCaptured.
type Recorder struct {
	Store graph.Store
	Dir   *Directory
	// Consent holds the ids of the employees whose mail and meetings may
	// be captured (Directory.Consent); nobody else's interactions are
	// recorded.
	Consent map[string]bool
	// Until: items after it have not happened yet and are not recorded.
	Until time.Time
	// Model learns the trust of the relationships the items touch.
	Model graph.TrustModel
	// BatchSize items per transaction; 0 keeps everything for one
	// transaction at Flush.
	BatchSize int

	Summary Summary
	pending []graph.CapturedItem
	unknown map[[32]byte]struct{}
}

// Skip notes an item that could not be read.
func (r *Recorder) Skip(e ItemError) {
	r.Summary.Skipped++
	if len(r.Summary.SkippedReasons) < MaxSkippedListed {
		r.Summary.SkippedReasons = append(r.Summary.SkippedReasons, e)
	}
}

func (r *Recorder) unknownAddr(a string) {
	if r.unknown == nil {
		r.unknown = map[[32]byte]struct{}{}
	}
	h := sha256.Sum256([]byte(strings.ToLower(a)))
	if _, ok := r.unknown[h]; !ok {
		r.unknown[h] = struct{}{}
		r.Summary.UnknownAddresses++
	}
}

// Add takes one event: it is counted, and if it gives interactions, queued
// (and a full batch recorded).
func (r *Recorder) Add(ctx context.Context, ev Event) error {
	r.Summary.Items++
	switch {
	case !r.Until.IsZero() && ev.At.After(r.Until):
		r.Summary.Future++
		return nil
	case ev.Bulk != "":
		r.Summary.Bulk++
		return nil
	case ev.Cancelled:
		r.Summary.Cancelled++
		return nil
	}
	interactions, consentBlocked := r.interactions(ev)
	if len(interactions) == 0 {
		if consentBlocked {
			r.Summary.NoConsent++
		} else {
			r.Summary.NoKnown++
		}
		return nil
	}
	r.pending = append(r.pending, graph.CapturedItem{Key: graph.CaptureKey(ev.Kind, ev.Key), Interactions: interactions})
	if r.BatchSize > 0 && len(r.pending) >= r.BatchSize {
		return r.Flush(ctx)
	}
	return nil
}

// interactions resolves an event's addresses and pairs the known persons:
// a message's sender with each recipient, every two participants of a
// meeting who did not decline. A pair counts when each employee in it
// consented; two customers count when a consenting employee takes part.
func (r *Recorder) interactions(ev Event) (out []graph.Interaction, consentBlocked bool) {
	var from person
	fromKnown := false
	if ev.From != "" {
		if from, fromKnown = r.Dir.lookup(ev.From); !fromKnown {
			r.unknownAddr(ev.From)
		}
	}
	var others []person
	seen := map[string]bool{}
	if fromKnown {
		seen[from.id] = true
	}
	addrs := ev.Recipients()
	for i, a := range addrs {
		if ev.Kind == KindMeeting && ev.Attendees[i].PartStat == PartStatDeclined {
			r.Summary.DeclinedAttendees++
			continue
		}
		p, ok := r.Dir.lookup(a)
		if !ok {
			r.unknownAddr(a)
			continue
		}
		if !seen[p.id] {
			seen[p.id] = true
			others = append(others, p)
		}
	}
	participants := others
	if fromKnown {
		participants = append([]person{from}, others...)
	}
	witness := false // a consenting employee takes part
	for _, p := range participants {
		if p.employee && r.Consent[p.id] {
			witness = true
		}
	}
	ok := func(a, b person) bool {
		if a.employee && !r.Consent[a.id] || b.employee && !r.Consent[b.id] {
			return false
		}
		return a.employee || b.employee || witness
	}
	pairs := 0
	at := ev.At.UTC()
	if ev.Kind == KindMeeting {
		for i := range participants {
			for j := i + 1; j < len(participants); j++ {
				pairs++
				if a, b := participants[i], participants[j]; ok(a, b) {
					// a comes first: the organiser, where the pair has them.
					out = append(out, graph.Interaction{A: a.id, B: b.id, At: at, Kind: graph.InteractionMeeting})
				}
			}
		}
		return out, pairs > 0
	}
	if !fromKnown {
		return nil, false
	}
	for _, to := range others {
		pairs++
		if !ok(from, to) {
			continue
		}
		if to.employee && !from.employee {
			out = append(out, graph.Interaction{A: to.id, B: from.id, At: at, Kind: graph.InteractionEmailReceived})
		} else {
			out = append(out, graph.Interaction{A: from.id, B: to.id, At: at, Kind: graph.InteractionEmailSent})
		}
	}
	return out, pairs > 0
}

// Read reads one file (any format) into the recorder, recording full
// batches as it goes. It returns the file's format. name, if not empty,
// prefixes the items skipped ("mail.mbox: message 7").
func (r *Recorder) Read(ctx context.Context, name string, in io.Reader, opt Options) (string, error) {
	r.Summary.Files++
	skip := r.Skip
	if name != "" {
		skip = func(e ItemError) { e.Item = name + ": " + e.Item; r.Skip(e) }
	}
	return Read(in, opt, func(ev Event) error { return r.Add(ctx, ev) }, skip)
}

// Flush records the queued items.
func (r *Recorder) Flush(ctx context.Context) error {
	if len(r.pending) == 0 {
		return nil
	}
	rec, err := r.Store.RecordCaptured(ctx, r.pending, r.Model)
	if err != nil {
		return fmt.Errorf("record captured items: %w", err)
	}
	for i, ok := range rec {
		if ok {
			r.Summary.Recorded++
			r.Summary.Interactions += len(r.pending[i].Interactions)
		} else {
			r.Summary.Duplicates++
		}
	}
	r.pending = r.pending[:0]
	return nil
}
