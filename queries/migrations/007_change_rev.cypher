// Routing caches read the changes after their revision (graph_changes.cypher).
CREATE INDEX change_rev IF NOT EXISTS FOR (c:ContactgraphChange) ON (c.rev)
