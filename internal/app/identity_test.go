package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/omsn/majlis/internal/app"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/config"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

// A receipt is evidence of who received the money: when the association
// cannot be read, making the receipt fails (its mail is retried) instead of
// naming "Majlis" as the issuer. Mail, likewise, waits.
func TestAReceiptFailsRatherThanNameAnotherIssuerWhenTheAssociationCannotBeRead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		env := apptest.New(t, db, nil)
		r := db.Ent.Receipt.Query().FirstX(ctx)
		// Fresh services: nothing cached from the seed.
		svc, err := app.NewServices(ctx, env.Config, slog.New(slog.NewTextHandler(io.Discard, nil)), db, app.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL.ExecContext(ctx, "ALTER TABLE associations RENAME TO associations_away"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = db.SQL.Exec("ALTER TABLE associations_away RENAME TO associations") })
		_, pdf, err := svc.Dues.ReceiptOfPayment(ctx, r.PaymentID)
		if err == nil {
			t.Fatalf("a receipt was made without its issuer (%d bytes, names Majlis: %v)", len(pdf), bytes.Contains(pdf, []byte("Majlis")))
		}
		if _, err := app.MailIdentity(svc.Association)(ctx); err == nil {
			t.Fatal("mail identity swallowed the database error")
		}
	})
}

// Before the association is set up, mail still goes out under the
// application's name; only a database error stops it.
func TestMailNamesMajlisOnlyWhenNoAssociationIsSetUp(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc, err := app.NewServices(ctx, testConfig(t), slog.New(slog.NewTextHandler(io.Discard, nil)), db, app.Options{})
		if err != nil {
			t.Fatal(err)
		}
		id, err := app.MailIdentity(svc.Association)(ctx)
		if err != nil || id.Name["fr"] != "Majlis" {
			t.Fatalf("identity before setup: %+v %v", id, err)
		}
		if _, err := app.ReceiptIdentity(svc.Association)(ctx); err == nil {
			t.Fatal("a receipt issuer without an association")
		}
	})
}

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	dir := t.TempDir()
	c, err := config.Load(func(k string) string {
		if k == "MAJLIS_MAIL_DIR" {
			return dir
		}
		return ""
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
