package dues_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/payments/stripetest"
	"github.com/omsn/majlis/internal/testdb"
)

// paymentEvents prepares n members owing their 2026 dues, each with an open
// payment page and the signed event that completes it, on a client that
// counts its statements in *count.
func paymentEvents(tb testing.TB, dialectName string, n int) (f *fixture, count *atomic.Int64, payloads [][]byte, sigs []string) {
	var db *database.DB
	if dialectName == "sqlite" {
		db = testdb.SQLite(tb)
	} else {
		db = testdb.Postgres(tb)
	}
	counted, count := testdb.Counting(db)
	f = setup(tb, counted)
	online(tb, f, "http://127.0.0.1:1") // events only: the API is never called
	ctx := context.Background()
	ms := make([]*ent.Member, n)
	for i := range ms {
		ms[i] = f.member(tb, "active", member.StatusActive, date(2023, 1, 10))
	}
	f.svc.OpenPeriod(ctx, 2026, 0)
	payloads, sigs = make([][]byte, n), make([]string, n)
	for i, m := range ms {
		c := f.chargeOf(tb, m)
		session := fmt.Sprintf("cs_count_%d", i)
		counted.Ent.Checkout.Create().SetProvider("stripe").SetSessionID(session).SetChargeID(c.ID).SetMemberID(m.ID).
			SetAmount(c.Amount).SetCurrency(c.Currency).SaveX(ctx)
		payloads[i], sigs[i] = stripetest.SignedEvent(tb, webhookSecret, "checkout.session.completed",
			stripetest.CheckoutCompleted(session, "", c.Amount, c.Currency))
	}
	count.Store(0)
	return f, count, payloads, sigs
}

// maxStatementsPerEvent is what one payment event may cost, BEGIN and
// COMMIT included: each statement is a round trip, and their number is
// what bounds the events processed per second on PostgreSQL.
const maxStatementsPerEvent = 14

func TestAPaymentEventTakesAFixedSmallNumberOfStatements(t *testing.T) {
	for _, dialectName := range []string{"sqlite", "postgres"} {
		t.Run(dialectName, func(t *testing.T) {
			const n = 5
			f, count, payloads, sigs := paymentEvents(t, dialectName, n)
			for i := range n {
				if _, err := f.svc.HandleWebhook(context.Background(), payloads[i], sigs[i]); err != nil {
					t.Fatal(err)
				}
			}
			if per := count.Load() / n; per > maxStatementsPerEvent {
				t.Fatalf("%d statements per payment event, at most %d expected", per, maxStatementsPerEvent)
			}
		})
	}
}

// BenchmarkPaymentEventStatements reports how many statements (round trips
// at least) one checkout.session.completed event costs, BEGIN and COMMIT
// included, and its time (ns/op), one event at a time, on both databases:
//
//	go test -run '^$' -bench PaymentEventStatements -benchtime 200x ./internal/dues/
func BenchmarkPaymentEventStatements(b *testing.B) {
	for _, dialectName := range []string{"sqlite", "postgres"} {
		b.Run(dialectName, func(b *testing.B) {
			f, count, payloads, sigs := paymentEvents(b, dialectName, b.N)
			ctx := context.Background()
			b.ResetTimer()
			for i := range b.N {
				if _, err := f.svc.HandleWebhook(ctx, payloads[i], sigs[i]); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(count.Load())/float64(b.N), "statements/event")
			if got := f.db.Ent.Payment.Query().CountX(ctx); got != b.N {
				b.Fatalf("%d payments", got)
			}
		})
	}
}
