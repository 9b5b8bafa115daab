package app_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/omsn/majlis/internal/app"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

// The CSRF key must survive restarts and be the same for every instance,
// or forms served before a restart (or by another instance) would fail.
func TestSharedSecretIsCreatedOnceAndThenReused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		first, err := app.SharedSecret(ctx, db.Ent, "csrf")
		if err != nil {
			t.Fatal(err)
		}
		if len(first) != 32 {
			t.Fatalf("key of %d bytes", len(first))
		}
		again, err := app.SharedSecret(ctx, db.Ent, "csrf")
		if err != nil {
			t.Fatalf("second start: %v", err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("the key changed between starts")
		}
		other, err := app.SharedSecret(ctx, db.Ent, "other")
		if err != nil || bytes.Equal(first, other) {
			t.Fatalf("a differently named secret must differ (err %v)", err)
		}
	})
}
