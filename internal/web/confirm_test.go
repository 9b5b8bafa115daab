package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/duesperiod"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/money"
	"github.com/omsn/majlis/internal/testdb"
)

// confirmationPage checks that a response is the confirmation page of an
// action posting to action, saying message, with the real submit button,
// the confirmation field, the CSRF token and a way back.
func confirmationPage(t *testing.T, r *apptest.Response, action, message string) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("asked to confirm: status %d, want the confirmation page", r.Status)
	}
	for _, want := range []string{`id="confirm-form"`, `action="` + action + `"`, `name="confirmed" value="yes"`,
		`name="_csrf" value="`, `id="confirm-submit"`, `id="confirm-cancel"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the confirmation page lacks %s", want)
		}
	}
	if !strings.Contains(r.Body, html.EscapeString(message)) {
		t.Errorf("the confirmation page does not say %q", message)
	}
}

// The treasurer opens a period only once confirmed, on the figures the
// opening then charges; the dashboard carries the same text for the dialog.
func TestOpeningAPeriodAsksFirstWithTheMembersAndTheTotal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		year := time.Now().UTC().Year() + 1
		pv, err := env.Services.Dues.PreviewPeriod(ctx, year)
		if err != nil || pv.Members == 0 {
			t.Fatalf("preview of %d: %+v, %v", year, pv, err)
		}
		want := text("fr", "confirm.period_message", "Year", strconv.Itoa(year), "Members", pv.Members,
			"Total", money.Format(pv.Total, pv.Currency, "fr"))
		want = html.UnescapeString(want)

		member := env.Client(t)
		member.SignIn(plainMember, demo.AdminPassword)
		if r := member.Post("/treasurer/periods", url.Values{"year": {strconv.Itoa(year)}}); r.Status != http.StatusForbidden {
			t.Fatalf("a member asked to open a period: %d", r.Status)
		}

		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		treasurer.SetCookie("majlis_lang", "fr")
		r := treasurer.Post("/treasurer/periods", url.Values{"year": {strconv.Itoa(year)}})
		confirmationPage(t, r, "/treasurer/periods", want)
		if !strings.Contains(r.Body, `name="year" value="`+strconv.Itoa(year)+`"`) {
			t.Error("the confirmation page does not carry the year")
		}
		if db.Ent.DuesPeriod.Query().Where(duesperiod.Year(year)).ExistX(ctx) {
			t.Fatal("the period was opened without confirmation")
		}

		r = treasurer.Post("/treasurer/periods", url.Values{"year": {strconv.Itoa(year)}, "confirmed": {"yes"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("confirmed opening: %d", r.Status)
		}
		charges := db.Ent.DuesCharge.Query().Where(duescharge.HasPeriodWith(duesperiod.Year(year))).AllX(ctx)
		var total int64
		for _, c := range charges {
			total += c.Amount
		}
		if len(charges) != pv.Members || total != pv.Total {
			t.Fatalf("confirmed %d members for %d, charged %d for %d", pv.Members, pv.Total, len(charges), total)
		}
	})
}

// With the current year open, the dashboard proposes no year (not next
// year, as if it were the obvious next step), but its button carries next
// year's figures for the dialog, in case the treasurer types it.
func TestTheOpenPeriodBoxProposesNoYearOnceTheCurrentOneIsOpen(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		now := time.Now().UTC().Year()
		if !db.Ent.DuesPeriod.Query().Where(duesperiod.Year(now)).ExistX(ctx) {
			t.Fatalf("the demo has no period for %d", now)
		}
		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		treasurer.SetCookie("majlis_lang", "fr")
		body := treasurer.Get("/treasurer").Body
		if !strings.Contains(body, `<input id="open-year" name="year" type="number" dir="ltr" min="2000">`) {
			t.Error("with the current year open, the box still proposes a year")
		}
		pv, err := env.Services.Dues.PreviewPeriod(ctx, now+1)
		if err != nil {
			t.Fatal(err)
		}
		want := text("fr", "confirm.period_message", "Year", strconv.Itoa(now+1), "Members", pv.Members,
			"Total", money.Format(pv.Total, pv.Currency, "fr"))
		if !strings.Contains(body, `data-confirm-message="`+want+`"`) || !strings.Contains(body, `data-confirm-value="`+strconv.Itoa(now+1)+`"`) {
			t.Errorf("the button does not carry next year's dialog text %q", want)
		}
	})
}

func TestErasingAFormerMembersDataAsksFirstNamingThem(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		gone := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusResigned), member.AnonymisedAtIsNil()).FirstX(ctx)
		path := "/board/members/" + itoa(gone.ID)
		want := html.UnescapeString(text("fr", "confirm.erasure_message", "Name", gone.FirstName+" "+gone.LastName, "Number", *gone.Number))

		plain := env.Client(t)
		plain.SignIn(plainMember, demo.AdminPassword)
		if r := plain.Post(path+"/anonymise", url.Values{"reason": {"Demande"}}); r.Status != http.StatusForbidden {
			t.Fatalf("a member asked to erase: %d", r.Status)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		sg.SetCookie("majlis_lang", "fr")
		if body := sg.Get(path).Body; !strings.Contains(body, `data-confirm-message="`+html.EscapeString(want)+`"`) {
			t.Error("the erasure button does not carry the dialog's text")
		}
		// Without a reason, the field says so before anything is asked.
		if r := sg.Post(path+"/anonymise", url.Values{"reason": {" "}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("erasure without a reason: %d", r.Status)
		}
		r := sg.Post(path+"/anonymise", url.Values{"reason": {"Demande écrite"}, "reference": {"Courrier du 2 décembre"}})
		confirmationPage(t, r, path+"/anonymise", want)
		if !strings.Contains(r.Body, `name="reason" value="Demande écrite"`) || !strings.Contains(r.Body, `name="reference" value="Courrier du 2 décembre"`) {
			t.Error("the confirmation page does not carry the reason and the reference")
		}
		if db.Ent.Member.GetX(ctx, gone.ID).AnonymisedAt != nil {
			t.Fatal("the data were erased without confirmation")
		}
		r = sg.Post(path+"/anonymise", url.Values{"reason": {"Demande écrite"}, "reference": {"Courrier du 2 décembre"}, "confirmed": {"yes"}})
		if r.Status != http.StatusSeeOther || db.Ent.Member.GetX(ctx, gone.ID).AnonymisedAt == nil {
			t.Fatalf("confirmed erasure: %d", r.Status)
		}
	})
}

func TestEndingAMandateAsksFirstNamingTheHolderTheOfficeAndTheDay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		now := time.Now().UTC()
		m := db.Ent.Mandate.Query().Where(mandate.Position("treasurer"), mandate.EndedOnIsNil(), mandate.StartOnLT(now),
			mandate.EndOnGT(now)).WithMember().OnlyX(ctx)
		path := "/board/mandates/" + itoa(m.ID) + "/end"
		holder := m.Edges.Member.FirstName + " " + m.Edges.Member.LastName

		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		if r := treasurer.Post(path, nil); r.Status != http.StatusForbidden {
			t.Fatalf("the treasurer asked to end a mandate: %d", r.Status)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		sg.SetCookie("majlis_lang", "fr")
		r := sg.Post(path, nil)
		confirmationPage(t, r, path, "Mettre fin au mandat de "+holder+" (Trésorier(ère))")
		if !strings.Contains(r.Body, html.EscapeString(holder)) {
			t.Error("the confirmation does not name the holder")
		}
		if db.Ent.Mandate.GetX(ctx, m.ID).EndedOn != nil {
			t.Fatal("the mandate ended without confirmation")
		}
		if body := sg.Get("/board/mandates").Body; !strings.Contains(body, `data-confirm-message="`+html.EscapeString("Mettre fin au mandat de "+holder)) {
			t.Error("the end button does not carry the dialog's text")
		}
		if r := sg.Post(path, url.Values{"confirmed": {"yes"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("confirmed end: %d", r.Status)
		}
		ended := db.Ent.Mandate.GetX(ctx, m.ID).EndedOn
		if ended == nil || !ended.Equal(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("ended on %v, want today", ended)
		}
		// Nobody is asked to confirm what would be refused.
		if r := sg.Post(path, nil); r.Status != http.StatusConflict || strings.Contains(r.Body, `id="confirm-form"`) {
			t.Fatalf("asked to end an ended mandate: %d", r.Status)
		}
	})
}

