package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/graph/embedded"
	"github.com/contactgraph/contactgraph/graph/neo4jstore"
)

// openStore opens Neo4j when a URI is configured and the embedded store in
// the data directory otherwise. With migrate, Neo4j's constraints and indexes
// are created first (idempotent).
func openStore(ctx context.Context, c Config, log zerolog.Logger, migrate bool) (graph.Store, error) {
	if c.Neo4jURI == "" {
		start := time.Now()
		s, err := embedded.Open(c.DataDir)
		if err != nil {
			return nil, err
		}
		// Loading a large file leaves the decoded records behind as
		// garbage, up to the size of the graph itself: give that memory
		// back now rather than keep it for the rest of the process.
		debug.FreeOSMemory()
		log.Info().Str("store", "embedded").Str("dir", c.DataDir).Dur("took", time.Since(start)).Msg("store open")
		return s, nil
	}
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{
		URI: c.Neo4jURI, User: c.Neo4jUser, Password: c.Neo4jPassword, Database: c.Neo4jDatabase, Logger: log,
		RoutingCacheArcs: c.Neo4jCacheArcs,
	})
	if err != nil {
		return nil, err
	}
	if migrate {
		if err := s.Migrate(ctx); err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("migrate: %w", err)
		}
	}
	log.Info().Str("store", "neo4j").Str("uri", c.Neo4jURI).Str("database", c.Neo4jDatabase).Msg("store open")
	return s, nil
}

// warmRoutingCache fetches the busiest persons' relationships into the
// routing cache of a Neo4j store in the background, so that the first
// questions after a start do not each wait for a hub's. A failure is
// logged: the cache fills with the questions anyway.
func warmRoutingCache(ctx context.Context, store graph.Store, hubs int, log zerolog.Logger) {
	st, ok := store.(*neo4jstore.Store)
	if !ok || hubs <= 0 {
		return
	}
	go func() {
		start := time.Now()
		n, err := st.WarmRoutingCache(ctx, hubs)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn().Err(err).Msg("routing cache not warmed; it fills with the questions")
			}
			return
		}
		persons, arcs := st.RoutingCacheSize()
		log.Info().Int("hubs", n).Int("cached_persons", persons).Int("cached_arcs", arcs).
			Dur("took", time.Since(start)).Msg("routing cache warmed")
	}()
}
