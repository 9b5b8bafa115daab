package dues_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/payments/stripetest"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

// today is the clock of these tests: 2026, after the grace period of the
// calendar year (90 days from 1 January).
var today = date(2026, 5, 15)

type fixture struct {
	db  *database.DB
	svc *dues.Service
	now time.Time
}

func setup(t testing.TB, db *database.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	st := statutes.NewService(db.Ent)
	v, err := st.CreateDraft(ctx, statutes.Draft{TextFr: "Statuts", Rules: governance.OMSN()})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Adopt(ctx, v.ID, statutes.Adoption{AdoptedOn: date(2022, 3, 26), Reference: "AGC"}); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, now: today}
	f.svc = dues.NewService(db, st)
	f.svc.Now = func() time.Time { return f.now }
	return f
}

var serial int

func (f *fixture) member(t testing.TB, category string, status member.Status, joined time.Time) *ent.Member {
	t.Helper()
	serial++
	return f.db.Ent.Member.Create().SetNumber(fmt.Sprintf("T-%05d", serial)).SetCategory(category).SetStatus(status).
		SetFirstName("Membre").SetLastName(fmt.Sprint(serial)).SetEmail(fmt.Sprintf("m%d@example.org", serial)).
		SetJoinedOn(joined).SaveX(context.Background())
}

func (f *fixture) chargeOf(t testing.TB, m *ent.Member) *ent.DuesCharge {
	t.Helper()
	return f.db.Ent.DuesCharge.Query().Where(duescharge.MemberID(m.ID)).OnlyX(context.Background())
}

func TestOpeningAPeriodChargesEachMemberByCategory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		active := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		founding := f.member(t, "founding", member.StatusLapsed, date(2022, 3, 26))
		f.member(t, "honorary", member.StatusActive, date(2022, 3, 26))
		f.member(t, "active", member.StatusResigned, date(2022, 3, 26))
		p, n, err := f.svc.OpenPeriod(ctx, 2026, 0)
		if err != nil || n != 2 || p.Currency != "MAD" {
			t.Fatalf("open: %d charges, %v", n, err)
		}
		if c := f.chargeOf(t, active); c.Amount != 30000 || !c.GraceUntil.Equal(date(2026, 4, 1)) {
			t.Fatalf("active member's charge: %d until %s", c.Amount, c.GraceUntil)
		}
		if c := f.chargeOf(t, founding); c.Amount != 50000 {
			t.Fatalf("founding member's charge: %d", c.Amount)
		}
		_, _, err = f.svc.OpenPeriod(ctx, 2026, 0)
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["year"].Key != "dues.error.period_open" {
			t.Fatalf("opening twice: %v", err)
		}
		if _, _, err := f.svc.OpenPeriod(ctx, 2030, 0); err == nil {
			t.Fatal("a period years ahead was opened")
		}
		// A member admitted later owes from the day of admission, once.
		late := f.member(t, "active", member.StatusActive, today)
		for range 2 {
			if err := f.svc.ChargeMember(ctx, late.ID); err != nil {
				t.Fatal(err)
			}
		}
		if c := f.chargeOf(t, late); !c.CoversFrom.Equal(today) || c.Amount != 30000 {
			t.Fatalf("late member's charge: %+v", c)
		}
		// Next year opened early: a member admitted now owes both years.
		if _, _, err := f.svc.OpenPeriod(ctx, 2027, 0); err != nil {
			t.Fatal(err)
		}
		later := f.member(t, "active", member.StatusActive, today)
		if err := f.svc.ChargeMember(ctx, later.ID); err != nil {
			t.Fatal(err)
		}
		if n := db.Ent.DuesCharge.Query().Where(duescharge.MemberID(later.ID)).CountX(ctx); n != 2 {
			t.Fatalf("%d charges for a member admitted with two periods open", n)
		}
	})
}

