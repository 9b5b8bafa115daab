package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

func TestUnknownPagesGetATranslated404(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		for _, lang := range languages {
			c := s.visitor()
			c.Header.Set("Accept-Language", lang)
			for _, p := range []string{"/no-such-page", "/account/nothing/here", "/admin/users/7/nothing"} {
				r := c.Get(p)
				if r.Status != http.StatusNotFound {
					t.Errorf("%s %s: status %d, want 404", lang, p, r.Status)
					continue
				}
				if l, _ := pageLanguage(t, r.Body); l != lang {
					t.Errorf("%s %s: page in %s", lang, p, l)
				}
				mustSay(t, r.Body, lang, "error.not_found")
				if strings.Contains(r.Body, "Cannot GET") {
					t.Errorf("%s %s: the framework's own message shows", lang, p)
				}
			}
		}
	})
}

func TestASignedInNonAdministratorGetsATranslated403OnAdministration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		for _, lang := range languages {
			c := s.visitor()
			c.SetCookie("majlis_lang", lang)
			c.SignIn(salma, demo.AdminPassword)
			r := c.Get("/admin/users")
			if r.Status != http.StatusForbidden {
				t.Fatalf("%s: status %d, want 403", lang, r.Status)
			}
			if l, d := pageLanguage(t, r.Body); l != lang || (lang == "ar") != (d == "rtl") {
				t.Errorf("%s: page in %s/%s", lang, l, d)
			}
			mustSay(t, r.Body, lang, "error.forbidden")
			if strings.Contains(r.Body, nadia) {
				t.Errorf("%s: the refused page lists accounts", lang)
			}
		}
		c := s.as(salma)
		target := s.user(nadia)
		r := c.Post(fmt.Sprintf("/admin/users/%d/disable", target.ID), nil)
		if r.Status != http.StatusForbidden || s.user(nadia).Disabled {
			t.Fatalf("a non-administrator disabled an account (%d)", r.Status)
		}
	})
}

func TestAVisitorIsSentToSignInAndBackToTheAdministrationPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		r := c.Get("/admin/users")
		if r.Status != http.StatusSeeOther || r.Location != "/sign-in?next=%2Fadmin%2Fusers" {
			t.Fatalf("visitor on /admin/users: %d → %q", r.Status, r.Location)
		}
		form := c.Get(r.Location)
		if form.Status != http.StatusOK || !strings.Contains(form.Body, `name="next" value="/admin/users"`) {
			t.Fatalf("the sign-in form does not carry next (%d)", form.Status)
		}
		r = c.Post("/sign-in", url.Values{"email": {demo.AdminEmail}, "password": {demo.AdminPassword}, "next": {"/admin/users"}})
		if r.Status != http.StatusSeeOther || r.Location != "/admin/users" {
			t.Fatalf("sign-in: %d → %q", r.Status, r.Location)
		}
		page := c.Get("/admin/users")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, salma) {
			t.Fatalf("the administrator does not see the accounts (%d)", page.Status)
		}
		// A visitor's POST is refused, not redirected.
		v := s.visitor()
		if r := v.Post(fmt.Sprintf("/admin/users/%d/disable", s.user(salma).ID), nil); r.Status != http.StatusUnauthorized {
			t.Errorf("visitor POST: %d, want 401", r.Status)
		}
	})
}

func TestTheNavigationShowsOnlyWhatTheViewerMayOpen(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		nav := func(body string) (account, users, signIn bool) {
			return strings.Contains(body, `href="/account"`), strings.Contains(body, `href="/admin/users"`), strings.Contains(body, `href="/sign-in"`)
		}
		if a, u, in := nav(s.visitor().Get("/").Body); a || u || !in {
			t.Errorf("visitor: account=%v users=%v sign-in=%v", a, u, in)
		}
		if a, u, in := nav(s.as(salma).Get("/").Body); !a || u || in {
			t.Errorf("member: account=%v users=%v sign-in=%v", a, u, in)
		}
		if a, u, _ := nav(s.as(demo.AdminEmail).Get("/").Body); !a || !u {
			t.Errorf("administrator: account=%v users=%v", a, u)
		}
	})
}

