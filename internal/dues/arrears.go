package dues

import (
	"context"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/arrear"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/internal/database"
)

// arrearsMutex names the sequence whose row, locked until commit, keeps a
// rebuild of the list and a member's refresh from interleaving (each would
// otherwise miss the other's rows).
const arrearsMutex = "lock:arrears"

// RebuildArrears recomputes the whole arrears list for today, in the
// transaction ctx carries if any. The daily job calls it, since deadlines
// pass without any write; opening a period calls it too.
func (s *Service) RebuildArrears(ctx context.Context) error {
	return database.WithTx(ctx, s.db, func(tx *ent.Tx) error { return RebuildArrearsIn(ctx, tx, s.Now()) })
}

// RebuildArrearsIn recomputes the arrears list as of a day inside tx (the
// demo seed calls it).
func RebuildArrearsIn(ctx context.Context, tx *ent.Tx, today time.Time) error {
	if _, err := database.NextInSequence(ctx, tx, arrearsMutex); err != nil {
		return err
	}
	if _, err := tx.Arrear.Delete().Exec(ctx); err != nil {
		return err
	}
	return writeArrears(ctx, tx, day(today))
}

// refreshArrear recomputes one member's line of the arrears list, in the
// transaction of a payment or a reversal of theirs.
func (s *Service) refreshArrear(ctx context.Context, tx *ent.Tx, memberID int) error {
	if _, err := database.NextInSequence(ctx, tx, arrearsMutex); err != nil {
		return err
	}
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
	// Members who left owe nothing more to the list (their debts stay in
	// the accounts).
	where = append(where, duescharge.StatusEQ(duescharge.StatusOpen), duescharge.GraceUntilLT(today),
		duescharge.HasMemberWith(member.StatusIn(owingStatuses...)))
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

// lockMember serialises what changes a member's standing (a payment, a
// reversal, the daily lapse) on PostgreSQL, where transactions run side by
// side; SQLite lets one writer in at a time anyway.
func (s *Service) lockMember(ctx context.Context, tx *ent.Tx, id int) error {
	if s.sqlDB.Target.Dialect != database.Postgres {
		return nil
	}
	_, err := tx.Member.Query().Where(member.ID(id)).ForUpdate().IDs(ctx)
	return err
}
