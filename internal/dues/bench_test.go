package dues_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/payments/stripetest"
	"github.com/omsn/majlis/internal/testdb"
)

// seedLedger inserts n members and five years of dues, 90% paid, in bulk.
func seedLedger(b *testing.B, f *fixture, n int) {
	b.Helper()
	ctx := context.Background()
	db := f.db.Ent
	const batch = 500 // SQLite takes at most 32,766 values per statement
	cats := []string{"active", "active", "active", "founding", "institutional"}
	amounts := map[string]int64{"active": 30000, "founding": 50000, "institutional": 500000}
	var ids []int
	for start := 0; start < n; start += batch {
		bulk := make([]*ent.MemberCreate, 0, batch)
		for i := start; i < min(start+batch, n); i++ {
			bulk = append(bulk, db.Member.Create().SetNumber(fmt.Sprintf("B-%06d", i)).SetCategory(cats[i%5]).
				SetStatus(member.StatusActive).SetFirstName("Membre").SetLastName(fmt.Sprint(i)).SetJoinedOn(date(2020, 1, 1)))
		}
		ms, err := db.Member.CreateBulk(bulk...).Save(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
	}
	for year := 2022; year <= 2026; year++ {
		start, end := dues.PeriodOf(year)
		p := db.DuesPeriod.Create().SetYear(year).SetStartsOn(start).SetEndsOn(end).SetCurrency("MAD").SaveX(ctx)
		for s := 0; s < len(ids); s += batch {
			charges := make([]*ent.DuesChargeCreate, 0, batch)
			for i := s; i < min(s+batch, len(ids)); i++ {
				cat := cats[i%5]
				c := db.DuesCharge.Create().SetMemberID(ids[i]).SetPeriodID(p.ID).SetCategory(cat).SetAmount(amounts[cat]).
					SetCurrency("MAD").SetCoversFrom(start).SetCoversTo(end).SetGraceUntil(start.AddDate(0, 0, 90))
				if (i*7+year)%10 != 0 {
					paid := start.AddDate(0, 0, i%90)
					c.SetStatus(duescharge.StatusPaid).SetPaidAt(paid).SetPaidMonth(paid.Format("2006-01"))
				}
				charges = append(charges, c)
			}
			cs, err := db.DuesCharge.CreateBulk(charges...).Save(ctx)
			if err != nil {
				b.Fatal(err)
			}
			pays := make([]*ent.PaymentCreate, 0, batch)
			for _, c := range cs {
				if c.Status != duescharge.StatusPaid {
					continue
				}
				pays = append(pays, db.Payment.Create().SetMemberID(c.MemberID).SetChargeID(c.ID).SetKind(payment.KindPayment).
					SetAmount(c.Amount).SetCurrency("MAD").SetMethod(payment.MethodCash).SetReceivedOn(*c.PaidAt).SetMonth(c.PaidAt.Format("2006-01")))
			}
			if err := db.Payment.CreateBulk(pays...).Exec(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := f.svc.RebuildArrears(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := f.db.SQL.Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkTreasurer100k measures the treasurer's dashboard (a period's
// totals per category and per month) and the first page of the arrears
// list, on 100,000 members with five years of dues and payments, on both
// databases: go test -run '^$' -bench Treasurer -benchtime 20x ./internal/dues/
func BenchmarkTreasurer100k(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *database.DB
			if dialect == "sqlite" {
				db = testdb.SQLite(b)
			} else {
				db = testdb.Postgres(b)
			}
			f := setup(b, db)
			seedLedger(b, f, 100_000)
			ctx := context.Background()
			b.Run("dashboard", func(b *testing.B) {
				for range b.N {
					s, err := f.svc.Summarize(ctx, 2026)
					if err != nil || s.Members != 100_000 {
						b.Fatal(s, err)
					}
				}
			})
			for _, sort := range []string{"owed", "name"} {
				b.Run("arrears-by-"+sort, func(b *testing.B) {
					for range b.N {
						list, total, err := f.svc.Arrears(ctx, dues.ArrearsQuery{Sort: sort, Desc: true, PerPage: 50})
						if err != nil || len(list) != 50 || total == 0 {
							b.Fatal(total, err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkWebhook1000 processes 1,000 signed checkout.session.completed
// events, each recording a payment, its numbered receipt and the mail that
// will carry it, one at a time and eight at a time (the provider delivers
// concurrently): go test -run '^$' -bench Webhook -benchtime 1x ./internal/dues/
func BenchmarkWebhook1000(b *testing.B) {
	for _, run := range []struct {
		dialect     string
		concurrency int
	}{{"sqlite", 1}, {"sqlite", 8}, {"postgres", 1}, {"postgres", 8}} {
		dialect := run.dialect
		b.Run(fmt.Sprintf("%s/concurrency-%d", dialect, run.concurrency), func(b *testing.B) {
			for range b.N {
				var db *database.DB
				if dialect == "sqlite" {
					db = testdb.SQLite(b)
				} else {
					db = testdb.Postgres(b)
				}
				f := setup(b, db)
				online(b, f, "http://127.0.0.1:1") // events only: the API is never called
				ctx := context.Background()
				ms := make([]*ent.Member, 1000)
				for i := range ms {
					ms[i] = f.member(b, "active", member.StatusActive, date(2023, 1, 10))
				}
				f.svc.OpenPeriod(ctx, 2026, 0)
				type event struct {
					payload []byte
					sig     string
				}
				events := make([]event, len(ms))
				for i, m := range ms {
					c := f.chargeOf(b, m)
					session := fmt.Sprintf("cs_bench_%d", i)
					db.Ent.Checkout.Create().SetProvider("stripe").SetSessionID(session).SetChargeID(c.ID).SetMemberID(m.ID).
						SetAmount(c.Amount).SetCurrency(c.Currency).SaveX(ctx)
					events[i].payload, events[i].sig = stripetest.SignedEvent(b, webhookSecret, "checkout.session.completed",
						stripetest.CheckoutCompleted(session, "", c.Amount, c.Currency))
				}
				start := time.Now()
				next := make(chan event)
				var wg sync.WaitGroup
				for range run.concurrency {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for e := range next {
							if _, err := f.svc.HandleWebhook(ctx, e.payload, e.sig); err != nil {
								b.Error(err)
							}
						}
					}()
				}
				for _, e := range events {
					next <- e
				}
				close(next)
				wg.Wait()
				elapsed := time.Since(start)
				if n := db.Ent.Payment.Query().CountX(ctx); n != 1000 {
					b.Fatalf("%d payments", n)
				}
				b.ReportMetric(elapsed.Seconds(), "s/1000-events")
			}
		})
	}
}
