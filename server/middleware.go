package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"
)

// RequestIDHeader carries the request id in both directions.
const RequestIDHeader = "X-Request-ID"

type requestIDKey struct{}

// requestIDOf returns the id of the request ctx belongs to.
func requestIDOf(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// maxRequestIDLen bounds an incoming request id we are willing to log.
const maxRequestIDLen = 128

// requestContext gives the request an id (a sane incoming X-Request-ID or a
// fresh one), echoes it in the response and puts a child logger carrying it
// into the request's context, where handlers and stores find it with
// zerolog.Ctx.
func (s *Server) requestContext(c *gin.Context) {
	id := c.GetHeader(RequestIDHeader)
	if !saneRequestID(id) {
		id = newRequestID()
	}
	c.Writer.Header().Set(RequestIDHeader, id)
	log := s.log.With().Str("request_id", id).Logger()
	ctx := context.WithValue(c.Request.Context(), requestIDKey{}, id)
	c.Request = c.Request.WithContext(log.WithContext(ctx))
	c.Next()
}

// saneRequestID accepts ids that are safe to echo and log: 1–128 printable
// ASCII characters without spaces or quotes.
func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		ch := id[i]
		ok := ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
		switch ch {
		case '-', '_', '.', ':', '@', '+', '/', '=':
			ok = true
		}
		if !ok {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// routeOf returns the route template that matched, "unmatched" when none did,
// so that metric labels stay few.
func routeOf(c *gin.Context) string {
	if r := c.FullPath(); r != "" {
		return r
	}
	return "unmatched"
}

// observe writes one access log line per request and records the request
// metrics.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	d := time.Since(start)
	route, status := routeOf(c), c.Writer.Status()
	s.metrics.observe(c.Request.Method, route, status, d)
	zerolog.Ctx(c.Request.Context()).Info().
		Str("method", c.Request.Method).
		Str("route", route).
		Str("path", c.Request.URL.Path).
		Int("status", status).
		Int("bytes", max(c.Writer.Size(), 0)).
		Dur("duration", d).
		Str("remote", c.ClientIP()).
		Msg("request")
}

// recoverPanics turns a panic of a handler into a 500 problem and a log line
// with the stack. http.ErrAbortHandler keeps its meaning (abort the response).
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
			panic(v)
		}
		_ = c.Error(&panicError{value: v, stack: debug.Stack()})
		c.Abort()
	}()
	c.Next()
}

// timeout bounds the request's context by Config.RequestTimeout.
func (s *Server) timeout(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.RequestTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// limitBody rejects a body that is declared too large right away and caps
// the reading of any other at Config.MaxBodyBytes; decodeJSON reports an
// overrun as 413.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > s.cfg.MaxBodyBytes {
		_ = c.Error(tooLarge(s.cfg.MaxBodyBytes))
		c.Abort()
		return
	}
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBodyBytes)
	}
	c.Next()
}

func tooLarge(limit int64) error {
	return &httpError{status: http.StatusRequestEntityTooLarge,
		detail: fmt.Sprintf("the request body is larger than %d bytes", limit)}
}
