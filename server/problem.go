package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
)

// ProblemContentType is the media type of every error response (RFC 9457).
const ProblemContentType = "application/problem+json"

// ProblemTypeBase prefixes the type URI of the problems that belong to
// contactgraph; failures of plain HTTP (no such route, body too large) use
// "about:blank" as RFC 9457 suggests.
const ProblemTypeBase = "https://contactgraph.dev/problems/"

// Problem is the body of every error response (RFC 9457 problem details).
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	// Errors names each field of the input that is wrong.
	Errors []graph.FieldError `json:"errors,omitempty"`
	// RequestID is the X-Request-ID of the request, to find it in the logs.
	RequestID string `json:"requestId,omitempty"`
}

// codeProblems maps each domain error code to its status, type and title.
var codeProblems = map[string]Problem{
	graph.EINVALID:      {Type: ProblemTypeBase + "invalid", Title: "Invalid input", Status: http.StatusBadRequest},
	graph.ENOTFOUND:     {Type: ProblemTypeBase + "not-found", Title: "Not found", Status: http.StatusNotFound},
	graph.ECONFLICT:     {Type: ProblemTypeBase + "conflict", Title: "Conflict", Status: http.StatusConflict},
	graph.EUNAVAILABLE:  {Type: ProblemTypeBase + "unavailable", Title: "Store unavailable", Status: http.StatusServiceUnavailable},
	graph.EUNAUTHORIZED: {Type: ProblemTypeBase + "unauthorized", Title: "Unauthorized", Status: http.StatusUnauthorized},
	graph.EFORBIDDEN:    {Type: ProblemTypeBase + "forbidden", Title: "Forbidden", Status: http.StatusForbidden},
	graph.EINTERNAL:     {Type: ProblemTypeBase + "internal", Title: "Internal error", Status: http.StatusInternalServerError},
}

var timeoutProblem = Problem{Type: ProblemTypeBase + "timeout", Title: "Request timed out", Status: http.StatusServiceUnavailable}

// StatusClientClosedRequest is the status logged and counted when the client
// went away before the answer (nginx's 499); the client never sees it.
const StatusClientClosedRequest = 499

var canceledProblem = Problem{Type: ProblemTypeBase + "canceled", Title: "Client closed request", Status: StatusClientClosedRequest}

// httpError is a failure of the HTTP exchange itself rather than of the
// domain: no such route, wrong method, body too large, wrong media type.
type httpError struct {
	status int
	detail string
}

func (e *httpError) Error() string { return fmt.Sprintf("http %d: %s", e.status, e.detail) }

// panicError carries a recovered panic to the problems middleware.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

// invalid returns an EINVALID error naming one field.
func invalid(field, format string, args ...any) error {
	var p graph.Problems
	p.Add(field, format, args...)
	return p.Err()
}

// problemFor turns err into the problem the client sees. Details of internal
// failures stay out of it.
func problemFor(ctx context.Context, err error, timeout string) Problem {
	var he *httpError
	if errors.As(err, &he) {
		return Problem{Type: "about:blank", Title: http.StatusText(he.status), Status: he.status, Detail: he.detail}
	}
	code := graph.ErrorCode(err)
	if code == graph.EINTERNAL || code == graph.EUNAVAILABLE {
		// ctx has been cancelled by now (the timeout middleware has
		// returned), but a deadline that struck first stays its error.
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			p := timeoutProblem
			p.Detail = "the request took longer than " + timeout
			return p
		}
		// A cancellation seen by the store happened while the handler ran:
		// the client went away.
		if errors.Is(err, context.Canceled) {
			p := canceledProblem
			p.Detail = "the client closed the request before the answer"
			return p
		}
	}
	p, ok := codeProblems[code]
	if !ok || code == graph.EINTERNAL {
		p = codeProblems[graph.EINTERNAL]
		p.Detail = "internal error; the request id identifies it in the server log"
		return p
	}
	p.Detail = graph.ErrorMessage(err)
	p.Errors = graph.ErrorFields(err)
	return p
}

// problems is the one place where errors become responses: a handler calls
// c.Error(err) and returns, and this middleware writes the problem for the
// last error, logging server-side failures with their details.
func (s *Server) problems(c *gin.Context) {
	c.Next()
	if len(c.Errors) == 0 {
		return
	}
	err := c.Errors.Last().Err
	ctx := c.Request.Context()
	p := problemFor(ctx, err, s.cfg.RequestTimeout.String())
	p.Instance = c.Request.URL.Path
	p.RequestID = c.Writer.Header().Get(RequestIDHeader)
	logProblem(zerolog.Ctx(ctx), c, p, err)
	if c.Writer.Written() {
		return // too late for a problem body; the log has it
	}
	body, merr := json.Marshal(p)
	if merr != nil {
		body = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	c.Data(p.Status, ProblemContentType, body)
}

func logProblem(log *zerolog.Logger, c *gin.Context, p Problem, err error) {
	var ev *zerolog.Event
	switch {
	case p.Type == timeoutProblem.Type || p.Type == canceledProblem.Type:
		ev = log.Warn()
	case p.Status >= 500:
		ev = log.Error()
	default:
		ev = log.Debug()
	}
	var pe *panicError
	if errors.As(err, &pe) {
		ev = ev.Bytes("stack", pe.stack)
	}
	ev.Err(err).Int("status", p.Status).Str("route", routeOf(c)).Msg("request failed")
}

// noRoute answers paths that no route matches.
func noRoute(c *gin.Context) {
	_ = c.Error(&httpError{status: http.StatusNotFound, detail: fmt.Sprintf("no route %s %s", c.Request.Method, c.Request.URL.Path)})
}

// onlyMethods are the paths whose methods Gin's Allow overstates: a path
// of its own that a parameter route also matches (GET /campaigns/:id
// matches /campaigns/resolve, which is no saved campaign).
var onlyMethods = map[string]string{
	APIPrefix + "/campaigns/resolve": http.MethodPost,
}

// noMethod answers paths that exist for other methods; Gin sets Allow.
func noMethod(c *gin.Context) {
	if allow, ok := onlyMethods[c.Request.URL.Path]; ok {
		c.Header("Allow", allow)
	}
	_ = c.Error(&httpError{status: http.StatusMethodNotAllowed,
		detail: fmt.Sprintf("%s is not allowed on %s; allowed: %s", c.Request.Method, c.Request.URL.Path, c.Writer.Header().Get("Allow"))})
}
