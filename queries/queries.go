// Package queries holds every Cypher statement of the Neo4j adapter, one
// statement per .cypher file, embedded at build time. Statements take
// parameters only ($id, $rows, …); no Go code builds Cypher text.
//
// The graph they assume (see graph/neo4jstore for why):
//
//	(:Person:Employee {id, name, email, title, active, sender, broker, capacity})
//	(:Person:Customer {id, name, email, title, optOut})
//	(:Account {id, name, segment})
//	(:Unit {id, name})
//	(:Employee)-[:IN_UNIT]->(:Unit)
//	(:Customer)-[:AT_ACCOUNT]->(:Account)
//	(:Account)-[:OWNED_BY]->(:Employee)
//	(:Unit)-[:PART_OF]->(:Unit)
//	(:Person)-[:KNOWS {trust, lastContact, since, visibility, source, interactions, trustSource,
//	                   learnedTrust, hSec, hNsec, hKind, hByA}]->(:Person)
//
// KNOWS is stored once per pair, from the smaller id to the larger.
package queries

import (
	"embed"
	"io/fs"
	"sort"
)

// Account returns account $id.
//
//go:embed account.cypher
var Account string

// AccountCustomers returns account $id with how many customers refer to it.
//
//go:embed account_customers.cypher
var AccountCustomers string

// Accounts lists accounts by id: $after, $q, $limit.
//
//go:embed accounts.cypher
var Accounts string

// AccountsOfOwner lists the accounts that employee $scope owns: $after, $q, $limit.
//
//go:embed accounts_of_owner.cypher
var AccountsOfOwner string

// AwaitIndexes waits up to $seconds until every index is online.
//
//go:embed await_indexes.cypher
var AwaitIndexes string

// BaselineContacts is the plain variable-length Cypher for "who knows
// customer $id" within three hops ($asOf, $halfLifeDays, $minTrust, $limit):
// what the routing benchmarks (bench/) measure routing against. The product
// does not use it.
//
//go:embed baseline_contacts.cypher
var BaselineContacts string

// BusiestPersons returns the ids of the $limit persons with the most
// relationships, most first.
//
//go:embed busiest_persons.cypher
var BusiestPersons string

// CapturedCount counts the stored keys of captured items.
//
//go:embed captured_count.cypher
var CapturedCount string

// CapturedKeys returns those of $keys stored as captured items.
//
//go:embed captured_keys.cypher
var CapturedKeys string

// CreateCaptured stores $keys as captured items.
//
//go:embed create_captured.cypher
var CreateCaptured string

// Campaign returns saved campaign $id with its snapshot.
//
//go:embed campaign.cypher
var Campaign string

// Campaigns lists saved campaigns by id descending: $after, $sender, $limit.
//
//go:embed campaigns.cypher
var Campaigns string

// CreateCampaign creates a saved campaign at revision 1.
//
//go:embed create_campaign.cypher
var CreateCampaign string

// CreateIntroduction creates an introduction at revision 1.
//
//go:embed create_introduction.cypher
var CreateIntroduction string

// DeleteIntroduction deletes introduction $id.
//
//go:embed delete_introduction.cypher
var DeleteIntroduction string

// Introduction returns introduction $id.
//
//go:embed introduction.cypher
var Introduction string

// Introductions lists introductions by id descending: $after, $customer, $via, $requester, $limit.
//
//go:embed introductions.cypher
var Introductions string

// LockIntroduction takes the write lock of introduction $id and reads its revision.
//
//go:embed lock_introduction.cypher
var LockIntroduction string

// UpdateIntroduction replaces an introduction's fields; the caller holds its lock.
//
//go:embed update_introduction.cypher
var UpdateIntroduction string

// Customer returns customer $id.
//
//go:embed customer.cypher
var Customer string

// Customers lists customers by id: $after, $q, $limit.
//
//go:embed customers.cypher
var Customers string

// CustomersAtAccount lists the customers of account $scope: $after, $q, $limit.
//
//go:embed customers_at_account.cypher
var CustomersAtAccount string

// DeleteAccount deletes account $id; $cascade detaches its customers.
//
//go:embed delete_account.cypher
var DeleteAccount string

// DeleteCustomer deletes customer $id and its relationships.
//
//go:embed delete_customer.cypher
var DeleteCustomer string

// DeleteEmployee deletes employee $id and its relationships; $cascade detaches the accounts it owns.
//
//go:embed delete_employee.cypher
var DeleteEmployee string

// DeleteRelationship deletes the relationship from $a to $b (canonical order).
//
//go:embed delete_relationship.cypher
var DeleteRelationship string

// DeleteUnit deletes unit $id; $cascade detaches its employees and child units.
//
//go:embed delete_unit.cypher
var DeleteUnit string

// Employee returns employee $id.
//
//go:embed employee.cypher
var Employee string

// EmployeeOwnedAccounts returns employee $id with how many accounts it owns.
//
//go:embed employee_owned_accounts.cypher
var EmployeeOwnedAccounts string

// Employees lists employees by id: $after, $q, $limit.
//
//go:embed employees.cypher
var Employees string

// EmployeesInUnit lists the employees directly in unit $scope: $after, $q, $limit.
//
//go:embed employees_in_unit.cypher
var EmployeesInUnit string

// ExistingAccounts returns the stored account ids among $ids.
//
//go:embed existing_accounts.cypher
var ExistingAccounts string

