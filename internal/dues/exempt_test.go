package dues_test

import (
	"context"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/arrear"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

// recordingMail keeps the mails queued, without sending them.
type recordingMail struct{ queued []mail.Mail }

func (r *recordingMail) Queue(_ context.Context, m mail.Mail) (*ent.MailMessage, error) {
	r.queued = append(r.queued, m)
	return &ent.MailMessage{}, nil
}

// A member moved into an exempt category owes nothing from then on, but a
// charge already overdue is still a debt: the member's standing, the
// arrears list, the roster filter, the reminders and the daily lapse all
// say "behind" until it is paid, then all say "in good standing".
func TestMovedToAnExemptCategoryWithAnOverdueChargeIsBehindEverywhere(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		sent := &recordingMail{}
		f.svc.Mail = sent
		m := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		f.now = date(2026, 1, 2)
		if _, _, err := f.svc.OpenPeriod(ctx, 2026, 0); err != nil {
			t.Fatal(err)
		}
		f.now = today // the grace period ended on 1 April
		roster := members.NewService(db.Ent, nil, statutes.NewService(db.Ent))
		roster.Now = func() time.Time { return f.now }
		board := db.Ent.User.Create().SetEmail("sg@example.org").SetPasswordHash("x").SaveX(ctx)
		if _, err := roster.ChangeCategory(ctx, members.CategoryChange{MemberIDs: []int{m.ID}, Category: "honorary",
			Decision: members.Decision{ActorID: board.ID, Reason: "Membre d'honneur", Reference: "Bureau du 10 mai"}}); err != nil {
			t.Fatal(err)
		}

		st, err := f.svc.StandingOn(ctx, m.ID, today)
		if err != nil || st.Good || !st.Exempt || st.Owed != 30000 || len(st.Overdue) != 1 {
			t.Fatalf("standing after the move: %+v %v", st, err)
		}
		if err := f.svc.RebuildArrears(ctx); err != nil {
			t.Fatal(err)
		}
		if !db.Ent.Arrear.Query().Where(arrear.MemberID(m.ID)).ExistX(ctx) {
			t.Fatal("not on the arrears list")
		}
		behind, err := roster.Roster(ctx, members.RosterQuery{Standing: members.StandingBehind})
		if err != nil || behind.Total != 1 {
			t.Fatalf("roster of members behind: %d, %v", behind.Total, err)
		}
		if n, err := f.svc.SendReminders(ctx, today); err != nil || n != 1 || len(sent.queued) != 1 {
			t.Fatalf("%d reminders (%d queued), %v", n, len(sent.queued), err)
		}
		if n, err := f.svc.Lapse(ctx); err != nil || n != 1 {
			t.Fatalf("%d lapsed, %v", n, err)
		}

		// From the change on, the category owes nothing.
		if _, n, err := f.svc.OpenPeriod(ctx, 2027, 0); err != nil || n != 0 {
			t.Fatalf("2027 charged %d, %v", n, err)
		}
		// Paying the old debt puts every answer back to good standing.
		c := db.Ent.DuesCharge.Query().Where(duescharge.MemberID(m.ID)).OnlyX(ctx)
		if _, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: c.ID, Method: payment.MethodCash,
			Amount: c.Amount, ReceivedOn: today, ActorID: board.ID}); err != nil {
			t.Fatal(err)
		}
		if st, err := f.svc.StandingOn(ctx, m.ID, today); err != nil || !st.Good || !st.Exempt {
			t.Fatalf("standing once paid: %+v %v", st, err)
		}
		if got := db.Ent.Member.GetX(ctx, m.ID); got.Status != member.StatusActive {
			t.Fatalf("status once paid: %s", got.Status)
		}
		if db.Ent.Arrear.Query().Where(arrear.MemberID(m.ID)).ExistX(ctx) {
			t.Fatal("still on the arrears list once paid")
		}
		if n, _ := f.svc.SendReminders(ctx, today.AddDate(0, 0, 7)); n != 0 {
			t.Fatalf("%d reminders once paid", n)
		}
	})
}
