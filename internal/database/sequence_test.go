package database_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

func TestASequenceNeverOverflowsItRefusesPastItsEnd(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		inTx := func(fn func(ctx context.Context) error) error { return database.WithTx(ctx, db.Ent, fn) }
		// Raising beyond the end is refused in code.
		err := inTx(func(ctx context.Context) error { return database.RaiseSequence(ctx, "s", 9223372036854775807) })
		if !errors.Is(err, database.ErrSequenceExhausted) || !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("raise to the 64-bit maximum: %v", err)
		}
		// Up to the end, numbers are handed out; past it, refused.
		if err := inTx(func(ctx context.Context) error {
			return database.RaiseSequence(ctx, "s", database.MaxSequenceValue-1)
		}); err != nil {
			t.Fatal(err)
		}
		var last int64
		if err := inTx(func(ctx context.Context) (err error) { last, err = database.NextInSequence(ctx, "s"); return err }); err != nil ||
			last != database.MaxSequenceValue {
			t.Fatalf("last number %d, %v", last, err)
		}
		for _, take := range []func(context.Context) error{
			func(ctx context.Context) error { _, err := database.NextInSequence(ctx, "s"); return err },
			func(ctx context.Context) error { _, err := database.ReserveInSequence(ctx, "s", 3); return err },
		} {
			if err := inTx(take); !errors.Is(err, database.ErrSequenceExhausted) {
				t.Fatalf("past the end: %v", err)
			}
		}
		if s := db.Ent.Sequence.Query().OnlyX(ctx); s.LastValue != database.MaxSequenceValue {
			t.Fatalf("sequence moved to %d", s.LastValue)
		}
		// The database refuses it too, whatever code writes.
		_, err = db.SQL.ExecContext(ctx, fmt.Sprintf("UPDATE sequences SET last_value = %d", database.MaxSequenceValue+1))
		if err == nil {
			t.Fatal("the database let a sequence past its end")
		}
		// Other sequences are unaffected.
		if err := inTx(func(ctx context.Context) (err error) { last, err = database.NextInSequence(ctx, "other"); return err }); err != nil || last != 1 {
			t.Fatalf("another sequence: %d %v", last, err)
		}
	})
}
