package routing_test

import (
	"bufio"
	"container/heap"
	"context"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
	"github.com/contactgraph/contactgraph/routing/routingtest"
)

// dataDir returns the folder of a real data set, testdata/<name> at the
// repository root (see testdata/README.md). The data is part of the
// repository, so a missing folder is a failure.
func dataDir(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
	d := filepath.Join(dir, "testdata", name)
	if _, err := os.Stat(d); err != nil {
		t.Fatalf("real data not found: %v", err)
	}
	return d
}

// realNet is a real network loaded for tests: its routingtest.Network and a plain
// adjacency with weights for the independent checks.
type realNet struct {
	net   *routingtest.Network
	ids   []string // sorted
	adj   map[string]map[string]float64
	edges int
}

func newRealNet() *realNet {
	return &realNet{net: routingtest.New(), adj: map[string]map[string]float64{}}
}

// link records the undirected relationship a–b with trust w, keeping the
// larger trust if the pair is already there. Self-loops are dropped.
func (r *realNet) link(a, b string, w float64) {
	if a == b {
		return
	}
	if old, ok := r.adj[a][b]; ok && old >= w {
		return
	}
	if _, ok := r.adj[a][b]; !ok {
		r.edges++
	}
	for _, e := range [][2]string{{a, b}, {b, a}} {
		if r.adj[e[0]] == nil {
			r.adj[e[0]] = map[string]float64{}
		}
		r.adj[e[0]][e[1]] = w
	}
}

