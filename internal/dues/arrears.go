package dues

import (
	"context"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/arrear"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/ent/sequence"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members/statusset"
)

// arrearsMutex names the sequence whose row, locked until commit, keeps a
// rebuild of the list and a member's refresh from interleaving (each would
// otherwise miss the other's rows). A rebuild locks it exclusively;
// refreshes, which touch one member's line each, share it (lockArrears).
const arrearsMutex = "lock:arrears"

// RebuildArrears recomputes the whole arrears list for today, in the
// transaction ctx carries if any. The daily job calls it, since deadlines
// pass without any write; opening a period calls it too.
func (s *Service) RebuildArrears(ctx context.Context) error {
	return database.WithTx(ctx, s.db, func(ctx context.Context) error { return RebuildArrearsIn(ctx, s.db, s.Now()) })
}

// RebuildArrearsIn recomputes the arrears list as of a day inside the
// transaction ctx carries (database.ErrNoTx if none), db being the plain
// client (the demo seed calls it).
func RebuildArrearsIn(ctx context.Context, db *ent.Client, today time.Time) error {
	if _, err := database.NextInSequence(ctx, arrearsMutex); err != nil {
		return err
	}
	db = database.Client(ctx, db)
	if _, err := db.Arrear.Delete().Exec(ctx); err != nil {
		return err
	}
	// Members who left owe nothing more to the list (their debts stay in
	// the accounts).
	return writeArrears(ctx, db, day(today), duescharge.HasMemberWith(statusset.Current.Where()))
}

// refreshArrear recomputes one member's line of the arrears list, in the
// transaction of a payment or a reversal of theirs, which holds the
// member's lock and the arrears lock already (lockMember, lockArrears): m
// is the member as read then, whose status is current.
func (s *Service) refreshArrear(ctx context.Context, m *ent.Member) error {
	db := database.Client(ctx, s.db)
	if _, err := db.Arrear.Delete().Where(arrear.MemberID(m.ID)).Exec(ctx); err != nil {
		return err
	}
	if !statusset.Current.Has(m.Status) {
		return nil // a member who left is not on the list
	}
	return writeArrears(ctx, s.db, day(s.Now()), duescharge.MemberID(m.ID))
}

// writeArrears aggregates the charges unpaid past their grace period per
// member, among those where selects, in the database, and stores one line
// per member behind. db is the plain client: it runs in the transaction
// ctx carries.
func writeArrears(ctx context.Context, db *ent.Client, today time.Time, where ...predicate.DuesCharge) error {
	db = database.Client(ctx, db)
	var rows []struct {
		MemberID int    `json:"member_id"`
		Owed     int64  `json:"owed"`
		Count    int    `json:"count"`
		Since    string `json:"since"`
		Currency string `json:"currency"`
	}
	where = append(where, duescharge.StatusEQ(duescharge.StatusOpen), duescharge.GraceUntilLT(today))
	if err := db.DuesCharge.Query().Where(where...).GroupBy(duescharge.FieldMemberID).
		Aggregate(ent.As(ent.Sum(duescharge.FieldAmount), "owed"), ent.Count(),
			ent.As(ent.Min(duescharge.FieldCoversFrom), "since"), ent.As(ent.Min(duescharge.FieldCurrency), "currency")).
		Scan(ctx, &rows); err != nil {
		return err
	}
	for start := 0; start < len(rows); start += 500 {
		bulk := make([]*ent.ArrearCreate, 0, 500)
		for _, r := range rows[start:min(start+500, len(rows))] {
			bulk = append(bulk, db.Arrear.Create().SetMemberID(r.MemberID).SetOwed(r.Owed).SetCharges(r.Count).
				SetSince(scanTime(r.Since)).SetCurrency(r.Currency))
		}
		if err := db.Arrear.CreateBulk(bulk...).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// lockMember reads a member and, on PostgreSQL, where transactions run side
// by side, locks the row until commit: this serialises what changes a
// member's standing (a payment, a reversal, the daily lapse). SQLite lets
// one writer in at a time anyway. The row read is the one a payment
// reinstates and mails its receipt to: it comes with the language of the
// member's account, if any (accountLanguage), which the mail is written in.
//
// On PostgreSQL, the same statement takes the arrears lock in share mode,
// which every payment and reversal needs (lockArrears): being shared, it
// holds back a rebuild of the list only, so taking it early costs nothing.
func (s *Service) lockMember(ctx context.Context, id int) (*ent.Member, error) {
	return s.lockMemberWhere(ctx, member.ID(id))
}

// lockMemberWhere is lockMember for the one member ps select, with the
// columns they add.
func (s *Service) lockMemberWhere(ctx context.Context, ps ...predicate.Member) (*ent.Member, error) {
	db := database.Client(ctx, s.db)
	pg := s.sqlDB.Target.Dialect == database.Postgres
	q := db.Member.Query().Where(ps...).Where(func(sel *sql.Selector) {
		b := sql.Dialect(sel.Dialect())
		u := b.Table(user.Table)
		lang := b.Select(u.C(user.FieldPreferredLanguage)).From(u).
			Where(sql.ColumnsEQ(u.C(user.FieldID), sel.C(member.FieldUserID)))
		// Never NULL: the SQLite driver cannot tell the type of a NULL.
		sel.AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("COALESCE((").Join(lang).WriteString("), '')")
		}), accountLanguage)
		if pg {
			seq := b.Table(sequence.Table)
			sel.AppendSelectExprAs(b.Select(seq.C(sequence.FieldID)).From(seq).
				Where(sql.EQ(seq.C(sequence.FieldName), arrearsMutex)).ForShare(), arrearsLock)
		}
	})
	if pg {
		q.ForUpdate(sql.WithLockTables(member.Table))
	}
	return q.Only(ctx)
}

// The columns lockMember reads with a member: the preferred language of
// their account ("" if they have none) and, on PostgreSQL, the row of the
// arrears lock it took (NULL if there was none to take).
const (
	accountLanguage = "account_language"
	arrearsLock     = "arrears_lock"
)

// languageOf returns the language of the account of a member read by
// lockMember, or "".
func languageOf(m *ent.Member) string {
	v, _ := m.Value(accountLanguage)
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}

// lockArrears makes sure the arrears lock is held, until commit, for a
// payment or a reversal to refresh the line of m, a member read by
// lockMember, which took it in share mode. Refreshes share it: each
// touches its own member's line only, and two of one member are serialised
// by the member's lock; a rebuild, which takes it exclusively, waits for
// them, and they for it. On PostgreSQL only, like lockMember.
func (s *Service) lockArrears(ctx context.Context, m *ent.Member) error {
	if s.sqlDB.Target.Dialect != database.Postgres {
		return nil
	}
	if v, err := m.Value(arrearsLock); err != nil || v != nil {
		return err
	}
	// The lock's row does not exist before the first rebuild or refresh of
	// all: made now, it is locked exclusively, which excludes as well.
	_, err := database.NextInSequence(ctx, arrearsMutex)
	return err
}
