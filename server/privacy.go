package server

import (
	"slices"

	"github.com/contactgraph/contactgraph/graph"
)

// Private relationships (CONTRACT §3) take part in routing, but whoever is
// not entitled to one must learn nothing about it beyond "a route runs
// through these persons". Entitled are admins and the two persons it joins
// (an employee key bound to an end: it is their own data). For everyone
// else:
//
//   - GET /relationships/{a}/{b} answers 404, exactly as if the two had no
//     relationship, and GET /persons/{id}/relationships leaves it out;
//   - /graph never draws it, follows it or counts it in a degree (package
//     routing), and /export leaves it out unless an admin asks for
//     includePrivate;
//   - routing answers (contacts, paths) show the persons on a route through
//     it, but its edge's trust, effective trust and last contact are null.

// seesTie reports whether who may see the details of r.
func seesTie(who Principal, r graph.Relationship) bool {
	return r.Visibility != graph.Private || seesPrivate(who, r.A, r.B)
}

// seesPrivate reports whether who may see the private relationship of a and b.
func seesPrivate(who Principal, a, b string) bool {
	return who.Role == RoleAdmin || who.Role == RoleEmployee && (who.Employee == a || who.Employee == b)
}

// hiddenRelationship is the answer about a relationship the caller may not
// see: the store's own words for one that does not exist.
func hiddenRelationship(a, b string) error {
	return graph.Errorf(graph.ENOTFOUND, "no relationship between %q and %q", a, b)
}

// visibleRelationships returns the relationships of rs that who may see.
func visibleRelationships(who Principal, rs []graph.Relationship) []graph.Relationship {
	return slices.DeleteFunc(rs, func(r graph.Relationship) bool { return !seesTie(who, r) })
}
