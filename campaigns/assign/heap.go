package assign

// moveHeap is a binary min-heap of moves by key, then recipient and option
// (so that equal keys pop in a fixed order).
type moveHeap struct{ items []move }

func (h *moveHeap) len() int  { return len(h.items) }
func (h *moveHeap) top() move { return h.items[0] }

func moveBefore(a, b move) bool {
	if a.key != b.key {
		return a.key.less(b.key)
	}
	if a.i != b.i {
		return a.i < b.i
	}
	return a.k < b.k
}

func (h *moveHeap) push(m move) {
	h.items = append(h.items, m)
	for j := len(h.items) - 1; j > 0; {
		parent := (j - 1) / 2
		if !moveBefore(h.items[j], h.items[parent]) {
			break
		}
		h.items[j], h.items[parent] = h.items[parent], h.items[j]
		j = parent
	}
}

func (h *moveHeap) pop() {
	last := len(h.items) - 1
	h.items[0] = h.items[last]
	h.items = h.items[:last]
	for j := 0; ; {
		l, best := 2*j+1, j
		if l < last && moveBefore(h.items[l], h.items[best]) {
			best = l
		}
		if r := l + 1; r < last && moveBefore(h.items[r], h.items[best]) {
			best = r
		}
		if best == j {
			return
		}
		h.items[j], h.items[best] = h.items[best], h.items[j]
		j = best
	}
}

// step is one arc of a shortest path to the sink: from the node it is
// stored for to node from (named so because the search runs backwards from
// the sink) by moving recipient i to its option k; i = −1 for the arc into
// the sink.
type step struct {
	from, i, k int32
}

// dijkstra is the scratch space of the shortest path searches of a flow,
// reused between searches: only the nodes a search touched are reset.
type dijkstra struct {
	dist    []Cost
	has     []bool // dist is set
	done    []bool
	parent  []step
	touched []int32
	popped  []int32
	queue   []queued
}

type queued struct {
	d    Cost
	node int32
}

func newDijkstra(n int) dijkstra {
	return dijkstra{dist: make([]Cost, n), has: make([]bool, n), done: make([]bool, n), parent: make([]step, n)}
}

// start resets the last search and starts one from src.
func (d *dijkstra) start(src int32) {
	for _, v := range d.touched {
		d.has[v], d.done[v] = false, false
	}
	d.touched, d.popped, d.queue = d.touched[:0], d.popped[:0], d.queue[:0]
	d.relax(src, Cost{}, -1, -1, -1)
}

// relax offers node v at distance dv, by the arc to from moving i to k.
func (d *dijkstra) relax(v int32, dv Cost, from, i, k int32) {
	if d.done[v] || (d.has[v] && !dv.less(d.dist[v])) {
		return
	}
	if !d.has[v] {
		d.has[v] = true
		d.touched = append(d.touched, v)
	}
	d.dist[v], d.parent[v] = dv, step{from: from, i: i, k: k}
	d.push(queued{d: dv, node: v})
}

// next settles and returns the closest unsettled node.
func (d *dijkstra) next() (int32, Cost, bool) {
	for len(d.queue) > 0 {
		q := d.pop()
		if d.done[q.node] || q.d != d.dist[q.node] {
			continue
		}
		d.done[q.node] = true
		d.popped = append(d.popped, q.node)
		return q.node, q.d, true
	}
	return 0, Cost{}, false
}

func queuedBefore(a, b queued) bool {
	if a.d != b.d {
		return a.d.less(b.d)
	}
	return a.node < b.node
}

func (d *dijkstra) push(q queued) {
	d.queue = append(d.queue, q)
	for j := len(d.queue) - 1; j > 0; {
		parent := (j - 1) / 2
		if !queuedBefore(d.queue[j], d.queue[parent]) {
			break
		}
		d.queue[j], d.queue[parent] = d.queue[parent], d.queue[j]
		j = parent
	}
}

func (d *dijkstra) pop() queued {
	q := d.queue[0]
	last := len(d.queue) - 1
	d.queue[0] = d.queue[last]
	d.queue = d.queue[:last]
	for j := 0; ; {
		l, best := 2*j+1, j
		if l < last && queuedBefore(d.queue[l], d.queue[best]) {
			best = l
		}
		if r := l + 1; r < last && queuedBefore(d.queue[r], d.queue[best]) {
			best = r
		}
		if best == j {
			return q
		}
		d.queue[j], d.queue[best] = d.queue[best], d.queue[j]
		j = best
	}
}
