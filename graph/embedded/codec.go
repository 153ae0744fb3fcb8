package embedded

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/contactgraph/contactgraph/graph"
)

// The file holds one bucket per kind, keyed by id (relationships by
// "a\x00b", ends in canonical order). Entities are JSON records of this
// package's own types, so that the file format does not follow changes of
// the domain's JSON tags; relationships are binary (see encodeRelationship).
var (
	bucketMeta          = []byte("meta")
	bucketUnits         = []byte("units")
	bucketAccounts      = []byte("accounts")
	bucketEmployees     = []byte("employees")
	bucketCustomers     = []byte("customers")
	bucketRelationships = []byte("relationships")

	dataBuckets = [][]byte{bucketUnits, bucketAccounts, bucketEmployees, bucketCustomers, bucketRelationships}
)

// The format marker in the meta bucket tells our files from any other bbolt
// file.
var (
	keyFormat = []byte("format")
	format    = "contactgraph/1"
)

type unitRecord struct {
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
}

type accountRecord struct {
	Name    string `json:"name"`
	Owner   string `json:"owner,omitempty"`
	Segment string `json:"segment,omitempty"`
}

type employeeRecord struct {
	Name      string   `json:"name"`
	Email     string   `json:"email,omitempty"`
	Title     string   `json:"title,omitempty"`
	Unit      string   `json:"unit,omitempty"`
	Active    bool     `json:"active,omitempty"`
	Sender    bool     `json:"sender,omitempty"`
	Broker    bool     `json:"broker,omitempty"`
	Capacity  *int     `json:"capacity,omitempty"` // absent: unlimited
	Capture   bool     `json:"capture,omitempty"`  // absent (files before capture): off
	Phone     string   `json:"phone,omitempty"`
	Signature string   `json:"signature,omitempty"`
	Aliases   []string `json:"aliases,omitempty"`
}

