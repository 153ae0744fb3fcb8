// Writes what interactions made of relationships: each row of $rows holds
// a relationship (a, b canonical; every field) and its history (learnedTrust,
// hSec, hNsec, hKind, hByA; see histories.cypher), computed from what
// histories.cypher read in the same transaction. Creates the relationship
// where there is none. Returns the number of rows whose ends both exist.
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[r:KNOWS]->(b)
SET r.trust = row.trust, r.trustSource = row.trustSource, r.lastContact = row.lastContact,
    r.since = row.since, r.visibility = row.visibility, r.source = row.source,
    r.interactions = row.interactions, r.learnedTrust = row.learnedTrust,
    r.hSec = row.hSec, r.hNsec = row.hNsec, r.hKind = row.hKind, r.hByA = row.hByA
RETURN count(*) AS n
