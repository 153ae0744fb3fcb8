package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/queries"
)

// Config says how to reach Neo4j.
type Config struct {
	// URI is bolt://host:7687 for one server or neo4j://host:7687 for
	// routing (clusters, Aura); +s and +ssc variants encrypt.
	URI string
	// User and Password authenticate with basic auth; an empty User means
	// no authentication.
	User     string
	Password string
	// Database is the database name; "" is the user's home database.
	Database string
	// Logger receives the driver's log.
	Logger zerolog.Logger
	// MaxConnectionPoolSize caps connections per server (0: driver default).
	MaxConnectionPoolSize int
	// ConnectionAcquisitionTimeout caps the wait for a pooled connection (0:
	// driver default). A context deadline wins when it is earlier.
	ConnectionAcquisitionTimeout time.Duration
	// MaxTransactionRetryTime caps how long a transaction that failed
	// transiently is retried (0: driver default).
	MaxTransactionRetryTime time.Duration
	// RoutingCacheArcs caps the relationship ends the routing cache keeps
	// (cache.go): 0 for the default of 4,000,000 (about 250 MB), negative
	// to keep nothing between operations (each fetches what it reads).
	RoutingCacheArcs int
}

// Store is a graph.Store on Neo4j. It is safe for concurrent use; one Store
// (one driver, one connection pool) serves the whole process.
type Store struct {
	driver neo4j.DriverWithContext
	db     string
	log    zerolog.Logger
	cache  *routingCache
}

var _ graph.Store = (*Store)(nil)

// Open connects to Neo4j and checks that the database answers. It does not
// migrate; call Migrate. EUNAVAILABLE: Neo4j cannot be reached or refuses
// the credentials. EINVALID: the URI is malformed.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	where := redactURI(cfg.URI)
	token := neo4j.NoAuth()
	if cfg.User != "" {
		token = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	log := cfg.Logger.With().Str("component", "neo4j").Logger()
	driver, err := neo4j.NewDriverWithContext(cfg.URI, token, func(c *config.Config) {
		c.Log = driverLog{log}
		if cfg.MaxConnectionPoolSize > 0 {
			c.MaxConnectionPoolSize = cfg.MaxConnectionPoolSize
		}
		if cfg.ConnectionAcquisitionTimeout > 0 {
			c.ConnectionAcquisitionTimeout = cfg.ConnectionAcquisitionTimeout
		}
		if cfg.MaxTransactionRetryTime > 0 {
			c.MaxTransactionRetryTime = cfg.MaxTransactionRetryTime
		}
	})
	if err != nil {
		return nil, graph.Errorf(graph.EINVALID, "neo4j URI %s: %s", where, redact(err.Error(), cfg.Password))
	}
	err = driver.VerifyConnectivity(ctx)
	if err == nil { // the database, not just the server
		_, err = neo4j.ExecuteQuery(ctx, driver, queries.Ping, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(cfg.Database), neo4j.ExecuteQueryWithReadersRouting())
	}
	if err != nil {
		err = errors.Join(err, driver.Close(context.WithoutCancel(ctx)))
		return nil, fmt.Errorf("%w: %w", graph.Errorf(graph.EUNAVAILABLE, "neo4j at %s is unavailable", where),
			fmt.Errorf("neo4jstore: open %s: %w", where, err))
	}
	log.Debug().Str("uri", where).Str("database", cfg.Database).Msg("connected")
	budget := cfg.RoutingCacheArcs
	if budget == 0 {
		budget = defaultCacheArcs
	}
	return &Store{driver: driver, db: cfg.Database, log: log, cache: newRoutingCache(budget)}, nil
}

// Close releases the driver and its connections.
func (s *Store) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("neo4jstore: close: %w", err)
	}
	return nil
}

// Ping checks that the database answers a query. EUNAVAILABLE: it does not.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.ping(ctx); err != nil {
		if graph.ErrorCode(err) != graph.EUNAVAILABLE {
			err = fmt.Errorf("%w: %w", graph.Errorf(graph.EUNAVAILABLE, "neo4j is unavailable"), err)
		}
		return err
	}
	return nil
}

func (s *Store) ping(ctx context.Context) error {
	_, err := readTx(ctx, s, "ping", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := collect(ctx, tx, queries.Ping, nil)
		return struct{}{}, err
	})
	return err
}

