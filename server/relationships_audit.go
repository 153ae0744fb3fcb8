package server

import (
	"context"
	"time"

	"github.com/contactgraph/contactgraph/graph"
)

// previousRelationship returns the relationship between a and b before a
// change, nil if there is none.
func (s *Server) previousRelationship(ctx context.Context, a, b string) (*graph.Relationship, error) {
	r, err := s.store.Relationship(ctx, a, b)
	switch graph.ErrorCode(err) {
	case "":
		return &r, nil
	case graph.ENOTFOUND:
		return nil, nil
	}
	return nil, err
}

// auditRelationshipPut records who created or changed a relationship and
// which fields changed (their names, not their values).
func (s *Server) auditRelationshipPut(ctx context.Context, before *graph.Relationship, after graph.Relationship, created bool) {
	var fields []string
	if before == nil {
		fields = []string{"trust", "lastContact", "since", "visibility", "source"}
	} else {
		fields = changedFields(*before, after)
	}
	s.audit(ctx, auditRelationshipPut).Str("a", after.A).Str("b", after.B).Bool("created", created).
		Strs("fields", fields).Msg("relationship changed")
}

// changedFields names the fields a client sets that differ between two
// versions of a relationship.
func changedFields(before, after graph.Relationship) []string {
	out := []string{}
	if before.Trust != after.Trust {
		out = append(out, "trust")
	}
	if !sameTime(before.LastContact, after.LastContact) {
		out = append(out, "lastContact")
	}
	if !sameTime(before.Since, after.Since) {
		out = append(out, "since")
	}
	if before.Visibility != after.Visibility {
		out = append(out, "visibility")
	}
	if before.Source != after.Source {
		out = append(out, "source")
	}
	return out
}

// sameTime reports whether two optional times are both absent or equal.
func sameTime(x, y *time.Time) bool {
	if x == nil || y == nil {
		return x == y
	}
	return x.Equal(*y)
}
