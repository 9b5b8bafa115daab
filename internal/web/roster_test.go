package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

func TestOnlyTheBoardReadsTheRoster(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		for who, want := range map[string]int{
			"nadia.chraibi@omsn.example":  http.StatusForbidden, // a member
			demo.AdminEmail:               http.StatusForbidden, // the administrator is not the board
			"youssef.benali@omsn.example": http.StatusOK,        // the treasurer
			secretaryGeneral:              http.StatusOK,
		} {
			c := env.Client(t)
			c.SignIn(who, demo.AdminPassword)
			for _, path := range []string{"/board/members", "/board/members.csv"} {
				if r := c.Get(path); r.Status != want {
					t.Errorf("%s GET %s: %d, want %d", who, path, r.Status, want)
				}
			}
		}
	})
}

var rosterCount = regexp.MustCompile(`id="roster-count">(\d+) membre`)

func TestTheRosterSearchesAndFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.SignIn(secretaryGeneral, demo.AdminPassword)
		count := func(query string) string {
			r := c.Get("/board/members?" + query)
			m := rosterCount.FindStringSubmatch(r.Body)
			if r.Status != http.StatusOK || m == nil {
				t.Fatalf("%s: %d", query, r.Status)
			}
			return m[1]
		}
		all := count("")
		if count("q=IDRISSI") != "1" || count("q=idrissi+salma") != "1" {
			t.Error("search by name")
		}
		if count("status=excluded") == all || count("status=excluded") == "0" {
			t.Error("status filter")
		}
		if count("category=institutional") != "4" {
			t.Errorf("category filter: %s", count("category=institutional"))
		}
	})
}

func TestTheRosterExportsAsCSVThatSpreadsheetsRead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.SignIn(secretaryGeneral, demo.AdminPassword)
		r := c.Get("/board/members.csv?category=institutional&sort=number")
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%d %s", r.Status, r.Header.Get("Content-Type"))
		}
		if !strings.HasPrefix(r.Body, "\ufeff") {
			t.Fatal("no UTF-8 byte-order mark: Excel would garble accents")
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 || rows[0][0] != "number" || rows[1][4] == "" || rows[1][9] != "institutional" {
			t.Fatalf("rows: %v", rows)
		}
	})
}

func TestAnExclusionNeedsAHearingAndADecisionAndIsRecorded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		m, err := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusActive), member.UserIDIsNil()).First(ctx)
		if err != nil {
			t.Fatal(err)
		}
		path := "/board/members/" + itoa(m.ID)
		plain := env.Client(t)
		plain.SignIn("nadia.chraibi@omsn.example", demo.AdminPassword)
		if r := plain.Post(path+"/status", url.Values{"to": {"suspended"}, "reason": {"x"}}); r.Status != http.StatusForbidden {
			t.Fatalf("a plain member changed a status: %d", r.Status)
		}
		c := env.Client(t)
		c.SignIn(secretaryGeneral, demo.AdminPassword)
		r := c.Post(path+"/status", url.Values{"to": {"excluded"}, "reason": {"Manquement grave"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="heard_on-error"`) || !strings.Contains(r.Body, `id="reference-error"`) {
			t.Fatalf("exclusion without hearing: %d", r.Status)
		}
		r = c.Post(path+"/status", url.Values{"to": {"excluded"}, "reason": {"Manquement grave"},
			"reference": {"Bureau du 20 novembre 2026"}, "heard_on": {"2026-11-10"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("exclusion: %d", r.Status)
		}
		page := c.Get(path)
		if !strings.Contains(page.Body, `id="member-status">Exclu<`) || !strings.Contains(page.Body, "2026-11-10") {
			t.Fatal("the member page does not show the exclusion and the hearing date")
		}
	})
}

func TestTheBoardErasesAFormerMembersPersonalData(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		gone := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusResigned)).FirstX(ctx)
		active := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusActive), member.UserIDIsNil()).FirstX(ctx)
		c := env.Client(t)
		c.SignIn(secretaryGeneral, demo.AdminPassword)
		if r := c.Post("/board/members/"+itoa(active.ID)+"/anonymise", url.Values{"reason": {"x"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("erasing an active member: %d", r.Status)
		}
		if r := c.Post("/board/members/"+itoa(gone.ID)+"/anonymise", url.Values{"reason": {"Demande écrite du 3 novembre"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("erase: %d", r.Status)
		}
		after := db.Ent.Member.GetX(ctx, gone.ID)
		if after.Email != "" || after.Number == nil || *after.Number != *gone.Number {
			t.Fatalf("after erasure: email %q number %v", after.Email, after.Number)
		}
	})
}
