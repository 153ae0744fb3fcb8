package server

import (
	"context"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"github.com/contactgraph/contactgraph/graph"
)

// rule says who may call one route: the roles allowed outright and, for
// keys of role employee, a check against the employee the key is bound to.
type rule struct {
	roles []string
	self  func(c *gin.Context, employee string) bool
}

var (
	// Reading and changing the graph's entities.
	readers = []string{RoleAdmin, RoleManager}
	// Searching and reading employees, customers, accounts and units, and
	// the network picture (which never shows a private tie): what the
	// account managers' search, customer and network pages need.
	directory = []string{RoleAdmin, RoleManager, RoleAccountManager}
	writers   = []string{RoleAdmin}
	// Routing questions of account managers.
	routers = []string{RoleAdmin, RoleManager, RoleAccountManager}
	// The sender of one customer: account managers and marketing.
	senders = []string{RoleAdmin, RoleManager, RoleAccountManager, RoleMarketing}
	// Campaign resolution: a computation that changes nothing, so managers
	// (who read everything) may run it besides marketing.
	campaigners = []string{RoleAdmin, RoleManager, RoleMarketing}
	// Saving campaigns and marking them sent: marketing's work.
	mailers = []string{RoleAdmin, RoleMarketing}
	// Reading saved campaigns.
	campaignReaders = []string{RoleAdmin, RoleManager, RoleMarketing}
	// Only employee keys: the /me routes.
	employeesOnly = []string{RoleEmployee}
	// Any valid key.
	everyone = []string{RoleAdmin, RoleManager, RoleAccountManager, RoleMarketing, RoleEmployee}
)

// selfParam lets an employee key through when the path parameter names
// its own employee.
func selfParam(name string) func(*gin.Context, string) bool {
	return func(c *gin.Context, employee string) bool { return c.Param(name) == employee }
}

// anyEmployee lets every employee key through; the handler limits it to
// the employee's own data (a decline only of their own recipients).
func anyEmployee(*gin.Context, string) bool { return true }

// selfEnd lets an employee key through when it is an end of the relationship.
func selfEnd(c *gin.Context, employee string) bool {
	return c.Param("a") == employee || c.Param("b") == employee
}

