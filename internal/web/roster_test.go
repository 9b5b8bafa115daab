package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/members"
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

var rosterCount = regexp.MustCompile(`id="roster-count">([\d\x{202F}]+) membre`)

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
		// Good standing follows the arrears list: behind + in good standing
		// make up the whole roster, and "behind" is exactly the arrears.
		behind, good := count("standing=behind"), count("standing=good")
		arrears := db.Ent.Arrear.Query().CountX(t.Context())
		if behind != itoa(arrears) || arrears == 0 {
			t.Errorf("standing=behind lists %s members; the arrears list has %d", behind, arrears)
		}
		if b, g, a := atoi(behind), atoi(good), atoi(all); b+g != a {
			t.Errorf("behind %d + good %d != all %d", b, g, a)
		}
	})
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

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
		// Salma reads French: ";" between fields, headers and categories in words.
		rows := readCSV(t, r.Body, ';')
		if len(rows) != 5 || rows[0][0] != plain("fr", "membership.number") || rows[1][4] == "" || rows[1][9] != "Membre institutionnel" {
			t.Fatalf("rows: %v", rows)
		}
	})
}

func TestAnExclusionNeedsAHearingAndADecisionAndIsRecorded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		// A member who holds no office (an officer's case is in powers_test.go).
		m, err := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusActive), member.UserIDIsNil(), member.Not(member.HasMandates())).First(ctx)
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
		if !strings.Contains(page.Body, `id="member-status">Exclu<`) || !strings.Contains(page.Body, "10 novembre 2026") {
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
		if r := c.Post("/board/members/"+itoa(gone.ID)+"/anonymise", url.Values{"reason": {"Demande écrite du 3 novembre"}, "confirmed": {"yes"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("erase: %d", r.Status)
		}
		after := db.Ent.Member.GetX(ctx, gone.ID)
		if after.Email != "" || after.Number == nil || *after.Number != *gone.Number {
			t.Fatalf("after erasure: email %q number %v", after.Email, after.Number)
		}
	})
}

