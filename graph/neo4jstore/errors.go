package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/contactgraph/contactgraph/graph"
)

// errStale is returned from inside a write transaction when a statement
// found the stored state different from what the transaction read a moment
// before (a concurrent writer got in between). The transaction is rolled
// back and run again, so that its checks see the new state.
var errStale = errors.New("neo4jstore: stored state changed during the write")

// raceAttempts bounds how often a write runs again after losing a race.
const raceAttempts = 5

// raced reports whether a write transaction failed because a concurrent
// writer changed what it had read: errStale from our own checks, a key
// constraint hit by a MERGE that lost a race for a new key (Neo4j may fail
// it rather than wait for the winner), a node deleted between our read and
// our write, or a reference that appeared before a delete without cascade.
// Running the transaction again lets its checks see the new state and name
// the outcome precisely.
func raced(err error) bool {
	return errors.Is(err, errStale) || constraintViolation(err) || entityNotFound(err)
}

// fail maps an error of the driver or of a transaction function to the
// store's error codes; it is the only place that does.
//   - coded errors from inside a transaction pass through unchanged;
//   - Neo4j out of reach (connectivity, pool timeouts, exhausted retries,
//     unavailable databases, refused credentials, deadlines) is EUNAVAILABLE;
//   - a constraint violation is ECONFLICT: the write contradicts the stored
//     state (a node still referenced, an id taken);
//   - everything else is wrapped with the operation (EINTERNAL).
//
// Mapped errors keep the driver's error in their chain for logs and
// errors.Is.
func (s *Store) fail(op string, err error) error {
	if err == nil {
		return nil
	}
	var coded *graph.Error
	if errors.As(err, &coded) {
		return err
	}
	wrapped := fmt.Errorf("neo4jstore: %s: %w", op, err)
	switch {
	case errors.Is(err, errStale):
		return fmt.Errorf("%w: %w", graph.Errorf(graph.ECONFLICT,
			"%s: concurrent writes kept changing what it refers to; try again", op), wrapped)
	case unavailable(err):
		return fmt.Errorf("%w: %w", graph.Errorf(graph.EUNAVAILABLE, "neo4j is unavailable"), wrapped)
	case constraintViolation(err), entityNotFound(err):
		return fmt.Errorf("%w: %w", graph.Errorf(graph.ECONFLICT,
			"%s conflicts with the stored data (a concurrent change or a reference to it)", op), wrapped)
	}
	return wrapped
}

func unavailable(err error) bool {
	var (
		conn    *neo4j.ConnectivityError
		limit   *neo4j.TransactionExecutionLimit
		auth    *neo4j.InvalidAuthenticationError
		expired *neo4j.TokenExpiredError
		db      *neo4j.Neo4jError
	)
	switch {
	case neo4j.IsConnectivityError(err), errors.As(err, &conn):
		// Includes pool timeouts, which the driver wraps in ConnectivityError.
		return true
	case errors.As(err, &limit):
		// The driver gave up retrying transient failures, unless the caller
		// cancelled while it waited.
		return limit.Cause != context.Canceled.Error()
	case errors.As(err, &auth), errors.As(err, &expired):
		return true
	case errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &db):
		return db.IsRetriableTransient() ||
			db.Code == "Neo.ClientError.Database.DatabaseNotFound" ||
			strings.HasPrefix(db.Code, "Neo.ClientError.Security.")
	}
	return false
}

func constraintViolation(err error) bool {
	return hasCode(err, "Neo.ClientError.Schema.ConstraintValidationFailed")
}

// entityNotFound: a statement reached a node or relationship that a
// concurrent transaction deleted after this one matched it.
func entityNotFound(err error) bool {
	return hasCode(err, "Neo.ClientError.Statement.EntityNotFound")
}

func hasCode(err error, code string) bool {
	var db *neo4j.Neo4jError
	return errors.As(err, &db) && db.Code == code
}
