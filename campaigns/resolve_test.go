package campaigns_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/campaigns"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/routing"
)

// asOf is the fixed moment of the drawn campaigns.
var asOf = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// campaignNet is a drawn company whose customers know employees directly,
// a few popular ones among them, with trust from a small set (so that ties
// happen) and no contact dates (so that a one-hop score is the trust).
type campaignNet struct {
	b         graph.Batch
	customers []string
	capacity  map[string]int
	def       *int
}

var campaignTrusts = []float64{0.2, 0.3, 0.35, 0.5, 0.6, 0.6, 0.75, 0.9, 1.0}

func drawCampaignNet(seed uint64, customers, employees int) campaignNet {
	rng := rand.New(rand.NewPCG(seed, 7))
	n := campaignNet{capacity: map[string]int{}}
	// Ids carry the seed, so that several instances can share a store.
	emp := func(i int) string { return fmt.Sprintf("s%de%04d", seed, i) }
	for i := 0; i < employees; i++ {
		e := graph.Employee{ID: emp(i), Name: "Employee " + emp(i), Email: emp(i) + "@corp.example",
			Active: rng.IntN(20) != 0, Sender: rng.IntN(10) != 0, Broker: true}
		if rng.IntN(10) == 0 {
			c := rng.IntN(4)
			e.Capacity = &c
		}
		n.b.Employees = append(n.b.Employees, e)
	}
	// The first few employees are popular and over-subscribed.
	hubs := max(2, employees/20)
	for i := 0; i < employees; i++ {
		switch {
		case i < hubs:
			n.capacity[emp(i)] = 1 + rng.IntN(customers/hubs/4+1)
		case rng.IntN(4) == 0:
			n.capacity[emp(i)] = rng.IntN(4)
		}
	}
	if seed%2 == 0 {
		d := 5
		n.def = &d
	}
	accounts := max(1, customers/10)
	for i := 0; i < accounts; i++ {
		a := graph.Account{ID: fmt.Sprintf("s%da%04d", seed, i), Name: "Account", Segment: "S"}
		if rng.IntN(5) != 0 {
			a.Owner = emp(rng.IntN(employees))
		}
		n.b.Accounts = append(n.b.Accounts, a)
	}
	for i := 0; i < customers; i++ {
		id := fmt.Sprintf("s%dc%05d", seed, i)
		c := graph.Customer{ID: id, Name: "Customer " + id, Email: id + "@customer.example",
			Account: fmt.Sprintf("s%da%04d", seed, rng.IntN(accounts)), OptOut: rng.IntN(30) == 0}
		if rng.IntN(30) == 0 {
			c.Email = ""
		}
		n.b.Customers = append(n.b.Customers, c)
		n.customers = append(n.customers, id)
		knows := map[int]bool{}
		for k := rng.IntN(5); k > 0; k-- {
			e := rng.IntN(employees)
			if rng.IntN(3) == 0 {
				e = rng.IntN(hubs)
			}
			if !knows[e] {
				knows[e] = true
				n.b.Relationships = append(n.b.Relationships, graph.Relationship{A: id, B: emp(e),
					Trust: campaignTrusts[rng.IntN(len(campaignTrusts))], Source: "test"})
			}
		}
	}
	return n
}

func (n campaignNet) campaign() campaigns.Campaign {
	return campaigns.Campaign{Recipients: n.customers, Capacity: n.capacity, DefaultCapacity: n.def,
		Params:   routing.Params{AsOf: asOf},
		Fallback: routing.Fallback{Name: "Vorstand", Email: "vorstand@example.com"}}
}

// transport returns the trusted_path step as the oracles see it, straight
// from the drawn data: candidates are the active senders a customer knows
// with trust of at least 0.3.
func (n campaignNet) transport() (transport, []string) {
	emps := map[string]graph.Employee{}
	index := map[string]int{}
	var tp transport
	for i, e := range n.b.Employees {
		emps[e.ID], index[e.ID] = e, i
		c := -1
		switch v, ok := n.capacity[e.ID]; {
		case ok:
			c = v
		case e.Capacity != nil:
			c = *e.Capacity
		case n.def != nil:
			c = *n.def
		}
		tp.caps = append(tp.caps, c)
	}
	var eligible []string
	pos := map[string]int{}
	for _, c := range n.b.Customers {
		if c.OptOut || c.Email == "" {
			continue
		}
		pos[c.ID] = len(eligible)
		eligible = append(eligible, c.ID)
	}
	tp.edges = make([][]tEdge, len(eligible))
	for _, r := range n.b.Relationships {
		e, ok := emps[r.B]
		i, eligibleCustomer := pos[r.A]
		if ok && eligibleCustomer && e.Active && e.Sender && r.Trust >= 0.3 {
			tp.edges[i] = append(tp.edges[i], tEdge{s: index[e.ID], w: r.Trust})
		}
	}
	return tp, eligible
}

// uncapped is tp without capacities.
func (tp transport) uncapped() transport {
	out := transport{edges: tp.edges, caps: make([]int, len(tp.caps))}
	for i := range out.caps {
		out.caps[i] = -1
	}
	return out
}

