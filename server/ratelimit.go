package server

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// limiter keeps one token bucket per API key, so that one busy client cannot
// starve the others. Keys are configured, so the map stays small.
type limiter struct {
	rate  rate.Limit
	burst int
	mu    sync.Mutex
	byKey map[string]*rate.Limiter
}

func newLimiter(perSecond float64, burst int) *limiter {
	if perSecond <= 0 {
		return nil
	}
	return &limiter{rate: rate.Limit(perSecond), burst: max(1, burst), byKey: map[string]*rate.Limiter{}}
}

// allow reports whether the key may make a request now and, if not, how long
// until it may.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	b, ok := l.byKey[key]
	if !ok {
		b = rate.NewLimiter(l.rate, l.burst)
		l.byKey[key] = b
	}
	l.mu.Unlock()
	r := b.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		return false, d
	}
	return true, 0
}

// rateLimit answers 429 with Retry-After once a key exceeds its rate.
// Without configured keys (loopback only, one local user) nothing is limited.
func (s *Server) rateLimit(c *gin.Context) {
	if s.limiter == nil || s.cfg.Keys.Len() == 0 {
		c.Next()
		return
	}
	ok, wait := s.limiter.allow(principalOf(c.Request.Context()).KeyID)
	if !ok {
		secs := int(math.Ceil(wait.Seconds()))
		c.Header("Retry-After", strconv.Itoa(max(1, secs)))
		_ = c.Error(&httpError{status: http.StatusTooManyRequests,
			detail: "too many requests for this API key; retry after " + strconv.Itoa(max(1, secs)) + " s"})
		c.Abort()
		return
	}
	c.Next()
}
