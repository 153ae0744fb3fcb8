package assign

import "context"

// flow is the min-cost flow over the binding senders (see assign.go, The
// method). Its nodes are the binding senders (0 … outside−1), the outside
// option and the sink; its units are the solver's recipients, numbered by
// their position in pruned.solver.
type flow struct {
	outside, sink int32
	caps          []int  // per sender node
	load          []int  // per node but the sink
	pot           []Cost // potentials, per node
	opts          [][]nodeOption
	cur           []int32 // per recipient: index into its opts of where it is
	ver           []int32 // per recipient: bumped by every move
	pairs         map[int64]int32
	heaps         []moveHeap
	in            [][]int32 // per node: the heaps of moves to it (indices into heaps)
	heapFrom      []int32   // per heap: the node its moves leave
	heapTo        []int32   // per heap: the node its moves go to
	sd            dijkstra
}

// nodeOption is a recipient's option in the flow: a node, the index of the
// option among the recipient's options (−1: the outside option) and its cost.
type nodeOption struct {
	node int32
	idx  int32
	cost Cost
}

// move is an entry of a moveHeap: recipient i may move from the heap's
// node to its option k at key = cost(k) − cost(where i is), valid while i
// has not moved since (ver).
type move struct {
	key  Cost
	i, k int32
	ver  int32
}

func newFlow(p *Problem, pr pruned) *flow {
	node := make([]int32, len(p.Caps))
	var caps []int
	for s := range p.Caps {
		node[s] = -1
		if pr.binding[s] {
			node[s] = int32(len(caps))
			caps = append(caps, p.Caps[s])
		}
	}
	L := int32(len(caps))
	f := &flow{outside: L, sink: L + 1, caps: caps, load: make([]int, L+1), pot: make([]Cost, L+2),
		opts: make([][]nodeOption, len(pr.solver)), cur: make([]int32, len(pr.solver)),
		ver: make([]int32, len(pr.solver)), pairs: map[int64]int32{}, in: make([][]int32, L+1)}
	for i, r := range pr.solver {
		var os []nodeOption
		for j := int32(0); j < pr.lim[r]; j++ {
			if p.usable(&pr, r, j) {
				o := p.Opts[r][j]
				os = append(os, nodeOption{node: node[o.Sender], idx: j, cost: o.Cost})
			}
		}
		outside := nodeOption{node: L, idx: -1}
		if pr.lim[r] < int32(len(p.Opts[r])) {
			outside.cost = p.Opts[r][pr.lim[r]].Cost
		}
		f.opts[i] = append(os, outside)
		f.load[os[0].node]++
	}
	for i := range f.opts {
		f.offer(int32(i))
	}
	f.sd = newDijkstra(int(L + 2))
	return f
}

// at returns the node recipient i is at.
func (f *flow) at(i int32) int32 { return f.opts[i][f.cur[i]].node }

// optionOf returns the index among the recipient's options of node x.
func (f *flow) optionOf(i int, x int32) int32 {
	for _, o := range f.opts[i] {
		if o.node == x {
			return o.idx
		}
	}
	panic("routing: assignment to a node the recipient cannot take")
}

// offer puts recipient i's moves from where it is into the heaps.
func (f *flow) offer(i int32) {
	here := f.opts[i][f.cur[i]]
	for k, o := range f.opts[i] {
		if int32(k) == f.cur[i] {
			continue
		}
		h := f.heap(here.node, o.node)
		h.push(move{key: o.cost.sub(here.cost), i: i, k: int32(k), ver: f.ver[i]})
	}
}

// heap returns the heap of moves from x to y, creating it.
func (f *flow) heap(x, y int32) *moveHeap {
	key := int64(x)<<32 | int64(y)
	h, ok := f.pairs[key]
	if !ok {
		h = int32(len(f.heaps))
		f.pairs[key] = h
		f.heaps = append(f.heaps, moveHeap{})
		f.heapFrom = append(f.heapFrom, x)
		f.heapTo = append(f.heapTo, y)
		f.in[y] = append(f.in[y], h)
	}
	return &f.heaps[h]
}

// best returns the cheapest valid move of heap h, dropping stale ones.
func (f *flow) best(h int32) (move, bool) {
	mh := &f.heaps[h]
	for mh.len() > 0 {
		m := mh.top()
		if m.ver == f.ver[m.i] {
			return m, true
		}
		mh.pop()
	}
	return move{}, false
}

// relocate moves recipient i to its option k.
func (f *flow) relocate(i, k int32) {
	f.load[f.at(i)]--
	f.cur[i] = k
	f.ver[i]++
	f.load[f.at(i)]++
	f.offer(i)
}

// free reports whether node x can take one more recipient.
func (f *flow) free(x int32) bool { return x == f.outside || f.load[x] < f.caps[x] }

// run moves the excess of every over-full sender along shortest paths
// until every capacity holds, a round at a time (see round).
func (f *flow) run(ctx context.Context) error {
	for f.excess() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if f.round() == 0 {
			panic("routing: a round of the assignment moved nothing")
		}
	}
	return nil
}

// excess reports whether some sender is over-full.
func (f *flow) excess() bool {
	for s := int32(0); s < f.outside; s++ {
		if f.load[s] > f.caps[s] {
			return true
		}
	}
	return false
}

// round finds every node's shortest path to the sink at once (Dijkstra's
// algorithm backwards from the sink, over reduced costs), makes those paths
// cost nothing by shifting the potentials, and then moves excess along
// them, over-full senders in node order (sender id order), as long as a
// path still costs nothing: every path that does is a shortest path, since
// no reduced cost is negative, and a move keeps that so (the reverse of a
// move costs nothing, and the moved recipient's other moves cost what they
// cost from where it was). It returns the number of units moved, at least
// one (the first path is untouched).
func (f *flow) round() int {
	d := &f.sd
	d.start(f.sink)
	for {
		v, dv, ok := d.next()
		if !ok {
			break
		}
		if v == f.sink {
			for x := int32(0); x <= f.outside; x++ {
				if f.free(x) {
					d.relax(x, dv.add(f.pot[x]).sub(f.pot[f.sink]), f.sink, -1, -1)
				}
			}
			continue
		}
		for _, h := range f.in[v] {
			u := f.heapFrom[h]
			if d.done[u] {
				continue
			}
			if m, ok := f.best(h); ok {
				d.relax(u, dv.add(m.key).add(f.pot[u]).sub(f.pot[v]), v, m.i, m.k)
			}
		}
	}
	for _, v := range d.popped {
		f.pot[v] = f.pot[v].sub(d.dist[v])
	}
	moved := 0
	var path []step
	for s := int32(0); s < f.outside; s++ {
		for f.load[s] > f.caps[s] && d.done[s] {
			if path = f.freePath(s, path[:0]); path == nil {
				break
			}
			for _, st := range path {
				f.relocate(st.i, st.k)
			}
			moved++
		}
	}
	return moved
}

// freePath returns the moves along s's path of the last round if every one
// of them still costs nothing and the path still ends at a node with room;
// nil otherwise.
func (f *flow) freePath(s int32, path []step) []step {
	d := &f.sd
	for u := s; ; {
		next := d.parent[u].from
		if next == f.sink {
			if !f.free(u) {
				return nil
			}
			return path
		}
		h, ok := f.pairs[int64(u)<<32|int64(next)]
		if !ok {
			return nil
		}
		m, ok := f.best(h)
		if !ok || m.key.add(f.pot[u]).sub(f.pot[next]) != (Cost{}) {
			return nil
		}
		path = append(path, step{from: u, i: m.i, k: m.k})
		u = next
	}
}
