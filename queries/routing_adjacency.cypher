// What the routing cache keeps of the persons among $rows ({id, full}):
// the person as in persons.cypher and, if full, every relationship seen
// from it, as a list of
//   [other id, other is employee, other active, other sender, other broker,
//    relationship id, trust, lastContact epoch seconds, its nanoseconds,
//    private]
// (null for a person that is not full). Persons that do not exist are
// left out. Times go as numbers: a DateTime costs the driver far more, and
// a hub has a hundred thousand relationships.
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
RETURN collect([p.id, p:Employee, p.name, p.email, p.title,
                head([(p)-[:IN_UNIT]->(u:Unit) | u.id]),
                head([(p)-[:AT_ACCOUNT]->(a:Account) | a.id]),
                p.active, p.sender, p.broker, p.optOut, p.capacity,
                CASE WHEN row.full THEN
                  [(p)-[r:KNOWS]-(o) | [o.id, o:Employee, o.active, o.sender, o.broker,
                                        id(r), r.trust, r.lastContact.epochSeconds,
                                        r.lastContact.nanosecond, r.visibility = 'private']]
                END]) AS persons
