// Takes the named write lock until the transaction ends. The lock_name key
// makes concurrent takers meet on one node, so they run one after another.
MERGE (l:ContactgraphLock {name: $name})
SET l.taken = coalesce(l.taken, 0) + 1
