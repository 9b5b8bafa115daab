package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

// The directory shows names, cities and professions: its search matches
// those, never the emails or member numbers it hides.
func TestTheDirectorySearchMatchesOnlyWhatTheDirectoryShows(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		c := env.Client(t)
		c.SignIn(plainMember, demo.AdminPassword)
		listed := func(q string) int {
			r := c.Get("/directory?q=" + url.QueryEscape(q))
			if r.Status != http.StatusOK {
				t.Fatalf("search %q: %d", q, r.Status)
			}
			body := r.Body[strings.Index(r.Body, `id="directory"`):]
			return strings.Count(body, "<tr>") - 1 // the header row
		}
		shown := db.Ent.Member.Query().Where(member.ConsentDirectory(true), member.StatusEQ(member.StatusActive),
			member.KindEQ(member.KindPerson), member.CityNEQ(""), member.NumberNotNil()).FirstX(ctx)
		domain := shown.Email[strings.LastIndexByte(shown.Email, '@')+1:]
		if n := listed(domain); n != 0 {
			t.Errorf("searching the email domain %q lists %d members", domain, n)
		}
		if n := listed(*shown.Number); n != 0 {
			t.Errorf("searching a member number lists %d members", n)
		}
		for _, q := range []string{shown.LastName, shown.City} {
			if n := listed(q); n == 0 {
				t.Errorf("searching %q, which the directory shows, lists nobody", q)
			}
		}
	})
}