type customerRecord struct {
	Name    string   `json:"name"`
	Email   string   `json:"email,omitempty"`
	Title   string   `json:"title,omitempty"`
	Account string   `json:"account,omitempty"`
	OptOut  bool     `json:"optOut,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
}

func toUnitRecord(u graph.Unit) unitRecord { return unitRecord{Name: u.Name, Parent: u.Parent} }

func fromUnitRecord(id string, r unitRecord) graph.Unit {
	return graph.Unit{ID: id, Name: r.Name, Parent: r.Parent}
}

func toAccountRecord(a graph.Account) accountRecord {
	return accountRecord{Name: a.Name, Owner: a.Owner, Segment: a.Segment}
}

func fromAccountRecord(id string, r accountRecord) graph.Account {
	return graph.Account{ID: id, Name: r.Name, Owner: r.Owner, Segment: r.Segment}
}

func toEmployeeRecord(e graph.Employee) employeeRecord {
	return employeeRecord{Name: e.Name, Email: e.Email, Title: e.Title, Unit: e.Unit,
		Active: e.Active, Sender: e.Sender, Broker: e.Broker, Capacity: e.Capacity, Capture: e.Capture,
		Phone: e.Phone, Signature: e.Signature,
		Aliases: e.Aliases}
}

func fromEmployeeRecord(id string, r employeeRecord) graph.Employee {
	return graph.Employee{ID: id, Name: r.Name, Email: r.Email, Title: r.Title, Unit: r.Unit,
		Active: r.Active, Sender: r.Sender, Broker: r.Broker, Capacity: r.Capacity, Capture: r.Capture,
		Phone: r.Phone, Signature: r.Signature,
		Aliases: r.Aliases}
}

func toCustomerRecord(c graph.Customer) customerRecord {
	return customerRecord{Name: c.Name, Email: c.Email, Title: c.Title, Account: c.Account, OptOut: c.OptOut,
		Aliases: c.Aliases}
}

func fromCustomerRecord(id string, r customerRecord) graph.Customer {
	return graph.Customer{ID: id, Name: r.Name, Email: r.Email, Title: r.Title, Account: r.Account, OptOut: r.OptOut,
		Aliases: r.Aliases}
}

// Relationships are the bulk of a large graph, so their values are binary
// rather than JSON, which makes loading millions of them fast:
//
//	byte    version (1)
//	byte    flags: 1 lastContact, 2 since, 4 private, 8 the learned trust routes
//	8 bytes trust, IEEE 754, big endian
//	12 bytes lastContact if flagged: seconds (int64) and nanoseconds (int32), big endian
//	12 bytes since if flagged
//	uvarint interactions
//	the rest: source, UTF-8
const relVersion = 1

const (
	flagLastContact = 1 << iota
	flagSince
	flagPrivate
	flagTrustLearned
)

func encodeRelationship(r graph.Relationship) []byte {
	buf := make([]byte, 0, 2+8+24+binary.MaxVarintLen64+len(r.Source))
	var flags byte
	if r.LastContact != nil {
		flags |= flagLastContact
	}
	if r.Since != nil {
		flags |= flagSince
	}
	if r.Visibility == graph.Private {
		flags |= flagPrivate
	}
	if r.TrustSource == graph.TrustLearned {
		flags |= flagTrustLearned
	}
	buf = append(buf, relVersion, flags)
	buf = binary.BigEndian.AppendUint64(buf, math.Float64bits(r.Trust))
	for _, t := range []*time.Time{r.LastContact, r.Since} {
		if t != nil {
			buf = binary.BigEndian.AppendUint64(buf, uint64(t.Unix()))
			buf = binary.BigEndian.AppendUint32(buf, uint32(t.Nanosecond()))
		}
	}
	buf = binary.AppendUvarint(buf, uint64(r.Interactions))
	return append(buf, r.Source...)
}

// decodeRelationship reads a value into rec (all but its ends) and returns
// its source, which still points into data.
func decodeRelationship(data []byte, rec *relRecord) (source []byte, err error) {
	bad := func(what string) ([]byte, error) {
		return nil, fmt.Errorf("relationship value: %s", what)
	}
	if len(data) < 10 || data[0] != relVersion {
		return bad("unknown version or too short")
	}
	flags := data[1]
	rec.private = flags&flagPrivate != 0
	rec.learned = flags&flagTrustLearned != 0
	rec.trust = math.Float64frombits(binary.BigEndian.Uint64(data[2:]))
	data = data[10:]
	for _, f := range []struct {
		flag byte
		s    *stamp
	}{{flagLastContact, &rec.lastContact}, {flagSince, &rec.since}} {
		if flags&f.flag == 0 {
			*f.s = stamp{}
			continue
		}
		if len(data) < 12 {
			return bad("truncated time")
		}
		*f.s = stamp{sec: int64(binary.BigEndian.Uint64(data)), nsec: int32(binary.BigEndian.Uint32(data[8:])), set: true}
		data = data[12:]
	}
	n, size := binary.Uvarint(data)
	if size <= 0 {
		return bad("bad interaction count")
	}
	rec.interactions = int64(n)
	return data[size:], nil
}

func relKey(k pair) []byte { return []byte(k[0] + "\x00" + k[1]) }

// change is one atomic write: what one transaction stores and deletes. It is
// persisted first and applied to memory only after the commit succeeded, so
// memory never holds what the file does not.
type change struct {
	units     []graph.Unit
	accounts  []graph.Account
	employees []graph.Employee
	customers []graph.Customer
	rels      []graph.Relationship // canonical

	delUnits     []string
	delAccounts  []string
	delEmployees []string
	delCustomers []string
	delRels      []pair

	captured  [][]byte        // keys of captured items (file only, not memory)
	histories []graph.History // of relationships in rels (file only)
}

// persist writes c in tx.
func (c *change) persist(tx *bolt.Tx) error {
	for _, u := range c.units {
		if err := putJSON(tx, bucketUnits, []byte(u.ID), toUnitRecord(u)); err != nil {
			return err
		}
	}
	for _, a := range c.accounts {
		if err := putJSON(tx, bucketAccounts, []byte(a.ID), toAccountRecord(a)); err != nil {
			return err
		}
	}
	for _, e := range c.employees {
		if err := putJSON(tx, bucketEmployees, []byte(e.ID), toEmployeeRecord(e)); err != nil {
			return err
		}
	}
	for _, cu := range c.customers {
		if err := putJSON(tx, bucketCustomers, []byte(cu.ID), toCustomerRecord(cu)); err != nil {
			return err
		}
	}
	rb := tx.Bucket(bucketRelationships)
	for _, r := range c.rels {
		if err := rb.Put(relKey(pair{r.A, r.B}), encodeRelationship(r)); err != nil {
			return fmt.Errorf("write relationship %s–%s: %w", r.A, r.B, err)
		}
	}
	dels := []struct {
		bucket []byte
		keys   []string
	}{
		{bucketUnits, c.delUnits}, {bucketAccounts, c.delAccounts},
		{bucketEmployees, c.delEmployees}, {bucketCustomers, c.delCustomers},
	}
	for _, d := range dels {
		b := tx.Bucket(d.bucket)
		for _, k := range d.keys {
			if err := b.Delete([]byte(k)); err != nil {
				return fmt.Errorf("delete %s %q: %w", d.bucket, k, err)
			}
		}
	}
	b := tx.Bucket(bucketRelationships)
	for _, k := range c.delRels {
		if err := b.Delete(relKey(k)); err != nil {
			return fmt.Errorf("delete relationship %s–%s: %w", k[0], k[1], err)
		}
	}
	if err := deleteHistories(tx, c.delRels); err != nil {
		return err
	}
	if err := putHistories(tx, c.histories); err != nil {
		return err
	}
	if len(c.captured) > 0 {
		cb, err := tx.CreateBucketIfNotExists(bucketCaptured)
		if err != nil {
			return fmt.Errorf("create bucket %s: %w", bucketCaptured, err)
		}
		for _, k := range c.captured {
			if err := cb.Put(k, []byte{}); err != nil {
				return fmt.Errorf("write captured key: %w", err)
			}
		}
	}
	return nil
}

func putJSON(tx *bolt.Tx, bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s %q: %w", bucket, key, err)
	}
	if err := tx.Bucket(bucket).Put(key, data); err != nil {
		return fmt.Errorf("write %s %q: %w", bucket, key, err)
	}
	return nil
}

// apply makes m hold what persist wrote. Puts come first: a cascade rewrites
// the entities that refer to what it then deletes.
func (c *change) apply(m *memory) {
	for _, u := range c.units {
		m.putUnit(u)
	}
	for _, a := range c.accounts {
		m.putAccount(a)
	}
	for _, e := range c.employees {
		m.putEmployee(e)
	}
	for _, cu := range c.customers {
		m.putCustomer(cu)
	}
	for _, r := range c.rels {
		m.net.put(r)
	}
	m.settle()
	for _, k := range c.delRels {
		m.net.delete(k[0], k[1])
	}
	for _, id := range c.delUnits {
		m.deleteUnit(id)
	}
	for _, id := range c.delAccounts {
		m.deleteAccount(id)
	}
	for _, id := range c.delEmployees {
		m.deleteEmployee(id)
	}
	for _, id := range c.delCustomers {
		m.deleteCustomer(id)
	}
}

// load reads the whole file into a new memory, sized to the file's
// counts first so that no map or list grows by rehashing or copying.
func load(tx *bolt.Tx) (*memory, error) {
	m := newMemory()
	m.reserve(keyCount(tx, bucketEmployees), keyCount(tx, bucketCustomers), keyCount(tx, bucketRelationships))
	err := eachJSON(tx, bucketUnits, func(k []byte, r unitRecord) error {
		m.putUnit(fromUnitRecord(string(k), r))
		return nil
	})
	if err == nil {
		err = eachJSON(tx, bucketAccounts, func(k []byte, r accountRecord) error {
			m.putAccount(fromAccountRecord(string(k), r))
			return nil
		})
	}
	if err == nil {
		err = eachJSON(tx, bucketEmployees, func(k []byte, r employeeRecord) error {
			m.putEmployee(fromEmployeeRecord(string(k), r))
			return nil
		})
	}
	if err == nil {
		err = eachJSON(tx, bucketCustomers, func(k []byte, r customerRecord) error {
			m.putCustomer(fromCustomerRecord(string(k), r))
			return nil
		})
	}
	if err == nil {
		err = loadRelationships(tx, m)
	}
	if err != nil {
		return nil, err
	}
	m.settle()
	return m, nil
}

// loadRelationships decodes straight into the network's records: the ends
// become nodes of persons already loaded, and sources are interned, so that
// a relationship costs no allocation of its own. The index and the arcs are
// then built in one pass (network.index), not relationship by relationship.
func loadRelationships(tx *bolt.Tx, m *memory) error {
	b := tx.Bucket(bucketRelationships)
	if b == nil {
		return fmt.Errorf("bucket %s is missing", bucketRelationships)
	}
	net := &m.net
	if len(net.slots) != 0 {
		return fmt.Errorf("relationships loaded into a network that holds some")
	}
	if err := b.ForEach(func(k, v []byte) error {
		a, c, ok := bytes.Cut(k, []byte{0})
		if !ok {
			return fmt.Errorf("relationship key %q has no separator", k)
		}
		na, okA := nodeOfPerson(m, a)
		nc, okC := nodeOfPerson(m, c)
		if !okA || !okC {
			return fmt.Errorf("relationship %q–%q: an end is not a person", a, c)
		}
		var rec relRecord
		source, err := decodeRelationship(v, &rec)
		if err != nil {
			return fmt.Errorf("relationship %q–%q: %w", a, c, err)
		}
		rec.a, rec.b = na, nc
		if id, ok := net.sourceOf[string(source)]; ok {
			rec.source = id
		} else {
			rec.source = net.source(string(source))
		}
		net.slots = append(net.slots, rec)
		return nil
	}); err != nil {
		return err
	}
	net.index()
	return nil
}

// nodeOfPerson returns the node of the person id, without allocating once
// the person has one.
func nodeOfPerson(m *memory, id []byte) (int32, bool) {
	if v, ok := m.net.nodeOf[string(id)]; ok {
		return v, true
	}
	_, isEmployee := m.employees.byID[string(id)]
	_, isCustomer := m.customers.byID[string(id)]
	if !isEmployee && !isCustomer {
		return 0, false
	}
	return m.net.node(string(id)), true
}

// keyCount returns the number of keys in bucket, 0 if there is none.
func keyCount(tx *bolt.Tx, bucket []byte) int {
	if b := tx.Bucket(bucket); b != nil {
		return b.Stats().KeyN
	}
	return 0
}

func eachJSON[R any](tx *bolt.Tx, bucket []byte, fn func(k []byte, r R) error) error {
	b := tx.Bucket(bucket)
	if b == nil {
		return fmt.Errorf("bucket %s is missing", bucket)
	}
	return b.ForEach(func(k, v []byte) error {
		var r R
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode %s %q: %w", bucket, k, err)
		}
		return fn(k, r)
	})
}