// Migrate creates the constraints and indexes the queries rely on and waits
// until they are online. Every statement is idempotent, so Migrate is cheap
// to run at every start.
func (s *Store) Migrate(ctx context.Context) error {
	for i, m := range queries.Migrations {
		if err := s.exec(ctx, fmt.Sprintf("migrate (statement %d)", i+1), m, nil); err != nil {
			return err
		}
	}
	return s.exec(ctx, "migrate (await indexes)", queries.AwaitIndexes, map[string]any{"seconds": int64(300)})
}

// Wipe deletes everything in the database but the lock nodes and the
// change log (whose revision must never go back, see cache.go), in
// transactions of bounded size, each of which makes routing caches forget
// everything. It exists for tests.
func (s *Store) Wipe(ctx context.Context) error {
	for {
		n, err := writeTx(ctx, s, "wipe", func(tx neo4j.ManagedTransaction) (int, error) {
			ch := graphChange{all: true}
			if _, err := ch.record(ctx, tx); err != nil {
				return 0, err
			}
			r, err := one(ctx, tx, queries.Wipe, map[string]any{"batch": int64(10000)})
			if err != nil {
				return 0, err
			}
			return getInt(r, "deleted")
		})
		if err != nil || n == 0 {
			return err
		}
	}
}

// exec runs a statement that returns nothing of interest in its own write
// transaction.
func (s *Store) exec(ctx context.Context, op, query string, params map[string]any) error {
	_, err := writeTx(ctx, s, op, func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := collect(ctx, tx, query, params)
		return struct{}{}, err
	})
	return err
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: s.db})
}

// readTx runs work in a managed read transaction, which a cluster routes to
// a follower and which the driver retries on transient errors.
func readTx[T any](ctx context.Context, s *Store, op string, work neo4j.ManagedTransactionWorkT[T]) (res T, err error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer func() { err = errors.Join(err, sess.Close(ctx)) }()
	res, err = neo4j.ExecuteRead(ctx, sess, work)
	return res, s.fail(op, err)
}

// writeTx runs work in a managed write transaction; an error returned by
// work rolls it back and comes back unchanged (coded errors pass through).
func writeTx[T any](ctx context.Context, s *Store, op string, work neo4j.ManagedTransactionWorkT[T]) (res T, err error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer func() { err = errors.Join(err, sess.Close(ctx)) }()
	res, err = neo4j.ExecuteWrite(ctx, sess, work)
	return res, s.fail(op, err)
}

// update runs work in write transactions until it no longer loses a race
// with a concurrent writer (see raced), at most raceAttempts times.
func update[T any](ctx context.Context, s *Store, op string, work neo4j.ManagedTransactionWorkT[T]) (res T, err error) {
	for attempt := 1; ; attempt++ {
		res, err = writeTx(ctx, s, op, work)
		if !raced(err) || attempt == raceAttempts || ctx.Err() != nil {
			return res, err
		}
		s.log.Debug().Str("op", op).Int("attempt", attempt).Err(err).Msg("lost a race with a concurrent write; running it again")
	}
}

// redactURI returns uri without a password, for messages and logs.
func redactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(unparsable URI)"
	}
	return u.Redacted()
}

func redact(msg, secret string) string {
	if secret == "" {
		return msg
	}
	return strings.ReplaceAll(msg, secret, "xxxxx")
}

// driverLog sends the driver's log to zerolog. The driver logs every failed
// attempt of a transaction as an error, also those that end in a coded error
// of ours (a validation failure, a conflict); those are routine, so they go
// out at debug level, and driver errors at warn level, since the driver
// retries many of them and the caller sees any that remain.
type driverLog struct{ log zerolog.Logger }

func (l driverLog) Error(name, id string, err error) {
	level := zerolog.WarnLevel
	var coded *graph.Error
	if errors.As(err, &coded) || raced(err) || errors.Is(err, context.Canceled) {
		level = zerolog.DebugLevel
	}
	l.log.WithLevel(level).Str("driver", name).Str("conn", id).Err(err).Msg("neo4j driver error")
}

func (l driverLog) Warnf(name, id, msg string, args ...any) {
	l.log.Warn().Str("driver", name).Str("conn", id).Msgf(msg, args...)
}

func (l driverLog) Infof(name, id, msg string, args ...any) {
	l.log.Info().Str("driver", name).Str("conn", id).Msgf(msg, args...)
}

func (l driverLog) Debugf(name, id, msg string, args ...any) {
	l.log.Debug().Str("driver", name).Str("conn", id).Msgf(msg, args...)
}
