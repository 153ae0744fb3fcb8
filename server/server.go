// Package server is the HTTP API of contactgraph: Gin routes under /api/v1,
// problem+json errors, request-scoped logging, Prometheus metrics, the
// operational endpoints, the OpenAPI document and the web UI (web.go).
//
// Handlers follow one pattern: they parse and check their input at the
// boundary (path ids, query parameters, strict JSON), convert request DTOs to
// domain values with named converters, call the store with the request's
// context and either render the result or call c.Error(err) and return. One
// middleware (problems) turns every error into application/problem+json.
//
// Each area of the API registers its routes in its own file; add a new area by
// writing a func(*Server, *gin.RouterGroup) and listing it in apiAreas, and
// document every new route in openapi.json (TestOpenAPICoversRoutes enforces
// it).
package server

import (
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/delivery"
	"github.com/contactgraph/contactgraph/graph"
	"github.com/contactgraph/contactgraph/routing"
)

// Defaults of Config.
const (
	DefaultMaxBodyBytes   = 10 << 20
	DefaultRequestTimeout = 30 * time.Second
	DefaultHalfLifeDays   = 365
)

// APIPrefix is the path under which the JSON API lives.
const APIPrefix = "/api/v1"

// Config tunes the server. Zero values take the defaults.
type Config struct {
	// MaxBodyBytes is the largest request body accepted (413 beyond it).
	MaxBodyBytes int64
	// RequestTimeout bounds the context of every request.
	RequestTimeout time.Duration
	// TrustModel learns relationships' trust from their interactions
	// (POST /interactions, /me/interactions, capture, introductions,
	// campaigns sent); the zero value means graph.DefaultTrustModel.
	TrustModel graph.TrustModel
	// HalfLifeDays is the default half-life of trust for the query endpoints.
	HalfLifeDays float64
	// Fallback is the sender of the last resort of route and campaigns.
	Fallback routing.Fallback
	// MaxRecipients bounds the recipients of one campaign (400 beyond it);
	// 0 means campaigns.DefaultMaxRecipients.
	MaxRecipients int
	// Audit receives the audit records (audit.go): campaigns resolved,
	// saved, sent and declined, contacts and paths read, erasures, and
	// changes of relationships and consent, each with who (key id, role,
	// employee), when and the request id. The zero Logger discards them.
	Audit zerolog.Logger
	// RateLimit is the sustained number of API requests per second one key
	// may make, RateBurst how many it may make at once; 0 turns limiting off.
	RateLimit float64
	RateBurst int
	// Keys are the API keys; with none, every request acts as admin (the
	// command refuses to listen beyond loopback then).
	Keys *Keys
	// Version is the version of the running program, shown in the OpenAPI
	// document.
	Version string
	// Delivery sends saved campaigns' letters; nil: this server sends no
	// mail, and the routes that would answer 503.
	Delivery *delivery.Runner
	// UnsubscribeSecret checks the tokens of unsubscribe links (the one
	// Delivery signs them with); empty: /unsubscribe answers 503.
	UnsubscribeSecret []byte
}

// withDefaults returns c with every unset or unusable value replaced by its
// default.
func (c Config) withDefaults() Config {
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if len(c.TrustModel.Validate()) > 0 {
		c.TrustModel = graph.DefaultTrustModel()
	}
	if c.HalfLifeDays <= 0 {
		c.HalfLifeDays = DefaultHalfLifeDays
	}
	return c
}

// Server is the HTTP API. Create it with New; it is safe for concurrent use.
type Server struct {
	cfg     Config
	store   graph.Store
	log     zerolog.Logger
	metrics *httpMetrics
	openapi []byte
	limiter *limiter
	engine  *gin.Engine
}

// Route is one method and path template the server answers, in Gin's
// notation (":id" for a path parameter).
type Route struct {
	Method string
	Path   string
}

// apiAreas registers the routes of each area of /api/v1, one file per area.
var apiAreas = []func(*Server, *gin.RouterGroup){
	(*Server).employeeRoutes,
	(*Server).customerRoutes,
	(*Server).accountRoutes,
	(*Server).unitRoutes,
	(*Server).relationshipRoutes,
	(*Server).batchRoutes,
	(*Server).routingRoutes,
	(*Server).transferRoutes,
	(*Server).captureRoutes,
	(*Server).campaignRoutes,
	(*Server).savedCampaignRoutes,
	(*Server).deliveryRoutes,
	(*Server).meRoutes,
	(*Server).introductionRoutes,
	(*Server).analyticsRoutes,
	(*Server).pictureRoutes,
}

var releaseMode sync.Once

// New returns a server answering from store. It registers its metrics, and
// those of the store calls (see InstrumentStore), with reg; a nil reg gets a
// private registry. log is the root logger; every request gets a child.
func New(cfg Config, store graph.Store, log zerolog.Logger, reg prometheus.Registerer) *Server {
	releaseMode.Do(func() { gin.SetMode(gin.ReleaseMode) })
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:     cfg,
		store:   InstrumentStore(store, reg),
		log:     log,
		metrics: newHTTPMetrics(reg),
		openapi: openAPIDocument(cfg.Version),
		limiter: newLimiter(cfg.RateLimit, cfg.RateBurst),
	}

	e := gin.New()
	e.HandleMethodNotAllowed = true
	// A redirect would bypass the middleware (no request id, no metrics) and
	// API clients gain nothing from it: a wrong path is a 404 problem.
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	_ = e.SetTrustedProxies(nil) // nil never fails; ClientIP is the peer address
	e.Use(s.requestContext, s.observe, s.problems, s.recoverPanics, s.timeout, s.limitBody)
	e.NoRoute(noRoute)
	e.NoMethod(noMethod)

	s.opsRoutes(e, reg)
	s.webRoutes(e)
	s.unsubscribeRoutes(e)
	api := e.Group(APIPrefix)
	api.Use(s.authorize, s.rateLimit)
	for _, area := range apiAreas {
		area(s, api)
	}
	s.engine = e
	return s
}

// Handler returns the http.Handler serving every route.
func (s *Server) Handler() http.Handler { return s.engine }

// Routes lists every method and path template the server answers, sorted by
// path and method.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.engine.Routes() {
		out = append(out, Route{Method: r.Method, Path: r.Path})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}
