package database

import (
	"context"
	"errors"

	"github.com/omsn/majlis/ent"
)

// A use case reads and writes through one accessor, Client, so that
// everything it does lands in the transaction it runs in, if any:
//
//	func (s *Service) Do(ctx context.Context, in Input) error {
//		return database.WithTx(ctx, s.db, func(ctx context.Context) error {
//			db := database.Client(ctx, s.db)
//			... db.Member.Query() ...
//			return s.Other.Do(ctx, ...) // joins the transaction
//		})
//	}
//
// The transaction travels in the context (ent.NewTxContext), never as a
// parameter: helpers and other services take ctx and call Client
// themselves, so a service called inside another's transaction joins it
// without knowing, and a read cannot slip past an open transaction by
// using the plain client. Nothing else in the code looks the transaction
// up in the context or hands a transaction's client around: services are
// built on the plain client, and a free helper that needs one takes the
// plain client and calls Client itself.
//
// A few writes use the plain client on purpose, because they must land
// beside any transaction, not in it, and each says so where it is: the
// job worker's leases and outcomes, an import's progress (read while the
// import's transaction runs), the sign-in throttle's failures (which a
// rollback must not erase), and the reads that explain a unique-index
// refusal after the transaction is over.

// ErrNoTx says a function that must run inside a transaction (the sequence
// helpers, whose row lock lasts until the transaction ends) was called
// with a context that carries none.
var ErrNoTx = errors.New("database: no transaction in context")

// WithTx runs fn in a transaction and passes it a context carrying the
// transaction: committed if fn returns nil, rolled back if it returns an
// error or panics, so nothing is ever half-written.
//
// If ctx carries a transaction already, fn joins it instead, and the
// caller that opened it commits or rolls back: this lets one use case
// call others (the demo seed calls the statutes service) all or nothing.
func WithTx(ctx context.Context, db *ent.Client, fn func(ctx context.Context) error) error {
	if ent.TxFromContext(ctx) != nil {
		return fn(ctx)
	}
	tx, err := db.Tx(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(ent.NewTxContext(ctx, tx)); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Client is the client a use case reads and writes through: the client of
// the transaction ctx carries (opened by WithTx), else db. Ent builds a
// transaction's client once, so calling Client often costs nothing.
func Client(ctx context.Context, db *ent.Client) *ent.Client {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return db
}

// txClient is the client of the transaction ctx carries, or ErrNoTx: for
// work that is only correct inside a transaction.
func txClient(ctx context.Context) (*ent.Client, error) {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client(), nil
	}
	return nil, ErrNoTx
}