// check verifies the rules every campaign answer keeps: each recipient
// once, capacities held (account owners included), trusted senders among
// the candidates, owners only with a place left, the fallback only when
// the owner cannot send or is full, and a summary that adds up.
func (n campaignNet) check(t *testing.T, res *campaigns.Result, tp transport) {
	t.Helper()
	cust := map[string]graph.Customer{}
	for _, c := range n.b.Customers {
		cust[c.ID] = c
	}
	owner := map[string]string{}
	for _, a := range n.b.Accounts {
		owner[a.ID] = a.Owner
	}
	emp := map[string]int{}
	for i, e := range n.b.Employees {
		emp[e.ID] = i
	}
	load := map[string]int{}
	total := 0.0
	for _, a := range res.Assignments {
		if a.Sender.ID != nil {
			load[*a.Sender.ID]++
		}
		if a.Reason == routing.ReasonTrustedPath {
			total += a.Score
			if len(a.Path) != 2 || a.Path[0] != a.Customer || a.Path[1] != *a.Sender.ID {
				t.Fatalf("%s: path %v", a.Customer, a.Path)
			}
		}
	}
	for id, l := range load {
		if c := tp.caps[emp[id]]; c >= 0 && l > c {
			t.Fatalf("%s has %d recipients, capacity %d", id, l, c)
		}
	}
	for _, a := range res.Assignments {
		o := owner[cust[a.Customer].Account]
		switch a.Reason {
		case routing.ReasonAccountOwner:
			if *a.Sender.ID != o {
				t.Fatalf("%s: account owner %s, the account's is %s", a.Customer, *a.Sender.ID, o)
			}
		case routing.ReasonFallback:
			if i, ok := emp[o]; ok {
				e := n.b.Employees[i]
				if e.Active && e.Sender && (tp.caps[i] < 0 || load[o] < tp.caps[i]) {
					t.Fatalf("%s falls back although its owner %s has a place (%d of %d)", a.Customer, o, load[o], tp.caps[i])
				}
			}
		}
	}
	if math.Abs(total-res.Summary.TotalScore) > 1e-9*float64(len(res.Assignments)+1) {
		t.Fatalf("summary total %v, assignments add up to %v", res.Summary.TotalScore, total)
	}
	if got := len(res.Assignments) + len(res.Excluded) + len(res.Unresolved); got != res.Summary.Recipients || got != len(n.customers) {
		t.Fatalf("%d rows, summary %d, %d recipients", got, res.Summary.Recipients, len(n.customers))
	}
}

// The total score of a campaign under capacities is the optimum, as an
// independent min-cost flow finds it, on both stores; and the answer does
// not depend on the order of the recipients nor on the store.
func TestCampaignTotalScoreIsOptimal(t *testing.T) {
	customers, employees := 3000, 200
	if raceDetector || testing.Short() {
		customers, employees = 600, 60
	}
	var answers []string
	forEachStore(t, func(t *testing.T, s graph.Store) {
		ctx := context.Background()
		for _, seed := range []uint64{1, 2} {
			n := drawCampaignNet(seed, customers, employees)
			if _, err := s.Batch(ctx, n.b); err != nil {
				t.Fatal(err)
			}
			tp, _ := n.transport()
			want := tp.maxScoreFlow()
			if free := tp.uncapped().maxScoreFlow(); free < want+1 {
				t.Fatalf("seed %d: optimum %v, %v without capacities: the capacities hardly bind", seed, want, free)
			}
			res, err := campaigns.Resolve(ctx, s, n.campaign())
			if err != nil {
				t.Fatal(err)
			}
			n.check(t, res, tp)
			if got := res.Summary.TotalScore; math.Abs(got-want) > 1e-6 {
				t.Errorf("seed %d: total score %v, optimum %v", seed, got, want)
			}
			c := n.campaign()
			c.Recipients = slices.Clone(c.Recipients)
			rand.New(rand.NewPCG(seed, 99)).Shuffle(len(c.Recipients), func(i, j int) {
				c.Recipients[i], c.Recipients[j] = c.Recipients[j], c.Recipients[i]
			})
			shuffled, err := campaigns.Resolve(ctx, s, c)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := senders(res), senders(shuffled); a != b {
				t.Errorf("seed %d: the order of the recipients changed the assignment", seed)
			}
			answers = append(answers, senders(res))
		}
	})
	if len(answers) == 4 && (answers[0] != answers[2] || answers[1] != answers[3]) {
		t.Error("embedded and Neo4j assign differently")
	}
}

// On instances small enough for gonum's dense simplex, the linear
// programme agrees as well.
func TestCampaignTotalScoreMatchesLP(t *testing.T) {
	s, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	size := 150
	if raceDetector {
		size = 60
	}
	for seed := uint64(10); seed < 14; seed++ {
		n := drawCampaignNet(seed, size, 25)
		if _, err := s.Batch(ctx, n.b); err != nil {
			t.Fatal(err)
		}
		tp, _ := n.transport()
		want, err := tp.maxScoreLP()
		if free := tp.uncapped().maxScoreFlow(); free < want+0.5 {
			t.Fatalf("seed %d: optimum %v, %v without capacities: the capacities hardly bind", seed, want, free)
		}
		if err != nil {
			t.Fatal(err)
		}
		res, err := campaigns.Resolve(ctx, s, n.campaign())
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Summary.TotalScore; math.Abs(got-want) > 1e-6 {
			t.Errorf("seed %d: total score %v, LP optimum %v", seed, got, want)
		}
	}
}

// senders lists each customer's sender and reason, in customer id order.
func senders(res *campaigns.Result) string {
	var out []string
	for _, a := range res.Assignments {
		id := "-"
		if a.Sender.ID != nil {
			id = *a.Sender.ID
		}
		out = append(out, a.Customer+"="+id+"/"+a.Reason)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}
