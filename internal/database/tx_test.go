package database_test

import (
	"context"
	"errors"
	"testing"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

// users is a service written the way every service is: its use case opens
// (or joins) a transaction and reads and writes through database.Client.
type users struct{ db *ent.Client }

func (s users) register(ctx context.Context, email string) error {
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		return db.User.Create().SetEmail(email).SetPasswordHash("x").Exec(ctx)
	})
}

func TestANestedUseCaseJoinsTheOuterTransactionAndRollsBackWithIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := users{db: db.Ent}
		refused := errors.New("refused after both writes")
		err := database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			if err := svc.register(ctx, "outer@example.ma"); err != nil {
				return err
			}
			if err := svc.register(ctx, "inner@example.ma"); err != nil {
				return err
			}
			// Inside, both writes are visible through the transaction's
			// client, and the nested calls did not commit them.
			if n := database.Client(ctx, db.Ent).User.Query().CountX(ctx); n != 2 {
				t.Errorf("inside the transaction: %d users, want 2", n)
			}
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatalf("WithTx returned %v", err)
		}
		if n := db.Ent.User.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d users left after the outer transaction rolled back", n)
		}
		// Alone, the same use case commits its own transaction.
		if err := svc.register(ctx, "alone@example.ma"); err != nil {
			t.Fatal(err)
		}
		if n := db.Ent.User.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d users after a committed use case, want 1", n)
		}
	})
}

func TestClientIsTheTransactionsInsideWithTxAndThePlainClientOutside(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		if got := database.Client(ctx, db.Ent); got != db.Ent {
			t.Fatal("outside a transaction, Client must be the plain client")
		}
		err := database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			tx := ent.TxFromContext(ctx)
			if tx == nil {
				t.Fatal("WithTx must pass a context carrying its transaction")
			}
			if got := database.Client(ctx, db.Ent); got != tx.Client() || got == db.Ent {
				t.Error("inside WithTx, Client must be the transaction's client")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestSequencesRefuseToRunOutsideATransaction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		if _, err := database.NextInSequence(ctx, "s"); !errors.Is(err, database.ErrNoTx) {
			t.Fatalf("NextInSequence outside a transaction: %v", err)
		}
		if err := database.RaiseSequence(ctx, "s", 5); !errors.Is(err, database.ErrNoTx) {
			t.Fatalf("RaiseSequence outside a transaction: %v", err)
		}
		if n := db.Ent.Sequence.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d sequences written outside a transaction", n)
		}
	})
}