// policy maps "METHOD path template" of every route but /healthz, /readyz
// and the web UI's files (/ and /ui/*file, registered without authorize:
// they hold no data, and the UI sends the user's key with its API calls) to
// its rule.
// A route missing here is refused to everyone (TestAccessPolicyCoversRoutes
// keeps the table complete).
var policy = map[string]rule{
	"GET /api/v1/employees":                   {roles: directory},
	"GET /api/v1/employees/:id":               {roles: directory, self: selfParam("id")},
	"PUT /api/v1/employees/:id":               {roles: writers},
	"DELETE /api/v1/employees/:id":            {roles: writers},
	"GET /api/v1/customers":                   {roles: directory},
	"GET /api/v1/customers/:id":               {roles: directory},
	"PUT /api/v1/customers/:id":               {roles: writers},
	"DELETE /api/v1/customers/:id":            {roles: writers},
	"GET /api/v1/accounts":                    {roles: directory},
	"GET /api/v1/accounts/:id":                {roles: directory},
	"PUT /api/v1/accounts/:id":                {roles: writers},
	"DELETE /api/v1/accounts/:id":             {roles: writers},
	"GET /api/v1/units":                       {roles: directory},
	"GET /api/v1/units/:id":                   {roles: directory},
	"PUT /api/v1/units/:id":                   {roles: writers},
	"DELETE /api/v1/units/:id":                {roles: writers},
	"GET /api/v1/relationships/:a/:b":         {roles: readers, self: selfEnd},
	"GET /api/v1/relationships/:a/:b/history": {roles: readers, self: selfEnd},
	"POST /api/v1/me/interactions":            {roles: employeesOnly},
	"PUT /api/v1/relationships/:a/:b":         {roles: writers, self: selfEnd},
	"DELETE /api/v1/relationships/:a/:b":      {roles: writers, self: selfEnd},
	"GET /api/v1/persons/:id/relationships":   {roles: readers, self: selfParam("id")},
	"POST /api/v1/interactions":               {roles: writers},
	"POST /api/v1/batch":                      {roles: writers},
	"GET /api/v1/customers/:id/contacts":      {roles: routers},
	"GET /api/v1/customers/:id/interactions":  {roles: routers},
	"GET /api/v1/customers/:id/route":         {roles: senders},
	"POST /api/v1/import":                     {roles: writers},
	"POST /api/v1/capture":                    {roles: writers},
	"GET /api/v1/export":                      {roles: readers},
	"GET /api/v1/paths":                       {roles: routers},
	"GET /api/v1/employees/:id/handover":      {roles: routers},
	"POST /api/v1/campaigns/resolve":          {roles: campaigners},
	"POST /api/v1/campaigns":                  {roles: mailers},
	"GET /api/v1/campaigns":                   {roles: campaignReaders},
	"GET /api/v1/campaigns/:id":               {roles: campaignReaders},
	"POST /api/v1/campaigns/:id/sent":         {roles: mailers},
	"POST /api/v1/campaigns/:id/decline":      {roles: writers, self: anyEmployee},
	"PUT /api/v1/campaigns/:id/letter":        {roles: mailers},
	"GET /api/v1/campaigns/:id/letter":        {roles: campaignReaders},
	"GET /api/v1/campaigns/:id/preview":       {roles: campaignReaders},
	"POST /api/v1/campaigns/:id/deliver":      {roles: mailers},
	"POST /api/v1/campaigns/:id/pause":        {roles: mailers},
	"GET /api/v1/campaigns/:id/delivery":      {roles: campaignReaders},
	"GET /api/v1/me":                          {roles: employeesOnly},
	"PATCH /api/v1/me":                        {roles: employeesOnly},
	"GET /api/v1/me/network":                  {roles: employeesOnly},
	"GET /api/v1/me/campaigns":                {roles: employeesOnly},
	"GET /api/v1/employees/:id/campaigns":     {roles: readers, self: selfParam("id")},
	"GET /api/v1/analytics/coverage":          {roles: readers},
	"GET /api/v1/analytics/key-people":        {roles: readers},
	"GET /api/v1/graph":                       {roles: directory},
	"GET /metrics":                            {roles: readers},
	"GET /openapi.json":                       {roles: everyone},
	"GET /api/v1/whoami":                      {roles: everyone},
	// Introductions: account managers ask (with a key bound to their
	// employee) and read their own; admins and managers read all; the
	// broker answers on their employee key.
	"POST /api/v1/introductions":                {roles: []string{RoleAccountManager}},
	"GET /api/v1/introductions":                 {roles: routers},
	"GET /api/v1/introductions/:id":             {roles: routers},
	"GET /api/v1/me/introductions":              {roles: employeesOnly},
	"POST /api/v1/me/introductions/:id/accept":  {roles: employeesOnly},
	"POST /api/v1/me/introductions/:id/decline": {roles: employeesOnly},
	"POST /api/v1/me/introductions/:id/done":    {roles: employeesOnly},
}

type principalKey struct{}

// principalOf returns who the request acts for.
func principalOf(ctx context.Context) Principal {
	p, _ := ctx.Value(principalKey{}).(Principal)
	return p
}

// localPrincipal is who requests act for when no keys are configured: the
// server then listens on loopback only and every local caller is admin.
var localPrincipal = Principal{Role: RoleAdmin, KeyID: "local"}

// authorize checks the bearer key and the route's rule. Without configured
// keys every request acts as localPrincipal.
func (s *Server) authorize(c *gin.Context) {
	who := localPrincipal
	if s.cfg.Keys.Len() > 0 {
		key, ok := bearer(c.GetHeader("Authorization"))
		if ok {
			who, ok = s.cfg.Keys.lookup(key)
		}
		if !ok {
			c.Header("WWW-Authenticate", `Bearer realm="contactgraph"`)
			_ = c.Error(graph.Errorf(graph.EUNAUTHORIZED, "a valid API key is required: Authorization: Bearer <key>"))
			c.Abort()
			return
		}
	}
	ctx := context.WithValue(c.Request.Context(), principalKey{}, who)
	log := zerolog.Ctx(ctx).With().Str("key_id", who.KeyID).Str("role", who.Role).Logger()
	c.Request = c.Request.WithContext(log.WithContext(ctx))
	if !allowed(c, who) {
		_ = c.Error(graph.Errorf(graph.EFORBIDDEN, "role %s may not %s %s", who.Role, c.Request.Method, c.FullPath()))
		c.Abort()
		return
	}
	c.Next()
}

func allowed(c *gin.Context, who Principal) bool {
	r, ok := policy[c.Request.Method+" "+c.FullPath()]
	if !ok {
		return false
	}
	for _, role := range r.roles {
		if role == who.Role {
			return true
		}
	}
	return who.Role == RoleEmployee && r.self != nil && r.self(c, who.Employee)
}

// bearer extracts the key of an "Authorization: Bearer <key>" header.
func bearer(h string) (string, bool) {
	scheme, key, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	key = strings.TrimSpace(key)
	return key, key != ""
}
