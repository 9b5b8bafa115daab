package testdb

import (
	"context"
	"sync/atomic"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/database"
)

// Counting returns db with an Ent client that counts, in the counter it
// also returns, every statement it sends, BEGIN and COMMIT included: each
// is at least one round trip. Tests use it to hold a use case to a fixed
// number of statements, whatever the number of rows.
func Counting(db *database.DB) (*database.DB, *atomic.Int64) {
	n := new(atomic.Int64)
	drv := countingDriver{entsql.OpenDB(string(db.Target.Dialect), db.SQL), n}
	return &database.DB{Target: db.Target, SQL: db.SQL, Ent: ent.NewClient(ent.Driver(drv))}, n
}

type countingDriver struct {
	dialect.Driver
	n *atomic.Int64
}

func (d countingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Query(ctx, query, args, v)
}

func (d countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	d.n.Add(1)
	tx, err := d.Driver.Tx(ctx)
	return countingTx{tx, d.n}, err
}

type countingTx struct {
	dialect.Tx
	n *atomic.Int64
}

func (t countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.n.Add(1)
	return t.Tx.Query(ctx, query, args, v)
}

func (t countingTx) Commit() error {
	t.n.Add(1)
	return t.Tx.Commit()
}
