package database

import (
	"context"

	"github.com/omsn/majlis/ent"
)

// WithTx runs fn in a transaction: committed if fn returns nil, rolled back
// if it returns an error or panics, so nothing is ever half-written.
//
// If ctx carries a transaction (ent.NewTxContext), fn joins it instead, and
// the caller that opened it commits or rolls back: this lets one use case
// call others (the demo seed calls the statutes service) all or nothing.
func WithTx(ctx context.Context, db *ent.Client, fn func(*ent.Tx) error) error {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return fn(tx)
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
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
