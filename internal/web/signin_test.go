package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

func TestSigningInSetsAnHttpOnlyLaxSessionCookie(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		r := c.Post("/sign-in", url.Values{"email": {demo.AdminEmail}, "password": {demo.AdminPassword}})
		if r.Status != http.StatusSeeOther || r.Location != "/" {
			t.Fatalf("sign-in answered %d → %q, want 303 → /", r.Status, r.Location)
		}
		ck := setCookie(r, "majlis_session")
		if ck == nil || ck.Value == "" {
			t.Fatal("no session cookie set")
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
			t.Errorf("session cookie HttpOnly=%v SameSite=%v Path=%q; want HttpOnly, Lax, /", ck.HttpOnly, ck.SameSite, ck.Path)
		}
		if ck.Secure {
			t.Error("session cookie is Secure on an http:// base URL: it would never come back")
		}
		if !signedIn(t, c) {
			t.Fatal("the cookie does not open the account")
		}
	})
}

func TestCookiesAreSecureWhenTheBaseURLIsHTTPS(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, map[string]string{"MAJLIS_BASE_URL": "https://majlis.example"})
		c := s.visitor()
		home := c.Get("/")
		if ck := setCookie(home, "majlis_csrf"); ck == nil || !ck.Secure || !ck.HttpOnly {
			t.Errorf("CSRF cookie %+v, want Secure and HttpOnly", ck)
		}
		r := c.Post("/sign-in", url.Values{"email": {demo.AdminEmail}, "password": {demo.AdminPassword}})
		for _, name := range []string{"majlis_session", "majlis_lang"} {
			ck := setCookie(r, name)
			if ck == nil || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("%s cookie %+v, want Secure, HttpOnly, SameSite=Lax", name, ck)
			}
		}
		out := c.Post("/sign-out", nil)
		if ck := setCookie(out, "majlis_session"); ck == nil || !ck.Secure {
			t.Errorf("the cookie clearing the session is %+v, want Secure", ck)
		}
		if ck := setCookie(out, "majlis_flash"); ck == nil || !ck.Secure || !ck.HttpOnly {
			t.Errorf("flash cookie %+v, want Secure and HttpOnly", ck)
		}
	})
}

func TestEachSignInIssuesANewSessionToken(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		// An attacker plants a session id before the victim signs in.
		c.SetCookie("majlis_session", "planted-by-someone-else-0123456789abcdefghijk")
		c.SignIn(salma, demo.AdminPassword)
		first := c.Cookie("majlis_session")
		if first == "" || first == "planted-by-someone-else-0123456789abcdefghijk" {
			t.Fatalf("sign-in kept the planted session id %q", first)
		}
		// Signing in again in the same browser replaces the session.
		c.SignIn(salma, demo.AdminPassword)
		second := c.Cookie("majlis_session")
		if second == first {
			t.Fatal("a second sign-in kept the same session token")
		}
		old := s.visitor()
		old.SetCookie("majlis_session", first)
		if signedIn(t, old) {
			t.Error("the session replaced by a new sign-in still works")
		}
		if n := s.sessionsOf(salma); n != 1 {
			t.Errorf("%d sessions stored for one browser, want 1", n)
		}
	})
}

func TestSignInGoesOnlyToAPageOfThisSite(t *testing.T) {
	cases := map[string]string{
		"":                                    "/",
		"/account":                            "/account",
		"/admin/users?page=2":                 "/admin/users?page=2",
		"//evil.example":                      "/",
		"https://evil.example":                "/",
		"http://localhost:8080@evil.example/": "/",
		"/\\evil.example":                     "/",
		"\\\\evil.example":                    "/",
		"javascript:alert(1)":                 "/",
		"evil.example":                        "/",
		"/\t/evil.example":                    "",
		"/ /evil.example":                     "",
		"/\r\nSet-Cookie: x=1":                "/",
	}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		for next, want := range cases {
			c := s.visitor()
			r := c.Post("/sign-in", url.Values{"email": {salma}, "password": {demo.AdminPassword}, "next": {next}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("next=%q: status %d", next, r.Status)
			}
			if leavesSite(r.Location) {
				t.Errorf("next=%q sends the browser off-site: Location %q", next, r.Location)
			} else if want != "" && r.Location != want {
				t.Errorf("next=%q: Location %q, want %q", next, r.Location, want)
			}
		}
		// Already signed in, the sign-in page forwards to next the same way.
		c := s.as(salma)
		for _, next := range []string{"//evil.example", "https://evil.example", "/\t/evil.example"} {
			r := c.Get("/sign-in?next=" + url.QueryEscape(next))
			if r.Status != http.StatusSeeOther || leavesSite(r.Location) {
				t.Errorf("GET /sign-in?next=%q: %d → %q", next, r.Status, r.Location)
			}
		}
	})
}

