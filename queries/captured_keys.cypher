// Returns those of $keys that are stored as captured items.
UNWIND $keys AS k
MATCH (c:Captured {key: k})
RETURN c.key AS key
