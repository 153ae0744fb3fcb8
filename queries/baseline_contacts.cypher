// The plain Cypher answer to "who knows this customer" within three hops,
// measured side by side with routing by the benchmarks in bench/; the
// product never runs it. It enumerates every path of one to three KNOWS
// relationships from customer $id to an employee and keeps each employee's
// best score: the cost grows with the number of paths, which is what routing
// avoids.
//
// Honoured: the end is an active employee; interior nodes are customers or
// active brokers; a path's score is the product of its effective trusts,
// trust × 0.5^(ageDays / $halfLifeDays) with ageDays from lastContact to
// $asOf (no decay without a lastContact or after $asOf); scores below
// $minTrust are left out; the answer is ordered by score, then employee id,
// and cut at $limit. Cypher matches no relationship twice in a path, and
// within three hops that makes every path simple (a node could only repeat
// by coming back to the customer, who is no employee). Not honoured: the
// ties between equal scores (fewer hops first, then the smaller path) and
// the best route itself — plain Cypher would need to sort every path.
MATCH (c:Customer {id: $id})
MATCH p = (c)-[:KNOWS*1..3]-(e:Employee)
WHERE e.active
  AND all(n IN nodes(p)[1..-1] WHERE n:Customer OR (n.active AND n.broker))
WITH e, reduce(s = 1.0, r IN relationships(p) |
       s * r.trust * CASE
         WHEN r.lastContact IS NULL OR r.lastContact >= $asOf THEN 1.0
         ELSE 0.5 ^ ((duration.inSeconds(r.lastContact, $asOf).seconds
                      + duration.inSeconds(r.lastContact, $asOf).nanosecondsOfSecond / 1.0e9)
                     / 86400.0 / $halfLifeDays)
       END) AS score
WITH e, max(score) AS score
WHERE score >= $minTrust
RETURN e.id AS employee, score
ORDER BY score DESC, employee
LIMIT $limit
