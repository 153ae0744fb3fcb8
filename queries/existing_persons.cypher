// The stored persons among $ids and whether each is an employee.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN p.id AS id, p:Employee AS employee
