package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

func TestAWrongPasswordChangeRedisplaysTheFormWithFieldErrorsInTheChosenLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		for _, lang := range languages {
			c := s.visitor()
			c.SetCookie("majlis_lang", lang)
			c.SignIn(salma, demo.AdminPassword)
			r := c.Post("/account/password", url.Values{
				"current_password": {"not-my-password"},
				"new_password":     {"short"},
				"confirm_password": {"different"},
			})
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: status %d, want 422", lang, r.Status)
			}
			if l, _ := pageLanguage(t, r.Body); l != lang {
				t.Errorf("%s: the form came back in %s", lang, l)
			}
			mustSay(t, r.Body, lang, "error.password_wrong")
			mustSay(t, r.Body, lang, "error.password_too_short", "Min", auth.MinPasswordLength)
			mustSay(t, r.Body, lang, "error.password_mismatch")
			for _, f := range []string{"current_password", "new_password", "confirm_password"} {
				if !strings.Contains(r.Body, `aria-describedby="`+f+`-error"`) {
					t.Errorf("%s: field %s is not marked invalid", lang, f)
				}
			}
			if !signedIn(t, c) {
				t.Errorf("%s: a refused change signed the user out", lang)
			}
		}
		// The password is unchanged.
		s.as(salma)
	})
}

func TestAMismatchedConfirmationAloneIsReportedOnTheConfirmationField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.as(youssef) // prefers Arabic
		r := c.Post("/account/password", url.Values{
			"current_password": {demo.AdminPassword},
			"new_password":     {"a-new-long-password"},
			"confirm_password": {"a-new-long-passwort"},
		})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", r.Status)
		}
		if l, d := pageLanguage(t, r.Body); l != "ar" || d != "rtl" {
			t.Errorf("page in %s/%s, want ar/rtl (the account's language)", l, d)
		}
		mustSay(t, r.Body, "ar", "error.password_mismatch")
		if strings.Contains(r.Body, `id="current_password-error"`) || strings.Contains(r.Body, `id="new_password-error"`) {
			t.Error("fields without problems are marked invalid")
		}
		s.as(youssef) // still the old password
	})
}

func TestChangingThePasswordSignsOutOtherDevicesOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		here, elsewhere := s.as(nadia), s.as(nadia)
		r := here.Post("/account/password", url.Values{
			"current_password": {demo.AdminPassword},
			"new_password":     {"a-new-long-password"},
			"confirm_password": {"a-new-long-password"},
		})
		if r.Status != http.StatusSeeOther || r.Location != "/account" {
			t.Fatalf("change: %d → %q", r.Status, r.Location)
		}
		page := here.Get("/account")
		if page.Status != http.StatusOK {
			t.Fatalf("this device lost its session (%d)", page.Status)
		}
		mustSay(t, page.Body, "en", "flash.password_changed")
		if signedIn(t, elsewhere) {
			t.Error("the other device is still signed in")
		}
		old := s.visitor()
		if r := old.Post("/sign-in", url.Values{"email": {nadia}, "password": {demo.AdminPassword}}); r.Status != http.StatusUnauthorized {
			t.Errorf("the old password still signs in (%d)", r.Status)
		}
		s.env.Client(t).SignIn(nadia, "a-new-long-password")
	})
}

func TestTheAccountPageListsThisDeviceSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		s.as(salma)
		c := s.as(salma)
		r := c.Get("/account")
		if r.Status != http.StatusOK {
			t.Fatal(r.Status)
		}
		if n := strings.Count(r.Body, "<tr>") - 1; n != 2 {
			t.Errorf("the account page lists %d sessions, want 2", n)
		}
		if strings.Count(r.Body, text("fr", "sessions.this_one")) != 1 {
			t.Error("this device is not marked exactly once")
		}
	})
}
