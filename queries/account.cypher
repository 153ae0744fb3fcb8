MATCH (a:Account {id: $id})
RETURN a.id AS id, a.name AS name,
       head([(a)-[:OWNED_BY]->(o:Person) | o.id]) AS owner,
       a.segment AS segment
