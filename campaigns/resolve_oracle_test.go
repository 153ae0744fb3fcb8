package campaigns_test

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// transport is the trusted_path step of a campaign as plain numbers, the
// input of the independent oracles: per recipient its candidates (sender
// number and score), per sender its places (−1: unlimited).
type transport struct {
	caps  []int
	edges [][]tEdge
}

type tEdge struct {
	s int
	w float64
}

// maxScoreFlow solves the problem as a textbook min-cost flow: successive
// shortest paths found by Bellman-Ford (queue-based) on the full residual
// graph of recipients and senders, float costs, one unit at a time. It
// shares nothing with the solver under test but the problem.
func (tp transport) maxScoreFlow() float64 {
	n, m := len(tp.edges), len(tp.caps)
	src, sink := 0, n+m+1
	g := newFlowGraph(n + m + 2)
	for r, es := range tp.edges {
		g.add(src, 1+r, 1, 0)
		g.add(1+r, sink, 1, 0) // no trusted sender
		for _, e := range es {
			g.add(1+r, 1+n+e.s, 1, -e.w)
		}
	}
	for s, c := range tp.caps {
		if c < 0 {
			c = n
		}
		g.add(1+n+s, sink, c, 0)
	}
	total := 0.0
	for {
		cost, ok := g.augment(src, sink)
		if !ok {
			return -total
		}
		total += cost
	}
}

type flowArc struct {
	to, cap int
	cost    float64
}

type flowGraph struct {
	arcs []flowArc
	adj  [][]int
}

func newFlowGraph(n int) *flowGraph { return &flowGraph{adj: make([][]int, n)} }

func (g *flowGraph) add(u, v, c int, cost float64) {
	g.adj[u] = append(g.adj[u], len(g.arcs))
	g.arcs = append(g.arcs, flowArc{v, c, cost})
	g.adj[v] = append(g.adj[v], len(g.arcs))
	g.arcs = append(g.arcs, flowArc{u, 0, -cost})
}

// augment sends one unit along a cheapest path and returns its cost.
func (g *flowGraph) augment(src, sink int) (float64, bool) {
	n := len(g.adj)
	dist := make([]float64, n)
	via := make([]int, n)
	inQueue := make([]bool, n)
	for i := range dist {
		dist[i], via[i] = math.Inf(1), -1
	}
	dist[src] = 0
	queue := []int{src}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		inQueue[u] = false
		for _, a := range g.adj[u] {
			arc := g.arcs[a]
			if arc.cap > 0 && dist[u]+arc.cost < dist[arc.to]-1e-12 {
				dist[arc.to], via[arc.to] = dist[u]+arc.cost, a
				if !inQueue[arc.to] {
					inQueue[arc.to] = true
					queue = append(queue, arc.to)
				}
			}
		}
	}
	if math.IsInf(dist[sink], 1) {
		return 0, false
	}
	for v := sink; v != src; v = g.arcs[via[v]^1].to {
		g.arcs[via[v]].cap--
		g.arcs[via[v]^1].cap++
	}
	return dist[sink], true
}

// maxScoreLP solves the linear programme of the problem with gonum's
// simplex: maximise Σ w·x subject to Σ_s x_rs ≤ 1 per recipient and
// Σ_r x_rs ≤ cap_s per limited sender, x ≥ 0. Its matrix is totally
// unimodular, so the LP optimum is the integer optimum.
func (tp transport) maxScoreLP() (float64, error) {
	var vars []tEdgeAt
	for r, es := range tp.edges {
		for _, e := range es {
			vars = append(vars, tEdgeAt{r, e})
		}
	}
	var limited []int
	row := map[int]int{}
	for s, c := range tp.caps {
		if c >= 0 {
			row[s] = len(tp.edges) + len(limited)
			limited = append(limited, s)
		}
	}
	rows := len(tp.edges) + len(limited)
	cols := len(vars) + rows // one slack per row
	if len(vars) == 0 {
		return 0, nil
	}
	A := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	c := make([]float64, cols)
	for j, v := range vars {
		A.Set(v.r, j, 1)
		if i, ok := row[v.e.s]; ok {
			A.Set(i, j, 1)
		}
		c[j] = -v.e.w
	}
	basic := make([]int, rows)
	for i := 0; i < rows; i++ {
		A.Set(i, len(vars)+i, 1)
		basic[i] = len(vars) + i
		b[i] = 1
		if i >= len(tp.edges) {
			b[i] = float64(tp.caps[limited[i-len(tp.edges)]])
		}
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-10, basic)
	return -opt, err
}

type tEdgeAt struct {
	r int
	e tEdge
}
