package embedded

import (
	"context"
	"fmt"
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// PutRelationship creates or replaces the relationship between r.A and r.B,
// keeping the interaction count of an existing one.
func (s *Store) PutRelationship(ctx context.Context, r graph.Relationship) (bool, error) {
	r, given := prepare(r)
	if err := given.Validate().Err(); err != nil {
		return false, err
	}
	b := graph.Batch{Relationships: []graph.Relationship{given}}
	unlock, err := s.write(ctx)
	if err != nil {
		return false, err
	}
	defer unlock()
	if err := b.CheckRefs(s.mem.existing(b), true); err != nil {
		return false, err
	}
	slot, exists := s.mem.net.find(r.A, r.B)
	if exists {
		r.Interactions = int(s.mem.net.slots[slot].interactions)
	}
	rs := []graph.Relationship{r}
	if err := s.routed(rs); err != nil {
		return false, err
	}
	if err := s.commit(&change{rels: rs}); err != nil {
		return false, fmt.Errorf("embedded: put relationship: %w", err)
	}
	return !exists, nil
}

// Relationship returns the relationship between a and b.
func (s *Store) Relationship(ctx context.Context, a, b string) (graph.Relationship, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return graph.Relationship{}, err
	}
	defer unlock()
	slot, ok := s.mem.net.find(a, b)
	if !ok {
		return graph.Relationship{}, graph.Errorf(graph.ENOTFOUND, "no relationship between %q and %q", a, b)
	}
	return s.mem.net.relationship(slot), nil
}

// DeleteRelationship deletes the relationship between a and b.
func (s *Store) DeleteRelationship(ctx context.Context, a, b string) error {
	unlock, err := s.write(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, ok := s.mem.net.find(a, b); !ok {
		return graph.Errorf(graph.ENOTFOUND, "no relationship between %q and %q", a, b)
	}
	if err := s.commit(&change{delRels: []pair{pairOf(a, b)}}); err != nil {
		return fmt.Errorf("embedded: delete relationship: %w", err)
	}
	return nil
}

// PersonRelationships returns the relationships of a person, ordered by the
// other end's id.
func (s *Store) PersonRelationships(ctx context.Context, id string) ([]graph.Relationship, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if s.mem.kind(id) == "" {
		return nil, graph.Errorf(graph.ENOTFOUND, "person %q not found", id)
	}
	slots := slices.Clone(s.mem.net.of(id))
	s.mem.net.sortByOther(id, slots)
	return s.mem.net.relationships(slots), nil
}

// RecordInteraction adds an interaction to a relationship's history,
// creating the relationship if there is none (unless it is a campaign).
func (s *Store) RecordInteraction(ctx context.Context, i graph.Interaction, m graph.TrustModel) (graph.Relationship, bool, error) {
	if err := i.Validate().Err(); err != nil {
		return graph.Relationship{}, false, err
	}
	if err := m.Validate().Err(); err != nil {
		return graph.Relationship{}, false, graph.Errorf(graph.EINVALID, "the trust model: %v", err)
	}
	unlock, err := s.write(ctx)
	if err != nil {
		return graph.Relationship{}, false, err
	}
	defer unlock()
	if i.Kind == graph.InteractionCampaign {
		if _, ok := s.mem.net.find(i.A, i.B); !ok {
			return graph.Relationship{}, false, graph.Errorf(graph.ENOTFOUND,
				"no relationship between %q and %q: a campaign interaction never creates one", i.A, i.B)
		}
	}
	b := graph.Batch{Relationships: []graph.Relationship{{A: i.A, B: i.B}}}
	if err := b.CheckRefs(s.mem.existing(b), true); err != nil {
		return graph.Relationship{}, false, err
	}
	c := &change{}
	created, err := s.record([]graph.Interaction{i}, m, c)
	if err != nil {
		return graph.Relationship{}, false, err
	}
	if err := s.commit(c); err != nil {
		return graph.Relationship{}, false, fmt.Errorf("embedded: record interaction: %w", err)
	}
	return c.rels[0], created == 1, nil
}

// record adds to c the relationships and histories that ins change, as
// graph.TrustModel.Record says, and returns how many relationships it
// creates. The ends of the interactions that may create one are checked.
func (s *Store) record(ins []graph.Interaction, m graph.TrustModel, c *change) (created int, err error) {
	groups := graph.GroupInteractions(ins, func(a, b string) bool { _, ok := s.mem.net.find(a, b); return ok })
	ks := make([]pair, len(groups))
	for i, g := range groups {
		ks[i] = pair{g.A, g.B}
	}
	hs, err := s.histories(ks)
	if err != nil {
		return 0, err
	}
	for i, g := range groups {
		r := graph.Relationship{A: g.A, B: g.B}
		slot, exists := s.mem.net.find(g.A, g.B)
		if exists {
			r = s.mem.net.relationship(slot)
		} else {
			created++
		}
		r, h := m.Record(r, exists, hs[i], g.Events)
		c.rels = append(c.rels, r)
		c.histories = append(c.histories, h)
	}
	return created, nil
}

// Persons returns the persons among ids that exist.
func (s *Store) Persons(ctx context.Context, ids []string) ([]graph.Person, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := make([]graph.Person, 0, len(ids))
	seen := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		if _, dup := seen[id]; dup {
			continue
		}
		seen[id] = struct{}{}
		if e, ok := s.mem.employees.get(id); ok {
			p := e.Person()
			p.Capacity = cloneInt(p.Capacity)
			out = append(out, p)
		} else if c, ok := s.mem.customers.get(id); ok {
			out = append(out, c.Person())
		}
	}
	return out, nil
}

// Ties returns every relationship with an end among ids, each once. Its cost
// is that of the neighbourhood: one adjacency list per id.
func (s *Store) Ties(ctx context.Context, ids []string) ([]graph.Relationship, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.mem.net.relationships(s.mem.net.ties(ids)), nil
}

// prepare normalises r for storage. given holds the same values with the
// ends in the caller's order, to validate: errors then name the field the
// caller wrote ("b" for the second end), not its canonical place.
func prepare(r graph.Relationship) (stored, given graph.Relationship) {
	stored = r
	stored.Normalize()
	given = stored
	given.A, given.B = r.A, r.B
	return stored, given
}