func TestOfflinePaymentsIssueGaplessReceiptsAndReversalsReopenTheDebt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		a := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		b := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		f.svc.OpenPeriod(ctx, 2026, 0)
		ca, cb := f.chargeOf(t, a), f.chargeOf(t, b)

		cheque := dues.OfflinePayment{ChargeID: ca.ID, Method: payment.MethodCheque, Amount: 30000, ReceivedOn: today, ActorID: 1}
		_, err := f.svc.RecordOffline(ctx, cheque)
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["cheque_number"].Key != "error.required" || v.Fields["bank"].Key != "error.required" {
			t.Fatalf("cheque without number: %v", err)
		}
		cheque.ChequeNumber, cheque.Bank = "1234567", "Banque Populaire"
		for amount, key := range map[int64]string{29999: "dues.error.amount_owed", 0: "dues.error.amount_positive", -30000: "dues.error.amount_positive"} {
			wrong := cheque
			wrong.Amount = amount
			if _, err := f.svc.RecordOffline(ctx, wrong); err == nil || apperrKey(err, "amount") != key {
				t.Errorf("amount %d: %v", amount, err)
			}
		}
		future := cheque
		future.ReceivedOn = today.AddDate(0, 0, 1)
		if _, err := f.svc.RecordOffline(ctx, future); apperrKey(err, "received_on") != "dues.error.future" {
			t.Errorf("future date: %v", err)
		}
		p1, err := f.svc.RecordOffline(ctx, cheque)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordOffline(ctx, cheque); apperrKey(err, "charge_id") != "dues.error.already_paid" {
			t.Fatalf("paying twice: %v", err)
		}
		sameCheque := cheque
		sameCheque.ChargeID = cb.ID
		if _, err := f.svc.RecordOffline(ctx, sameCheque); apperrKey(err, "cheque_number") != "dues.error.cheque_recorded" {
			t.Fatalf("the same cheque twice: %v", err)
		}
		if _, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: cb.ID, Method: payment.MethodTransfer, Amount: 30000,
			TransferReference: "VIR-2026-0042", ReceivedOn: today, ActorID: 1}); err != nil {
			t.Fatal(err)
		}

		if _, err := f.svc.Reverse(ctx, p1.ID, " ", 1); apperrKey(err, "reason") != "error.required" {
			t.Fatalf("reversal without reason: %v", err)
		}
		rev, err := f.svc.Reverse(ctx, p1.ID, "Chèque sans provision", 1)
		if err != nil || rev.Amount != -30000 || *rev.ReversesID != p1.ID {
			t.Fatalf("reverse: %+v %v", rev, err)
		}
		if _, err := f.svc.Reverse(ctx, p1.ID, "encore", 1); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("reversing twice: %v", err)
		}
		if _, err := f.svc.Reverse(ctx, rev.ID, "annuler l'annulation", 1); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("reversing a reversal: %v", err)
		}
		if c := f.chargeOf(t, a); c.Status != duescharge.StatusOpen || c.PaidAt != nil {
			t.Fatalf("the debt is not open again: %s", c.Status)
		}
		if orig := db.Ent.Payment.GetX(ctx, p1.ID); orig.Active || orig.Amount != 30000 {
			t.Fatal("the original entry changed or stayed active")
		}
		// Once reversed, the same cheque may be recorded again (replaced).
		if _, err := f.svc.RecordOffline(ctx, cheque); err != nil {
			t.Fatalf("recording the cheque again after its reversal: %v", err)
		}
		var numbers []string
		for _, r := range db.Ent.Receipt.Query().Order(ent.Asc("seq")).AllX(ctx) {
			numbers = append(numbers, r.Number)
		}
		if fmt.Sprint(numbers) != "[2026-000001 2026-000002 2026-000003 2026-000004]" {
			t.Fatalf("receipt numbers %v", numbers)
		}
		// Every entry has its receipt; the journal balances to what is paid.
		var sum int64
		for _, p := range db.Ent.Payment.Query().AllX(ctx) {
			sum += p.Amount
		}
		if sum != 60000 {
			t.Fatalf("journal total %d", sum)
		}
	})
}

func apperrKey(err error, field string) string {
	if v, ok := apperr.AsValidation(err); ok {
		return v.Fields[field].Key
	}
	return ""
}

func TestConcurrentPaymentsOfOneDebtMakeOneReceipt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		m := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		others := make([]*ent.Member, 10)
		for i := range others {
			others[i] = f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		}
		f.svc.OpenPeriod(ctx, 2026, 0)
		c := f.chargeOf(t, m)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for i := range 10 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: c.ID, Method: payment.MethodCash, Amount: 30000, ReceivedOn: today, ActorID: 1})
				if err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			}()
			go func() {
				defer wg.Done()
				oc := f.chargeOf(t, others[i])
				if _, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: oc.ID, Method: payment.MethodCash, Amount: 30000, ReceivedOn: today, ActorID: 1}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if ok != 1 {
			t.Fatalf("%d payments of one debt succeeded", ok)
		}
		if n := db.Ent.Payment.Query().Where(payment.ChargeID(c.ID)).CountX(ctx); n != 1 {
			t.Fatalf("%d journal entries for one debt", n)
		}
		rs := db.Ent.Receipt.Query().AllX(ctx)
		seen := map[int]bool{}
		for _, r := range rs {
			seen[r.Seq] = true
		}
		for i := 1; i <= 11; i++ {
			if !seen[i] {
				t.Fatalf("receipt numbers have a gap at %d (%d receipts)", i, len(rs))
			}
		}
	})
}

