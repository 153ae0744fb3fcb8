package server

import (
	"context"
	"time"

	"github.com/rs/zerolog"
)

// Audit events, one record each on Config.Audit (docs/contract.md §3, issue "Trust
// in the engine"): who read whose contacts, which campaigns were resolved
// and saved, erasures, and everything employees change.
const (
	auditContactsRead     = "contacts_read"
	auditPathsRead        = "paths_read"
	auditCampaignResolved = "campaign_resolved"
	auditCampaignSaved    = "campaign_saved"
	auditCampaignSent     = "campaign_sent"
	auditCampaignDeclined = "campaign_declined"
	auditCustomerErased   = "customer_erased"
	auditRelationshipPut  = "relationship_changed"
	auditRelationshipDel  = "relationship_deleted"
	auditConsentChanged   = "consent_changed"
	// Introductions (issue 15): each step, with the persons' ids, never the
	// note or message.
	auditIntroductionRequested = "introduction_requested"
	auditIntroductionAccepted  = "introduction_accepted"
	auditIntroductionDeclined  = "introduction_declined"
	auditIntroductionDone      = "introduction_done"
	// interaction_recorded: by an employee through /me/interactions.
	auditInteractionRecorded = "interaction_recorded"
	// interactions_captured: counts only, never addresses or keys.
	auditInteractionsCaptured = "interactions_captured"
)

// audit starts the audit record of event: who did it (key id, role, and
// the employee of an employee key), when, and in which request. The caller
// adds the target and what changed (never the personal data of an erased
// customer) and sends it with Msg.
func (s *Server) audit(ctx context.Context, event string) *zerolog.Event {
	who := principalOf(ctx)
	ev := s.cfg.Audit.Info().
		Str("event", event).
		Time("at", time.Now().UTC()).
		Str("key_id", who.KeyID).
		Str("role", who.Role).
		Str("request_id", requestIDOf(ctx))
	if who.Employee != "" {
		ev = ev.Str("employee", who.Employee)
	}
	return ev
}
