// Lock nodes serialise writes that must see each other (the unit tree);
// the key makes concurrent MERGEs of one lock meet on the same node.
CREATE CONSTRAINT lock_name IF NOT EXISTS FOR (l:ContactgraphLock) REQUIRE l.name IS UNIQUE
