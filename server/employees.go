package server

import (
	"github.com/gin-gonic/gin"

	"github.com/contactgraph/contactgraph/graph"
)

// employeeRequest is the body of PUT /employees/{id} and an employee of a
// batch. Pointers tell absent fields from false: active, sender and broker
// default to true, capture to false; a null or absent capacity means
// unlimited.
type employeeRequest struct {
	ID       *string `json:"id"`
	Name     string  `json:"name"`
	Email    string  `json:"email"`
	Title    string  `json:"title"`
	Unit     string  `json:"unit"`
	Active   *bool   `json:"active"`
	Sender   *bool   `json:"sender"`
	Broker   *bool   `json:"broker"`
	Capacity *int    `json:"capacity"`
	Capture  *bool   `json:"capture"`
	// Phone and Signature go onto letters sent in the employee's name.
	Phone     string   `json:"phone"`
	Signature string   `json:"signature"`
	Aliases   []string `json:"aliases"`
}

// employeeResponse is an employee as the API shows it.
type employeeResponse struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Email     string   `json:"email"`
	Title     string   `json:"title"`
	Unit      string   `json:"unit"`
	Active    bool     `json:"active"`
	Sender    bool     `json:"sender"`
	Broker    bool     `json:"broker"`
	Capacity  *int     `json:"capacity"`
	Capture   bool     `json:"capture"`
	Phone     string   `json:"phone"`
	Signature string   `json:"signature"`
	Aliases   []string `json:"aliases"`
}

func toEmployee(req employeeRequest, id string) graph.Employee {
	return graph.Employee{
		ID:        id,
		Name:      req.Name,
		Email:     req.Email,
		Title:     req.Title,
		Unit:      req.Unit,
		Active:    orTrue(req.Active),
		Sender:    orTrue(req.Sender),
		Broker:    orTrue(req.Broker),
		Capacity:  req.Capacity,
		Capture:   req.Capture != nil && *req.Capture,
		Phone:     req.Phone,
		Signature: req.Signature,
		Aliases:   noAliases(req.Aliases),
	}
}

// noAliases keeps none as nil, as the stores do.
func noAliases(a []string) []string {
	if len(a) == 0 {
		return nil
	}
	return a
}

// shownAliases is a person's aliases in an answer: [] for none.
func shownAliases(a []string) []string {
	if a == nil {
		return []string{}
	}
	return a
}

func fromEmployee(e graph.Employee) employeeResponse {
	return employeeResponse{ID: e.ID, Name: e.Name, Email: e.Email, Title: e.Title, Unit: e.Unit,
		Active: e.Active, Sender: e.Sender, Broker: e.Broker, Capacity: e.Capacity, Capture: e.Capture,
		Phone: e.Phone, Signature: e.Signature, Aliases: shownAliases(e.Aliases)}
}

// orTrue reads a flag that defaults to true.
func orTrue(b *bool) bool { return b == nil || *b }

func (s *Server) employeeRoutes(g *gin.RouterGroup) {
	entity[graph.Employee, employeeRequest, employeeResponse]{
		plural: "employees", scope: "unit", cascade: true,
		bodyID:   func(r *employeeRequest) *string { return r.ID },
		toDomain: toEmployee, fromDomain: fromEmployee,
		put: s.store.PutEmployee, get: s.store.Employee, del: s.store.DeleteEmployee, list: s.store.Employees,
	}.routes(g)
}
