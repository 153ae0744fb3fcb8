// The relationship and history of each pair of $pairs ([a, b], canonical
// order), in the order of $pairs: exists false (and nulls) where there is
// none. The history is kept on KNOWS as parallel lists, oldest first:
// hSec and hNsec (the event's time), hKind (its kind) and hByA (whether
// end a took it up), with learnedTrust. Run after graph_change.cypher, whose
// lock keeps the histories from changing until the transaction ends.
UNWIND range(0, size($pairs) - 1) AS i
OPTIONAL MATCH (:Person {id: $pairs[i][0]})-[r:KNOWS]->(:Person {id: $pairs[i][1]})
RETURN i, r IS NOT NULL AS exists,
       r.trust AS trust, r.lastContact AS lastContact, r.since AS since,
       r.visibility AS visibility, r.source AS source, r.interactions AS interactions,
       coalesce(r.trustSource, 'declared') AS trustSource,
       r.learnedTrust AS learnedTrust, coalesce(r.hSec, []) AS hSec, coalesce(r.hNsec, []) AS hNsec,
       coalesce(r.hKind, []) AS hKind, coalesce(r.hByA, []) AS hByA
ORDER BY i
