// Waits until every index is online, so that the first queries after a
// migration are index lookups.
CALL db.awaitIndexes($seconds)
