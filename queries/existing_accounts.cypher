// The stored accounts among $ids.
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a.id AS id
