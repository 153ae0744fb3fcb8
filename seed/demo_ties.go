package seed

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// tieSet adds relationships to a batch once per pair.
type tieSet struct {
	b    *graph.Batch
	ref  time.Time
	seen map[[2]string]bool
}

func newTieSet(b *graph.Batch, ref time.Time) *tieSet {
	return &tieSet{b: b, ref: ref, seen: map[[2]string]bool{}}
}

func (t *tieSet) add(a, b string, trust float64, daysAgo int, vis, source string) {
	r := graph.Relationship{A: a, B: b, Trust: trust, Visibility: vis, Source: source}.Canonical()
	k := [2]string{r.A, r.B}
	if a == b || t.seen[k] {
		return
	}
	t.seen[k] = true
	if daysAgo >= 0 {
		lc := t.ref.AddDate(0, 0, -daysAgo)
		r.LastContact = &lc
		since := lc.AddDate(-1-daysAgo%4, 0, 0).Truncate(24 * time.Hour)
		r.Since = &since
	}
	t.b.Relationships = append(t.b.Relationships, r)
}

// demoTies draws the demo's relationships: the network specialist's
// customers, the leaver's last customer, owners and service technicians with
// their customers, colleagues within units and customers within accounts.
func demoTies(rng *rand.Rand, t *tieSet, perAccount map[string][]string) {
	// A trust in steps of 0.05 from lo to hi, counted in hundredths so that
	// it is the decimal meant (0.6, not 0.6000000000000001).
	trust := func(lo, hi float64) float64 {
		from, to := int(math.Round(lo*100)), int(math.Round(hi*100))
		return float64(from+5*rng.IntN((to-from)/5+1)) / 100
	}
	// The seed story: customers of several accounts know the network
	// specialist personally and trust him.
	for _, acc := range []string{"stadtwerke", "hafen", "klinikum", "reederei", "landkreis", "uni-nord", "werft"} {
		for i, c := range perAccount[acc] {
			if i < 2 && c != DemoLeaversCustomer {
				t.add(c, DemoNetworkSpecialist, trust(0.85, 0.95), 3+rng.IntN(40), graph.Public, "declared")
			}
		}
	}
	t.add("c-bank-nord-1", DemoNetworkSpecialist, 0.9, 12, graph.Private, "declared")
	// The leaver was the only tie of one customer.
	t.add(DemoLeaversCustomer, DemoLeaver, 0.9, 200, graph.Public, "crm-import")
	t.add("c-startup-1", DemoLeaver, 0.8, 220, graph.Public, "crm-import")

	sales := []string{}
	service := []string{}
	for _, e := range demoEmployees {
		switch e.unit {
		case "sales-north", "sales-south":
			if e.active {
				sales = append(sales, e.id)
			}
		case "service":
			service = append(service, e.id)
		}
	}
	for _, a := range demoAccounts {
		for i, c := range perAccount[a.id] {
			if c == DemoLeaversCustomer || a.id == "schulen" {
				continue
			}
			if a.owner != "" && a.owner != DemoLeaver && i%2 == 0 {
				t.add(c, a.owner, trust(0.4, 0.8), 30+rng.IntN(400), graph.Public, "crm-import")
			}
			if rng.IntN(3) == 0 {
				t.add(c, service[rng.IntN(len(service))], trust(0.3, 0.7), rng.IntN(700), visibility(rng), "interaction")
			}
			if rng.IntN(5) == 0 {
				t.add(c, sales[rng.IntN(len(sales))], trust(0.2, 0.6), 100+rng.IntN(900), graph.Public, "crm-import")
			}
		}
		// Customers of one account know each other.
		cs := perAccount[a.id]
		for i := 1; i < len(cs); i++ {
			if cs[i] != DemoLeaversCustomer && cs[i-1] != DemoLeaversCustomer {
				t.add(cs[i-1], cs[i], trust(0.5, 0.9), rng.IntN(300), graph.Public, "declared")
			}
		}
	}
	// Colleagues within a unit know each other; unit heads know their peers.
	byUnit := map[string][]string{}
	for _, e := range demoEmployees {
		byUnit[e.unit] = append(byUnit[e.unit], e.id)
	}
	for _, u := range demoUnits {
		ids := byUnit[u.id]
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				if rng.IntN(2) == 0 {
					t.add(ids[i], ids[j], trust(0.6, 1.0), rng.IntN(120), graph.Public, "declared")
				}
			}
		}
	}
	t.add(DemoNetworkSpecialist, "claudia.schwarz", 0.9, 5, graph.Public, "declared")
	t.add(DemoNetworkSpecialist, "thomas.roth", 0.8, 20, graph.Public, "declared")
	t.add("thomas.roth", "dr.karl.brandt", 0.9, 10, graph.Public, "declared")
	t.add("maria.keller", "stefan.neumann", 0.9, 10, graph.Public, "declared")
	t.add("maria.keller", "katrin.hofmann", 0.9, 10, graph.Public, "declared")
}

func visibility(rng *rand.Rand) string {
	if rng.IntN(8) == 0 {
		return graph.Private
	}
	return graph.Public
}
