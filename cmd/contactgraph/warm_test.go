package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/internal/neo4jtest"
	"github.com/contactgraph/contactgraph/seed"
)

// serve warms a Neo4j store's routing cache in the background and says so
// in its log.
func TestServeWarmsTheRoutingCache(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if _, err := s.Batch(ctx, seed.Demo()); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	warmRoutingCache(ctx, s, 5, zerolog.New(logs))
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(logs.String(), "routing cache warmed") {
		if time.Now().After(deadline) {
			t.Fatalf("no warm-up within 30 s: %s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if persons, arcs := s.RoutingCacheSize(); persons < 5 || arcs == 0 {
		t.Errorf("after warming 5 hubs the cache holds %d persons and %d relationship ends", persons, arcs)
	}
	if !strings.Contains(logs.String(), `"hubs":5`) {
		t.Errorf("log: %s", logs.String())
	}
}
