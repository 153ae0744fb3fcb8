package server

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactgraph/contactgraph/analytics"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// analyticsAsOf is the fixed moment of the analytics tests.
var analyticsAsOf = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// randomCompany draws a small company with units, accounts, employees of
// every consent, customers and public and private relationships whose
// trusts and ages make exact ties likely.
func randomCompany(seed uint64) graph.Batch {
	rng := rand.New(rand.NewPCG(seed, 99))
	b := graph.Batch{
		Units:    []graph.Unit{{ID: "u1", Name: "Unit 1"}, {ID: "u2", Name: "Unit 2", Parent: "u1"}, {ID: "u3", Name: "Unit 3"}},
		Accounts: []graph.Account{{ID: "a1", Name: "Account 1"}, {ID: "a2", Name: "Account 2"}, {ID: "a3", Name: "Account 3"}},
	}
	var ids []string
	for i := range 2 + rng.IntN(7) {
		id := fmt.Sprintf("e%d", i)
		b.Employees = append(b.Employees, graph.Employee{ID: id, Name: "Employee " + id, Email: id + "@example.com",
			Unit: []string{"", "u1", "u2", "u2"}[rng.IntN(4)], Active: rng.IntN(5) > 0, Sender: rng.IntN(4) > 0, Broker: rng.IntN(4) > 0})
		ids = append(ids, id)
	}
	for i := range 2 + rng.IntN(8) {
		id := fmt.Sprintf("c%d", i)
		b.Customers = append(b.Customers, graph.Customer{ID: id, Name: "Customer " + id, Email: id + "@example.com",
			Account: []string{"", "a1", "a2"}[rng.IntN(3)], OptOut: rng.IntN(5) == 0})
		ids = append(ids, id)
	}
	density := []int{20, 35, 50}[rng.IntN(3)]
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			if rng.IntN(100) >= density {
				continue
			}
			r := graph.Relationship{A: ids[i], B: ids[j], Trust: []float64{0.25, 0.5, 0.8, 1}[rng.IntN(4)],
				Visibility: []string{graph.Public, graph.Public, graph.Private}[rng.IntN(3)]}
			if days := []int{-1, 0, 365, 730, 100}[rng.IntN(5)]; days >= 0 {
				lc := analyticsAsOf.AddDate(0, 0, -days)
				r.LastContact = &lc
			}
			b.Relationships = append(b.Relationships, r)
		}
	}
	return b
}

// brute answers coverage questions by enumerating every simple path.
type brute struct {
	persons map[string]graph.Person
	w       map[string]map[string]float64
}

func newBrute(b graph.Batch) *brute {
	br := &brute{persons: map[string]graph.Person{}, w: map[string]map[string]float64{}}
	for _, e := range b.Employees {
		br.persons[e.ID] = e.Person()
	}
	for _, c := range b.Customers {
		br.persons[c.ID] = c.Person()
	}
	for _, r := range b.Relationships {
		w := r.Trust
		if r.LastContact != nil {
			w *= math.Pow(0.5, analyticsAsOf.Sub(*r.LastContact).Hours()/24/routing.DefaultHalfLifeDays)
		}
		for _, e := range [][2]string{{r.A, r.B}, {r.B, r.A}} {
			if br.w[e[0]] == nil {
				br.w[e[0]] = map[string]float64{}
			}
			br.w[e[0]][e[1]] = w
		}
	}
	return br
}

func same(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(a, b) }

// bruteSender is the best route to one qualifying sender.
type bruteSender struct {
	id    string
	score float64
	hops  int
}

// senders ranks the qualifying senders of customer c without removed.
func (br *brute) senders(c string, maxHops int, minTrust float64, removed string) []bruteSender {
	best := map[string]bruteSender{}
	on := map[string]bool{c: true}
	var walk func(u string, score float64, hops int)
	walk = func(u string, score float64, hops int) {
		for v, w := range br.w[u] {
			p, known := br.persons[v]
			if on[v] || v == removed || !known {
				continue
			}
			s := bruteSender{id: v, score: score * w, hops: hops + 1}
			if p.Kind == graph.KindEmployee && p.Active && p.Sender {
				if cur, ok := best[v]; !ok || s.score > cur.score && !same(s.score, cur.score) || same(s.score, cur.score) && s.hops < cur.hops {
					best[v] = s
				}
			}
			if s.hops < maxHops && (p.Kind == graph.KindCustomer || p.Active && p.Broker) {
				on[v] = true
				walk(v, s.score, s.hops)
				on[v] = false
			}
		}
	}
	walk(c, 1, 0)
	var out []bruteSender
	for _, s := range best {
		if s.score >= minTrust || same(s.score, minTrust) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b bruteSender) int {
		if !same(a.score, b.score) {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Or(cmp.Compare(a.hops, b.hops), strings.Compare(a.id, b.id))
	})
	return out
}

