// Counts the stored keys of captured items.
MATCH (c:Captured)
RETURN count(c) AS n