func TestWrongPasswordAndUnknownEmailGetTheSameTranslatedRefusal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		for _, lang := range languages {
			c := s.visitor()
			c.Header.Set("Accept-Language", lang)
			wrong := c.Post("/sign-in", url.Values{"email": {salma}, "password": {"not-the-password"}})
			unknown := c.Post("/sign-in", url.Values{"email": {"nobody@omsn.example"}, "password": {"not-the-password"}})
			for name, r := range map[string]*apptest.Response{"wrong password": wrong, "unknown email": unknown} {
				if r.Status != http.StatusUnauthorized {
					t.Errorf("%s %s: status %d, want 401", lang, name, r.Status)
				}
				if got, want := problemOf(r.Body), text(lang, "signin.bad_credentials"); got != want {
					t.Errorf("%s %s: says %q, want %q", lang, name, got, want)
				}
				if l, _ := pageLanguage(t, r.Body); l != lang {
					t.Errorf("%s %s: page in %s", lang, name, l)
				}
				if setCookie(r, "majlis_session") != nil && setCookie(r, "majlis_session").Value != "" {
					t.Errorf("%s %s: a session cookie was set", lang, name)
				}
			}
		}
		if n := s.sessionsOf(salma); n != 0 {
			t.Errorf("failed sign-ins opened %d sessions", n)
		}
	})
}

func TestRepeatedFailuresLockTheSignInWith429WhetherOrNotTheEmailExists(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		locked := map[string]string{}
		for _, email := range []string{salma, "nobody@omsn.example"} {
			c := s.visitor()
			for i := 0; i < apptest.TestThrottle.LockPairAfter; i++ {
				if r := c.Post("/sign-in", url.Values{"email": {email}, "password": {"wrong-guess"}}); r.Status != http.StatusUnauthorized {
					t.Fatalf("%s failure %d: status %d, want 401", email, i+1, r.Status)
				}
			}
			r := c.Post("/sign-in", url.Values{"email": {email}, "password": {demo.AdminPassword}})
			if r.Status != http.StatusTooManyRequests {
				t.Fatalf("%s after %d failures: status %d, want 429", email, apptest.TestThrottle.LockPairAfter, r.Status)
			}
			minutes := int(apptest.TestThrottle.LockFor / time.Minute)
			if got, want := problemOf(r.Body), text("fr", "signin.locked", "Minutes", minutes); got != want {
				t.Errorf("%s locked: says %q, want %q", email, got, want)
			}
			locked[email] = problemOf(r.Body)
		}
		if locked[salma] != locked["nobody@omsn.example"] {
			t.Errorf("the lock tells whether the email exists: %q vs %q", locked[salma], locked["nobody@omsn.example"])
		}
		if n := s.sessionsOf(salma); n != 0 {
			t.Error("a locked account was signed in")
		}
		// Other accounts from the same address are not locked yet.
		s.as(nadia)
	})
}

func TestSigningOutEndsTheSessionOnTheServer(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.as(salma)
		token := c.Cookie("majlis_session")
		r := c.Post("/sign-out", nil)
		if r.Status != http.StatusSeeOther || r.Location != "/" {
			t.Fatalf("sign-out: %d → %q", r.Status, r.Location)
		}
		if ck := setCookie(r, "majlis_session"); ck == nil || ck.MaxAge >= 0 && ck.Value != "" {
			t.Errorf("sign-out did not clear the cookie: %+v", ck)
		}
		mustSay(t, c.Get("/").Body, "fr", "flash.signed_out")
		// Someone who copied the cookie cannot use it any more.
		thief := s.visitor()
		thief.SetCookie("majlis_session", token)
		if signedIn(t, thief) {
			t.Fatal("the signed-out session token still opens the account")
		}
		if n := s.sessionsOf(salma); n != 0 {
			t.Errorf("%d sessions still stored after sign-out", n)
		}
	})
}

func TestSigningOutEverywhereEndsEverySessionOfTheAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		laptop, phone, other := s.as(salma), s.as(salma), s.as(nadia)
		r := laptop.Post("/account/sessions/sign-out-everywhere", nil)
		if r.Status != http.StatusSeeOther || r.Location != "/" {
			t.Fatalf("sign out everywhere: %d → %q", r.Status, r.Location)
		}
		if signedIn(t, laptop) || signedIn(t, phone) {
			t.Error("a session survived signing out everywhere")
		}
		if !signedIn(t, other) {
			t.Error("another account was signed out")
		}
	})
}

func TestSigningOutOtherDevicesKeepsThisOne(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		laptop, phone := s.as(salma), s.as(salma)
		r := laptop.Post("/account/sessions/sign-out-others", nil)
		if r.Status != http.StatusSeeOther || r.Location != "/account" {
			t.Fatalf("sign out others: %d → %q", r.Status, r.Location)
		}
		if !signedIn(t, laptop) {
			t.Error("this device was signed out")
		}
		if signedIn(t, phone) {
			t.Error("the other device is still signed in")
		}
	})
}

func TestAForgedOrExpiredSessionCookieIsTreatedAsAVisitor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		forged := s.visitor()
		forged.SetCookie("majlis_session", "forged-token-forged-token-forged-token-xx")
		r := forged.Get("/")
		if r.Status != http.StatusOK {
			t.Fatalf("home with a forged cookie: %d", r.Status)
		}
		if ck := setCookie(r, "majlis_session"); ck == nil || ck.Value != "" {
			t.Errorf("the forged cookie was not cleared: %+v", ck)
		}
		if signedIn(t, forged) {
			t.Fatal("a forged cookie opened an account")
		}

		c := s.as(salma)
		sessions := s.env.Services.Sessions
		sessions.Now = func() time.Time { return time.Now().Add(s.env.Config.SessionIdle + time.Minute) }
		defer func() { sessions.Now = time.Now }()
		if signedIn(t, c) {
			t.Fatal("a session idle for longer than MAJLIS_SESSION_IDLE still works")
		}
	})
}
