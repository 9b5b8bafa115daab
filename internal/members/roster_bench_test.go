package members_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

// seedMany inserts n admitted members in bulk.
func seedMany(b *testing.B, db *database.DB, n int) {
	b.Helper()
	ctx := context.Background()
	statuses := []member.Status{member.StatusActive, member.StatusActive, member.StatusLapsed, member.StatusSuspended, member.StatusResigned}
	cats := []string{"active", "founding", "honorary", "institutional"}
	first := []string{"Amina", "Omar", "Hajar", "Mehdi", "Khadija", "Anas", "Imane", "Reda", "Élodie", "محمد"}
	last := []string{"Bennani", "El Fassi", "Amrani", "Berrada", "Kettani", "Lahlou", "Chraïbi", "Tahiri", "العلوي", "Jebli"}
	const batch = 500 // SQLite allows at most 32,766 variables per statement
	for start := 0; start < n; start += batch {
		bulk := make([]*ent.MemberCreate, 0, batch)
		for i := start; i < min(start+batch, n); i++ {
			f, l := first[i%10], last[(i/10)%10]+fmt.Sprint(i/100)
			num := members.FormatNumber("OMSN-", int64(i+1))
			email := fmt.Sprintf("m%d@example.ma", i)
			bulk = append(bulk, members.Listed(db.Ent.Member.Create().SetStatus(statuses[i%5]).SetCategory(cats[i%4]).
				SetFirstName(f).SetLastName(l).SetEmail(email).SetNumber(num).
				SetJoinedOn(time.Date(2015+i%10, 1, 1, 0, 0, 0, 0, time.UTC))))
		}
		if err := db.Ent.Member.CreateBulk(bulk...).Exec(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoster100k measures the roster queries the board uses most, on
// 100,000 members, on both databases: go test -run '^$' -bench Roster ./internal/members/
func BenchmarkRoster100k(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *database.DB
			if dialect == "sqlite" {
				db = testdb.SQLite(b)
			} else {
				db = testdb.Postgres(b)
			}
			seedMany(b, db, 100_000)
			// Both databases plan better with statistics; production runs
			// the same (autovacuum on PostgreSQL, PRAGMA optimize on SQLite).
			if _, err := db.SQL.Exec("ANALYZE"); err != nil {
				b.Fatal(err)
			}
			s := members.NewService(db.Ent, nil, omsnCategories)
			queries := map[string]members.RosterQuery{
				"first-page":     {},
				"name-search":    {Search: "chraibi42"},
				"filtered-page":  {Status: []members.Status{members.Active}, Category: "active", JoinedYear: 2020, Page: 3},
				"sorted-by-join": {Sort: "joined", Desc: true, Page: 200},
				// A filter that matches (the one above matches nobody:
				// category "active" and 2020 never meet in this roster).
				"filtered-founding": {Status: []members.Status{members.Active}, Category: "founding", JoinedYear: 2020, Page: 3},
				"arabic-name-page":  {Lang: "ar", Page: 200},
			}
			for name, q := range queries {
				b.Run(name, func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						if _, err := s.Roster(context.Background(), q); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkRosterExport100k walks 100,000 members in roster order and
// writes them as CSV, as the roster export does, on both databases:
// go test -run '^$' -bench RosterExport -benchtime 1x ./internal/members/
func BenchmarkRosterExport100k(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *database.DB
			if dialect == "sqlite" {
				db = testdb.SQLite(b)
			} else {
				db = testdb.Postgres(b)
			}
			seedMany(b, db, 100_000)
			s := members.NewService(db.Ent, nil, omsnCategories)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w := csv.NewWriter(io.Discard)
				rows := 0
				err := s.EachInRoster(context.Background(), members.RosterQuery{}, func(m *ent.Member) error {
					rows++
					return w.Write([]string{*m.Number, string(m.Kind), m.LastName, m.FirstName, m.OrganisationName,
						m.RepresentativeName, m.Email, m.Phone, m.City, m.Category, string(m.Status), m.JoinedOn.Format("2006-01-02")})
				})
				w.Flush()
				if err != nil || rows != 100_000 {
					b.Fatalf("%d rows, %v", rows, err)
				}
			}
		})
	}
}
