package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

// Each forged request tries to disable Salma's account as the administrator.
func TestStateChangingRequestsWithoutAValidCSRFTokenAreRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		victim := s.as(salma)
		path := fmt.Sprintf("/admin/users/%d/disable", s.user(salma).ID)

		admin := s.visitor()
		other := s.visitor()
		admin.SignIn(demo.AdminEmail, demo.AdminPassword)
		// A second session sharing the admin browser's CSRF nonce: its token
		// differs only by the session it is bound to.
		other.SetCookie("majlis_csrf", admin.Cookie("majlis_csrf"))
		other.SignIn(demo.AdminEmail, demo.AdminPassword)
		otherSessionToken := other.CSRFToken()

		attempts := map[string]func() *apptest.Response{
			"no token": func() *apptest.Response { return admin.Do(http.MethodPost, path, url.Values{}) },
			"wrong token": func() *apptest.Response {
				return admin.Do(http.MethodPost, path, url.Values{"_csrf": {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}})
			},
			"token of another session": func() *apptest.Response {
				return admin.Do(http.MethodPost, path, url.Values{"_csrf": {otherSessionToken}})
			},
			"no CSRF cookie": func() *apptest.Response {
				tok, nonce := admin.CSRFToken(), admin.Cookie("majlis_csrf")
				admin.SetCookie("majlis_csrf", "")
				defer admin.SetCookie("majlis_csrf", nonce)
				return admin.Do(http.MethodPost, path, url.Values{"_csrf": {tok}})
			},
			"foreign origin": func() *apptest.Response {
				admin.Header.Set("Origin", "https://evil.example")
				defer admin.Header.Del("Origin")
				return admin.Post(path, nil)
			},
			"null origin": func() *apptest.Response {
				admin.Header.Set("Origin", "null")
				defer admin.Header.Del("Origin")
				return admin.Post(path, nil)
			},
		}
		for name, attempt := range attempts {
			r := attempt()
			if r.Status != http.StatusForbidden {
				t.Errorf("%s: status %d, want 403", name, r.Status)
				continue
			}
			mustSay(t, r.Body, "fr", "error.csrf")
		}
		if s.user(salma).Disabled || !signedIn(t, victim) {
			t.Fatal("a forged request disabled the account")
		}

		// The same request with the page's token and a same-site origin works.
		admin.Header.Set("Origin", "http://localhost:8080")
		r := admin.Post(path, url.Values{"confirmed": {"yes"}})
		admin.Header.Del("Origin")
		if r.Status != http.StatusSeeOther || !s.user(salma).Disabled {
			t.Fatalf("a genuine request was refused (%d)", r.Status)
		}
	})
}

func TestTheCSRFErrorPageIsTranslated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		for _, lang := range languages {
			c := s.visitor()
			c.Header.Set("Accept-Language", lang)
			c.Get("/")
			r := c.Do(http.MethodPost, "/language", url.Values{"lang": {"en"}})
			if r.Status != http.StatusForbidden {
				t.Fatalf("%s: status %d, want 403", lang, r.Status)
			}
			mustSay(t, r.Body, lang, "error.csrf")
			if c.Cookie("majlis_lang") != "" {
				t.Errorf("%s: the refused switch set the language cookie", lang)
			}
		}
	})
}

func TestSigningInRequiresACSRFToken(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		c.Get("/")
		r := c.Do(http.MethodPost, "/sign-in", url.Values{"email": {salma}, "password": {demo.AdminPassword}})
		if r.Status != http.StatusForbidden || c.Cookie("majlis_session") != "" {
			t.Fatalf("a sign-in without token answered %d and session %q", r.Status, c.Cookie("majlis_session"))
		}
	})
}

func TestATokenFromBeforeSignInNoLongerWorksAfterIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		before := c.CSRFToken()
		c.SignIn(salma, demo.AdminPassword)
		r := c.Do(http.MethodPost, "/account/sessions/sign-out-everywhere", url.Values{"_csrf": {before}})
		if r.Status != http.StatusForbidden {
			t.Fatalf("a pre-sign-in token was accepted (%d)", r.Status)
		}
		if !signedIn(t, c) {
			t.Fatal("the refused request signed the user out")
		}
		if after := c.CSRFToken(); after == before {
			t.Fatal("the token did not change at sign-in")
		}
		// And a token from the signed-in session stops working at sign-out.
		during := c.CSRFToken()
		c.Post("/sign-out", nil)
		r = c.Do(http.MethodPost, "/language", url.Values{"_csrf": {during}, "lang": {"ar"}})
		if r.Status != http.StatusForbidden {
			t.Errorf("a token of the ended session was accepted (%d)", r.Status)
		}
	})
}

func TestTheCSRFTokenMayComeInAHeader(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.as(salma)
		c.Header.Set("X-CSRF-Token", c.CSRFToken())
		r := c.Do(http.MethodPost, "/account/sessions/sign-out-others", url.Values{})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("a token in X-CSRF-Token was refused (%d)", r.Status)
		}
	})
}
