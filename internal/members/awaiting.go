package members

import (
	"context"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/internal/database"
)

// awaitingDecision selects the applications the board has still to
// decide: new ones, and those whose applicant was asked for more.
func awaitingDecision() predicate.Member {
	return member.And(member.StatusEQ(member.StatusApplicant),
		member.ApplicationIn(member.ApplicationPending, member.ApplicationInfoRequested))
}

// CountPendingApplications counts the applications awaiting a decision
// (those PendingApplications lists).
func (s *Service) CountPendingApplications(ctx context.Context) (int, error) {
	return database.Client(ctx, s.db).Member.Query().Where(awaitingDecision()).Count(ctx)
}
