package seed

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// SyntheticOptions sizes a synthetic company network.
type SyntheticOptions struct {
	Employees int
	Customers int
	Accounts  int // 0: one account per 25 customers
	Seed      uint64
	// BatchSize caps the entities per emitted batch (default 50,000).
	BatchSize int
}

// Synthetic generates a deterministic, realistically skewed company network
// and hands it to emit in batches that are each valid on top of the ones
// before (units, accounts and employees first, then customers account by
// account with their ties). The shape:
//   - units in a three-level tree, about 25 employees each; colleagues
//     within a unit know a few of each other;
//   - account sizes and employee popularity follow power laws: most
//     accounts are small, a few are large; each account has a team of two to
//     six employees drawn with a heavy tail, so a few employees sit on many
//     teams and know thousands of customers;
//   - most customers know one to three employees of their account team and
//     one to three other customers of their account;
//   - trust leans high, last contacts spread over about three years, about
//     one tie in twenty is private, one in ten has no contact date.
//
// With 20,000 employees and 500,000 customers it makes about 2,000,000
// relationships.
func Synthetic(o SyntheticOptions, emit func(graph.Batch) error) error {
	if o.Employees < 1 || o.Customers < 0 || o.Accounts < 0 {
		return fmt.Errorf("synthetic: need at least one employee and no negative counts")
	}
	if o.Accounts == 0 {
		o.Accounts = max(1, o.Customers/25)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 50_000
	}
	g := &synth{o: o, rng: rand.New(rand.NewPCG(o.Seed, 0x5eed)), emit: emit}
	return g.run()
}

type synth struct {
	o     SyntheticOptions
	rng   *rand.Rand
	emit  func(graph.Batch) error
	b     graph.Batch
	emps  []string
	units []string
	pop   *zipf // employee popularity for account teams
}

func (g *synth) flush(force bool) error {
	if g.b.Size() == 0 || (!force && g.b.Size() < g.o.BatchSize) {
		return nil
	}
	b := g.b
	g.b = graph.Batch{}
	return g.emit(b)
}

func (g *synth) run() error {
	g.makeUnits()
	g.makeEmployees()
	if err := g.flush(true); err != nil {
		return err
	}
	owners := g.makeAccounts()
	if err := g.flush(true); err != nil {
		return err
	}
	return g.makeCustomers(owners)
}

func (g *synth) makeUnits() {
	n := max(1, g.o.Employees/25)
	for i := 0; i < n; i++ {
		u := graph.Unit{ID: fmt.Sprintf("u%05d", i), Name: fmt.Sprintf("Unit %d", i)}
		switch {
		case i == 0:
		case i < 8:
			u.Parent = "u00000"
		default:
			u.Parent = g.units[1+g.rng.IntN(min(i-1, 7+i/8))]
		}
		g.units = append(g.units, u.ID)
		g.b.Units = append(g.b.Units, u)
	}
}

func (g *synth) makeEmployees() {
	byUnit := make(map[string][]string)
	for i := 0; i < g.o.Employees; i++ {
		id := fmt.Sprintf("e%06d", i)
		first, last := firstNames[g.rng.IntN(len(firstNames))], lastNames[g.rng.IntN(len(lastNames))]
		e := graph.Employee{ID: id, Name: first + " " + last, Email: id + "@corp.example",
			Title: "Employee", Unit: g.units[i%len(g.units)],
			Active: g.rng.IntN(100) >= 3, Sender: g.rng.IntN(100) >= 10, Broker: g.rng.IntN(100) >= 15}
		g.emps = append(g.emps, id)
		byUnit[e.Unit] = append(byUnit[e.Unit], id)
		g.b.Employees = append(g.b.Employees, e)
	}
	// Colleagues: each knows about eight others of the unit.
	for _, u := range g.units {
		ids := byUnit[u]
		for i, a := range ids {
			for k := 0; k < 8 && len(ids) > 1; k++ {
				j := g.rng.IntN(len(ids))
				if j != i {
					g.tie(a, ids[j], 0.6, 1.0)
				}
			}
		}
	}
	g.dedupe(0)
	g.pop = newZipf(len(g.emps), 1.1, g.rng)
}

func (g *synth) makeAccounts() []string {
	owners := make([]string, g.o.Accounts)
	for i := 0; i < g.o.Accounts; i++ {
		id := fmt.Sprintf("a%06d", i)
		owners[i] = g.emps[g.pop.next()]
		g.b.Accounts = append(g.b.Accounts, graph.Account{ID: id, Name: fmt.Sprintf("Account %d", i),
			Owner: owners[i], Segment: segments[i%len(segments)]})
	}
	return owners
}

