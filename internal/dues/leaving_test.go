package dues_test

import (
	"context"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/testdb"
)

// A member leaving owes every charge still open for a period begun by
// then, the current year's included even within its grace period (art. 4
// of the dahir), and nothing for a period not begun; paid charges are not
// owed.
func TestALeavingMemberOwesTheOpenChargesOfThePeriodsBegunTheCurrentYearIncluded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		leaver := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		other := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		f.now = date(2025, 1, 15)
		f.svc.OpenPeriod(ctx, 2025, 0)
		f.now = date(2026, 1, 15)
		f.svc.OpenPeriod(ctx, 2026, 0)
		// The leaver paid 2025; the other member paid nothing.
		paid := f.db.Ent.DuesCharge.Query().Where(duescharge.MemberID(leaver.ID),
			duescharge.CoversFromLT(date(2026, 1, 1))).OnlyX(ctx)
		if _, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: paid.ID,
			Method: payment.MethodCash, Amount: paid.Amount, ReceivedOn: date(2026, 1, 10), ActorID: 1}); err != nil {
			t.Fatal(err)
		}
		f.svc.OpenPeriod(ctx, 2027, 0) // opened ahead: not yet begun on the day of leaving
		// Within 2026's grace period the leaver is not behind, yet 2026 is
		// owed to leave.
		on := date(2026, 2, 1)
		if st, _ := f.svc.StandingOn(ctx, leaver.ID, on); !st.Good {
			t.Fatalf("the leaver is behind on %s", on.Format(time.DateOnly))
		}
		got, err := f.svc.OwedOnLeaving(ctx, leaver.ID, on)
		if err != nil {
			t.Fatal(err)
		}
		if got.Owed != 30000 || got.Currency != "MAD" || len(got.Unpaid) != 1 || got.Unpaid[0].CoversFrom.Year() != 2026 {
			t.Fatalf("the leaver owes %+v", got)
		}
		if p, _ := f.svc.OwedOnLeaving(ctx, other.ID, on); p.Owed != 60000 || len(p.Unpaid) != 2 {
			t.Fatalf("the other member owes %+v", p)
		}
	})
}
