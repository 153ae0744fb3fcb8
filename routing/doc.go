// Package routing is the one place where contactgraph scores relationships,
// breaks ties and chooses routes (docs/contract.md §2). Both stores feed it
// through their read port, graph.Network, which every graph.Store has and
// every wrapper of a store must forward, so every answer is computed by the
// same code, the same way, whichever store holds the graph and whatever
// stands between it and the caller: every operation reads a graph.View
// (ReadGraph) and only the part of it that can change its answer.
//
// # Rules
//
// The effective trust of a relationship is trust × 0.5^(ageDays/halfLife)
// (graph.EffectiveTrust). A route is a simple path of at most maxHops
// relationships; its score is the product of the effective trusts. Interior
// nodes must be customers or employees that are active and brokers
// (Interior). Routes are ordered by score (descending, scores within
// 1e-9·max(a, b) count as equal, ScoresEqual), then by hops (ascending), then
// by the sequence of node ids from start to end, compared element by element
// as strings. Where an operation ranks different ends (contacts, senders) the
// last key is the end's id instead.
//
// # Expansion
//
// Paths expands from both ends, a levels from one and b from the other with
// a + b = maxHops, each level from the end whose frontier is smaller: on a
// route v0…vk (k ≤ maxHops) the hop (vi, vi+1) is learned from the first end
// when i < a, and otherwise from the second, because then vi+1 is at most
// k−i−1 ≤ b−1 hops from it. When a frontier runs empty, everything reachable
// from that end is learned and expansion stops. Cost grows with the
// neighbourhood; variable-length paths are never enumerated.
//
// # Exact best routes under a hop limit
//
// The best route within k hops is not always a prefix of the best route
// without a limit, so a search that keeps one label per node (Dijkstra) is
// wrong here. The search keeps, for every hop count h ≤ maxHops and node v,
// the best walk of exactly h hops from the start to v whose interior nodes may
// be interior (a layered dynamic programme); walks of one layer are compared by
// score, then by node-id sequence. The order is preserved by extension: if
// walk P is better than walk Q, both of h hops to v, then P+(v,x) is better
// than Q+(v,x), because multiplying by the same w > 0 keeps the score order and
// appending the same id keeps the sequence order. So every prefix of a best
// walk is the best walk of its layer, and the layer-by-layer recursion is exact
// for walks.
//
// Walks are enough: the best walk to any end is a simple path. A walk that
// visits a node twice can be shortened by cutting out the cycle between the
// two visits; since every effective trust is at most 1 the shortcut scores at
// least as much and has fewer hops, so it is strictly better in the route
// order. Its interior nodes are interior nodes of the walk, so it obeys the
// interior rules, and it fits the hop limit. Hence no non-simple walk is best,
// the best walk is the best simple path, and the answer is exact for the limit.
//
// A label is dropped when an earlier layer already reached the same node with
// a score at least as high (equal within the tolerance counts): any route
// through the dropped label would be beaten by the same route through the
// earlier one (score at least as high, fewer hops), so no best route passes
// through it. This keeps the search close to one label per node in practice.
//
// # k best paths
//
// Paths returns the k best distinct simple paths with Yen's algorithm: each
// spur search is the exact hop-limited search above from the spur node, with
// the root's other nodes removed, the next hops of earlier paths sharing the
// root forbidden and the remaining hop budget maxHops − len(root). The route
// order is preserved by prepending a common root (score multiplied by the
// root's, hops added, sequence prefixed), which is what Yen's algorithm needs.
//
// # Fewer relationships: top-k thresholds
//
// Contacts needs only the limit best ends, and a hub may know a hundred
// thousand customers. Since every effective trust is at most 1, a prefix of
// a route scores at least as much as the route, so a search that keeps only
// walks scoring at least a threshold lo learns every route scoring lo or
// more. If lo is just below (by 5e-9, relative) the limit-th best score of
// an end already reached, no route it leaves out can be in the answer or
// tie with it within the tolerance, and the exact search over what it
// learned gives the exact answer: learner.rankedIn (localops.go) spells
// the margins out. What the operations read:
//
//   - Contacts (limit ends) and Route (one sender) settle labels best
//     first (learn.go, bestfirst.go), reading a node's arcs (ordered by
//     trust, then by last contact) lazily, one trust at a time, so that a
//     hub's weak relationships are never read;
//   - Senders (every eligible sender of each customer, for campaigns) and
//     Handover read every walk that scores at least minTrust (learner.scored),
//     skipping the rest of a node's arcs once they cannot reach it. Handover
//     finds the leaver's customers by the walks from the leaver that score
//     minTrust (a route scores the same read from either end), and ranks
//     each customer's senders with the leaver blocked in the search: every
//     route that avoids the leaver is among what was read;
//   - Paths reads, at the last level, only arcs to persons the other end
//     reached, and expands from the end whose frontier has fewer arcs.
//
// In every case the answer comes from the same exact search (search.run,
// yen) over the subgraph learned; the property tests check each setting
// against brute force.
//
// # Decisions
//
//   - Contacts ends are active employees (sender or not); route, senders and
//     handover ends are active employees with sender=true.
//   - Paths ends may be any persons, inactive employees and non-brokers
//     included: the caller names both ends explicitly, and "never on a route"
//     is about choosing whom to route to or through. Interiors follow the
//     interior rules.
//   - Handover removes the leaving employee from the network altogether (a
//     leaver is inactive, so neither end nor interior) before looking for the
//     successor, and considers every customer, opted out or not: a 1:1
//     question still needs someone.
//   - Private relationships count for routing; Edge.Redacted hides their trust
//     and dates for display.
package routing
