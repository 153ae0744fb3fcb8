package embedded

import (
	"context"

	"github.com/contactgraph/contactgraph/graph"
)

// Neighbours answers one level of routing's expansion from memory
// (graph.NeighboursIn), under the read lock.
func (s *Store) Neighbours(ctx context.Context, q graph.Level) (graph.Near, error) {
	unlock, err := s.read(ctx)
	if err != nil {
		return graph.Near{}, err
	}
	defer unlock()
	return graph.NeighboursIn(graphView{s.mem}, q), nil
}