func TestDisablingAnAccountAsksFirstAndSaysItsSessionsWillClose(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		victim := s.as(nadia)
		target := s.user(nadia)
		path := "/admin/users/" + itoa(target.ID) + "/disable"
		name := target.DisplayName
		if name == "" {
			name = target.Email
		}
		want := html.UnescapeString(text("fr", "confirm.disable_message", "Name", name, "Email", target.Email))

		if r := s.as(salma).Post(path, nil); r.Status != http.StatusForbidden {
			t.Fatalf("a non-administrator asked to disable: %d", r.Status)
		}
		admin := s.as(demo.AdminEmail)
		admin.SetCookie("majlis_lang", "fr")
		if body := admin.Get("/admin/users").Body; !strings.Contains(body, `data-confirm-message="`+html.EscapeString(want)+`"`) {
			t.Error("the disable button does not carry the dialog's text")
		}
		confirmationPage(t, admin.Post(path, nil), path, want)
		if s.user(nadia).Disabled || !signedIn(t, victim) {
			t.Fatal("the account was disabled without confirmation")
		}
		if r := admin.Post(path, url.Values{"confirmed": {"yes"}}); r.Status != http.StatusSeeOther || !s.user(nadia).Disabled {
			t.Fatalf("confirmed disable: %d", r.Status)
		}
	})
}

