// Deletes the relationship between $a and $b, ends in canonical order.
MATCH (:Person {id: $a})-[r:KNOWS]->(:Person {id: $b})
DELETE r
RETURN count(*) AS deleted
