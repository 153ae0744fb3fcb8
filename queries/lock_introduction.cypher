// Takes the write lock of introduction $id until the transaction ends, then
// reads its revision: a concurrent update has committed by then.
MATCH (i:Introduction {id: $id})
SET i.locks = coalesce(i.locks, 0) + 1
RETURN i.revision AS revision
