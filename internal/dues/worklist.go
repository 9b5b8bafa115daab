package dues

import (
	"context"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/arrear"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/webhookevent"
	"github.com/omsn/majlis/internal/database"
)

// ArrearsTotal is the arrears list in two figures: how many members are
// behind and what they owe together.
type ArrearsTotal struct {
	Members  int
	Owed     int64
	Currency string
}

// TotalArrears sums the arrears list (see RebuildArrears): the same members
// and amounts the treasurer's list shows.
func (s *Service) TotalArrears(ctx context.Context) (ArrearsTotal, error) {
	var rows []struct {
		Count    int    `json:"count"`
		Owed     int64  `json:"owed"`
		Currency string `json:"currency"`
	}
	if err := database.Client(ctx, s.db).Arrear.Query().GroupBy(arrear.FieldCurrency).
		Aggregate(ent.Count(), ent.As(ent.Sum(arrear.FieldOwed), "owed")).Scan(ctx, &rows); err != nil {
		return ArrearsTotal{}, err
	}
	var out ArrearsTotal
	// Dues are in one currency (the statutes'); should a past version have
	// used another, the members still count and the larger sum is shown.
	for _, r := range rows {
		out.Members += r.Count
		if r.Owed > out.Owed {
			out.Owed, out.Currency = r.Owed, r.Currency
		}
	}
	return out, nil
}

// CountFlaggedSince counts the provider events flagged for the treasurer
// that arrived at or after since.
func (s *Service) CountFlaggedSince(ctx context.Context, since time.Time) (int, error) {
	return database.Client(ctx, s.db).WebhookEvent.Query().Where(webhookevent.OutcomeEQ(webhookevent.OutcomeFlagged),
		webhookevent.ReceivedAtGTE(since)).Count(ctx)
}

// Unpaid is what a member has still to pay: every open charge, due yet or
// not.
type Unpaid struct {
	Charges  int
	Amount   int64
	Currency string
}

// UnpaidOf sums a member's open charges.
func (s *Service) UnpaidOf(ctx context.Context, memberID int) (Unpaid, error) {
	open, err := database.Client(ctx, s.db).DuesCharge.Query().
		Where(duescharge.MemberID(memberID), duescharge.StatusEQ(duescharge.StatusOpen)).All(ctx)
	if err != nil {
		return Unpaid{}, err
	}
	var out Unpaid
	for _, c := range open {
		out.Charges++
		out.Amount += c.Amount
		out.Currency = c.Currency
	}
	return out, nil
}
