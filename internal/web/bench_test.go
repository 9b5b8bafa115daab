package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

// Handler cost of the most visited pages, without the network: run with
// `make bench`. The server-level figures (start time, memory, requests per
// second over HTTP) come from scripts/bench-server.sh.
func BenchmarkPages(b *testing.B) {
	env := apptest.New(b, testdb.SQLite(b), nil)
	signedIn := env.Client(b)
	signedIn.SignIn(demo.AdminEmail, demo.AdminPassword)
	cases := []struct {
		name, path string
		client     *apptest.Client
	}{
		{"home/visitor", "/", env.Client(b)},
		{"sign-in/visitor", "/sign-in", env.Client(b)},
		{"home/signed-in", "/", signedIn},
		{"account/signed-in", "/account", signedIn},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			c.client.Get(c.path) // set the CSRF cookie once, as a browser would
			req := httptest.NewRequest("GET", c.path, nil)
			for _, ck := range []string{"majlis_csrf", "majlis_session"} {
				if v := c.client.Cookie(ck); v != "" {
					req.Header.Add("Cookie", ck+"="+v)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := env.Server.App().Test(req.Clone(req.Context()), -1)
				if err != nil || res.StatusCode != 200 {
					b.Fatalf("%s: %v %v", c.path, err, res.StatusCode)
				}
				res.Body.Close()
			}
		})
	}
}

// BenchmarkRosterPage100k measures the roster pages the board opens most,
// whole (query, count, rendering), on 100,000 members, on both databases:
// go test -run '^$' -bench RosterPage -benchtime 20x ./internal/web/
func BenchmarkRosterPage100k(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *database.DB
			if dialect == "sqlite" {
				db = testdb.SQLite(b)
			} else {
				db = testdb.Postgres(b)
			}
			env := apptest.New(b, db, nil)
			seedRoster(b, db, 100_000)
			if _, err := db.SQL.Exec("ANALYZE"); err != nil {
				b.Fatal(err)
			}
			c := env.Client(b)
			c.SignIn("salma.idrissi@omsn.example", demo.AdminPassword) // the secretary general
			for _, p := range []struct{ name, path string }{
				{"first-page", "/board/members"},
				{"name-search", "/board/members?q=chraibi42"},
				{"filtered-page", "/board/members?status=active&category=founding&year=2020&page=3"},
				{"deep-page", "/board/members?page=200"},
				{"arabic-first-page", "/board/members"},
			} {
				b.Run(p.name, func(b *testing.B) {
					req := httptest.NewRequest("GET", p.path, nil)
					for _, ck := range []string{"majlis_csrf", "majlis_session"} {
						if v := c.Cookie(ck); v != "" {
							req.Header.Add("Cookie", ck+"="+v)
						}
					}
					if p.name == "arabic-first-page" {
						req.Header.Add("Cookie", "majlis_lang=ar")
					}
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						res, err := env.Server.App().Test(req.Clone(req.Context()), -1)
						if err != nil || res.StatusCode != 200 {
							b.Fatalf("%s: %v %v", p.path, err, res.StatusCode)
						}
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
					}
				})
			}
		})
	}
}

// seedRoster inserts n admitted members in bulk, as an old roster would
// hold them: people and organisations, Latin and Arabic names.
func seedRoster(b *testing.B, db *database.DB, n int) {
	b.Helper()
	ctx := context.Background()
	statuses := []member.Status{member.StatusActive, member.StatusActive, member.StatusLapsed, member.StatusSuspended, member.StatusResigned}
	cats := []string{"active", "founding", "honorary", "institutional"}
	first := []string{"Amina", "Omar", "Hajar", "Mehdi", "Khadija", "Anas", "Imane", "Reda", "Élodie", "محمد"}
	last := []string{"Bennani", "El Fassi", "Aït Amrani", "Berrada", "Kettani", "Lahlou", "Chraïbi", "Tahiri", "العلوي", "Jebli"}
	const batch = 500
	for start := 0; start < n; start += batch {
		bulk := make([]*ent.MemberCreate, 0, batch)
		for i := start; i < min(start+batch, n); i++ {
			f, l := first[i%10], last[(i/10)%10]+fmt.Sprint(i/100)
			num := members.FormatNumber("BULK-", int64(i+1))
			email := fmt.Sprintf("m%d@example.ma", i)
			m := db.Ent.Member.Create().SetStatus(statuses[i%5]).SetCategory(cats[i%4]).SetEmail(email).SetNumber(num).
				SetApplication(member.ApplicationApproved).SetJoinedOn(time.Date(2015+i%10, 1, 1, 0, 0, 0, 0, time.UTC))
			if i%50 == 7 {
				m.SetKind(member.KindOrganisation).SetOrganisationName("Association " + l).SetRepresentativeName(f)
			} else {
				m.SetFirstName(f).SetLastName(l)
			}
			bulk = append(bulk, members.Listed(m))
		}
		if err := db.Ent.Member.CreateBulk(bulk...).Exec(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
