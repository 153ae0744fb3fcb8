package routingtest

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// Oracle answers routing questions by brute force: it enumerates every
// simple path with a depth-first search and applies the rules of docs/contract.md
// §2 literally. It shares no code with the package under test.
type Oracle struct {
	Persons  map[string]graph.Person
	accounts map[string]graph.Account
	w        map[string]map[string]float64 // effective trust, both directions
}

// Route is one simple path and its score.
type Route struct {
	Nodes []string
	Score float64
}

func (p Route) Hops() int   { return len(p.Nodes) - 1 }
func (p Route) End() string { return p.Nodes[len(p.Nodes)-1] }
func (p Route) Key() string { return strings.Join(p.Nodes, "\x00") }

func NewOracle(persons []graph.Person, rels []graph.Relationship, accounts []graph.Account, asOf time.Time, halfLife float64) *Oracle {
	o := &Oracle{Persons: map[string]graph.Person{}, accounts: map[string]graph.Account{}, w: map[string]map[string]float64{}}
	for _, p := range persons {
		o.Persons[p.ID] = p
	}
	for _, a := range accounts {
		o.accounts[a.ID] = a
	}
	for _, r := range rels {
		_, okA := o.Persons[r.A]
		_, okB := o.Persons[r.B]
		if !okA || !okB || r.A == r.B {
			continue
		}
		w := r.Trust
		if r.LastContact != nil {
			days := math.Max(0, asOf.Sub(*r.LastContact).Hours()/24)
			w = r.Trust * math.Pow(0.5, days/halfLife)
		}
		for _, e := range [][2]string{{r.A, r.B}, {r.B, r.A}} {
			if o.w[e[0]] == nil {
				o.w[e[0]] = map[string]float64{}
			}
			o.w[e[0]][e[1]] = w
		}
	}
	return o
}

func (o *Oracle) Interior(id string) bool {
	p := o.Persons[id]
	return p.Kind == graph.KindCustomer || (p.Kind == graph.KindEmployee && p.Active && p.Broker)
}

func (o *Oracle) Contactable(id string) bool {
	p := o.Persons[id]
	return p.Kind == graph.KindEmployee && p.Active
}

func (o *Oracle) CanSend(id string) bool { return o.Contactable(id) && o.Persons[id].Sender }

// walk visits every simple path from start of 1 to maxHops relationships
// whose interior nodes may be interior, avoiding removed; paths end at stop.
func (o *Oracle) walk(start string, maxHops int, removed, stop string, visit func(Route)) {
	on := map[string]bool{start: true}
	var rec func(nodes []string, score float64)
	rec = func(nodes []string, score float64) {
		u := nodes[len(nodes)-1]
		if len(nodes) > 1 {
			visit(Route{Nodes: slices.Clone(nodes), Score: score})
			if u == stop || !o.Interior(u) {
				return
			}
		}
		if len(nodes)-1 == maxHops {
			return
		}
		for v, w := range o.w[u] {
			if on[v] || v == removed {
				continue
			}
			on[v] = true
			rec(append(nodes, v), score*w)
			on[v] = false
		}
	}
	rec([]string{start}, 1)
}

func equalScores(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(a, b) }

