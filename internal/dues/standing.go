package dues

import (
	"context"
	"fmt"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
)

// Standing is a member's position on a date.
//
// Good standing is one rule, which the arrears list, the roster's filter,
// the reminders, the daily lapse and the electorate all follow: no charge
// of the member is unpaid past its grace period. A category exempt from
// dues owes nothing from the day a member enters it (no period charges
// them), but a charge notified before that stays a debt, as the law keeps
// what a member owes when they leave: a member moved into an exempt
// category with an overdue charge is behind until it is paid.
type Standing struct {
	// Good: nothing past its grace period is unpaid.
	Good bool
	// Exempt: the member's category owes no new dues (old debts may
	// remain: see Good).
	Exempt bool
	// Overdue are the charges unpaid past their grace period.
	Overdue []*ent.DuesCharge
	// Owed is what is overdue, in the smallest unit of Currency.
	Owed     int64
	Currency string
}

// overdueOn selects the charges overdue on a day: their grace period had
// ended by then and they were not paid by the end of that day.
func overdueOn(on time.Time) predicate.DuesCharge {
	d := day(on)
	return duescharge.And(duescharge.GraceUntilLT(d),
		duescharge.Or(duescharge.StatusEQ(duescharge.StatusOpen), duescharge.PaidAtGTE(d.AddDate(0, 0, 1))))
}

// StandingOn says whether a member was in good standing on a day: every
// charge whose grace period had ended by then was paid by then.
func (s *Service) StandingOn(ctx context.Context, memberID int, on time.Time) (Standing, error) {
	st, err := s.statutes.InForce(ctx)
	if err != nil {
		return Standing{}, err
	}
	m, err := database.Client(ctx, s.db).Member.Get(ctx, memberID)
	if ent.IsNotFound(err) {
		return Standing{}, fmt.Errorf("member %d: %w", memberID, apperr.ErrNotFound)
	}
	if err != nil {
		return Standing{}, err
	}
	cat, ok := st.Rules.Category(m.Category)
	overdue, err := database.Client(ctx, s.db).DuesCharge.Query().Where(duescharge.MemberID(memberID), overdueOn(on)).
		Order(ent.Asc(duescharge.FieldCoversFrom)).All(ctx)
	if err != nil {
		return Standing{}, err
	}
	out := Standing{Good: len(overdue) == 0, Exempt: ok && cat.ExemptFromDues, Overdue: overdue}
	for _, c := range overdue {
		out.Owed += c.Amount
		out.Currency = c.Currency
	}
	return out, nil
}

// BehindOn returns, in one query, the members among those where selects
// (every member if none) who were not in good standing on a day, by the
// rule of StandingOn. The electorate reads it for a whole roll at once.
func (s *Service) BehindOn(ctx context.Context, on time.Time, where ...predicate.DuesCharge) (map[int]bool, error) {
	// No DISTINCT: SQLite would walk the index on member_id and look each
	// charge up; the map removes the repeats.
	ids, err := database.Client(ctx, s.db).DuesCharge.Query().Where(append(where, overdueOn(on))...).Unique(false).
		Select(duescharge.FieldMemberID).Ints(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// LeavingDues is what a member leaving on a day still owes: Moroccan law
// (dahir 1-58-376, art. 4) lets a member leave at any time once the dues
// owed and the current year's are paid.
type LeavingDues struct {
	// Unpaid are the charges not paid by that day whose period had begun
	// (past years and the current one), oldest first.
	Unpaid   []*ent.DuesCharge
	Owed     int64
	Currency string
}

// OwedOnLeaving says what a member leaving on a day owes: every charge
// notified for a period begun by then and still open. A charge is the
// debt as notified (see Standing), so an exempt category's old debts stay.
func (s *Service) OwedOnLeaving(ctx context.Context, memberID int, on time.Time) (LeavingDues, error) {
	unpaid, err := database.Client(ctx, s.db).DuesCharge.Query().
		Where(duescharge.MemberID(memberID), duescharge.StatusEQ(duescharge.StatusOpen),
			duescharge.CoversFromLT(day(on).AddDate(0, 0, 1))).
		Order(ent.Asc(duescharge.FieldCoversFrom)).All(ctx)
	if err != nil {
		return LeavingDues{}, err
	}
	out := LeavingDues{Unpaid: unpaid}
	for _, c := range unpaid {
		out.Owed += c.Amount
		out.Currency = c.Currency
	}
	return out, nil
}