func TestGoodStandingCountsTheChargesOverdueOnTheDay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		payer := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		late := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		honorary := f.member(t, "honorary", member.StatusActive, date(2022, 3, 26))
		f.svc.OpenPeriod(ctx, 2026, 0)
		if _, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: f.chargeOf(t, payer).ID, Method: payment.MethodCash,
			Amount: 30000, ReceivedOn: date(2026, 2, 1), ActorID: 1}); err != nil {
			t.Fatal(err)
		}
		s, _ := f.svc.StandingOn(ctx, honorary.ID, today)
		if !s.Good || !s.Exempt {
			t.Fatalf("honorary standing: %+v", s)
		}
		s, _ = f.svc.StandingOn(ctx, late.ID, today)
		if s.Good || s.Owed != 30000 || len(s.Overdue) != 1 {
			t.Fatalf("late standing: %+v", s)
		}
		if s, _ = f.svc.StandingOn(ctx, late.ID, date(2026, 3, 31)); !s.Good {
			t.Fatal("within the grace period everyone is in good standing")
		}
		// A payment received within the grace period counts from its day.
		if s, _ = f.svc.StandingOn(ctx, payer.ID, date(2026, 4, 15)); !s.Good {
			t.Fatalf("payer on 15 April: %+v", s)
		}
		behind, err := f.svc.BehindOn(ctx, today)
		if err != nil || len(behind) != 1 || !behind[late.ID] {
			t.Fatalf("behind on %s: %v %v", today.Format(time.DateOnly), behind, err)
		}
	})
}

func TestMembersLapseAfterTheGracePeriodAndComeBackWhenTheyPay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		m := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		f.svc.OpenPeriod(ctx, 2026, 0)
		f.now = date(2026, 3, 31)
		if n, _ := f.svc.Lapse(ctx); n != 0 {
			t.Fatal("a member lapsed within the grace period")
		}
		f.now = date(2026, 4, 2)
		if n, err := f.svc.Lapse(ctx); n != 1 || err != nil {
			t.Fatalf("lapse: %d %v", n, err)
		}
		if got := db.Ent.Member.GetX(ctx, m.ID); got.Status != member.StatusLapsed {
			t.Fatalf("status %s", got.Status)
		}
		if n, _ := f.svc.Lapse(ctx); n != 0 {
			t.Fatal("lapsed twice")
		}
		if _, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: f.chargeOf(t, m).ID, Method: payment.MethodCash,
			Amount: 30000, ReceivedOn: f.now, ActorID: 1}); err != nil {
			t.Fatal(err)
		}
		if got := db.Ent.Member.GetX(ctx, m.ID); got.Status != member.StatusActive {
			t.Fatalf("after paying: %s", got.Status)
		}
		kinds := []string{}
		for _, e := range db.Ent.MemberEvent.Query().Order(ent.Asc("id")).AllX(ctx) {
			kinds = append(kinds, e.Kind)
		}
		if fmt.Sprint(kinds) != "[lapsed reinstated]" {
			t.Fatalf("history %v", kinds)
		}
	})
}

