package dues

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/checkout"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/ent/webhookevent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
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
	c, err := s.db.DuesCharge.Query().Where(duescharge.ID(chargeID)).WithMember().WithPeriod().Only(ctx)
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
	attempts, err := s.db.Checkout.Query().Where(checkout.ChargeID(c.ID)).Count(ctx)
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
	err = s.db.Checkout.Create().SetProvider(s.Provider.Name()).SetSessionID(co.ID).SetChargeID(c.ID).
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
	ev, err := s.Provider.ParseEvent(payload, signature)
	if err != nil {
		return nil, err
	}
	var out *ent.WebhookEvent
	err = database.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		seen, err := tx.WebhookEvent.Query().Where(webhookevent.EventID(ev.ID)).Only(ctx)
		if err == nil {
			out = seen // a second delivery: already handled
			return nil
		}
		if !ent.IsNotFound(err) {
			return err
		}
		outcome, reason, paymentID, err := s.apply(ctx, tx, ev)
		if err != nil {
			return err
		}
		create := tx.WebhookEvent.Create().SetProvider(s.Provider.Name()).SetEventID(ev.ID).SetType(ev.Type).
			SetOutcome(outcome).SetReason(reason).SetReceivedAt(s.Now())
		if paymentID != 0 {
			create.SetPaymentID(paymentID)
		}
		out, err = create.Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		// The same event delivered twice at once: the other delivery won.
		return s.db.WebhookEvent.Query().Where(webhookevent.EventID(ev.ID)).Only(ctx)
	}
	return out, err
}

// apply does what an event means, inside the transaction that records it.
func (s *Service) apply(ctx context.Context, tx *ent.Tx, ev payments.Event) (webhookevent.Outcome, string, int, error) {
	flag := func(format string, args ...any) (webhookevent.Outcome, string, int, error) {
		return webhookevent.OutcomeFlagged, fmt.Sprintf(format, args...), 0, nil
	}
	switch ev.Kind {
	case payments.CheckoutCompleted:
		co, err := tx.Checkout.Query().Where(checkout.SessionID(ev.SessionID)).Only(ctx)
		if ent.IsNotFound(err) {
			return flag("unknown payment page %s", ev.SessionID)
		}
		if err != nil {
			return "", "", 0, err
		}
		if ev.PaymentStatus != "paid" {
			return webhookevent.OutcomeIgnored, "payment status " + ev.PaymentStatus, 0, nil
		}
		if ev.Amount != co.Amount || ev.Currency != co.Currency {
			return flag("paid %d %s, asked %d %s", ev.Amount, ev.Currency, co.Amount, co.Currency)
		}
		c, err := tx.DuesCharge.Get(ctx, co.ChargeID)
		if err != nil {
			return "", "", 0, err
		}
		if c.Status != duescharge.StatusOpen {
			return flag("charge %d already paid: refund the member", c.ID)
		}
		if c.Amount != ev.Amount {
			return flag("paid %d, owed %d", ev.Amount, c.Amount)
		}
		if err := tx.Checkout.UpdateOneID(co.ID).SetStatus(checkout.StatusCompleted).Exec(ctx); err != nil {
			return "", "", 0, err
		}
		p, err := s.settle(ctx, tx, c, tx.Payment.Create().SetMethod(payment.MethodCard).SetProvider(s.Provider.Name()).
			SetProviderSessionID(ev.SessionID).SetProviderPaymentIntent(ev.PaymentIntent).SetReceivedOn(day(ev.Created)))
		if err != nil {
			return "", "", 0, err
		}
		return webhookevent.OutcomeProcessed, "", p.ID, nil

	case payments.CheckoutExpired:
		if _, err := tx.Checkout.Update().Where(checkout.SessionID(ev.SessionID), checkout.StatusEQ(checkout.StatusOpen)).
			SetStatus(checkout.StatusExpired).Save(ctx); err != nil {
			return "", "", 0, err
		}
		return webhookevent.OutcomeProcessed, "", 0, nil

	case payments.ChargeRefunded:
		if ev.PaymentIntent == "" {
			return flag("refund without a payment")
		}
		p, err := tx.Payment.Query().Where(payment.ProviderPaymentIntent(ev.PaymentIntent), payment.KindEQ(payment.KindPayment)).
			Order(ent.Desc(payment.FieldID)).First(ctx)
		if ent.IsNotFound(err) {
			// The payment's own event may not have arrived yet: Stripe is
			// asked to send the refund again. After a day it never will
			// (a refund of a payment that was flagged, not recorded): the
			// treasurer is told instead.
			if s.Now().Sub(ev.Created) < 24*time.Hour {
				return "", "", 0, ErrRetryLater
			}
			return flag("refund of %d %s on a payment not in the journal (%s)", ev.Amount, ev.Currency, ev.PaymentIntent)
		}
		if err != nil {
			return "", "", 0, err
		}
		if !p.Active {
			return webhookevent.OutcomeIgnored, "already reversed", p.ID, nil
		}
		if ev.Amount != p.Amount {
			return flag("partial refund of %d on a payment of %d: record it by hand", ev.Amount, p.Amount)
		}
		rev, err := s.reverse(ctx, tx, p.ID, "Remboursement en ligne ("+ev.ID+")", 0)
		if err != nil {
			return "", "", 0, err
		}
		return webhookevent.OutcomeProcessed, "", rev.ID, nil

	case payments.DisputeCreated:
		return flag("dispute of %d %s on payment %s", ev.Amount, ev.Currency, ev.PaymentIntent)
	}
	return webhookevent.OutcomeIgnored, "", 0, nil
}

// Flagged lists the provider events that need the treasurer's attention,
// newest first.
func (s *Service) Flagged(ctx context.Context, limit int) ([]*ent.WebhookEvent, error) {
	return s.db.WebhookEvent.Query().Where(webhookevent.OutcomeEQ(webhookevent.OutcomeFlagged)).
		Order(ent.Desc(webhookevent.FieldReceivedAt)).Limit(limit).All(ctx)
}

// OnlinePaymentOpen reports whether members can pay online.
func (s *Service) OnlinePaymentOpen() bool { return s.Provider != nil }