func TestTheBoardCompletesAMembersIdentityForTheDeclaration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		m := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(ctx)
		// The form posts every field, prefilled with the current values.
		form := url.Values{"first_name": {m.FirstName}, "last_name": {m.LastName}, "email": {m.Email}, "city": {m.City}, "phone": {m.Phone}, "address": {m.Address},
			"nationality": {"Marocaine"}, "birth_date": {"1988-04-12"}, "birth_place": {"Fès"}, "profession": {"Ingénieure"},
			"identity_reason": {"Fiche complétée pour la déclaration"}}
		member := env.Client(t)
		member.SignIn(plainMember, demo.AdminPassword)
		if r := member.Post("/board/members/"+itoa(m.ID)+"/identity", form); r.Status != http.StatusForbidden {
			t.Fatalf("a member edits the roster: %d", r.Status)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("birth_date", "2090-01-01")
		bad.Set("email", "not-an-email")
		bad.Set("identity_reason", "")
		r := sg.Post("/board/members/"+itoa(m.ID)+"/identity", bad)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="id-birth_date-error"`) ||
			!strings.Contains(r.Body, `id="id-email-error"`) || !strings.Contains(r.Body, `id="identity_reason-error"`) {
			t.Fatalf("invalid identity: %d", r.Status)
		}
		if got := db.Ent.Member.GetX(ctx, m.ID); got.Nationality != "" || got.Email != m.Email {
			t.Fatal("a refused form changed the member")
		}
		if r := sg.Post("/board/members/"+itoa(m.ID)+"/identity", form); r.Status != http.StatusSeeOther {
			t.Fatalf("save: %d", r.Status)
		}
		got := db.Ent.Member.GetX(ctx, m.ID)
		if got.Nationality != "Marocaine" || got.BirthDate == nil || got.BirthDate.Format("2006-01-02") != "1988-04-12" || got.BirthPlace != "Fès" {
			t.Fatalf("saved: %+v", got)
		}
		last := db.Ent.MemberEvent.Query().Where(memberevent.MemberID(m.ID)).Order(ent.Desc(memberevent.FieldID)).FirstX(ctx)
		if last.Kind != "identity_updated" || !strings.Contains(last.Reason, "birth_date, birth_place, nationality, profession") {
			t.Fatalf("history: %s %q", last.Kind, last.Reason)
		}
	})
}

func TestTheBoardChangesTheCategoryOfTickedMembersAndExportsThem(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		picked := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusActive), member.Category("active")).
			Order(ent.Asc(member.FieldID)).Limit(3).AllX(ctx)
		form := url.Values{"category_to": {"founding"}, "reason": {"Membres fondateurs oubliés"}, "reference": {"Bureau du 1er novembre"}}
		for _, m := range picked {
			form.Add("id", strconv.Itoa(m.ID))
		}

		plain := env.Client(t)
		plain.SignIn(plainMember, demo.AdminPassword)
		for _, path := range []string{"/board/members/bulk/category", "/board/members/bulk/export"} {
			if r := plain.Post(path, form); r.Status != http.StatusForbidden {
				t.Fatalf("a member posts %s: %d", path, r.Status)
			}
		}

		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		page := sg.Get("/board/members")
		if !strings.Contains(page.Body, `data-select-all="id"`) || !strings.Contains(page.Body, `formaction="/board/members/bulk/export`) {
			t.Fatal("the roster offers no bulk actions")
		}
		// The category column names categories, not codes.
		if !strings.Contains(page.Body, "<td>Membre actif</td>") {
			t.Error("the roster shows category codes instead of their names")
		}

		// Export the selection: exactly the ticked members.
		r := sg.Post("/board/members/bulk/export", form)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("export selection: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		rows := readCSV(t, r.Body, ';')
		if len(rows) != 1+len(picked) {
			t.Fatalf("export: %d rows", len(rows))
		}
		numbers := map[string]bool{}
		for _, row := range rows[1:] {
			numbers[row[0]] = true
		}
		for _, m := range picked {
			if !numbers[*m.Number] {
				t.Errorf("member %s missing from the export", *m.Number)
			}
		}

		// A mistake re-renders the roster with the ticks kept and nothing changed.
		bad := url.Values{"category_to": {"patron"}, "id": form["id"]}
		r = sg.Post("/board/members/bulk/category?status=active", bad)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="category_to-error"`) ||
			!strings.Contains(r.Body, `id="bulk-reason-error"`) ||
			!strings.Contains(r.Body, fmt.Sprintf(`value="%d" id="select-%d" checked`, picked[0].ID, picked[0].ID)) {
			t.Fatalf("invalid bulk change: %d", r.Status)
		}
		if r := sg.Post("/board/members/bulk/export", url.Values{}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, `id="ids-error"`) {
			t.Fatalf("export of nothing: %d", r.Status)
		}

		// The form carries the roster's filter, and the answer keeps it.
		filtered := sg.Get("/board/members?status=active&category=active")
		action := regexp.MustCompile(`<form id="bulk" method="post" action="([^"]+)"`).FindStringSubmatch(filtered.Body)
		if action == nil {
			t.Fatal("no bulk form on the filtered roster")
		}
		target := html.UnescapeString(action[1])
		if target != "/board/members/bulk/category?category=active&status=active&page=1" {
			t.Fatalf("the bulk form posts to %q: the filter is lost", target)
		}
		if !strings.Contains(filtered.Body, `href="/board/members.csv?category=active&amp;status=active"`) {
			t.Error("the export link loses the filter")
		}
		r = sg.Post(target, form)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/board/members?category=active&status=active&page=1" {
			t.Fatalf("bulk change: %d → %s", r.Status, r.Header.Get("Location"))
		}
		for _, m := range picked {
			if got := db.Ent.Member.GetX(ctx, m.ID); got.Category != "founding" {
				t.Errorf("member %d is still %s", m.ID, got.Category)
			}
			if n := db.Ent.MemberEvent.Query().Where(memberevent.MemberID(m.ID), memberevent.Kind("category_changed")).CountX(ctx); n != 1 {
				t.Errorf("member %d has %d category entries in their history", m.ID, n)
			}
		}
		if p := sg.Get(fmt.Sprintf("/board/members/%d", picked[0].ID)); !strings.Contains(p.Body, `id="member-category">Membre fondateur<`) {
			t.Error("the member's page does not name the new category")
		}
	})
}

