package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
)

// readyTimeout bounds the store ping of /readyz: a probe must answer quickly.
const readyTimeout = 2 * time.Second

// opsRoutes registers the operational endpoints outside /api/v1. /metrics
// serves reg when it is also a Gatherer (a *prometheus.Registry), else the
// default gatherer.
func (s *Server) opsRoutes(e *gin.Engine, reg prometheus.Registerer) {
	g, ok := reg.(prometheus.Gatherer)
	if !ok {
		g = prometheus.DefaultGatherer
	}
	metrics := promhttp.InstrumentMetricHandler(reg, promhttp.HandlerFor(g, promhttp.HandlerOpts{Registry: reg}))

	e.GET("/healthz", healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.authorize, gin.WrapH(metrics))
	e.GET("/openapi.json", s.authorize, s.openAPI)
}

// healthz answers as long as the process serves HTTP.
func healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz answers 200 when the store answers a ping in time, else a 503
// problem; the cause goes to the log only.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), min(readyTimeout, s.cfg.RequestTimeout))
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("not ready: store ping failed")
		_ = c.Error(graph.Errorf(graph.EUNAVAILABLE, "the store is not reachable"))
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}
