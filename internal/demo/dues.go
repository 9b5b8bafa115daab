package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/governance"
)

// duesYears are the periods the demo treasurer has opened.
var duesYears = []int{2024, 2025, 2026}

// seedDues opens the demo's dues periods and records their payments, in a
// way that agrees with each member's status: active members have paid
// every year, lapsed and suspended ones not the last, and most of them the
// years before. Choices are a fixed function
// of the member's id, so every seed is the same.
func seedDues(ctx context.Context, tx *ent.Tx, rules governance.Rules, treasurerID int) error {
	ms, err := tx.Member.Query().Where(member.StatusIn(member.StatusActive, member.StatusLapsed, member.StatusSuspended)).
		Order(ent.Asc(member.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	methods := []payment.Method{payment.MethodTransfer, payment.MethodCheque, payment.MethodCash, payment.MethodCard, payment.MethodTransfer}
	banks := []string{"Banque Populaire", "Attijariwafa bank", "BMCE Bank of Africa", "CIH Bank", "Crédit Agricole du Maroc"}
	for _, year := range duesYears {
		start, end := dues.PeriodOf(year)
		p, err := tx.DuesPeriod.Create().SetYear(year).SetStartsOn(start).SetEndsOn(end).
			SetCurrency(rules.Dues.CurrencyCode()).SetOpenedByUserID(treasurerID).SetOpenedAt(start.AddDate(0, 0, -10)).Save(ctx)
		if err != nil {
			return err
		}
		for _, m := range ms {
			cat, ok := rules.Category(m.Category)
			if !ok || m.JoinedOn == nil {
				continue
			}
			t, owes := dues.TermsFor(rules, cat, year, *m.JoinedOn)
			if !owes {
				continue
			}
			// Active members are up to date; the others stopped paying this
			// year, and most of them had paid the years before.
			h := (m.ID*7919 + year*104729) % 100
			paid := m.Status == member.StatusActive || year < duesYears[len(duesYears)-1] && h < 85
			c := tx.DuesCharge.Create().SetMemberID(m.ID).SetPeriodID(p.ID).SetCategory(m.Category).SetAmount(t.Amount).
				SetCurrency(p.Currency).SetCoversFrom(t.CoversFrom).SetCoversTo(t.CoversTo).SetGraceUntil(t.GraceUntil).
				SetCreatedAt(p.OpenedAt)
			// Paid within the grace period, spread over its weeks.
			received := t.CoversFrom.AddDate(0, 0, h%max(1, rules.Dues.GraceDays))
			if paid {
				c.SetStatus("paid").SetPaidAt(received).SetPaidMonth(received.Format("2006-01"))
			}
			charge, err := c.Save(ctx)
			if err != nil || !paid {
				if err != nil {
					return err
				}
				continue
			}
			method := methods[h%len(methods)]
			pc := tx.Payment.Create().SetMemberID(m.ID).SetChargeID(charge.ID).SetKind(payment.KindPayment).
				SetAmount(t.Amount).SetCurrency(p.Currency).SetMethod(method).SetReceivedOn(received).
				SetMonth(received.Format("2006-01")).SetCreatedAt(received)
			switch method {
			case payment.MethodCheque:
				pc.SetChequeNumber(fmt.Sprintf("%07d", 1000000+m.ID*13+year)).SetBank(banks[h%len(banks)]).SetRecordedByUserID(treasurerID)
			case payment.MethodTransfer:
				pc.SetTransferReference(fmt.Sprintf("VIR-%d-%05d", year, m.ID)).SetRecordedByUserID(treasurerID)
			case payment.MethodCard:
				pc.SetProvider("stripe").SetProviderSessionID(fmt.Sprintf("cs_demo_%d_%d", year, m.ID)).
					SetProviderPaymentIntent(fmt.Sprintf("pi_demo_%d_%d", year, m.ID))
			default:
				pc.SetRecordedByUserID(treasurerID)
			}
			pay, err := pc.Save(ctx)
			if err != nil {
				return err
			}
			ry := received.Year()
			seq, err := database.NextInSequence(ctx, tx, fmt.Sprintf("receipt:%d", ry))
			if err != nil {
				return err
			}
			if err := tx.Receipt.Create().SetPaymentID(pay.ID).SetYear(ry).SetSeq(int(seq)).
				SetNumber(fmt.Sprintf("%d-%06d", ry, seq)).SetIssuedAt(received).Exec(ctx); err != nil {
				return err
			}
		}
	}
	return dues.RebuildArrearsIn(ctx, tx, time.Now())
}
