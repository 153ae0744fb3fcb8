package seed

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/contactgraph/contactgraph/graph"
)

// The systems whose exports ImportCRM reads: three presets, and custom for
// a mapping file of one's own.
const (
	Salesforce = "salesforce"
	HubSpot    = "hubspot"
	Dynamics   = "dynamics"
	CustomCRM  = "custom"
)

// CRMSystems lists the systems that CRMMapping knows.
var CRMSystems = []string{Salesforce, HubSpot, Dynamics, CustomCRM}

// crmFiles are the files of ours that an export's files are read as, in
// the order ImportCRM reads them; the mapping file calls them by kind.
var crmFiles = []string{EmployeesFile, AccountsFile, CustomersFile}

// crmKind is the mapping file's name of each of our files.
var crmKind = map[string]string{EmployeesFile: "employees", AccountsFile: "accounts", CustomersFile: "customers"}

// Mapping says where the files of a CRM export keep what ImportCRM needs.
type Mapping struct {
	// System names the export in messages: salesforce, hubspot, dynamics
	// or custom.
	System string
	// Unit is the unit of employees whose unit column is empty or absent,
	// and the parent of the units made from that column. It is created
	// when the store lacks it, else left as it is.
	Unit graph.Unit
	// Objects maps each of EmployeesFile, AccountsFile and CustomersFile
	// to where the export keeps them; an absent one is not imported.
	Objects map[string]*ObjectMap
}

// ObjectMap says where an export keeps one kind of entity.
type ObjectMap struct {
	// Files are the patterns (path.Match, any case) of the export's file
	// of this kind; at most one file of the directory may match.
	Files []string
	// IDPrefix is put before every id of the kind (and every reference to
	// one), for systems whose ids are only unique per kind.
	IDPrefix string
	// Fields maps our columns (Columns of the file) to the export's.
	Fields map[string]FieldMap
}

// FieldMap says which columns of an export one of our columns is read
// from: for name the non-empty cells of Columns joined by a space, for
// every other column the first non-empty cell.
type FieldMap struct {
	Columns []string
	// Split, when set, separates the values of a cell that lists several
	// (HubSpot's teams and associated companies): the first one counts.
	Split string
}

// requiredCRM are the columns of ours that a mapping must map.
var requiredCRM = map[string][]string{
	EmployeesFile: {"id", "name", "email"},
	AccountsFile:  {"id", "name"},
	CustomersFile: {"id", "name"},
}

func cols(c ...string) FieldMap { return FieldMap{Columns: c} }

// crmPresets are the documented column names of each system's exports
// (docs/import.md has the table and where they come from).
var crmPresets = map[string]func() Mapping{
	// Salesforce: the weekly Data Export (User.csv, Account.csv,
	// Contact.csv) and Data Loader extracts, whose headers are the API
	// field names (Data Loader writes them in capitals; headers are
	// matched in any case).
	Salesforce: func() Mapping {
		return Mapping{System: Salesforce, Unit: graph.Unit{ID: "salesforce", Name: "Salesforce"}, Objects: map[string]*ObjectMap{
			EmployeesFile: {Files: []string{"User.csv"}, Fields: map[string]FieldMap{
				"id": cols("Id"), "name": cols("FirstName", "LastName"), "email": cols("Email"), "title": cols("Title"),
				"unit": cols("Department"), "active": cols("IsActive")}},
			AccountsFile: {Files: []string{"Account.csv"}, Fields: map[string]FieldMap{
				"id": cols("Id"), "name": cols("Name"), "owner": cols("OwnerId"), "segment": cols("Industry")}},
			CustomersFile: {Files: []string{"Contact.csv"}, Fields: map[string]FieldMap{
				"id": cols("Id"), "name": cols("FirstName", "LastName"), "email": cols("Email"), "title": cols("Title"),
				"account": cols("AccountId"), "opt_out": cols("HasOptedOutOfEmail")}},
		}}
	},
	// HubSpot: Settings → Users & Teams → Export users, and the CRM's
	// exports of companies and contacts (file names like
	// hubspot-crm-exports-all-contacts-2026-05-04.csv). Record IDs are
	// numbers per object, hence the prefixes. Owners are exported as name
	// or email, associated companies by id or name, several separated by
	// semicolons.
	HubSpot: func() Mapping {
		return Mapping{System: HubSpot, Unit: graph.Unit{ID: "hubspot", Name: "HubSpot"}, Objects: map[string]*ObjectMap{
			EmployeesFile: {Files: []string{"*user*.csv", "*owner*.csv"}, IDPrefix: "hubspot-user-", Fields: map[string]FieldMap{
				"id": cols("User ID", "Owner ID"), "name": cols("First Name", "Last Name"), "email": cols("Email", "Email address"),
				"title": cols("Job Title"), "unit": {Columns: []string{"Teams", "Team", "Assigned teams"}, Split: ";"}}},
			AccountsFile: {Files: []string{"*compan*.csv"}, IDPrefix: "hubspot-company-", Fields: map[string]FieldMap{
				"id": cols("Record ID", "Company ID"), "name": cols("Company name"), "owner": cols("Company owner"),
				"segment": cols("Industry")}},
			CustomersFile: {Files: []string{"*contact*.csv"}, IDPrefix: "hubspot-contact-", Fields: map[string]FieldMap{
				"id": cols("Record ID", "Contact ID"), "name": cols("First Name", "Last Name"), "email": cols("Email"),
				"title":   cols("Job Title"),
				"account": {Columns: []string{"Associated Company IDs", "Associated Company"}, Split: ";"},
				"opt_out": cols("Unsubscribed from all email")}},
		}}
	},
	// Dynamics 365 (Dataverse): Export to Excel of a view of users, accounts
	// and contacts, saved as CSV UTF-8. The first, hidden column
	// "(Do Not Modify) <table>" holds the row's GUID; lookups (Owner,
	// Company Name, Business Unit) are exported as names.
	Dynamics: func() Mapping {
		return Mapping{System: Dynamics, Unit: graph.Unit{ID: "dynamics", Name: "Dynamics 365"}, Objects: map[string]*ObjectMap{
			EmployeesFile: {Files: []string{"*user*.csv"}, Fields: map[string]FieldMap{
				"id": cols("(Do Not Modify) User"), "name": cols("Full Name"), "email": cols("Primary Email"),
				"title": cols("Title"), "unit": cols("Business Unit"), "active": cols("Status")}},
			AccountsFile: {Files: []string{"*account*.csv"}, Fields: map[string]FieldMap{
				"id": cols("(Do Not Modify) Account"), "name": cols("Account Name"), "owner": cols("Owner"),
				"segment": cols("Industry")}},
			CustomersFile: {Files: []string{"*contact*.csv"}, Fields: map[string]FieldMap{
				"id": cols("(Do Not Modify) Contact"), "name": cols("Full Name"), "email": cols("Email"),
				"title": cols("Job Title"), "account": cols("Company Name"),
				"opt_out": cols("Do not allow Bulk Emails", "Bulk Email")}},
		}}
	},
	// custom: nothing but the default unit; the mapping file says the rest.
	CustomCRM: func() Mapping {
		return Mapping{System: CustomCRM, Unit: graph.Unit{ID: "crm", Name: "CRM"}, Objects: map[string]*ObjectMap{}}
	},
}

