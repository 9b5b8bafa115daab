package dues

import (
	"context"
	"fmt"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
)

// Standing is a member's position on a date.
type Standing struct {
	// Good: nothing past its grace period is unpaid.
	Good bool
	// Exempt: the member's category owes no dues.
	Exempt bool
	// Overdue are the charges unpaid past their grace period.
	Overdue []*ent.DuesCharge
	// Owed is what is overdue, in the smallest unit of Currency.
	Owed     int64
	Currency string
}

// StandingOn says whether a member was in good standing on a day: every
// charge whose grace period had ended by then was paid by then.
func (s *Service) StandingOn(ctx context.Context, memberID int, on time.Time) (Standing, error) {
	st, err := s.statutes.InForce(ctx)
	if err != nil {
		return Standing{}, err
	}
	m, err := s.db.Member.Get(ctx, memberID)
	if ent.IsNotFound(err) {
		return Standing{}, fmt.Errorf("member %d: %w", memberID, apperr.ErrNotFound)
	}
	if err != nil {
		return Standing{}, err
	}
	if cat, ok := st.Rules.Category(m.Category); ok && cat.ExemptFromDues {
		return Standing{Good: true, Exempt: true}, nil
	}
	d := day(on)
	overdue, err := s.db.DuesCharge.Query().Where(duescharge.MemberID(memberID), duescharge.GraceUntilLT(d),
		duescharge.Or(duescharge.StatusEQ(duescharge.StatusOpen), duescharge.PaidAtGTE(d.AddDate(0, 0, 1)))).
		Order(ent.Asc(duescharge.FieldCoversFrom)).All(ctx)
	if err != nil {
		return Standing{}, err
	}
	out := Standing{Good: len(overdue) == 0, Overdue: overdue}
	for _, c := range overdue {
		out.Owed += c.Amount
		out.Currency = c.Currency
	}
	return out, nil
}

// Eligibility is the answer to "may this member vote (or stand) on that
// day?", with the reason when not.
type Eligibility struct {
	Eligible bool
	// Reason is a translation key when not eligible.
	Reason string
}

// MayVote decides whether a member may vote at an assembly held on a day,
// by the statutes in force: an admitted member who has not left or been
// suspended, of a category that votes, with the seniority and the good
// standing the statutes ask for. Assemblies and elections call it.
func (s *Service) MayVote(ctx context.Context, memberID int, on time.Time) (Eligibility, error) {
	return s.eligibility(ctx, memberID, on, false)
}

// MayStand decides whether a member may stand for the board on a day.
func (s *Service) MayStand(ctx context.Context, memberID int, on time.Time) (Eligibility, error) {
	return s.eligibility(ctx, memberID, on, true)
}

func (s *Service) eligibility(ctx context.Context, memberID int, on time.Time, stand bool) (Eligibility, error) {
	st, err := s.statutes.InForce(ctx)
	if err != nil {
		return Eligibility{}, err
	}
	m, err := s.db.Member.Get(ctx, memberID)
	if ent.IsNotFound(err) {
		return Eligibility{}, fmt.Errorf("member %d: %w", memberID, apperr.ErrNotFound)
	}
	if err != nil {
		return Eligibility{}, err
	}
	no := func(reason string) (Eligibility, error) { return Eligibility{Reason: reason}, nil }
	if m.Status != member.StatusActive && m.Status != member.StatusLapsed {
		return no("eligibility.not_a_member")
	}
	cat, ok := st.Rules.Category(m.Category)
	switch {
	case !ok:
		return no("eligibility.category")
	case stand && !cat.MayStand, !stand && !cat.MayVote:
		return no("eligibility.category")
	}
	months, goodStanding := st.Rules.Eligibility.MinSeniorityMonthsToVote, st.Rules.Eligibility.GoodStandingToVote
	if stand {
		months, goodStanding = st.Rules.Eligibility.MinSeniorityMonthsToStand, st.Rules.Eligibility.GoodStandingToStand
	}
	if months > 0 && (m.JoinedOn == nil || m.JoinedOn.AddDate(0, months, 0).After(day(on))) {
		return no("eligibility.seniority")
	}
	if goodStanding {
		standing, err := s.StandingOn(ctx, memberID, on)
		if err != nil {
			return Eligibility{}, err
		}
		if !standing.Good {
			return no("eligibility.dues")
		}
	}
	return Eligibility{Eligible: true}, nil
}