func TestTheDashboardTotalsAndTheArrearsList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		var ms []*ent.Member
		for i := range 6 {
			cat := "active"
			if i%3 == 0 {
				cat = "founding"
			}
			ms = append(ms, f.member(t, cat, member.StatusActive, date(2022+i%3, 1, 10)))
		}
		f.now = date(2025, 6, 1)
		f.svc.OpenPeriod(ctx, 2025, 0)
		f.now = today
		f.svc.OpenPeriod(ctx, 2026, 0)
		pay := func(m *ent.Member, year int, on time.Time) {
			c := db.Ent.DuesCharge.Query().Where(duescharge.MemberID(m.ID), duescharge.HasPeriodWith()).AllX(ctx)
			for _, x := range c {
				if x.CoversFrom.Year() == year {
					if _, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: x.ID, Method: payment.MethodCash, Amount: x.Amount, ReceivedOn: on, ActorID: 1}); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		pay(ms[0], 2026, date(2026, 1, 20)) // founding 500
		pay(ms[1], 2026, date(2026, 3, 5))  // active 300
		pay(ms[1], 2025, date(2026, 3, 5))  // last year's, late
		pay(ms[2], 2025, date(2025, 2, 1))
		s, err := f.svc.Summarize(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		// 2 founding × 500 + 4 active × 300 expected; 800 collected.
		if s.Expected != 220000 || s.Collected != 80000 || s.Members != 6 || s.Paid != 2 {
			t.Fatalf("summary %+v", s)
		}
		byMonth := map[string]int64{}
		for _, m := range s.ByMonth {
			byMonth[m.Month] = m.Collected
		}
		if len(s.ByMonth) != 5 || byMonth["2026-01"] != 50000 || byMonth["2026-03"] != 30000 || byMonth["2026-02"] != 0 {
			t.Fatalf("months %+v", s.ByMonth)
		}
		list, total, err := f.svc.Arrears(ctx, dues.ArrearsQuery{Sort: "owed", Desc: true, PerPage: 2})
		if err != nil {
			t.Fatal(err)
		}
		// Behind: ms[0] (2025), ms[2] (2026), ms[3] (both), ms[4] (both), ms[5] (both).
		if total != 5 || len(list) != 2 || list[0].Owed != 100000 || list[0].MemberID != ms[3].ID || !list[0].Since.Equal(date(2025, 1, 1)) || list[0].Charges != 2 {
			t.Fatalf("arrears: %d %+v", total, list)
		}
		list, _, _ = f.svc.Arrears(ctx, dues.ArrearsQuery{Sort: "owed", Desc: false, PerPage: 50})
		if len(list) != 5 || list[0].Owed != 30000 {
			t.Fatalf("ascending: %+v", list)
		}
		var journal int
		f.svc.EachJournalEntry(ctx, date(2026, 1, 1), date(2027, 1, 1), func(e dues.JournalEntry) error {
			journal++
			if e.Receipt == "" || e.MemberNumber == "" {
				t.Errorf("journal entry without receipt or member: %+v", e)
			}
			return nil
		})
		if journal != 3 {
			t.Fatalf("%d journal entries in 2026", journal)
		}
	})
}

func TestRemindersFollowTheScheduleOnceAndStopWhenPaid(t *testing.T) {
	api := stripetest.StartMock(t)
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		online(t, f, api)
		ctx := context.Background()
		payer := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		late := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		f.now = date(2026, 1, 2)
		f.svc.OpenPeriod(ctx, 2026, 0)
		if err := f.svc.SetReminderSteps(ctx, "14, -14, 0, x"); apperrKey(err, "steps") != "dues.error.steps" {
			t.Fatalf("bad schedule: %v", err)
		}
		if err := f.svc.SetReminderSteps(ctx, "14; -14, 0"); err != nil {
			t.Fatal(err)
		}
		if steps, _ := f.svc.ReminderSteps(ctx); fmt.Sprint(steps) != "[-14 0 14]" {
			t.Fatalf("steps %v", steps)
		}
		// Grace ends on 1 April: reminders on 18 March, 1 April, 15 April.
		sent := map[string]int{}
		for d := date(2026, 3, 1); d.Before(date(2026, 5, 1)); d = d.AddDate(0, 0, 1) {
			f.now = d
			if d.Equal(date(2026, 3, 25)) {
				if _, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: f.chargeOf(t, payer).ID, Method: payment.MethodCash, Amount: 30000, ReceivedOn: d, ActorID: 1}); err != nil {
					t.Fatal(err)
				}
			}
			n, err := f.svc.SendReminders(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				sent[d.Format("01-02")] = n
			}
		}
		if fmt.Sprint(sent) != "map[03-18:2 04-01:1 04-15:1]" {
			t.Fatalf("reminders sent %v", sent)
		}
		msgs := db.Ent.MailMessage.Query().Where(mailmessage.Kind("dues_reminder"), mailmessage.MemberID(late.ID)).AllX(ctx)
		if len(msgs) != 3 || !strings.Contains(msgs[2].TextBody, "impayée") {
			t.Fatalf("%d reminders to the late member", len(msgs))
		}
	})
}
