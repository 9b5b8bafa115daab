package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/checkout"
	"github.com/omsn/majlis/internal/app"
)

// stripeConfirm plays Stripe's part in development: it completes the
// latest open payment page by sending the app the signed
// checkout.session.completed event Stripe would send. stripe-mock answers
// the API but sends no events, and Stripe's page cannot be reached from a
// machine offline. It refuses live keys: with them, only Stripe confirms.
func stripeConfirm(args []string) int {
	ctx := context.Background()
	cfg, log, db, ok := setup(ctx, args)
	if !ok {
		return 1
	}
	defer db.Close()
	if !strings.HasPrefix(cfg.StripeSecretKey, "sk_test_") {
		fmt.Fprintln(os.Stderr, "majlis stripe-confirm: needs a test key (MAJLIS_STRIPE_SECRET_KEY=sk_test_…), for development only")
		return 2
	}
	svc, err := app.NewServices(ctx, cfg, log, db, app.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis: %v\n", err)
		return 1
	}
	co, err := db.Ent.Checkout.Query().Where(checkout.StatusEQ(checkout.StatusOpen)).Order(ent.Desc(checkout.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		fmt.Fprintln(os.Stderr, "majlis stripe-confirm: no payment page is open; click “pay online” first")
		return 1
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis stripe-confirm: %v\n", err)
		return 1
	}
	payload, header, err := completedEvent(co, cfg.StripeWebhookSecret, time.Now())
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis stripe-confirm: %v\n", err)
		return 1
	}
	ev, err := svc.Dues.HandleWebhook(ctx, payload, header)
	if err != nil {
		fmt.Fprintf(os.Stderr, "majlis stripe-confirm: %v\n", err)
		return 1
	}
	fmt.Printf("payment page %s: %s %s\n", co.SessionID, ev.Outcome, ev.Reason)
	return 0
}

// completedEvent writes and signs the event Stripe sends when a page is
// paid.
func completedEvent(co *ent.Checkout, secret string, now time.Time) ([]byte, string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	id := hex.EncodeToString(b)
	payload, err := json.Marshal(map[string]any{
		"id": "evt_dev_" + id, "object": "event", "api_version": stripe.APIVersion, "created": now.Unix(),
		"type": "checkout.session.completed", "livemode": false,
		"data": map[string]any{"object": map[string]any{
			"id": co.SessionID, "object": "checkout.session", "mode": "payment", "status": "complete",
			"payment_status": "paid", "amount_total": co.Amount, "currency": strings.ToLower(co.Currency),
			"payment_intent": "pi_dev_" + id, "client_reference_id": fmt.Sprintf("charge:%d", co.ChargeID),
		}},
	})
	if err != nil {
		return nil, "", err
	}
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: now})
	return signed.Payload, signed.Header, nil
}
