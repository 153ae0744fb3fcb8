package analytics

import (
	"context"
	"slices"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// findFocus finds what id names (of kind, or of the first kind that has it)
// and its members, by id.
func findFocus(ctx context.Context, net graph.Network, dir Directory, id, kind string) (PictureFocus, []graph.Person, error) {
	if kind == "" || kind == FocusPerson {
		ps, err := net.Persons(ctx, []string{id})
		if err != nil {
			return PictureFocus{}, nil, err
		}
		if len(ps) > 0 {
			return PictureFocus{ID: id, Kind: FocusPerson, Label: personLabel(ps[0])}, ps[:1], nil
		}
	}
	if kind == "" || kind == FocusAccount {
		a, err := dir.Account(ctx, id)
		if err == nil {
			cs, err := listAll(ctx, dir.Customers, id)
			members := make([]graph.Person, len(cs))
			for i, c := range cs {
				members[i] = c.Person()
			}
			return PictureFocus{ID: id, Kind: FocusAccount, Label: nameOr(a.Name, id)}, members, err
		} else if graph.ErrorCode(err) != graph.ENOTFOUND {
			return PictureFocus{}, nil, err
		}
	}
	if kind == "" || kind == FocusUnit {
		u, err := dir.Unit(ctx, id)
		if err == nil {
			members, err := unitMembers(ctx, dir, id)
			return PictureFocus{ID: id, Kind: FocusUnit, Label: nameOr(u.Name, id)}, members, err
		} else if graph.ErrorCode(err) != graph.ENOTFOUND {
			return PictureFocus{}, nil, err
		}
	}
	if kind == "" {
		return PictureFocus{}, nil, graph.Errorf(graph.ENOTFOUND, "no person, account or unit has the id %q", id)
	}
	return PictureFocus{}, nil, graph.Errorf(graph.ENOTFOUND, "%s %q not found", kind, id)
}

// unitMembers returns the employees of unit id and of every unit below it.
func unitMembers(ctx context.Context, dir Directory, id string) ([]graph.Person, error) {
	var members []graph.Person
	seen := map[string]bool{id: true}
	for queue := []string{id}; len(queue) > 0; queue = queue[1:] {
		es, err := listAll(ctx, dir.Employees, queue[0])
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			members = append(members, e.Person())
		}
		children, err := listAll(ctx, dir.Units, queue[0])
		if err != nil {
			return nil, err
		}
		for _, c := range children {
			if !seen[c.ID] { // a store forbids cycles; do not trust a read mid-change
				seen[c.ID] = true
				queue = append(queue, c.ID)
			}
		}
	}
	return members, nil
}

func personLabel(p graph.Person) string { return nameOr(p.Name, p.ID) }

func nameOr(name, id string) string {
	if strings.TrimSpace(name) == "" {
		return id
	}
	return name
}

// drawing is a picture being drawn.
type drawing struct {
	q         PictureQuery
	index     map[string]int // person id → index in nodes
	nodes     []PictureNode
	edges     map[[2]string]PictureEdge
	truncated bool
}

func newDrawing(q PictureQuery) *drawing {
	return &drawing{q: q, index: map[string]int{}, nodes: []PictureNode{}, edges: map[[2]string]PictureEdge{}}
}

// draw adds the members, then level by level the persons one public
// relationship further, with one Ties call per level (the last one only
// completes degrees and edges) and one Persons call per new level.
func (d *drawing) draw(ctx context.Context, net graph.Network, members []graph.Person) error {
	slices.SortFunc(members, func(a, b graph.Person) int { return strings.Compare(a.ID, b.ID) })
	members = slices.CompactFunc(members, func(a, b graph.Person) bool { return a.ID == b.ID })
	if len(members) > d.q.Limit {
		members, d.truncated = members[:d.q.Limit], true
	}
	frontier := d.add(members, 0)
	for depth := 1; len(frontier) > 0; depth++ {
		ties, err := net.Ties(ctx, frontier)
		if err != nil {
			return err
		}
		next := d.record(ties, frontier, depth <= d.q.Depth)
		if len(next) == 0 {
			break
		}
		ids := make([]string, 0, len(next))
		for id := range next {
			ids = append(ids, id)
		}
		ps, err := net.Persons(ctx, ids)
		if err != nil {
			return err
		}
		slices.SortFunc(ps, func(a, b graph.Person) int {
			if wa, wb := next[a.ID], next[b.ID]; wa != wb {
				if wa > wb {
					return -1
				}
				return 1
			}
			return strings.Compare(a.ID, b.ID)
		})
		if room := d.q.Limit - len(d.nodes); len(ps) > room {
			ps, d.truncated = ps[:room], true
		}
		frontier = d.add(ps, depth)
	}
	return nil
}

// add draws persons at depth and returns their ids.
func (d *drawing) add(ps []graph.Person, depth int) []string {
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		n := PictureNode{ID: p.ID, Kind: p.Kind, Label: personLabel(p), Active: p.Active, Depth: depth}
		if p.Kind == graph.KindEmployee {
			n.Unit = p.Unit
		} else {
			n.Account = p.Account
		}
		d.index[p.ID] = len(d.nodes)
		d.nodes = append(d.nodes, n)
		ids = append(ids, p.ID)
	}
	return ids
}

// record takes the relationships of the frontier: it counts the public ones
// into the frontier's degrees, draws those between drawn nodes and, with
// grow, returns the other ends not drawn yet with the highest effective
// trust that leads to each.
func (d *drawing) record(ties []graph.Relationship, frontier []string, grow bool) map[string]float64 {
	in := make(map[string]bool, len(frontier))
	for _, id := range frontier {
		in[id] = true
	}
	next := map[string]float64{}
	seen := make(map[[2]string]bool, len(ties))
	for _, r := range ties {
		if r.Visibility == graph.Private || r.A == r.B {
			continue
		}
		r = r.Canonical()
		key := [2]string{r.A, r.B}
		if seen[key] || !in[r.A] && !in[r.B] { // Ties returns each once, of the frontier
			continue
		}
		seen[key] = true
		for _, end := range key {
			if in[end] {
				d.nodes[d.index[end]].Degree++
			}
		}
		w := graph.EffectiveTrust(r, d.q.AsOf, d.q.HalfLifeDays)
		_, drawnA := d.index[r.A]
		_, drawnB := d.index[r.B]
		switch {
		case drawnA && drawnB:
			d.edges[key] = PictureEdge{A: r.A, B: r.B, Trust: r.Trust, EffectiveTrust: w}
		case grow:
			other := r.B
			if drawnB {
				other = r.A
			}
			if cur, ok := next[other]; !ok || w > cur {
				next[other] = w
			}
		}
	}
	return next
}

// edgeList returns the drawn relationships by their ends.
func (d *drawing) edgeList() []PictureEdge {
	out := make([]PictureEdge, 0, len(d.edges))
	for _, e := range d.edges {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b PictureEdge) int {
		if c := strings.Compare(a.A, b.A); c != 0 {
			return c
		}
		return strings.Compare(a.B, b.B)
	})
	return out
}