func TestRejectingAnApplicationAsksFirstAndKeepsTheReason(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := context.Background()
		pending, err := env.Services.Members.PendingApplications(ctx)
		if err != nil || len(pending) == 0 {
			t.Fatalf("no pending application: %v", err)
		}
		a := pending[0]
		path := "/board/applications/" + itoa(a.ID) + "/reject"
		name := a.FirstName + " " + a.LastName
		if a.Kind == member.KindOrganisation {
			name = a.OrganisationName
		}
		want := html.UnescapeString(text("fr", "confirm.rejection_message", "Name", name))

		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		if r := treasurer.Post(path, url.Values{"reason": {"Hors objet"}}); r.Status != http.StatusForbidden {
			t.Fatalf("the treasurer asked to reject: %d", r.Status)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		sg.SetCookie("majlis_lang", "fr")
		r := sg.Post(path, url.Values{"reason": {"Hors objet"}, "reference": {"Bureau du 2 décembre"}})
		confirmationPage(t, r, path, want)
		if !strings.Contains(r.Body, `name="reason" value="Hors objet"`) {
			t.Error("the confirmation page does not carry the reason")
		}
		if got, _ := env.Services.Members.Get(ctx, a.ID); got.Application == member.ApplicationRejected {
			t.Fatal("the application was rejected without confirmation")
		}
		r = sg.Post(path, url.Values{"reason": {"Hors objet"}, "reference": {"Bureau du 2 décembre"}, "confirmed": {"yes"}})
		if got, _ := env.Services.Members.Get(ctx, a.ID); r.Status != http.StatusSeeOther || got.Application != member.ApplicationRejected {
			t.Fatalf("confirmed rejection: %d, %s", r.Status, got.Application)
		}
		if r := sg.Post(path, url.Values{"reason": {"Hors objet"}}); r.Status != http.StatusConflict || strings.Contains(r.Body, `id="confirm-form"`) {
			t.Fatalf("asked to reject a decided application: %d", r.Status)
		}
	})
}

// The administrators' list says what each account holds: the offices of
// its member, in words, and the administrator's role.
func TestTheAccountsListShowsTheOfficersRoles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		admin := s.as(demo.AdminEmail)
		admin.SetCookie("majlis_lang", "fr")
		body := admin.Get("/admin/users").Body
		row := func(email string) string {
			i := strings.Index(body, `<td dir="ltr">`+email+`</td>`)
			if i < 0 {
				t.Fatalf("no row for %s", email)
			}
			end := strings.Index(body[i:], "</tr>")
			return body[i : i+end]
		}
		if r := row(secretaryGeneral); !strings.Contains(r, "Secrétaire général(e)") {
			t.Errorf("the secretary general's row does not say so: %s", r)
		}
		if r := row(youssef); !strings.Contains(r, "Trésorier") {
			t.Errorf("the treasurer's row does not say so: %s", r)
		}
		if r := row(demo.AdminEmail); !strings.Contains(r, text("fr", "users.admin")) {
			t.Errorf("the administrator's row does not say so: %s", r)
		}
		if r := row(plainMember); strings.Contains(r, "Trésorier") || strings.Contains(r, "Secrétaire") {
			t.Errorf("a plain member's row names an office: %s", r)
		}
	})
}