// finish writes the relationships into the routingtest.Network.
func (r *realNet) finish(t testing.TB) {
	for a, m := range r.adj {
		for b, w := range m {
			if a < b {
				if err := r.net.PutRelationship(graph.Relationship{A: a, B: b, Trust: w}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func readLines(t testing.TB, path string, each func(fields []string)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '%' {
			continue
		}
		if strings.Contains(line, "|") {
			each(strings.Split(line, "|"))
		} else {
			each(strings.Fields(line))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// loadLDBC loads LDBC SNB SF0.1 persons and knows edges, all with trust
// 1.0. The staff of the ten largest organisations are active employees
// (senders and brokers); everyone else is a customer.
func loadLDBC(t testing.TB) *realNet {
	dir := dataDir(t, "ldbc-snb-sf0.1")
	r := newRealNet()
	staff := map[string][]string{}
	readLines(t, filepath.Join(dir, "Person_workAt_Organisation.csv"), func(f []string) {
		if f[0][0] >= '0' && f[0][0] <= '9' {
			staff[f[1]] = append(staff[f[1]], f[0])
		}
	})
	orgs := make([]string, 0, len(staff))
	for o := range staff {
		orgs = append(orgs, o)
	}
	sort.Slice(orgs, func(i, j int) bool {
		if len(staff[orgs[i]]) != len(staff[orgs[j]]) {
			return len(staff[orgs[i]]) > len(staff[orgs[j]])
		}
		return orgs[i] < orgs[j]
	})
	employees := map[string]bool{}
	for _, o := range orgs[:10] {
		for _, p := range staff[o] {
			employees[p] = true
		}
	}
	readLines(t, filepath.Join(dir, "Person.csv"), func(f []string) {
		id := f[0]
		if id[0] < '0' || id[0] > '9' {
			return // header
		}
		r.ids = append(r.ids, id)
		if employees[id] {
			r.net.PutPerson(graph.Employee{ID: id, Name: f[1] + " " + f[2], Email: id + "@example.com", Active: true, Sender: true, Broker: true}.Person())
		} else {
			r.net.PutPerson(graph.Customer{ID: id, Name: f[1] + " " + f[2], Email: id + "@example.com"}.Person())
		}
	})
	for _, name := range []string{"Person_knows_Person.csv", "Person_knows_Person_1.csv"} {
		readLines(t, filepath.Join(dir, name), func(f []string) {
			if f[0][0] >= '0' && f[0][0] <= '9' {
				r.link(f[0], f[1], 1)
			}
		})
	}
	r.finish(t)
	sort.Strings(r.ids)
	return r
}

// loadAdvogato loads the Advogato trust network as an undirected network:
// for each pair the larger of the two certifications, self-loops dropped,
// everyone a customer.
func loadAdvogato(t testing.TB) *realNet {
	dir := dataDir(t, "advogato")
	r := newRealNet()
	seen := map[string]bool{}
	readLines(t, filepath.Join(dir, "out.advogato"), func(f []string) {
		w, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil || len(f) < 3 {
			return // the header line
		}
		for _, id := range f[:2] {
			if !seen[id] {
				seen[id] = true
				r.ids = append(r.ids, id)
				r.net.PutPerson(graph.Customer{ID: id, Name: "user " + id}.Person())
			}
		}
		r.link(f[0], f[1], w)
	})
	r.finish(t)
	sort.Strings(r.ids)
	return r
}

// bfs returns the hop distance from s to every node it reaches.
func (r *realNet) bfs(s string) map[string]int {
	dist := map[string]int{s: 0}
	queue := []string{s}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for v := range r.adj[u] {
			if _, ok := dist[v]; !ok {
				dist[v] = dist[u] + 1
				queue = append(queue, v)
			}
		}
	}
	return dist
}

// checkPath checks that nodes is a simple path from→to over relationships
// of r and returns the product of their trusts.
func (r *realNet) checkPath(t *testing.T, from, to string, nodes []string) float64 {
	t.Helper()
	if len(nodes) < 2 || nodes[0] != from || nodes[len(nodes)-1] != to {
		t.Fatalf("path %v does not run %s→%s", nodes, from, to)
	}
	seen := map[string]bool{}
	score := 1.0
	for i, v := range nodes {
		if seen[v] {
			t.Fatalf("path %v is not simple", nodes)
		}
		seen[v] = true
		if i > 0 {
			w, ok := r.adj[nodes[i-1]][v]
			if !ok {
				t.Fatalf("path %v: no relationship %s–%s", nodes, nodes[i-1], v)
			}
			score *= w
		}
	}
	return score
}

func TestLDBC(t *testing.T) {
	r := loadLDBC(t)
	if r.edges != 14073 {
		// The two knows files are disjoint halves: 7,039 + 7,034 edges.
		t.Errorf("%d distinct knows edges, want 14073", r.edges)
	}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))

	t.Run("PathsAreShortest", func(t *testing.T) {
		const maxHops = 6
		compared, pairs := 0, 200
		if raceDetector {
			pairs = 50
		}
		for range pairs {
			from, to := r.ids[rng.IntN(len(r.ids))], r.ids[rng.IntN(len(r.ids))]
			if from == to {
				continue
			}
			limit := 1 + rng.IntN(3)
			got, err := routing.Paths(ctx, r.net, from, to, routing.Params{AsOf: routingtest.AsOf, MaxHops: maxHops, Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			d, ok := r.bfs(from)[to]
			if !ok || d > maxHops {
				if len(got.Paths) != 0 {
					t.Errorf("%s→%s: distance %d (reachable %v), got paths %v", from, to, d, ok, got.Paths)
				}
				continue
			}
			compared++
			if len(got.Paths) == 0 || got.Paths[0].Hops != d || got.Paths[0].Score != 1 {
				t.Fatalf("%s→%s: distance %d, got %+v", from, to, d, got.Paths)
			}
			seen := map[string]bool{}
			for i, p := range got.Paths {
				r.checkPath(t, from, to, p.Nodes)
				key := strings.Join(p.Nodes, ">")
				if seen[key] || (i > 0 && (p.Hops < got.Paths[i-1].Hops ||
					p.Hops == got.Paths[i-1].Hops && slices.Compare(p.Nodes, got.Paths[i-1].Nodes) <= 0)) {
					t.Errorf("%s→%s: paths out of order or repeated: %v", from, to, got.Paths)
				}
				seen[key] = true
			}
		}
		t.Logf("%d of %d pairs within %d hops", compared, pairs, maxHops)
	})

	t.Run("ContactsByDistance", func(t *testing.T) {
		for range 20 {
			c := r.ids[rng.IntN(len(r.ids))]
			got, err := routing.Contacts(ctx, r.net, c, routing.Params{AsOf: routingtest.AsOf, MaxHops: 3, Limit: 100})
			if graph.ErrorCode(err) == graph.ENOTFOUND {
				continue // an employee
			}
			if err != nil {
				t.Fatal(err)
			}
			dist := r.bfs(c)
			var want []string
			for v, d := range dist {
				if p, _ := r.net.Persons(ctx, []string{v}); d > 0 && d <= 3 && p[0].Kind == graph.KindEmployee {
					want = append(want, v)
				}
			}
			sort.Slice(want, func(i, j int) bool {
				if dist[want[i]] != dist[want[j]] {
					return dist[want[i]] < dist[want[j]]
				}
				return want[i] < want[j]
			})
			want = want[:min(100, len(want))]
			var ids []string
			for _, ct := range got.Contacts {
				ids = append(ids, ct.Employee.ID)
				if ct.Hops != dist[ct.Employee.ID] {
					t.Errorf("%s: contact %s at %d hops, distance %d", c, ct.Employee.ID, ct.Hops, dist[ct.Employee.ID])
				}
				r.checkPath(t, c, ct.Employee.ID, nodeIDs(ct.Path))
			}
			if !slices.Equal(ids, want) {
				t.Errorf("%s: contacts %v, want %v", c, ids, want)
			}
		}
	})
}

func TestAdvogato(t *testing.T) {
	r := loadAdvogato(t)
	const maxHops = 6
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	var linked []string // persons with a relationship
	for _, id := range r.ids {
		if len(r.adj[id]) > 0 {
			linked = append(linked, id)
		}
	}
	exact, binding, sources := 0, 0, 20
	if raceDetector {
		sources = 4
	}
	for range sources {
		s := linked[rng.IntN(len(linked))]
		best := r.dijkstra(s)
		dist := r.bfs(s)
		within := map[int]map[string]float64{2: r.bellmanFord(s, 2), 3: r.bellmanFord(s, 3)}
		for range 10 {
			tgt := linked[rng.IntN(len(linked))]
			if tgt == s {
				continue
			}
			got, err := routing.Paths(ctx, r.net, s, tgt, routing.Params{AsOf: routingtest.AsOf, MaxHops: maxHops})
			if err != nil {
				t.Fatal(err)
			}
			d, reachable := dist[tgt]
			if !reachable || d > maxHops {
				if len(got.Paths) != 0 {
					t.Errorf("%s→%s: %d hops apart (reachable %v), got %v", s, tgt, d, reachable, got.Paths)
				}
				continue
			}
			if len(got.Paths) != 1 {
				t.Fatalf("%s→%s: %d hops apart, got no path", s, tgt, d)
			}
			p := got.Paths[0]
			if score := r.checkPath(t, s, tgt, p.Nodes); !routing.ScoresEqual(score, p.Score) {
				t.Errorf("%s→%s: path %v scores %v, reported %v", s, tgt, p.Nodes, score, p.Score)
			}
			opt := best[tgt]
			if p.Score > opt.score*(1+1e-9) {
				t.Errorf("%s→%s: score %v beats the unlimited optimum %v", s, tgt, p.Score, opt.score)
			}
			if opt.hops <= maxHops {
				// The unlimited optimum fits the limit, so it is the limited one.
				exact++
				if !routing.ScoresEqual(p.Score, opt.score) {
					t.Errorf("%s→%s: score %v (%d hops), Dijkstra %v (%d hops)", s, tgt, p.Score, p.Hops, opt.score, opt.hops)
				}
			}
			// Where a small limit binds, compare with hop-bounded Bellman-Ford.
			for hops, bf := range within {
				got, err := routing.Paths(ctx, r.net, s, tgt, routing.Params{AsOf: routingtest.AsOf, MaxHops: hops})
				if err != nil {
					t.Fatal(err)
				}
				want, ok := bf[tgt]
				if !ok {
					if len(got.Paths) != 0 {
						t.Errorf("%s→%s within %d: got %v, want none", s, tgt, hops, got.Paths)
					}
					continue
				}
				if len(got.Paths) != 1 || !routing.ScoresEqual(got.Paths[0].Score, want) {
					t.Errorf("%s→%s within %d: got %v, want score %v", s, tgt, hops, got.Paths, want)
					continue
				}
				if !routing.ScoresEqual(want, opt.score) {
					binding++
				}
			}
		}
	}
	t.Logf("%d pairs compared with Dijkstra, %d hop-bounded comparisons where the limit binds", exact, binding)
	if exact < 7*sources || binding < 2*sources {
		t.Errorf("only %d exact and %d binding comparisons", exact, binding)
	}
}

// bellmanFord returns the best score from s to every node within hops
// relationships: hops rounds of relaxing every relationship, no pruning.
func (r *realNet) bellmanFord(s string, hops int) map[string]float64 {
	best := map[string]float64{s: 1}
	for range hops {
		next := maps.Clone(best)
		for u, su := range best {
			for v, w := range r.adj[u] {
				if su*w > next[v] {
					next[v] = su * w
				}
			}
		}
		best = next
	}
	delete(best, s)
	return best
}

// dijkstraLabel is the best unlimited route to a node: the product of the
// trusts along a path minimising the sum of −log(trust), and its hops.
type dijkstraLabel struct {
	cost  float64
	score float64
	hops  int
}

// dijkstra finds the most trusted route from s to every node, without a hop
// limit, over −log(trust); among equal costs it keeps fewer hops.
func (r *realNet) dijkstra(s string) map[string]dijkstraLabel {
	best := map[string]dijkstraLabel{s: {score: 1}}
	done := map[string]bool{}
	q := &pq{{id: s}}
	for q.Len() > 0 {
		it := heap.Pop(q).(item)
		if done[it.id] {
			continue
		}
		done[it.id] = true
		u := best[it.id]
		for v, w := range r.adj[it.id] {
			next := dijkstraLabel{cost: u.cost - math.Log(w), score: u.score * w, hops: u.hops + 1}
			if old, ok := best[v]; !ok || next.cost < old.cost-1e-12 || (math.Abs(next.cost-old.cost) <= 1e-12 && next.hops < old.hops) {
				best[v] = next
				heap.Push(q, item{id: v, cost: next.cost, hops: next.hops})
			}
		}
	}
	return best
}

type item struct {
	id   string
	cost float64
	hops int
}

type pq []item

func (q pq) Len() int { return len(q) }
func (q pq) Less(i, j int) bool {
	if q[i].cost != q[j].cost {
		return q[i].cost < q[j].cost
	}
	return q[i].hops < q[j].hops
}
func (q pq) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *pq) Push(x any)   { *q = append(*q, x.(item)) }
func (q *pq) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}