// CRMMapping returns the preset of a system (see CRMSystems).
func CRMMapping(system string) (Mapping, error) {
	p, ok := crmPresets[system]
	if !ok {
		return Mapping{}, graph.Errorf(graph.EINVALID, "unknown CRM %q: want %s", system, strings.Join(CRMSystems, ", "))
	}
	return p(), nil
}

// ParseMapping reads a mapping file (YAML, or JSON, which is YAML too)
// named name and lays it over base: what it names replaces the base's,
// field by field; a field mapped to null or "" is not read. The result is
// checked (Validate).
//
//	unit: {id: vertrieb, name: Vertrieb}
//	employees:
//	  files: [Benutzer.csv]
//	  id_prefix: sf-
//	  name: [Vorname, Nachname]
//	  unit: {columns: Team, split: ";"}
//	  title: null
func ParseMapping(name string, data []byte, base Mapping) (Mapping, error) {
	m := base.clone()
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Mapping{}, graph.Errorf(graph.EINVALID, "%s: %v", name, err)
	}
	if doc == nil {
		return m, mappingError(name, m.Validate())
	}
	top, ok := asMap(doc)
	if !ok {
		return Mapping{}, graph.Errorf(graph.EINVALID, "%s: want a mapping of unit, employees, accounts and customers", name)
	}
	for _, key := range slices.Sorted(maps.Keys(top)) {
		v := top[key]
		where := name + ": " + key
		if key == "unit" {
			u, ok := asMap(v)
			if !ok {
				return Mapping{}, graph.Errorf(graph.EINVALID, "%s: want {id: …, name: …}", where)
			}
			for k, x := range u {
				s, ok := x.(string)
				switch {
				case !ok:
					return Mapping{}, graph.Errorf(graph.EINVALID, "%s: %s: want a string", where, k)
				case k == "id":
					m.Unit.ID = s
				case k == "name":
					m.Unit.Name = s
				default:
					return Mapping{}, graph.Errorf(graph.EINVALID, "%s: %s: unknown key (want id, name)", where, k)
				}
			}
			continue
		}
		file := ""
		for f, k := range crmKind {
			if k == key {
				file = f
			}
		}
		if file == "" {
			return Mapping{}, graph.Errorf(graph.EINVALID, "%s: unknown key (want unit, employees, accounts, customers)", where)
		}
		if err := m.parseObject(where, file, v); err != nil {
			return Mapping{}, err
		}
	}
	if err := m.Validate(); err != nil {
		return Mapping{}, mappingError(name, err)
	}
	return m, nil
}

