package delivery

import (
	"context"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/time/rate"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
)

// Runner delivers saved campaigns in the background, one goroutine per
// campaign, and picks up after a restart what was running (Resume). One
// process delivers at a time: run one server with SMTP settings per store.
type Runner struct {
	store graph.Store
	cfg   Config
	log   zerolog.Logger
	// now is the clock; tests move it.
	now func() time.Time

	limit   *rate.Limiter
	domMu   sync.Mutex
	domains map[string]*rate.Limiter

	mu      sync.Mutex
	running map[string]*job
	base    context.Context
	stop    context.CancelFunc
	wg      sync.WaitGroup

	// The sender of the introduction mails: started by the first
	// SendIntroductionMails, woken through introKick.
	introStarted bool
	introKick    chan struct{}
}

// New returns a runner that sends through cfg's SMTP server. It starts
// nothing: Deliver and Resume do.
func New(store graph.Store, cfg Config, log zerolog.Logger) (*Runner, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	base, stop := context.WithCancel(context.Background())
	return &Runner{store: store, cfg: cfg, log: log, now: time.Now, limit: limiter(cfg.Rate),
		domains: map[string]*rate.Limiter{}, running: map[string]*job{}, base: base, stop: stop, introKick: make(chan struct{}, 1)}, nil
}

func limiter(perSecond float64) *rate.Limiter {
	if perSecond <= 0 {
		return rate.NewLimiter(rate.Inf, 0)
	}
	return rate.NewLimiter(rate.Limit(perSecond), 1)
}

// domainLimiter is the limiter of one sender domain.
func (r *Runner) domainLimiter(domain string) *rate.Limiter {
	r.domMu.Lock()
	defer r.domMu.Unlock()
	l, ok := r.domains[domain]
	if !ok {
		l = limiter(r.cfg.DomainRate)
		r.domains[domain] = l
	}
	return l
}

// Deliver asks for the delivery of pending campaign id (by is the key id):
// its senders get their notice now, and the letters go out after
// deliverAfter (now, if it is zero or past). Asked again for a paused
// campaign it resumes. EINVALID: the campaign has no letter (field
// letter). ECONFLICT: it is marked sent, or being delivered already.
// ENOTFOUND: no such campaign.
func (r *Runner) Deliver(ctx context.Context, id, by string, deliverAfter time.Time) (*campaigns.Saved, error) {
	now := r.now().UTC()
	saved, err := campaigns.SetDelivery(ctx, r.store, id, func(s *campaigns.Saved, d *campaigns.Delivery) (*campaigns.Delivery, error) {
		switch {
		case s.Letter == nil:
			var p graph.Problems
			p.Add("letter", "campaign %q has no letter yet: PUT /campaigns/%s/letter writes one", s.ID, s.ID)
			return nil, p.Err()
		case s.Status != graph.CampaignPending:
			return nil, graph.Errorf(graph.ECONFLICT, "campaign %q is marked %s; it is delivered no more", s.ID, s.Status)
		case d == nil:
			if deliverAfter.Before(now) {
				deliverAfter = now
			}
			return &campaigns.Delivery{State: campaigns.DeliveryNotice, RequestedAt: now, RequestedBy: by,
				DeliverAfter: deliverAfter.UTC()}, nil
		case d.State == campaigns.DeliveryPaused:
			next := *d
			next.State = campaigns.DeliveryRunning
			if !d.Queued {
				next.State = campaigns.DeliveryNotice
			}
			return &next, nil
		case d.State == campaigns.DeliveryDone:
			return nil, graph.Errorf(graph.ECONFLICT, "campaign %q is delivered", s.ID)
		}
		return nil, graph.Errorf(graph.ECONFLICT, "campaign %q is being delivered (%s)", s.ID, d.State)
	})
	if err != nil {
		return nil, err
	}
	r.start(id)
	return saved, nil
}

// Pause stops the delivery of campaign id after the letter in hand;
// Deliver resumes it. ECONFLICT: it is not being delivered. ENOTFOUND: no
// such campaign.
func (r *Runner) Pause(ctx context.Context, id string) (*campaigns.Saved, error) {
	saved, err := campaigns.SetDelivery(ctx, r.store, id, func(s *campaigns.Saved, d *campaigns.Delivery) (*campaigns.Delivery, error) {
		if d == nil || (d.State != campaigns.DeliveryRunning && d.State != campaigns.DeliveryNotice) {
			state := "not asked for"
			if d != nil {
				state = d.State
			}
			return nil, graph.Errorf(graph.ECONFLICT, "campaign %q is not being delivered (%s)", s.ID, state)
		}
		next := *d
		next.State = campaigns.DeliveryPaused
		return &next, nil
	})
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if j, ok := r.running[id]; ok {
		j.cancel()
	}
	r.mu.Unlock()
	return saved, nil
}

// Resume starts every campaign whose delivery was running or waiting for
// its deadline when the last process stopped, and the introduction mails.
func (r *Runner) Resume(ctx context.Context) error {
	// Introduction mails a stopped process left queued go out too.
	r.SendIntroductionMails()
	q := graph.CampaignQuery{Limit: graph.MaxListLimit}
	for {
		page, err := r.store.Campaigns(ctx, q)
		if err != nil {
			return err
		}
		for _, c := range page.Items {
			if c.Status != graph.CampaignPending {
				continue
			}
			saved, err := campaigns.Load(ctx, r.store, c.ID)
			if err != nil {
				return err
			}
			if d := saved.Delivery; d != nil && (d.State == campaigns.DeliveryRunning || d.State == campaigns.DeliveryNotice) {
				r.log.Info().Str("campaign", c.ID).Str("state", d.State).Msg("delivery resumed")
				r.start(c.ID)
			}
		}
		if page.Next == "" {
			return nil
		}
		q.After = page.Next
	}
}

// Close stops every delivery after the letter in hand and waits for them.
func (r *Runner) Close() {
	r.stop()
	r.wg.Wait()
}

// Start runs campaign id's delivery in this process, as Resume does for
// every campaign: for a delivery that a stopped process left running.
func (r *Runner) Start(id string) { r.start(id) }

// job is one campaign's running delivery.
type job struct {
	ctx    context.Context
	cancel context.CancelFunc
	// again: asked to start while it was stopping (paused and resumed at
	// once); it starts anew when it has stopped.
	again bool
}

// start runs campaign id's delivery unless it runs already.
func (r *Runner) start(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.base.Err() != nil {
		return
	}
	if j, ok := r.running[id]; ok {
		if j.ctx.Err() != nil {
			j.again = true
		}
		return
	}
	ctx, cancel := context.WithCancel(r.base)
	j := &job{ctx: ctx, cancel: cancel}
	r.running[id] = j
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer func() {
			r.mu.Lock()
			delete(r.running, id)
			again := j.again
			r.mu.Unlock()
			cancel()
			if again {
				r.start(id)
			}
		}()
		log := r.log.With().Str("campaign", id).Logger()
		ctx := log.WithContext(ctx)
		for attempt := 0; ; attempt++ {
			err := r.run(ctx, id)
			if err == nil || ctx.Err() != nil {
				return
			}
			// The store failed: try again in a while rather than give up.
			log.Error().Err(err).Msg("delivery stopped by an error; trying again")
			if !sleep(ctx, min(time.Duration(attempt+1)*5*time.Second, time.Minute)) {
				return
			}
		}
	}()
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
