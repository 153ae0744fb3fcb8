// Takes the write lock of letter $key until the transaction ends, then
// reads its state: a concurrent mark has committed by then, so the state
// read is the latest (no row: no such letter).
MATCH (l:Letter {key: $key})
SET l.locks = coalesce(l.locks, 0) + 1
RETURN l.state AS was