func (m *Mapping) parseObject(where, file string, v any) error {
	fields, ok := asMap(v)
	if !ok {
		return graph.Errorf(graph.EINVALID, "%s: want a mapping of files, id_prefix and columns", where)
	}
	o := m.Objects[file]
	if o == nil {
		o = &ObjectMap{Fields: map[string]FieldMap{}}
		m.Objects[file] = o
	}
	for _, key := range slices.Sorted(maps.Keys(fields)) {
		x := fields[key]
		at := where + ": " + key
		switch {
		case key == "files":
			files, err := stringList(at, x)
			if err != nil {
				return err
			}
			o.Files = files
		case key == "id_prefix":
			s, ok := x.(string)
			if !ok && x != nil {
				return graph.Errorf(graph.EINVALID, "%s: want a string", at)
			}
			o.IDPrefix = s
		case slices.Contains(Columns[file], key) && key != "interactions":
			f, err := parseField(at, x)
			if err != nil {
				return err
			}
			if len(f.Columns) == 0 {
				delete(o.Fields, key)
			} else {
				o.Fields[key] = f
			}
		default:
			return graph.Errorf(graph.EINVALID, "%s: unknown key (want files, id_prefix or one of %s)", at, strings.Join(Columns[file], ", "))
		}
	}
	return nil
}

// parseField reads a column, a list of columns or {columns, split}.
func parseField(at string, x any) (FieldMap, error) {
	if obj, ok := asMap(x); ok {
		var f FieldMap
		for k, v := range obj {
			switch k {
			case "columns":
				c, err := stringList(at+": columns", v)
				if err != nil {
					return f, err
				}
				f.Columns = c
			case "split":
				s, ok := v.(string)
				if !ok {
					return f, graph.Errorf(graph.EINVALID, "%s: split: want a string", at)
				}
				f.Split = s
			default:
				return f, graph.Errorf(graph.EINVALID, "%s: %s: unknown key (want columns, split)", at, k)
			}
		}
		return f, nil
	}
	c, err := stringList(at, x)
	return FieldMap{Columns: c}, err
}

// stringList reads a string or a list of strings; null and "" are none.
func stringList(at string, x any) ([]string, error) {
	switch v := x.(type) {
	case nil:
		return nil, nil
	case string:
		if v == "" {
			return nil, nil
		}
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok || s == "" {
				return nil, graph.Errorf(graph.EINVALID, "%s: want a list of non-empty strings", at)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, graph.Errorf(graph.EINVALID, "%s: want a string or a list of strings", at)
}

func asMap(x any) (map[string]any, bool) {
	switch v := x.(type) {
	case map[string]any:
		return v, true
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[fmt.Sprint(k)] = e
		}
		return out, true
	}
	return nil, false
}

// Validate checks that the mapping can be imported: a valid default unit,
// and for every kind it maps, file patterns, the columns our files require
// (id and name; email of employees) and ids that the prefix keeps valid.
func (m Mapping) Validate() error {
	var p graph.Problems
	if probs := m.Unit.Validate(); len(probs) > 0 {
		for _, f := range probs {
			p.Add("unit."+f.Field, "%s", f.Message)
		}
	}
	if m.Unit.Parent != "" {
		p.Add("unit.parent", "is not read from a mapping")
	}
	mapped := false
	for _, file := range crmFiles {
		o := m.Objects[file]
		if o == nil {
			continue
		}
		mapped = true
		kind := crmKind[file]
		if len(o.Files) == 0 {
			p.Add(kind+".files", "is required: the pattern of the export's file")
		}
		for _, pat := range o.Files {
			if _, err := path.Match(pat, ""); err != nil || strings.Contains(pat, "/") {
				p.Add(kind+".files", "%q is not a file name pattern", pat)
			}
		}
		if o.IDPrefix != "" && !graph.ValidID(o.IDPrefix+"0") {
			p.Add(kind+".id_prefix", "%q must keep ids valid: letters, digits and . _ : @ -, starting with a letter or digit", o.IDPrefix)
		}
		for _, col := range requiredCRM[file] {
			if len(o.Fields[col].Columns) == 0 {
				p.Add(kind+"."+col, "is required: the export's column of our %s", col)
			}
		}
	}
	if !mapped {
		p.Add("employees", "the mapping maps none of employees, accounts and customers")
	}
	return p.Err()
}

// mappingError names the mapping file and every problem of its mapping.
func mappingError(name string, err error) error {
	if err == nil {
		return nil
	}
	var parts []string
	for _, f := range graph.ErrorFields(err) {
		parts = append(parts, f.Field+": "+f.Message)
	}
	e := graph.Errorf(graph.EINVALID, "%s: %s", name, strings.Join(parts, "; "))
	e.Fields = graph.ErrorFields(err)
	return e
}

// clone copies m deeply, so that a mapping file laid over it leaves the
// original alone.
func (m Mapping) clone() Mapping {
	out := Mapping{System: m.System, Unit: m.Unit, Objects: map[string]*ObjectMap{}}
	for file, o := range m.Objects {
		c := &ObjectMap{Files: slices.Clone(o.Files), IDPrefix: o.IDPrefix, Fields: map[string]FieldMap{}}
		for k, f := range o.Fields {
			c.Fields[k] = FieldMap{Columns: slices.Clone(f.Columns), Split: f.Split}
		}
		out.Objects[file] = c
	}
	return out
}