func TestAnAnonymisedMembersPageNamesThemByNumberAndOffersNothingToEdit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		gone := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusResigned)).FirstX(ctx)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		path := "/board/members/" + itoa(gone.ID)
		if before := sg.Get(path); !strings.Contains(before.Body, `action="`+path+`/identity"`) {
			t.Fatal("before erasure the page offers no identity form (the test would prove nothing)")
		}
		if r := sg.Post(path+"/anonymise", url.Values{"reason": {"Demande écrite"}, "confirmed": {"yes"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("erase: %d", r.Status)
		}
		for _, lang := range languages {
			sg.Post("/language", url.Values{"lang": {lang}})
			page := sg.Get(path)
			if page.Status != http.StatusOK {
				t.Fatalf("%s: %d", lang, page.Status)
			}
			title := html.EscapeString(text(lang, "member.anonymised_name", "Number", *gone.Number))
			if !strings.Contains(page.Body, `<h1 id="member-name">`+title+`</h1>`) {
				t.Errorf("%s: the page is not titled %q", lang, title)
			}
			mustSay(t, page.Body, lang, "member.anonymised_notice")
			main := page.Body[strings.Index(page.Body, `id="member-name"`):]
			for _, offer := range []string{"<form", "/identity", "/status", "/invite", "/anonymise", "<select", "<textarea"} {
				if strings.Contains(main, offer) {
					t.Errorf("%s: the anonymised member's page still offers %q", lang, offer)
				}
			}
			// The roster lists them the same way.
			roster := sg.Get("/board/members?q=" + url.QueryEscape(*gone.Number))
			if !strings.Contains(roster.Body, ">"+title+"</a>") {
				t.Errorf("%s: the roster does not list them as %q", lang, title)
			}
		}
		if r := sg.Post(path+"/identity", url.Values{"last_name": {"Retour"}, "identity_reason": {"x"}}); r.Status == http.StatusSeeOther {
			t.Error("an anonymised member's identity was edited")
		}
	})
}

func TestARosterSearchWithoutResultSaysSo(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		for _, lang := range languages {
			sg.Post("/language", url.Values{"lang": {lang}})
			r := sg.Get("/board/members?q=zzzznobody")
			if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="roster-no-match"`) {
				t.Fatalf("%s: %d, no notice of an empty result", lang, r.Status)
			}
			mustSay(t, r.Body, lang, "roster.no_result")
			if all := sg.Get("/board/members"); strings.Contains(all.Body, `id="roster-no-match"`) {
				t.Errorf("%s: the full roster says nothing matched", lang)
			}
		}
	})
}

func TestTheRostersNumbersAndDatesDoNotWrap(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		r := sg.Get("/board/members")
		if n := strings.Count(r.Body, `<td class="nowrap" dir="ltr">OMSN-`); n < 2 {
			t.Errorf("%d number cells do not wrap", n)
		}
		if n := strings.Count(r.Body, `<td class="nowrap">`); n < 2 {
			t.Errorf("%d date cells do not wrap", n)
		}
		css := env.Client(t).Get("/static/css/majlis.css")
		if !strings.Contains(css.Body, ".nowrap { white-space: nowrap; }") {
			t.Error("the stylesheet has no nowrap rule")
		}
	})
}

func TestTheRosterPageListsNamesInTheLanguagesOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		// Members whose names a byte order misplaces, found together by
		// their numbers.
		for i, n := range [][3]string{{"Zineb", "Zouiten", ""}, {"Hajar", "Aït Taleb", ""}, {"", "", "Association Tech Rabat"},
			{"Omar", "Abdallah", ""}, {"سعاد", "عزة", ""}, {"سعاد", "عزت", ""}} {
			c := db.Ent.Member.Create().SetStatus(member.StatusActive).SetApplication(member.ApplicationApproved).
				SetCategory("honorary").SetNumber(fmt.Sprintf("TEST-%d", i)).SetFirstName(n[0]).SetLastName(n[1]).
				SetJoinedOn(time.Now()).SetEmail(fmt.Sprintf("order%d@example.ma", i))
			if n[2] != "" {
				c.SetKind(member.KindOrganisation).SetOrganisationName(n[2])
			}
			members.Listed(c).ExecX(ctx)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		for lang, want := range map[string][]string{
			"fr": {"Abdallah Omar", "Aït Taleb Hajar", "Association Tech Rabat", "Zouiten Zineb", "عزة سعاد", "عزت سعاد"},
			"ar": {"Abdallah Omar", "Aït Taleb Hajar", "Association Tech Rabat", "Zouiten Zineb", "عزت سعاد", "عزة سعاد"},
		} {
			sg.Post("/language", url.Values{"lang": {lang}})
			body := sg.Get("/board/members?q=test-").Body
			last := -1
			for _, name := range want {
				at := strings.Index(body, ">"+name+"</a>")
				if at < 0 || at < last {
					t.Errorf("%s: %q is not after the names before it in %v", lang, name, want)
				}
				last = at
			}
		}
	})
}
