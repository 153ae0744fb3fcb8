package graph

// NeighboursIn answers Network.Neighbours from a View, for a store that
// holds the graph in memory. It leaves out everything q allows it to: a
// node's arcs are read from the strongest down and no further than
// q.MinTrust, since an effective trust never exceeds the trust.
func NeighboursIn(view View, q Level) Near {
	min := make(map[string]float64, len(q.IDs))
	upto := map[string]float64{} // MaxTrust, where given
	var ids []string
	for i, id := range q.IDs {
		m := 0.0
		if q.MinTrust != nil {
			m = q.MinTrust[i]
		}
		old, ok := min[id]
		if !ok {
			ids = append(ids, id)
		}
		if !ok || m < old {
			min[id] = m
		}
		if q.MaxTrust != nil && q.MaxTrust[i] > 0 {
			upto[id] = q.MaxTrust[i]
		}
	}
	var to map[int32]bool
	if q.To != nil {
		to = make(map[int32]bool, len(q.To))
		for _, id := range q.To {
			if v, ok := view.Node(id); ok {
				to[v] = true
			}
		}
	}
	traits := view.Traits()
	out := Near{Ties: []Relationship{}, Persons: []Person{}, Degrees: []int{}}
	rels := map[int32]bool{}
	persons := map[int32]bool{}
	for _, id := range ids {
		v, ok := view.Node(id)
		if !ok || traits[v] == 0 {
			continue
		}
		m, u := min[id], upto[id]
		arcs := view.Arcs(v)
		for i := range arcs {
			a := &arcs[i]
			if a.Trust < m {
				break
			}
			t := traits[a.To]
			if t == 0 || !q.Only.AcceptsTraits(t) || (to != nil && !to[a.To]) {
				continue
			}
			if w := a.Effective(q.AsOf, q.HalfLifeDays); w < m || (u > 0 && w >= u) {
				continue
			}
			if !rels[a.Rel] {
				rels[a.Rel] = true
				out.Ties = append(out.Ties, view.Relationship(a.Rel))
			}
			if !persons[a.To] {
				persons[a.To] = true
				out.Persons = append(out.Persons, view.Person(a.To))
				out.Degrees = append(out.Degrees, len(view.Arcs(a.To)))
			}
		}
	}
	return out
}
