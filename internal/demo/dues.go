package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/members/statusset"
)

// duesYears are the periods the demo treasurer has opened.
var duesYears = []int{2024, 2025, 2026}

// seedDues opens the demo's dues periods and records their payments, in a
// way that agrees with each member's status: active members have paid
// every year, lapsed and suspended ones not the last, and most of them the
// years before. Choices are a fixed function of the member's id, so every
// seed is the same. Rows go in bulk: the seed runs before every web test.
func seedDues(ctx context.Context, db *ent.Client, rules governance.Rules, treasurerID int) error {
	tx := database.Client(ctx, db)
	ms, err := tx.Member.Query().Where(statusset.Current.Where()).
		Order(ent.Asc(member.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	type paid struct {
		charge   *ent.DuesCharge
		member   *ent.Member
		received time.Time
		h        int
	}
	var all []paid
	for _, year := range duesYears {
		start, end := dues.PeriodOf(year)
		p, err := tx.DuesPeriod.Create().SetYear(year).SetStartsOn(start).SetEndsOn(end).
			SetCurrency(rules.Dues.CurrencyCode()).SetOpenedByUserID(treasurerID).SetOpenedAt(start.AddDate(0, 0, -10)).Save(ctx)
		if err != nil {
			return err
		}
		var creates []*ent.DuesChargeCreate
		var owners []paid
		for _, m := range ms {
			cat, ok := rules.Category(m.Category)
			if !ok || m.JoinedOn == nil {
				continue
			}
			t, owes := dues.TermsFor(rules, cat, year, *m.JoinedOn)
			if !owes {
				continue
			}
			h := (m.ID*7919 + year*104729) % 100
			isPaid := m.Status == member.StatusActive || year < duesYears[len(duesYears)-1] && h < 85
			// Paid within the grace period, spread over its weeks.
			received := t.CoversFrom.AddDate(0, 0, h%max(1, rules.Dues.GraceDays))
			c := tx.DuesCharge.Create().SetMemberID(m.ID).SetPeriodID(p.ID).SetCategory(m.Category).SetAmount(t.Amount).
				SetCurrency(p.Currency).SetCoversFrom(t.CoversFrom).SetCoversTo(t.CoversTo).SetGraceUntil(t.GraceUntil).
				SetCreatedAt(p.OpenedAt)
			if isPaid {
				c.SetStatus("paid").SetPaidAt(received).SetPaidMonth(received.Format("2006-01"))
			}
			creates = append(creates, c)
			owners = append(owners, paid{member: m, received: received, h: h})
		}
		charges, err := tx.DuesCharge.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return err
		}
		for i, c := range charges {
			if c.Status == "paid" {
				owners[i].charge = c
				all = append(all, owners[i])
			}
		}
	}
	// Receipts are numbered in the order payments came in, per year.
	sort.SliceStable(all, func(i, j int) bool { return all[i].received.Before(all[j].received) })
	methods := []payment.Method{payment.MethodTransfer, payment.MethodCheque, payment.MethodCash, payment.MethodCard, payment.MethodTransfer}
	banks := []string{"Banque Populaire", "Attijariwafa bank", "BMCE Bank of Africa", "CIH Bank", "Crédit Agricole du Maroc"}
	pays := make([]*ent.PaymentCreate, len(all))
	for i, a := range all {
		m, c, year := a.member, a.charge, a.charge.CoversFrom.Year()
		method := methods[a.h%len(methods)]
		pc := tx.Payment.Create().SetMemberID(m.ID).SetChargeID(c.ID).SetKind(payment.KindPayment).
			SetAmount(c.Amount).SetCurrency(c.Currency).SetMethod(method).SetReceivedOn(a.received).
			SetMonth(a.received.Format("2006-01")).SetCreatedAt(a.received)
		switch method {
		case payment.MethodCheque:
			number, bank := fmt.Sprintf("%07d", 1000000+m.ID*13+year), banks[a.h%len(banks)]
			pc.SetChequeNumber(number).SetBank(bank).SetChequeKey(dues.ChequeKey(bank, number)).SetRecordedByUserID(treasurerID)
		case payment.MethodTransfer:
			pc.SetTransferReference(fmt.Sprintf("VIR-%d-%05d", year, m.ID)).SetRecordedByUserID(treasurerID)
		case payment.MethodCard:
			pc.SetProvider("stripe").SetProviderSessionID(fmt.Sprintf("cs_demo_%d_%d", year, m.ID)).
				SetProviderPaymentIntent(fmt.Sprintf("pi_demo_%d_%d", year, m.ID))
		default:
			pc.SetRecordedByUserID(treasurerID)
		}
		pays[i] = pc
	}
	var payments []*ent.Payment
	for start := 0; start < len(pays); start += 200 {
		batch, err := tx.Payment.CreateBulk(pays[start:min(start+200, len(pays))]...).Save(ctx)
		if err != nil {
			return err
		}
		payments = append(payments, batch...)
	}
	perYear := map[int]int64{}
	for _, a := range all {
		perYear[a.received.Year()]++
	}
	next := map[int]int64{}
	for y, n := range perYear {
		first, err := database.ReserveInSequence(ctx, fmt.Sprintf("receipt:%d", y), n)
		if err != nil {
			return err
		}
		next[y] = first
	}
	receipts := make([]*ent.ReceiptCreate, len(payments))
	for i, p := range payments {
		y := all[i].received.Year()
		seq := next[y]
		next[y]++
		receipts[i] = tx.Receipt.Create().SetPaymentID(p.ID).SetYear(y).SetSeq(int(seq)).
			SetNumber(fmt.Sprintf("%d-%06d", y, seq)).SetIssuedAt(all[i].received)
	}
	for start := 0; start < len(receipts); start += 200 {
		if err := tx.Receipt.CreateBulk(receipts[start:min(start+200, len(receipts))]...).Exec(ctx); err != nil {
			return err
		}
	}
	return dues.RebuildArrearsIn(ctx, db, time.Now())
}
