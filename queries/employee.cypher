MATCH (e:Person {id: $id}) WHERE e:Employee
RETURN e.id AS id, e.name AS name, e.email AS email, e.title AS title,
       head([(e)-[:IN_UNIT]->(u:Unit) | u.id]) AS unit,
       e.active AS active, e.sender AS sender, e.broker AS broker, e.capacity AS capacity,
       coalesce(e.capture, false) AS capture,
       coalesce(e.phone, '') AS phone, coalesce(e.signature, '') AS signature, coalesce(e.aliases, []) AS aliases
