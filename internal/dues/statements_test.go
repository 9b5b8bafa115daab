package dues_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/payments/stripetest"
	"github.com/omsn/majlis/internal/testdb"
)

// countingDriver counts the statements sent to the database, BEGIN and
// COMMIT included: each is at least one round trip.
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

// BenchmarkPaymentEventStatements reports how many statements (round trips
// at least) one checkout.session.completed event costs, BEGIN and COMMIT
// included, and its time (ns/op), one event at a time, on both databases:
//
//	go test -run '^$' -bench PaymentEventStatements -benchtime 200x ./internal/dues/
func BenchmarkPaymentEventStatements(b *testing.B) {
	for _, dialectName := range []string{"sqlite", "postgres"} {
		b.Run(dialectName, func(b *testing.B) {
			var db *database.DB
			if dialectName == "sqlite" {
				db = testdb.SQLite(b)
			} else {
				db = testdb.Postgres(b)
			}
			var n atomic.Int64
			counted := &database.DB{Target: db.Target, SQL: db.SQL,
				Ent: ent.NewClient(ent.Driver(countingDriver{entsql.OpenDB(string(db.Target.Dialect), db.SQL), &n}))}
			f := setup(b, counted)
			online(b, f, "http://127.0.0.1:1") // events only: the API is never called
			ctx := context.Background()
			ms := make([]*ent.Member, b.N)
			for i := range ms {
				ms[i] = f.member(b, "active", member.StatusActive, date(2023, 1, 10))
			}
			f.svc.OpenPeriod(ctx, 2026, 0)
			payloads, sigs := make([][]byte, b.N), make([]string, b.N)
			for i, m := range ms {
				c := f.chargeOf(b, m)
				session := fmt.Sprintf("cs_count_%d", i)
				counted.Ent.Checkout.Create().SetProvider("stripe").SetSessionID(session).SetChargeID(c.ID).SetMemberID(m.ID).
					SetAmount(c.Amount).SetCurrency(c.Currency).SaveX(ctx)
				payloads[i], sigs[i] = stripetest.SignedEvent(b, webhookSecret, "checkout.session.completed",
					stripetest.CheckoutCompleted(session, "", c.Amount, c.Currency))
			}
			n.Store(0)
			b.ResetTimer()
			for i := range b.N {
				if _, err := f.svc.HandleWebhook(ctx, payloads[i], sigs[i]); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(n.Load())/float64(b.N), "statements/event")
			if got := counted.Ent.Payment.Query().CountX(ctx); got != b.N {
				b.Fatalf("%d payments", got)
			}
		})
	}
}
