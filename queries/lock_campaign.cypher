// Takes the write lock of campaign $id until the transaction ends, then
// reads its revision: a concurrent update has committed by then, so the
// revision read is the latest.
MATCH (c:Campaign {id: $id})
SET c.locks = coalesce(c.locks, 0) + 1
RETURN c.revision AS revision
