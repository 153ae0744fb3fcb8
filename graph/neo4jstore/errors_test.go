package neo4jstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
)

func TestFail(t *testing.T) {
	s := &Store{}
	coded := graph.Errorf(graph.EINVALID, "name: is required")
	cases := []struct {
		name string
		err  error
		code string
	}{
		{"nil", nil, ""},
		{"coded passes through", coded, graph.EINVALID},
		{"stale", errStale, graph.ECONFLICT},
		{"connectivity", &neo4j.ConnectivityError{Inner: io.EOF}, graph.EUNAVAILABLE},
		{"retries exhausted", &neo4j.TransactionExecutionLimit{Cause: "timeout"}, graph.EUNAVAILABLE},
		{"cancelled while retrying", &neo4j.TransactionExecutionLimit{Cause: context.Canceled.Error()}, graph.EINTERNAL},
		{"deadline", context.DeadlineExceeded, graph.EUNAVAILABLE},
		{"cancelled", context.Canceled, graph.EINTERNAL},
		{"database unavailable", &neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, graph.EUNAVAILABLE},
		{"unauthorized", &neo4j.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized"}, graph.EUNAVAILABLE},
		{"constraint", &neo4j.Neo4jError{Code: "Neo.ClientError.Schema.ConstraintValidationFailed"}, graph.ECONFLICT},
		{"deleted under the write", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.EntityNotFound"}, graph.ECONFLICT},
		{"syntax", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, graph.EINTERNAL},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := s.fail("put employee", tc.err)
			if code := graph.ErrorCode(got); code != tc.code {
				t.Fatalf("fail(%v) = %v, code %q; want %q", tc.err, got, code, tc.code)
			}
			if tc.err == nil {
				return
			}
			if !errors.Is(got, tc.err) && !errors.As(got, new(*graph.Error)) {
				t.Fatalf("fail(%v) = %v lost the cause", tc.err, got)
			}
			if tc.code != graph.EINVALID && !strings.Contains(got.Error(), "neo4jstore: put employee") {
				t.Fatalf("fail(%v) = %q does not name the operation", tc.err, got)
			}
		})
	}
	if got := s.fail("op", coded); got != coded {
		t.Fatalf("a coded error came back as %v, want it unchanged", got)
	}
}

func TestDriverLog(t *testing.T) {
	var buf bytes.Buffer
	l := driverLog{zerolog.New(&buf).Level(zerolog.InfoLevel)}
	l.Error("session", "1", graph.Errorf(graph.ECONFLICT, "routine"))
	l.Error("session", "2", fmt.Errorf("wrapped: %w", errStale))
	l.Debugf("pool", "3", "chatter %d", 1)
	if buf.Len() != 0 {
		t.Fatalf("routine errors and debug lines logged at info: %s", buf.String())
	}
	l.Error("pool", "4", io.EOF)
	l.Warnf("router", "5", "no %s", "readers")
	l.Infof("driver", "6", "created")
	out := buf.String()
	for _, want := range []string{`"level":"warn","driver":"pool","conn":"4","error":"EOF"`, `"message":"no readers"`, `"message":"created"`} {
		if !strings.Contains(out, want) {
			t.Fatalf("log %s lacks %s", out, want)
		}
	}
}
