package dues

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/checkout"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/ent/webhookevent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/money"
	"github.com/omsn/majlis/internal/payments"
)

// ErrRetryLater means an event arrived before the one it depends on (a
// refund before its payment): nothing was recorded, and the provider,
// told so by an error status, delivers it again later.
var ErrRetryLater = errors.New("event depends on one not received yet")

// StartCheckout opens the provider's payment page for one of the member's
// open charges, for exactly its amount, and returns the page's address.
func (s *Service) StartCheckout(ctx context.Context, userID, chargeID int, lang string) (string, error) {
	if s.Provider == nil {
		return "", fmt.Errorf("online payment: %w", apperr.ErrNotFound)
	}
	c, err := database.Client(ctx, s.db).DuesCharge.Query().Where(duescharge.ID(chargeID)).WithMember().WithPeriod().Only(ctx)
	if ent.IsNotFound(err) {
		return "", fmt.Errorf("charge %d: %w", chargeID, apperr.ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	m := c.Edges.Member
	if m.UserID == nil || *m.UserID != userID {
		// Another member's debt: as if it did not exist.
		return "", fmt.Errorf("charge %d: %w", chargeID, apperr.ErrNotFound)
	}
	if c.Status != duescharge.StatusOpen {
		return "", apperr.Invalid("charge_id", "dues.error.already_paid", nil)
	}
	number := ""
	if m.Number != nil {
		number = *m.Number
	}
	back := s.BaseURL.JoinPath("membership", "dues")
	// One page per debt and attempt: the key lets a double click reuse the
	// same page instead of opening two.
	attempts, err := database.Client(ctx, s.db).Checkout.Query().Where(checkout.ChargeID(c.ID)).Count(ctx)
	if err != nil {
		return "", err
	}
	co, err := s.Provider.Checkout(ctx, payments.CheckoutRequest{
		Amount: c.Amount, Currency: c.Currency,
		Description:   fmt.Sprintf("Cotisation %d — %s", c.Edges.Period.Year, number),
		CustomerEmail: m.Email, Reference: "charge:" + strconv.Itoa(c.ID),
		SuccessURL: back.String() + "?checkout=done", CancelURL: back.String() + "?checkout=cancelled",
		Locale: lang, IdempotencyKey: fmt.Sprintf("charge-%d-%d", c.ID, attempts),
	})
	if err != nil {
		return "", err
	}
	err = database.Client(ctx, s.db).Checkout.Create().SetProvider(s.Provider.Name()).SetSessionID(co.ID).SetChargeID(c.ID).
		SetMemberID(m.ID).SetAmount(c.Amount).SetCurrency(c.Currency).SetCreatedAt(s.Now()).
		OnConflictColumns(checkout.FieldSessionID).DoNothing().Exec(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	return co.URL, nil
}

// HandleWebhook verifies and records a provider's event, once: a replayed
// or duplicated event changes nothing. A completed payment is recorded
// only if it matches what was asked (session known, amount and currency,
// debt still open); otherwise the event is flagged for the treasurer.
func (s *Service) HandleWebhook(ctx context.Context, payload []byte, signature string) (*ent.WebhookEvent, error) {
	if s.Provider == nil {
		return nil, fmt.Errorf("online payment: %w", apperr.ErrNotFound)
	}
	// The signature and the body are checked before a transaction opens.
	ev, err := s.Provider.ParseEvent(payload, signature)
	if err != nil {
		return nil, err
	}
	var out *ent.WebhookEvent
	err = database.WithTx(ctx, s.db, func(ctx context.Context) error {
		out, err = s.apply(ctx, ev)
		return err
	})
	if ent.IsConstraintError(err) {
		// The event is recorded already: a second delivery, one after the
		// other or both at once. The unique index of event ids refused to
		// record it again, and all this delivery did was rolled back with
		// it; the answer is the first delivery's, read with the plain
		// client since the transaction is over.
		return s.db.WebhookEvent.Query().Where(webhookevent.EventID(ev.ID)).Only(ctx)
	}
	return out, err
}

// apply does what an event means and records it with its outcome, in one
// transaction. The record's unique event id is what makes a second
// delivery fail, and roll back, whatever it did before.
func (s *Service) apply(ctx context.Context, ev payments.Event) (*ent.WebhookEvent, error) {
	db := database.Client(ctx, s.db)
	save := func(outcome webhookevent.Outcome, reason string, f *payments.Flag, paymentID int) (*ent.WebhookEvent, error) {
		create := db.WebhookEvent.Create().SetProvider(s.Provider.Name()).SetEventID(ev.ID).SetType(ev.Type).
			SetOutcome(outcome).SetReason(reason).SetReceivedAt(s.Now())
		if f != nil {
			create.SetFlag(f)
		}
		if paymentID != 0 {
			create.SetPaymentID(paymentID)
		}
		return create.Save(ctx)
	}
	record := func(outcome webhookevent.Outcome, reason string, paymentID int) (*ent.WebhookEvent, error) {
		return save(outcome, reason, nil, paymentID)
	}
	// flag records the event for the treasurer: f for the pages, which
	// word it and format its amounts in the reader's language, and the
	// same in plain English (amounts in units, not centimes) for logs.
	flag := func(f payments.Flag, format string, args ...any) (*ent.WebhookEvent, error) {
		return save(webhookevent.OutcomeFlagged, fmt.Sprintf(format, args...), &f, 0)
	}
	amount := func(v int64, currency string) payments.Amount { return payments.Amount{Value: v, Currency: currency} }
	plain := func(v int64, currency string) string {
		return strings.TrimSpace(money.Plain(v, currency) + " " + currency)
	}
	switch ev.Kind {
	case payments.CheckoutCompleted:
		// The page, and the member who opened it, read and locked like
		// lockMember, in one statement.
		co, m, err := s.pageOf(ctx, ev.SessionID)
		if ent.IsNotFound(err) {
			return flag(payments.Flag{Code: payments.FlagUnknownPage, Ref: ev.SessionID}, "unknown payment page %s", ev.SessionID)
		}
		if err != nil {
			return nil, err
		}
		if ev.PaymentStatus != "paid" {
			return record(webhookevent.OutcomeIgnored, "payment status "+ev.PaymentStatus, 0)
		}
		if ev.Amount != co.Amount || ev.Currency != co.Currency {
			return flag(payments.Flag{Code: payments.FlagAmountMismatch, Ref: ev.SessionID, Amounts: map[string]payments.Amount{
				payments.FlagPaid: amount(ev.Amount, ev.Currency), payments.FlagAsked: amount(co.Amount, co.Currency)}},
				"paid %s, asked %s", plain(ev.Amount, ev.Currency), plain(co.Amount, co.Currency))
		}
		// The debt is claimed if it is still open and owes what was paid;
		// if not, it is read to tell the treasurer why.
		received := day(ev.Created)
		claimed, err := s.claim(ctx, co.ChargeID, co.MemberID, ev.Amount, ev.Currency, received)
		if err != nil {
			return nil, err
		}
		if !claimed {
			c, err := db.DuesCharge.Get(ctx, co.ChargeID)
			switch {
			case err != nil:
				return nil, err
			case c.Status != duescharge.StatusOpen:
				return flag(payments.Flag{Code: payments.FlagAlreadyPaid, Ref: ev.PaymentIntent, Amounts: map[string]payments.Amount{
					payments.FlagPaid: amount(ev.Amount, ev.Currency)}}, "charge %d already paid: refund the member", c.ID)
			case c.Amount != ev.Amount:
				return flag(payments.Flag{Code: payments.FlagOwedChanged, Ref: ev.PaymentIntent, Amounts: map[string]payments.Amount{
					payments.FlagPaid: amount(ev.Amount, ev.Currency), payments.FlagOwed: amount(c.Amount, c.Currency)}},
					"paid %s, owed %s", plain(ev.Amount, ev.Currency), plain(c.Amount, c.Currency))
			}
			return flag(payments.Flag{Code: payments.FlagWrongMember, Ref: ev.PaymentIntent, Amounts: map[string]payments.Amount{
				payments.FlagPaid: amount(ev.Amount, ev.Currency), payments.FlagOwed: amount(c.Amount, c.Currency)}},
				"paid %s for member %d, owed %s by member %d", plain(ev.Amount, ev.Currency), co.MemberID, plain(c.Amount, c.Currency), c.MemberID)
		}
		if err := db.Checkout.Update().Where(checkout.ID(co.ID)).SetStatus(checkout.StatusCompleted).Exec(ctx); err != nil {
			return nil, err
		}
		p, err := s.pay(ctx, m, co.ChargeID, ev.Amount, ev.Currency, db.Payment.Create().SetMethod(payment.MethodCard).
			SetProvider(s.Provider.Name()).SetProviderSessionID(ev.SessionID).SetProviderPaymentIntent(ev.PaymentIntent).SetReceivedOn(received))
		if err != nil {
			return nil, err
		}
		out, err := record(webhookevent.OutcomeProcessed, "", p.ID)
		if err != nil {
			return nil, err
		}
		// The receipt last: the lock of its number is taken by every
		// payment.
		if _, err := s.issue(ctx, m, p); err != nil {
			return nil, err
		}
		return out, nil

	case payments.CheckoutExpired:
		if _, err := db.Checkout.Update().Where(checkout.SessionID(ev.SessionID), checkout.StatusEQ(checkout.StatusOpen)).
			SetStatus(checkout.StatusExpired).Save(ctx); err != nil {
			return nil, err
		}
		return record(webhookevent.OutcomeProcessed, "", 0)

	case payments.ChargeRefunded:
		if ev.PaymentIntent == "" {
			return flag(payments.Flag{Code: payments.FlagRefundNoPayment}, "refund without a payment")
		}
		p, err := db.Payment.Query().Where(payment.ProviderPaymentIntent(ev.PaymentIntent), payment.KindEQ(payment.KindPayment)).
			Order(ent.Desc(payment.FieldID)).First(ctx)
		if ent.IsNotFound(err) {
			// The payment's own event may not have arrived yet: Stripe is
			// asked to send the refund again. After a day it never will
			// (a refund of a payment that was flagged, not recorded): the
			// treasurer is told instead.
			if s.Now().Sub(ev.Created) < 24*time.Hour {
				return nil, ErrRetryLater
			}
			return flag(payments.Flag{Code: payments.FlagRefundUnknown, Ref: ev.PaymentIntent, Amounts: map[string]payments.Amount{
				payments.FlagRefunded: amount(ev.Amount, ev.Currency)}}, "refund of %s on a payment not in the journal (%s)", plain(ev.Amount, ev.Currency), ev.PaymentIntent)
		}
		if err != nil {
			return nil, err
		}
		if !p.Active {
			return record(webhookevent.OutcomeIgnored, "already reversed", p.ID)
		}
		if ev.Amount != p.Amount {
			return flag(payments.Flag{Code: payments.FlagPartialRefund, Ref: ev.PaymentIntent, Amounts: map[string]payments.Amount{
				payments.FlagRefunded: amount(ev.Amount, p.Currency), payments.FlagPaid: amount(p.Amount, p.Currency)}},
				"partial refund of %s on a payment of %s: record it by hand", plain(ev.Amount, p.Currency), plain(p.Amount, p.Currency))
		}
		rev, err := s.reverse(ctx, p.ID, "Remboursement en ligne ("+ev.ID+")", 0)
		if err != nil {
			return nil, err
		}
		return record(webhookevent.OutcomeProcessed, "", rev.ID)

	case payments.DisputeCreated:
		return flag(payments.Flag{Code: payments.FlagDispute, Ref: ev.PaymentIntent, Amounts: map[string]payments.Amount{
			payments.FlagDisputed: amount(ev.Amount, ev.Currency)}}, "dispute of %s on payment %s", plain(ev.Amount, ev.Currency), ev.PaymentIntent)
	}
	return record(webhookevent.OutcomeIgnored, "", 0)
}

// page is what a payment is checked against of the page it was made on.
type page struct {
	ID, ChargeID, MemberID int
	Amount                 int64
	Currency               string
}

// pageOf reads the payment page of a provider's session with the member
// who opened it, whom it locks (lockMember), in one round trip: the page's
// columns come with the member's. It fails with a not-found error if there
// is no such page.
func (s *Service) pageOf(ctx context.Context, sessionID string) (page, *ent.Member, error) {
	columns := []string{checkout.FieldID, checkout.FieldChargeID, checkout.FieldAmount, checkout.FieldCurrency}
	m, err := s.lockMemberWhere(ctx, func(sel *entsql.Selector) {
		t := entsql.Dialect(sel.Dialect()).Table(checkout.Table)
		sel.Join(t).On(sel.C(member.FieldID), t.C(checkout.FieldMemberID)).
			Where(entsql.EQ(t.C(checkout.FieldSessionID), sessionID))
		for _, c := range columns {
			sel.AppendSelectAs(t.C(c), "page_"+c)
		}
	})
	if err != nil {
		return page{}, nil, err
	}
	values := make([]any, len(columns))
	for i, c := range columns {
		if values[i], err = m.Value("page_" + c); err != nil {
			return page{}, nil, err
		}
	}
	id, okID := values[0].(int64)
	charge, okCharge := values[1].(int64)
	amount, okAmount := values[2].(int64)
	currency, okCurrency := values[3].(string)
	if !okID || !okCharge || !okAmount || !okCurrency {
		return page{}, nil, fmt.Errorf("payment page %s: unexpected column types %T %T %T %T", sessionID, values[0], values[1], values[2], values[3])
	}
	return page{ID: int(id), ChargeID: int(charge), MemberID: m.ID, Amount: amount, Currency: currency}, m, nil
}

// Flagged lists the provider events that need the treasurer's attention,
// newest first.
func (s *Service) Flagged(ctx context.Context, limit int) ([]*ent.WebhookEvent, error) {
	return database.Client(ctx, s.db).WebhookEvent.Query().Where(webhookevent.OutcomeEQ(webhookevent.OutcomeFlagged)).
		Order(ent.Desc(webhookevent.FieldReceivedAt)).Limit(limit).All(ctx)
}

// OnlinePaymentOpen reports whether members can pay online.
func (s *Service) OnlinePaymentOpen() bool { return s.Provider != nil }
