// Deletes customer $id with its relationships (nothing else refers to it).
MATCH (c:Person {id: $id}) WHERE c:Customer
DETACH DELETE c
RETURN count(*) AS deleted
