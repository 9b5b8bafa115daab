package electorate_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/electorate"
	"github.com/omsn/majlis/internal/testdb"
)

// seedRoll inserts n admitted members in bulk, of every category and
// status, each charged the 2026 dues, a quarter of them still unpaid.
func seedRoll(b *testing.B, db *database.DB, n int) {
	b.Helper()
	ctx := context.Background()
	statuses := []member.Status{member.StatusActive, member.StatusActive, member.StatusLapsed, member.StatusSuspended, member.StatusResigned}
	cats := []string{"active", "founding", "honorary", "institutional"}
	start, end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	period := db.Ent.DuesPeriod.Create().SetYear(2026).SetStartsOn(start).SetEndsOn(end).SetCurrency("MAD").
		SetOpenedAt(start).SaveX(ctx)
	const batch = 500 // SQLite allows at most 32,766 variables per statement
	for from := 0; from < n; from += batch {
		bulk := make([]*ent.MemberCreate, 0, batch)
		for i := from; i < min(from+batch, n); i++ {
			bulk = append(bulk, db.Ent.Member.Create().SetStatus(statuses[i%5]).SetCategory(cats[i%4]).
				SetFirstName("Membre").SetLastName(fmt.Sprint(i)).SetEmail(fmt.Sprintf("m%d@example.ma", i)).
				SetNumber(fmt.Sprintf("OMSN-%06d", i+1)).SetJoinedOn(time.Date(2015+i%12, 1, 1, 0, 0, 0, 0, time.UTC)))
		}
		ms, err := db.Ent.Member.CreateBulk(bulk...).Save(ctx)
		if err != nil {
			b.Fatal(err)
		}
		charges := make([]*ent.DuesChargeCreate, len(ms))
		for i, m := range ms {
			c := db.Ent.DuesCharge.Create().SetMemberID(m.ID).SetPeriodID(period.ID).SetCategory(m.Category).
				SetAmount(30000).SetCurrency("MAD").SetCoversFrom(start).SetCoversTo(end).
				SetGraceUntil(start.AddDate(0, 0, 90)).SetCreatedAt(start)
			if i%4 != 0 {
				c.SetStatus(duescharge.StatusPaid).SetPaidAt(start.AddDate(0, 1, 0))
			}
			charges[i] = c
		}
		if err := db.Ent.DuesCharge.CreateBulk(charges...).Exec(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoll100k draws the roll of 100,000 current members (among
// 125,000, a fifth of whom left), on both databases:
//
//	go test -run '^$' -bench Roll ./internal/electorate
func BenchmarkRoll100k(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *database.DB
			if dialect == "sqlite" {
				db = testdb.SQLite(b)
			} else {
				db = testdb.Postgres(b)
			}
			f := setup(b, db)
			const n = 100_000
			seedRoll(b, db, n*5/4)
			// Both databases plan better with statistics; production runs
			// the same (autovacuum on PostgreSQL, PRAGMA optimize on SQLite).
			if _, err := db.SQL.Exec("ANALYZE"); err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				roll, err := f.electorate.Roll(ctx, today, electorate.Rules{})
				if err != nil || len(roll.Members) != n {
					b.Fatalf("%d on the roll, %v", len(roll.Members), err)
				}
			}
		})
	}
}