// ExistingPersons returns the stored persons among $ids with their kind.
//
//go:embed existing_persons.cypher
var ExistingPersons string

// ExistingUnits returns every unit with its parent.
//
//go:embed existing_units.cypher
var ExistingUnits string

// ExistingUnitsByID returns the stored units among $ids with their parents.
//
//go:embed existing_units_by_id.cypher
var ExistingUnitsByID string

// LockCampaign takes the write lock of campaign $id and reads its revision.
//
//go:embed lock_campaign.cypher
var LockCampaign string

// PersonRelationships returns the relationships of person $id by the other end's id.
//
//go:embed person_relationships.cypher
var PersonRelationships string

// Persons returns the routing view of the persons among $ids.
//
//go:embed persons.cypher
var Persons string

// Ping checks that the database answers.
//
//go:embed ping.cypher
var Ping string

// PutAccountOwners points the accounts of $rows at their owners.
//
//go:embed put_account_owners.cypher
var PutAccountOwners string

// PutAccounts creates or replaces the accounts of $rows.
//
//go:embed put_accounts.cypher
var PutAccounts string

// PutCustomers creates or replaces the customers of $rows with their accounts.
//
//go:embed put_customers.cypher
var PutCustomers string

// PutEmployees creates or replaces the employees of $rows with their units.
//
//go:embed put_employees.cypher
var PutEmployees string

// PutRelationships creates or replaces the KNOWS relationships of $rows.
//
//go:embed put_relationships.cypher
var PutRelationships string

// PutUnitParents points the units of $rows at their parents.
//
//go:embed put_unit_parents.cypher
var PutUnitParents string

// PutUnits creates or replaces the units of $rows (without parents).
//
//go:embed put_units.cypher
var PutUnits string

// RecordHistories writes the relationships and histories of $rows.
//
//go:embed record_histories.cypher
var RecordHistories string

// Histories returns the relationship and history of each pair of $pairs.
//
//go:embed histories.cypher
var Histories string

// Relationship returns the relationship from $a to $b (canonical order).
//
//go:embed relationship.cypher
var Relationship string

// TakeLock takes the write lock $name until the transaction ends.
//
//go:embed take_lock.cypher
var TakeLock string

// Ties returns every relationship with an end among $ids, each once.
//
//go:embed ties.cypher
var Ties string

// Unit returns unit $id.
//
//go:embed unit.cypher
var Unit string

// UnitReferences returns unit $id with how many employees and child units refer to it.
//
//go:embed unit_references.cypher
var UnitReferences string

// Units lists units by id: $after, $q, $limit.
//
//go:embed units.cypher
var Units string

// UnitsBelow lists the direct children of unit $scope: $after, $q, $limit.
//
//go:embed units_below.cypher
var UnitsBelow string

// UpdateCampaign replaces a saved campaign's fields; the caller holds its lock.
//
//go:embed update_campaign.cypher
var UpdateCampaign string

// Wipe deletes up to $batch nodes with their relationships.
//
//go:embed wipe.cypher
var Wipe string

// GraphChange records a change of persons or relationships for routing
// caches and takes the graph's write lock: $ids, $around, $persons,
// $traits, $all, $max, $keep.
//
//go:embed graph_change.cypher
var GraphChange string

// GraphChangeRels adds to change $rev the relationships between $as[i]
// and $bs[i] as the transaction leaves them.
//
//go:embed graph_change_rels.cypher
var GraphChangeRels string

// GraphChanges returns the graph's revision and the changes after $since.
//
//go:embed graph_changes.cypher
var GraphChanges string

// TakeGraphLock takes the graph's write lock and returns what
// GraphChanges returns for $since.
//
//go:embed take_graph_lock.cypher
var TakeGraphLock string

// RoutingAdjacency returns the persons of $rows ({id, full}) with, if
// full, their relationships, for the routing cache.
//
//go:embed routing_adjacency.cypher
var RoutingAdjacency string

// QueueLetters adds letters to a campaign's outbox: $campaign, $rows, $token.
//
//go:embed queue_letters.cypher
var QueueLetters string

// ClaimLetters moves due letters of $campaign to sending: $now, $n.
//
//go:embed claim_letters.cypher
var ClaimLetters string

// ReleaseLetters moves letters of $campaign left in sending back to queued.
//
//go:embed release_letters.cypher
var ReleaseLetters string

// LockLetter takes the write lock of letter $key and reads its state.
//
//go:embed lock_letter.cypher
var LockLetter string

// MarkLetter stores the outcome of letter $key: $state, $nextAt, $reason, $sentAt.
//
//go:embed mark_letter.cypher
var MarkLetter string

// Letters lists a campaign's letters: $campaign, $after, $state, $limit.
//
//go:embed letters.cypher
var Letters string

// LetterCounts counts the letters of $campaign by state.
//
//go:embed letter_counts.cypher
var LetterCounts string

// ForgetLetters removes every letter to $customer from every campaign.
//
//go:embed forget_letters.cypher
var ForgetLetters string

//go:embed migrations/*.cypher
var migrations embed.FS

// Migrations are the schema statements (constraints and indexes), in the
// order of their file names. Each is idempotent (IF NOT EXISTS).
var Migrations = mustReadAll(migrations, "migrations")

func mustReadAll(fsys fs.FS, dir string) []string {
	names, err := fs.Glob(fsys, dir+"/*.cypher")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err)
		}
		out[i] = string(b)
	}
	return out
}
