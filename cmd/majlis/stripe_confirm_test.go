package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/omsn/majlis/ent/checkout"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/app"
	"github.com/omsn/majlis/internal/config"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/payments/stripetest"
)

// In development a demo member pays against stripe-mock, and
// `majlis stripe-confirm` plays Stripe's confirmation.
func TestStripeConfirmCompletesTheLastPaymentPageInDevelopment(t *testing.T) {
	api := stripetest.StartMock(t)
	url := "sqlite://" + filepath.Join(t.TempDir(), "m.db")
	t.Setenv("MAJLIS_DATABASE_URL", url)
	t.Setenv("MAJLIS_LOG_LEVEL", "error")
	t.Setenv("MAJLIS_MAIL_DIR", t.TempDir())
	t.Setenv("MAJLIS_STRIPE_SECRET_KEY", "sk_live_real")
	t.Setenv("MAJLIS_STRIPE_WEBHOOK_SECRET", "whsec_dev")
	t.Setenv("MAJLIS_STRIPE_API_URL", api)
	if got := run([]string{"seed", "--demo"}); got != 0 {
		t.Fatalf("seed: %d", got)
	}
	if got := run([]string{"stripe-confirm"}); got != 2 {
		t.Fatalf("with a live key: exit %d, want 2", got)
	}
	t.Setenv("MAJLIS_STRIPE_SECRET_KEY", stripetest.TestSecretKey)
	if got := run([]string{"stripe-confirm"}); got != 1 {
		t.Fatalf("without an open page: exit %d, want 1", got)
	}

	ctx := context.Background()
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"MAJLIS_DATABASE_URL": url,
			"MAJLIS_STRIPE_SECRET_KEY": stripetest.TestSecretKey, "MAJLIS_STRIPE_WEBHOOK_SECRET": "whsec_dev",
			"MAJLIS_STRIPE_API_URL": api}[k]
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc, err := app.NewServices(ctx, cfg, quietLog(), db, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Dues.OpenPeriod(ctx, svc.Dues.Now().Year()+1, 0); err != nil {
		t.Fatal(err)
	}
	nadia := db.Ent.Member.Query().Where(member.Email("nadia.chraibi@omsn.example")).OnlyX(ctx)
	charge := db.Ent.DuesCharge.Query().Where(duescharge.MemberID(nadia.ID), duescharge.StatusEQ(duescharge.StatusOpen)).OnlyX(ctx)
	if _, err := svc.Dues.StartCheckout(ctx, *nadia.UserID, charge.ID, "fr"); err != nil {
		t.Fatal(err)
	}
	if got := run([]string{"stripe-confirm"}); got != 0 {
		t.Fatalf("stripe-confirm: exit %d", got)
	}
	if c := db.Ent.DuesCharge.GetX(ctx, charge.ID); c.Status != duescharge.StatusPaid {
		t.Fatalf("the charge is %s", c.Status)
	}
	if co := db.Ent.Checkout.Query().OnlyX(ctx); co.Status != checkout.StatusCompleted {
		t.Fatalf("the page is %s", co.Status)
	}
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
