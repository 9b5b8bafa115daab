package dues_test

import (
	"context"
	"testing"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/testdb"
)

func TestTheSameChequeTypedInAnotherCaseOrWithSpacesIsRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		var members []*ent.Member
		for range 4 {
			members = append(members, f.member(t, "active", member.StatusActive, date(2023, 1, 10)))
		}
		f.svc.OpenPeriod(ctx, 2026, 0)
		var charges []*ent.DuesCharge
		for _, m := range members {
			charges = append(charges, f.chargeOf(t, m))
		}
		pay := func(i int, bank, number string) error {
			_, err := f.svc.RecordOffline(ctx, dues.OfflinePayment{ChargeID: charges[i].ID, Method: payment.MethodCheque,
				Amount: 30000, ChequeNumber: number, Bank: bank, ReceivedOn: today, ActorID: 1})
			return err
		}
		if err := pay(0, "BMCE Bank", "0012345"); err != nil {
			t.Fatal(err)
		}
		for i, typed := range [][2]string{{"bmce bank", "0012345"}, {" BMCE  Bank ", "0012345"}, {"BMCEBANK", "00 123 45"}} {
			if err := pay(1, typed[0], typed[1]); apperrKey(err, "cheque_number") != "dues.error.cheque_recorded" {
				t.Errorf("the cheque again as %q, %q (try %d): %v", typed[0], typed[1], i+1, err)
			}
		}
		if err := pay(1, "BMCE Bank", "0012346"); err != nil {
			t.Errorf("another cheque of the same bank: %v", err)
		}
		// The unique index itself sees the normalised cheque, whoever writes.
		p := db.Ent.Payment.Query().Where(payment.ChequeNumber("0012345")).OnlyX(ctx)
		if p.ChequeKey == nil || *p.ChequeKey != "bmcebank|0012345" || p.Bank != "BMCE Bank" {
			t.Fatalf("stored bank %q key %v: the bank must stay as typed, the key normalised", p.Bank, p.ChequeKey)
		}
		err := db.Ent.Payment.Create().SetMemberID(charges[2].MemberID).SetChargeID(charges[2].ID).SetKind(payment.KindPayment).
			SetAmount(30000).SetCurrency("MAD").SetMethod(payment.MethodCheque).SetChequeNumber("00 12345").SetBank("bmce BANK").
			SetChequeKey(dues.ChequeKey("bmce BANK", "00 12345")).SetReceivedOn(today).SetMonth("2026-01").Exec(ctx)
		if !ent.IsConstraintError(err) {
			t.Errorf("the database took the same cheque twice: %v", err)
		}
		// A cheque recorded before the key existed is still recognised.
		if err := db.Ent.Payment.Create().SetMemberID(charges[2].MemberID).SetChargeID(charges[2].ID).SetKind(payment.KindPayment).
			SetAmount(30000).SetCurrency("MAD").SetMethod(payment.MethodCheque).SetChequeNumber("7654321").SetBank("CIH Bank").
			SetReceivedOn(today).SetMonth("2026-01").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := pay(3, "cih bank", "765 4321"); apperrKey(err, "cheque_number") != "dues.error.cheque_recorded" {
			t.Errorf("a cheque recorded before the key, typed again: %v", err)
		}
	})
}