// comparePaths orders paths by score desc, hops asc, id sequence asc.
func comparePaths(a, b Route) int {
	if !equalScores(a.Score, b.Score) {
		if a.Score > b.Score {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.Hops(), b.Hops()); c != 0 {
		return c
	}
	return slices.Compare(a.Nodes, b.Nodes)
}

// compareEnds orders best routes to different ends: score desc, hops asc,
// end id asc.
func compareEnds(a, b Route) int {
	if !equalScores(a.Score, b.Score) {
		if a.Score > b.Score {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.Hops(), b.Hops()); c != 0 {
		return c
	}
	return strings.Compare(a.End(), b.End())
}

func reaches(score, min float64) bool { return score >= min || equalScores(score, min) }

// bestPerEnd returns the best route from start to every end that ok
// accepts, with a score of at least minTrust, ranked by compareEnds.
func (o *Oracle) bestPerEnd(start string, maxHops int, minTrust float64, removed string, ok func(string) bool) []Route {
	best := map[string]Route{}
	o.walk(start, maxHops, removed, "", func(p Route) {
		if !ok(p.End()) {
			return
		}
		if cur, seen := best[p.End()]; !seen || comparePaths(p, cur) < 0 {
			best[p.End()] = p
		}
	})
	var out []Route
	for _, p := range best {
		if reaches(p.Score, minTrust) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, compareEnds)
	return out
}

// Contacts is routing.Contacts by brute force; ok is false for an unknown
// customer.
func (o *Oracle) Contacts(c string, maxHops int, minTrust float64, limit int) ([]Route, bool) {
	if o.Persons[c].Kind != graph.KindCustomer {
		return nil, false
	}
	out := o.bestPerEnd(c, maxHops, minTrust, "", o.Contactable)
	return out[:min(limit, len(out))], true
}

// Senders is the ranked list of eligible Senders of c without removed.
func (o *Oracle) Senders(c string, maxHops int, minTrust float64, removed string) []Route {
	return o.bestPerEnd(c, maxHops, minTrust, removed, o.CanSend)
}

// Paths is routing.Paths by brute force.
func (o *Oracle) Paths(from, to string, maxHops, limit int, minTrust float64) []Route {
	var all []Route
	o.walk(from, maxHops, "", to, func(p Route) {
		if p.End() == to {
			all = append(all, p)
		}
	})
	slices.SortFunc(all, comparePaths)
	var out []Route
	for _, p := range all[:min(limit, len(all))] {
		if reaches(p.Score, minTrust) {
			out = append(out, p)
		}
	}
	return out
}

// route is routing.Route by brute force: the reason, the sender id ("" for
// none or the fallback) and the trusted route.
type OracleRoute struct {
	Reason, Sender string
	Path           Route
}

func (o *Oracle) Route(c string, maxHops int, minTrust float64) (OracleRoute, bool) {
	p, ok := o.Persons[c]
	if !ok || p.Kind != graph.KindCustomer {
		return OracleRoute{}, false
	}
	if p.OptOut {
		return OracleRoute{Reason: "opt_out"}, true
	}
	if strings.TrimSpace(p.Email) == "" {
		return OracleRoute{Reason: "no_email"}, true
	}
	if rs := o.Senders(c, maxHops, minTrust, ""); len(rs) > 0 {
		return OracleRoute{Reason: "trusted_path", Sender: rs[0].End(), Path: rs[0]}, true
	}
	if a, ok := o.accounts[p.Account]; ok && a.Owner != "" {
		if _, known := o.Persons[a.Owner]; known && o.CanSend(a.Owner) {
			return OracleRoute{Reason: "account_owner", Sender: a.Owner}, true
		}
	}
	return OracleRoute{Reason: "fallback"}, true
}

// Succession is one row of routing.Handover by brute force.
type Succession struct {
	Customer  string
	Mine      Route
	Successor *Route
	Lost      float64
}

func (o *Oracle) Handover(e string, maxHops int, minTrust float64) ([]Succession, bool) {
	if o.Persons[e].Kind != graph.KindEmployee {
		return nil, false
	}
	var out []Succession
	for id, p := range o.Persons {
		if p.Kind != graph.KindCustomer {
			continue
		}
		rs := o.Senders(id, maxHops, minTrust, "")
		if len(rs) == 0 || rs[0].End() != e {
			continue
		}
		s := Succession{Customer: id, Mine: rs[0], Lost: rs[0].Score}
		if next := o.Senders(id, maxHops, minTrust, e); len(next) > 0 {
			s.Successor = &next[0]
			s.Lost = rs[0].Score - next[0].Score
			if equalScores(rs[0].Score, next[0].Score) {
				s.Lost = 0
			}
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Succession) int {
		if (a.Successor == nil) != (b.Successor == nil) {
			if a.Successor == nil {
				return -1
			}
			return 1
		}
		if !equalScores(a.Lost, b.Lost) {
			if a.Lost > b.Lost {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Customer, b.Customer)
	})
	return out, true
}
