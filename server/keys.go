package server

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/contactgraph/contactgraph/graph"
)

// Roles of API keys (docs/contract.md §3 Access).
const (
	RoleAdmin          = "admin"
	RoleManager        = "manager"
	RoleAccountManager = "account_manager"
	RoleMarketing      = "marketing"
	// RoleEmployee is bound to one employee id: "employee:<id>".
	RoleEmployee = "employee"
)

// Principal is who a request acts for: the role of its key, the employee a
// key of role employee is bound to, and a short key id for logs and audit
// (the first hex digits of the key's hash; never the key).
type Principal struct {
	Role     string `json:"role"`
	Employee string `json:"employee,omitempty"`
	KeyID    string `json:"keyId"`
}

// Keys holds API keys as SHA-256 hashes. The zero value holds none.
type Keys struct {
	entries []keyEntry
}

type keyEntry struct {
	hash [sha256.Size]byte
	who  Principal
}

// Len returns the number of keys.
func (k *Keys) Len() int {
	if k == nil {
		return 0
	}
	return len(k.entries)
}

// ParseKeys reads CONTACTGRAPH_API_KEYS: a comma-separated list of ROLE=KEY
// with ROLE one of admin, manager, account_manager (or
// account_manager:<employee id>, bound to the employee the account manager
// is), marketing or employee:<employee id>. Errors never quote a key.
func ParseKeys(list string) (*Keys, error) {
	k := &Keys{}
	for i, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		role, key, ok := strings.Cut(item, "=")
		if !ok || key == "" {
			return nil, fmt.Errorf("API key %d: want ROLE=KEY", i+1)
		}
		if len(key) < 8 {
			return nil, fmt.Errorf("API key %d (%s): a key needs at least 8 characters", i+1, role)
		}
		if err := k.add(role, sha256.Sum256([]byte(key))); err != nil {
			return nil, fmt.Errorf("API key %d: %w", i+1, err)
		}
	}
	return k, nil
}

// ParseKeysFile reads a keys file: one "ROLE sha256:<hex of the key>" per
// line; blank lines and lines starting with # are ignored.
func ParseKeysFile(r io.Reader) (*Keys, error) {
	k := &Keys{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 || !strings.HasPrefix(f[1], "sha256:") {
			return nil, fmt.Errorf("keys file line %d: want \"ROLE sha256:<hex>\"", n)
		}
		raw, err := hex.DecodeString(strings.TrimPrefix(f[1], "sha256:"))
		if err != nil || len(raw) != sha256.Size {
			return nil, fmt.Errorf("keys file line %d: the hash must be 64 hex digits", n)
		}
		if err := k.add(f[0], [sha256.Size]byte(raw)); err != nil {
			return nil, fmt.Errorf("keys file line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("keys file: %w", err)
	}
	return k, nil
}

// Merge adds the keys of o to k.
func (k *Keys) Merge(o *Keys) {
	if o != nil {
		k.entries = append(k.entries, o.entries...)
	}
}

func (k *Keys) add(role string, hash [sha256.Size]byte) error {
	who := Principal{Role: role, KeyID: hex.EncodeToString(hash[:4])}
	switch {
	case role == RoleAdmin, role == RoleManager, role == RoleAccountManager, role == RoleMarketing:
	case strings.HasPrefix(role, RoleAccountManager+":"):
		// An account manager who is also an employee: introductions are
		// asked for in their name.
		who.Role, who.Employee = RoleAccountManager, strings.TrimPrefix(role, RoleAccountManager+":")
		if !graph.ValidID(who.Employee) {
			return fmt.Errorf("role %q: not a valid employee id", role)
		}
	case strings.HasPrefix(role, RoleEmployee+":"):
		who.Role, who.Employee = RoleEmployee, strings.TrimPrefix(role, RoleEmployee+":")
		if !graph.ValidID(who.Employee) {
			return fmt.Errorf("role %q: not a valid employee id", role)
		}
	default:
		return fmt.Errorf("unknown role %q: want admin, manager, account_manager, account_manager:<employee id>, marketing or employee:<id>", role)
	}
	for _, e := range k.entries {
		if e.hash == hash {
			return fmt.Errorf("the same key is given twice")
		}
	}
	k.entries = append(k.entries, keyEntry{hash: hash, who: who})
	return nil
}

// lookup finds the principal of a presented key. It hashes the key and
// compares with every stored hash in constant time, so neither the time
// taken nor an early exit tells which key came close.
func (k *Keys) lookup(key string) (Principal, bool) {
	h := sha256.Sum256([]byte(key))
	var found Principal
	ok := 0
	for _, e := range k.entries {
		if subtle.ConstantTimeCompare(h[:], e.hash[:]) == 1 {
			found, ok = e.who, 1
		}
	}
	return found, ok == 1
}
