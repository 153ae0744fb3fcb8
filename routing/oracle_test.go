package routing_test

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// oracle answers routing questions by brute force: it enumerates every
// simple path with a depth-first search and applies the rules of CONTRACT
// §2 literally. It shares no code with the package under test.
type oracle struct {
	persons  map[string]graph.Person
	accounts map[string]graph.Account
	w        map[string]map[string]float64 // effective trust, both directions
}

// opath is one simple path and its score.
type opath struct {
	nodes []string
	score float64
}

func (p opath) hops() int   { return len(p.nodes) - 1 }
func (p opath) end() string { return p.nodes[len(p.nodes)-1] }
func (p opath) key() string { return strings.Join(p.nodes, "\x00") }

func newOracle(persons []graph.Person, rels []graph.Relationship, accounts []graph.Account, asOf time.Time, halfLife float64) *oracle {
	o := &oracle{persons: map[string]graph.Person{}, accounts: map[string]graph.Account{}, w: map[string]map[string]float64{}}
	for _, p := range persons {
		o.persons[p.ID] = p
	}
	for _, a := range accounts {
		o.accounts[a.ID] = a
	}
	for _, r := range rels {
		_, okA := o.persons[r.A]
		_, okB := o.persons[r.B]
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

func (o *oracle) interior(id string) bool {
	p := o.persons[id]
	return p.Kind == graph.KindCustomer || (p.Kind == graph.KindEmployee && p.Active && p.Broker)
}

func (o *oracle) contactable(id string) bool {
	p := o.persons[id]
	return p.Kind == graph.KindEmployee && p.Active
}

func (o *oracle) canSend(id string) bool { return o.contactable(id) && o.persons[id].Sender }

// walk visits every simple path from start of 1 to maxHops relationships
// whose interior nodes may be interior, avoiding removed; paths end at stop.
func (o *oracle) walk(start string, maxHops int, removed, stop string, visit func(opath)) {
	on := map[string]bool{start: true}
	var rec func(nodes []string, score float64)
	rec = func(nodes []string, score float64) {
		u := nodes[len(nodes)-1]
		if len(nodes) > 1 {
			visit(opath{nodes: slices.Clone(nodes), score: score})
			if u == stop || !o.interior(u) {
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
func comparePaths(a, b opath) int {
	if !equalScores(a.score, b.score) {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.hops(), b.hops()); c != 0 {
		return c
	}
	return slices.Compare(a.nodes, b.nodes)
}

// compareEnds orders best routes to different ends: score desc, hops asc,
// end id asc.
func compareEnds(a, b opath) int {
	if !equalScores(a.score, b.score) {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.hops(), b.hops()); c != 0 {
		return c
	}
	return strings.Compare(a.end(), b.end())
}

func reaches(score, min float64) bool { return score >= min || equalScores(score, min) }

// bestPerEnd returns the best route from start to every end that ok
// accepts, with a score of at least minTrust, ranked by compareEnds.
func (o *oracle) bestPerEnd(start string, maxHops int, minTrust float64, removed string, ok func(string) bool) []opath {
	best := map[string]opath{}
	o.walk(start, maxHops, removed, "", func(p opath) {
		if !ok(p.end()) {
			return
		}
		if cur, seen := best[p.end()]; !seen || comparePaths(p, cur) < 0 {
			best[p.end()] = p
		}
	})
	var out []opath
	for _, p := range best {
		if reaches(p.score, minTrust) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, compareEnds)
	return out
}

// contacts is routing.Contacts by brute force; ok is false for an unknown
// customer.
func (o *oracle) contacts(c string, maxHops int, minTrust float64, limit int) ([]opath, bool) {
	if o.persons[c].Kind != graph.KindCustomer {
		return nil, false
	}
	out := o.bestPerEnd(c, maxHops, minTrust, "", o.contactable)
	return out[:min(limit, len(out))], true
}

// senders is the ranked list of eligible senders of c without removed.
func (o *oracle) senders(c string, maxHops int, minTrust float64, removed string) []opath {
	return o.bestPerEnd(c, maxHops, minTrust, removed, o.canSend)
}

// paths is routing.Paths by brute force.
func (o *oracle) paths(from, to string, maxHops, limit int, minTrust float64) []opath {
	var all []opath
	o.walk(from, maxHops, "", to, func(p opath) {
		if p.end() == to {
			all = append(all, p)
		}
	})
	slices.SortFunc(all, comparePaths)
	var out []opath
	for _, p := range all[:min(limit, len(all))] {
		if reaches(p.score, minTrust) {
			out = append(out, p)
		}
	}
	return out
}

// route is routing.Route by brute force: the reason, the sender id ("" for
// none or the fallback) and the trusted route.
type oracleRoute struct {
	reason, sender string
	path           opath
}

func (o *oracle) route(c string, maxHops int, minTrust float64) (oracleRoute, bool) {
	p, ok := o.persons[c]
	if !ok || p.Kind != graph.KindCustomer {
		return oracleRoute{}, false
	}
	if p.OptOut {
		return oracleRoute{reason: "opt_out"}, true
	}
	if strings.TrimSpace(p.Email) == "" {
		return oracleRoute{reason: "no_email"}, true
	}
	if rs := o.senders(c, maxHops, minTrust, ""); len(rs) > 0 {
		return oracleRoute{reason: "trusted_path", sender: rs[0].end(), path: rs[0]}, true
	}
	if a, ok := o.accounts[p.Account]; ok && a.Owner != "" {
		if _, known := o.persons[a.Owner]; known && o.canSend(a.Owner) {
			return oracleRoute{reason: "account_owner", sender: a.Owner}, true
		}
	}
	return oracleRoute{reason: "fallback"}, true
}

// oracleSuccession is one row of routing.Handover by brute force.
type oracleSuccession struct {
	customer  string
	mine      opath
	successor *opath
	lost      float64
}

func (o *oracle) handover(e string, maxHops int, minTrust float64) ([]oracleSuccession, bool) {
	if o.persons[e].Kind != graph.KindEmployee {
		return nil, false
	}
	var out []oracleSuccession
	for id, p := range o.persons {
		if p.Kind != graph.KindCustomer {
			continue
		}
		rs := o.senders(id, maxHops, minTrust, "")
		if len(rs) == 0 || rs[0].end() != e {
			continue
		}
		s := oracleSuccession{customer: id, mine: rs[0], lost: rs[0].score}
		if next := o.senders(id, maxHops, minTrust, e); len(next) > 0 {
			s.successor = &next[0]
			s.lost = rs[0].score - next[0].score
			if equalScores(rs[0].score, next[0].score) {
				s.lost = 0
			}
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b oracleSuccession) int {
		if (a.successor == nil) != (b.successor == nil) {
			if a.successor == nil {
				return -1
			}
			return 1
		}
		if !equalScores(a.lost, b.lost) {
			if a.lost > b.lost {
				return -1
			}
			return 1
		}
		return strings.Compare(a.customer, b.customer)
	})
	return out, true
}