func TestDisablingAUserEndsTheirLiveSessionAtOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		victim := s.as(salma)
		admin := s.as(demo.AdminEmail)
		id := s.user(salma).ID
		r := admin.Post(fmt.Sprintf("/admin/users/%d/disable", id), url.Values{"confirmed": {"yes"}})
		if r.Status != http.StatusSeeOther || r.Location != "/admin/users" {
			t.Fatalf("disable: %d → %q", r.Status, r.Location)
		}
		mustSay(t, admin.Get("/admin/users").Body, "fr", "flash.user_disabled")
		if signedIn(t, victim) {
			t.Fatal("the disabled user's session still works")
		}
		if n := s.sessionsOf(salma); n != 0 {
			t.Errorf("%d sessions of the disabled user stored", n)
		}
		// Signing in again with the right password is refused, saying why.
		r = s.visitor().Post("/sign-in", url.Values{"email": {salma}, "password": {demo.AdminPassword}})
		if r.Status != http.StatusForbidden || problemOf(r.Body) != text("fr", "signin.disabled") {
			t.Errorf("a disabled user signing in: %d %q", r.Status, problemOf(r.Body))
		}
		// With a wrong password, the answer says nothing of the account.
		r = s.visitor().Post("/sign-in", url.Values{"email": {salma}, "password": {"not the password"}})
		if r.Status != http.StatusUnauthorized || problemOf(r.Body) != text("fr", "signin.bad_credentials") {
			t.Errorf("a wrong password for a disabled account: %d %q", r.Status, problemOf(r.Body))
		}
		// Enabled again, they can sign in.
		if r := admin.Post(fmt.Sprintf("/admin/users/%d/enable", id), nil); r.Status != http.StatusSeeOther {
			t.Fatalf("enable: %d", r.Status)
		}
		s.as(salma)
	})
}

func TestAnAdministratorCannotDisableThemselfNorAMissingAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		admin := s.as(demo.AdminEmail)
		self := s.user(demo.AdminEmail).ID
		r := admin.Post(fmt.Sprintf("/admin/users/%d/disable", self), nil)
		if r.Status != http.StatusForbidden {
			t.Errorf("disabling oneself: %d, want 403", r.Status)
		}
		mustSay(t, r.Body, "fr", "error.forbidden")
		if s.user(demo.AdminEmail).Disabled || !signedIn(t, admin) {
			t.Fatal("the administrator disabled themself")
		}
		for _, p := range []string{"/admin/users/99999/disable", "/admin/users/abc/disable", "/admin/users/0/disable", "/admin/users/-1/disable"} {
			if r := admin.Post(p, nil); r.Status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", p, r.Status)
			}
		}
	})
}

// A page names the association that runs the site. When the database
// cannot say which (an error, not a missing row), the page fails instead of
// showing the software's name in the association's place.
func TestAPageFailsRatherThanNameAnotherAssociationWhenItCannotBeRead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		if r := c.Get("/"); r.Status != http.StatusOK || !strings.Contains(r.Body, "OMSN") {
			t.Fatalf("home before: status %d, association named: %v", r.Status, strings.Contains(r.Body, "OMSN"))
		}
		if _, err := db.SQL.Exec("ALTER TABLE associations RENAME TO associations_away"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = db.SQL.Exec("ALTER TABLE associations_away RENAME TO associations") })
		s.env.Services.Association.Forget()
		r := c.Get("/")
		if r.Status != http.StatusInternalServerError {
			t.Errorf("home with the association unreadable: status %d, want 500", r.Status)
		}
		if strings.Contains(r.Body, "<footer") {
			t.Errorf("a full page was rendered without its association:\n%s", r.Body)
		}
	})
}
