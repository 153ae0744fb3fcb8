// Notes an interaction between $a and $b (canonical order): lastContact
// becomes the later of itself and $at, interactions grows by one, and an
// absent relationship is created with $trust, $visibility and $source. No
// row if an end is missing.
//
// The _lock write takes the relationship's write lock before its count and
// lastContact are read, so that concurrent interactions never lose an
// update; declared fields are written only on create, so that a concurrent
// PutRelationship is never undone.
MATCH (a:Person {id: $a})
MATCH (b:Person {id: $b})
MERGE (a)-[r:KNOWS]->(b)
WITH a, b, r, r.trust IS NULL AS isNew
SET r._lock = true
WITH a, b, r, isNew
FOREACH (_ IN CASE WHEN isNew THEN [1] ELSE [] END |
  SET r.trust = $trust, r.visibility = $visibility, r.source = $source)
SET r.interactions = coalesce(r.interactions, 0) + 1,
    r.lastContact = CASE WHEN r.lastContact IS NULL OR r.lastContact < $at THEN $at ELSE r.lastContact END
REMOVE r._lock
RETURN a.id AS a, b.id AS b,
       r.trust AS trust, r.lastContact AS lastContact, r.since AS since,
       r.visibility AS visibility, r.source AS source, r.interactions AS interactions,
       isNew AS created
