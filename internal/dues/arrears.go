package dues

import (
	"context"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/arrear"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/internal/database"
)

// RebuildArrears recomputes the whole arrears list for today, in the
// transaction ctx carries if any. The daily job calls it, since deadlines
// pass without any write; opening a period calls it too.
func (s *Service) RebuildArrears(ctx context.Context) error {
	return database.WithTx(ctx, s.db, func(tx *ent.Tx) error { return RebuildArrearsIn(ctx, tx, s.Now()) })
}

// RebuildArrearsIn recomputes the arrears list as of a day inside tx (the
// demo seed calls it).
func RebuildArrearsIn(ctx context.Context, tx *ent.Tx, today time.Time) error {
	if _, err := tx.Arrear.Delete().Exec(ctx); err != nil {
		return err
	}
	return writeArrears(ctx, tx, day(today))
}

// refreshArrear recomputes one member's line of the arrears list, in the
// transaction of a payment or a reversal of theirs.
func (s *Service) refreshArrear(ctx context.Context, tx *ent.Tx, memberID int) error {
	if _, err := tx.Arrear.Delete().Where(arrear.MemberID(memberID)).Exec(ctx); err != nil {
		return err
	}
	return writeArrears(ctx, tx, day(s.Now()), duescharge.MemberID(memberID))
}

// writeArrears aggregates the charges unpaid past their grace period per
// member, in the database, and stores one line per member behind.
func writeArrears(ctx context.Context, tx *ent.Tx, today time.Time, where ...predicate.DuesCharge) error {
	var rows []struct {
		MemberID int    `json:"member_id"`
		Owed     int64  `json:"owed"`
		Count    int    `json:"count"`
		Since    string `json:"since"`
		Currency string `json:"currency"`
	}
	where = append(where, duescharge.StatusEQ(duescharge.StatusOpen), duescharge.GraceUntilLT(today))
	if err := tx.DuesCharge.Query().Where(where...).GroupBy(duescharge.FieldMemberID).
		Aggregate(ent.As(ent.Sum(duescharge.FieldAmount), "owed"), ent.Count(),
			ent.As(ent.Min(duescharge.FieldCoversFrom), "since"), ent.As(ent.Min(duescharge.FieldCurrency), "currency")).
		Scan(ctx, &rows); err != nil {
		return err
	}
	for start := 0; start < len(rows); start += 500 {
		bulk := make([]*ent.ArrearCreate, 0, 500)
		for _, r := range rows[start:min(start+500, len(rows))] {
			bulk = append(bulk, tx.Arrear.Create().SetMemberID(r.MemberID).SetOwed(r.Owed).SetCharges(r.Count).
				SetSince(scanTime(r.Since)).SetCurrency(r.Currency))
		}
		if err := tx.Arrear.CreateBulk(bulk...).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