// figures computes the coverage answer and every key person by brute force.
func (br *brute) figures(maxHops int, minTrust float64) (analytics.CoverageCounts, map[string]analytics.CoverageCounts, map[string][3]int, map[string][3]int) {
	var overall analytics.CoverageCounts
	accounts := map[string]analytics.CoverageCounts{}
	units := map[string][3]int{}  // covered, single-threaded, reached
	people := map[string][3]int{} // uncovered if left, best sender for, sender for
	for id, c := range br.persons {
		if c.Kind != graph.KindCustomer {
			continue
		}
		ss := br.senders(id, maxHops, minTrust, "")
		acc := accounts[c.Account]
		for _, cc := range []*analytics.CoverageCounts{&overall, &acc} {
			cc.Customers++
			if len(ss) == 0 {
				cc.Uncovered++
			} else {
				cc.Covered++
			}
			if len(ss) == 1 {
				cc.SingleThreaded++
			}
		}
		accounts[c.Account] = acc
		if len(ss) == 0 {
			continue
		}
		bestUnit := br.persons[ss[0].id].Unit
		u := units[bestUnit]
		u[0]++
		if len(ss) == 1 {
			u[1]++
		}
		units[bestUnit] = u
		p := people[ss[0].id]
		p[1]++
		people[ss[0].id] = p
		reached := map[string]bool{}
		for _, s := range ss {
			p := people[s.id]
			p[2]++
			people[s.id] = p
			reached[br.persons[s.id].Unit] = true
		}
		for unit := range reached {
			u := units[unit]
			u[2]++
			units[unit] = u
		}
		for e, per := range br.persons {
			if per.Kind == graph.KindEmployee && len(br.senders(id, maxHops, minTrust, e)) == 0 {
				p := people[e]
				p[0]++
				people[e] = p
			}
		}
	}
	return overall, accounts, units, people
}

// Coverage and key people over HTTP equal the brute force on random
// companies, on both stores.
func TestAnalyticsEqualBruteForce(t *testing.T) {
	forEachStore(t, func(t *testing.T, s graph.Store) {
		for seed := range uint64(24) {
			b := randomCompany(seed)
			if _, err := s.Batch(context.Background(), b); err != nil {
				t.Fatalf("seed %d: batch: %v", seed, err)
			}
			a := newAPI(t, s)
			br := newBrute(b)
			maxHops, minTrust := 1+int(seed%3), []float64{0.3, 0, 0.2, 0.5}[seed%4]
			q := fmt.Sprintf("?maxHops=%d&minTrust=%v&asOf=%s", maxHops, minTrust, analyticsAsOf.Format(time.RFC3339))
			cov := mustJSON[analytics.CoverageResult](a, "GET", "/api/v1/analytics/coverage"+q, "", http.StatusOK)
			kp := mustJSON[analytics.KeyPeopleResult](a, "GET", "/api/v1/analytics/key-people"+q+"&limit=1000", "", http.StatusOK)
			overall, accounts, units, people := br.figures(maxHops, minTrust)
			if cov.Overall != overall || kp.Overall != overall {
				t.Errorf("seed %d: overall %+v and %+v, want %+v", seed, cov.Overall, kp.Overall, overall)
			}
			for _, ac := range cov.Accounts {
				if ac.CoverageCounts != accounts[ac.Account] {
					t.Errorf("seed %d: account %q %+v, want %+v", seed, ac.Account, ac.CoverageCounts, accounts[ac.Account])
				}
				delete(accounts, ac.Account)
			}
			if len(accounts) > 0 {
				t.Errorf("seed %d: accounts missing: %v", seed, accounts)
			}
			for _, uc := range cov.Units {
				if got := [3]int{uc.Covered, uc.SingleThreaded, uc.Reached}; got != units[uc.Unit] {
					t.Errorf("seed %d: unit %q %v, want %v", seed, uc.Unit, got, units[uc.Unit])
				}
			}
			var want []string
			for id, p := range people {
				if p != [3]int{} {
					want = append(want, id)
				}
			}
			slices.SortFunc(want, func(x, y string) int {
				px, py := people[x], people[y]
				return cmp.Or(cmp.Compare(py[0], px[0]), cmp.Compare(py[1], px[1]), cmp.Compare(py[2], px[2]), strings.Compare(x, y))
			})
			var got []string
			for _, k := range kp.KeyPeople {
				got = append(got, k.Employee.ID)
				if c := [3]int{k.UncoveredIfLeft, k.BestSenderFor, k.SenderFor}; c != people[k.Employee.ID] {
					t.Errorf("seed %d: %s counts %v, want %v", seed, k.Employee.ID, c, people[k.Employee.ID])
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("seed %d (hops %d, min %v): key people %v, want %v", seed, maxHops, minTrust, got, want)
			}
			wipe(t, s, b)
		}
	})
}

// wipe deletes what b wrote, so that the next company starts empty.
func wipe(t *testing.T, s graph.Store, b graph.Batch) {
	t.Helper()
	ctx := context.Background()
	for _, c := range b.Customers {
		if err := s.DeleteCustomer(ctx, c.ID); err != nil {
			t.Fatalf("delete %s: %v", c.ID, err)
		}
	}
	for _, e := range b.Employees {
		if err := s.DeleteEmployee(ctx, e.ID, true); err != nil {
			t.Fatalf("delete %s: %v", e.ID, err)
		}
	}
	for _, a := range b.Accounts {
		if err := s.DeleteAccount(ctx, a.ID, true); err != nil {
			t.Fatalf("delete %s: %v", a.ID, err)
		}
	}
	for _, u := range slices.Backward(b.Units) {
		if err := s.DeleteUnit(ctx, u.ID, true); err != nil {
			t.Fatalf("delete %s: %v", u.ID, err)
		}
	}
}
