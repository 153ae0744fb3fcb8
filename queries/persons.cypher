// The routing view of the persons among $ids (distinct), one index seek each.
//
// One record holds them all, as lists of
//   [id, isEmployee, name, email, title, unit, account, active, sender, broker, optOut, capacity]:
// a record costs the driver far more than a list item, and routing looks up
// thousands of persons per hop.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN collect([p.id, p:Employee, p.name, p.email, p.title,
                head([(p)-[:IN_UNIT]->(u:Unit) | u.id]),
                head([(p)-[:AT_ACCOUNT]->(a:Account) | a.id]),
                p.active, p.sender, p.broker, p.optOut, p.capacity]) AS persons
