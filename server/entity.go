package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// entity describes one kind of the entity endpoints (employees, customers,
// accounts, units) to the generic handlers below, which give all four kinds
// the same semantics: PUT /{plural}/:id creates (201) or replaces (200) and
// answers with the stored entity, GET reads one, DELETE answers 204, and
// GET /{plural} pages through the list. Req and Resp are the wire types; the
// converters map them to and from the domain type T.
type entity[T, Req, Resp any] struct {
	plural  string // path segment: "employees"
	scope   string // query parameter of the list filter: "unit"
	cascade bool   // whether DELETE takes ?cascade=

	bodyID     func(*Req) *string
	toDomain   func(req Req, id string) T
	fromDomain func(T) Resp

	put  func(context.Context, T) (bool, error)
	get  func(context.Context, string) (T, error)
	del  func(ctx context.Context, id string, cascade bool) error
	list func(context.Context, graph.ListQuery) (graph.Page[T], error)
}

// pageResponse is one page of a list. Next is the opaque cursor of the
// following page, null on the last one.
type pageResponse[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func (en entity[T, Req, Resp]) routes(g *gin.RouterGroup) {
	g.GET("/"+en.plural, en.handleList)
	g.PUT("/"+en.plural+"/:id", en.handlePut)
	g.GET("/"+en.plural+"/:id", en.handleGet)
	g.DELETE("/"+en.plural+"/:id", en.handleDelete)
}

func (en entity[T, Req, Resp]) handlePut(c *gin.Context) {
	id, err := idOnly(c)
	var req Req
	if err == nil {
		err = decodeJSON(c, &req)
	}
	if err == nil {
		err = sameID("id", en.bodyID(&req), id)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	ctx := c.Request.Context()
	written := en.toDomain(req, id)
	created, err := en.put(ctx, written)
	if err != nil {
		_ = c.Error(err)
		return
	}
	stored, err := readBack(ctx, en.get, id, written)
	if err != nil {
		_ = c.Error(err)
		return
	}
	respondPut(c, created, APIPrefix+"/"+en.plural+"/"+id, en.fromDomain(stored))
}

func (en entity[T, Req, Resp]) handleGet(c *gin.Context) {
	id, err := idOnly(c)
	if err != nil {
		_ = c.Error(err)
		return
	}
	v, err := en.get(c.Request.Context(), id)
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.JSON(http.StatusOK, en.fromDomain(v))
}

func (en entity[T, Req, Resp]) handleDelete(c *gin.Context) {
	id, err := pathID(c, "id")
	var cascade bool
	if err == nil {
		cascade, err = deleteParams(c, en.cascade)
	}
	if err == nil {
		err = en.del(c.Request.Context(), id, cascade)
	}
	if err != nil {
		_ = c.Error(err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (en entity[T, Req, Resp]) handleList(c *gin.Context) {
	q, err := listQuery(c, en.scope)
	if err != nil {
		_ = c.Error(err)
		return
	}
	page, err := en.list(c.Request.Context(), q)
	if err != nil {
		_ = c.Error(err)
		return
	}
	out := pageResponse[Resp]{Items: make([]Resp, 0, len(page.Items)), Next: encodeCursor(page.Next)}
	for _, v := range page.Items {
		out.Items = append(out.Items, en.fromDomain(v))
	}
	c.JSON(http.StatusOK, out)
}

// deleteParams reads the query of a DELETE: ?cascade= where the kind takes
// it, nothing otherwise.
func deleteParams(c *gin.Context, cascadable bool) (bool, error) {
	if !cascadable {
		_, err := query(c)
		return false, err
	}
	v, err := query(c, "cascade")
	if err != nil {
		return false, err
	}
	return cascadeParam(v)
}

// sameID checks that an id given in the body, if any, is the one of the path.
func sameID(field string, body *string, path string) error {
	if body != nil && *body != path {
		return invalid(field, "%q differs from the id in the path, %q", clipValue(*body), path)
	}
	return nil
}

// readBack returns what the store now holds under id, so that a PUT answers
// with the stored, normalised entity. Should a concurrent DELETE have removed
// it in between, the written value is the answer: the PUT did succeed.
func readBack[T any](ctx context.Context, get func(context.Context, string) (T, error), id string, written T) (T, error) {
	v, err := get(ctx, id)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return written, nil
	}
	return v, err
}

// respondPut answers a PUT: 201 with a Location when it created, 200 when it
// replaced.
func respondPut(c *gin.Context, created bool, location string, body any) {
	if created {
		c.Header("Location", location)
		c.JSON(http.StatusCreated, body)
		return
	}
	c.JSON(http.StatusOK, body)
}