var segments = []string{"Industrie", "Handel", "Finanzen", "Öffentlich", "Gesundheit", "Energie", "Logistik"}

func (g *synth) makeCustomers(owners []string) error {
	// Account sizes: a power law scaled to the number of customers.
	sizes := make([]int, g.o.Accounts)
	total := 0.0
	weights := make([]float64, g.o.Accounts)
	for i := range weights {
		weights[i] = 1 / math.Pow(float64(i+1), 0.8)
		total += weights[i]
	}
	left := g.o.Customers
	for i := range sizes {
		sizes[i] = int(float64(g.o.Customers) * weights[i] / total)
		left -= sizes[i]
	}
	for i := 0; left > 0; i = (i + 1) % len(sizes) {
		sizes[i]++
		left--
	}
	next := 0
	for a, size := range sizes {
		team := []string{owners[a]}
		for k := 1 + g.rng.IntN(5); k > 0; k-- {
			team = append(team, g.emps[g.pop.next()])
		}
		from := len(g.b.Relationships)
		ids := make([]string, size)
		for i := range ids {
			id := fmt.Sprintf("c%07d", next)
			next++
			ids[i] = id
			first, last := firstNames[g.rng.IntN(len(firstNames))], lastNames[g.rng.IntN(len(lastNames))]
			c := graph.Customer{ID: id, Name: first + " " + last, Email: id + "@customer.example",
				Title: titleFor(customerTitles[g.rng.IntN(len(customerTitles))], first), Account: fmt.Sprintf("a%06d", a),
				OptOut: g.rng.IntN(100) < 2}
			g.b.Customers = append(g.b.Customers, c)
			// One to three employees of the account team, mostly one or two.
			for k := 1 + g.rng.IntN(2) + b2i(g.rng.IntN(2) == 0); k > 0; k-- {
				g.tie(id, team[g.rng.IntN(len(team))], 0.3, 1.0)
			}
			// One to three colleagues at the customer.
			for k := 1 + g.rng.IntN(4); k > 0 && i > 0; k-- {
				g.tie(id, ids[g.rng.IntN(i)], 0.4, 1.0)
			}
		}
		g.dedupe(from)
		if err := g.flush(false); err != nil {
			return err
		}
	}
	return g.flush(true)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tie adds a relationship with trust drawn from [lo, hi] in steps of 0.05.
func (g *synth) tie(a, b string, lo, hi float64) {
	if a == b {
		return
	}
	steps := int((hi-lo)/0.05 + 0.5)
	r := graph.Relationship{A: a, B: b, Trust: math.Round((lo+float64(g.rng.IntN(steps+1))*0.05)*100) / 100,
		Visibility: graph.Public, Source: "synthetic"}
	if g.rng.IntN(20) == 0 {
		r.Visibility = graph.Private
	}
	if g.rng.IntN(10) != 0 {
		lc := SyntheticReference.Add(-time.Duration(g.rng.ExpFloat64() * 300 * 24 * float64(time.Hour))).Truncate(time.Second)
		r.LastContact = &lc
	}
	g.b.Relationships = append(g.b.Relationships, r.Canonical())
}

// dedupe drops the pending relationships from index from on that repeat a
// pair among them (earlier ones cannot share a pair: their customers differ).
func (g *synth) dedupe(from int) {
	seen := make(map[[2]string]bool, len(g.b.Relationships)-from)
	out := g.b.Relationships[:from]
	for _, r := range g.b.Relationships[from:] {
		k := [2]string{r.A, r.B}
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	g.b.Relationships = out
}

// zipf draws indices 0..n-1 with probability proportional to 1/(i+1)^s,
// shuffled so that popularity does not follow the id order.
type zipf struct {
	cum  []float64
	perm []int
	rng  *rand.Rand
}

func newZipf(n int, s float64, rng *rand.Rand) *zipf {
	z := &zipf{cum: make([]float64, n), perm: rng.Perm(n), rng: rng}
	sum := 0.0
	for i := range z.cum {
		sum += 1 / math.Pow(float64(i+1), s)
		z.cum[i] = sum
	}
	return z
}

func (z *zipf) next() int {
	x := z.rng.Float64() * z.cum[len(z.cum)-1]
	lo, hi := 0, len(z.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if z.cum[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return z.perm[lo]
}
