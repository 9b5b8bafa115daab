package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

func TestThePageLanguageFollowsAcceptLanguageAndDefaultsToFrench(t *testing.T) {
	cases := map[string][2]string{
		"":                        {"fr", "ltr"},
		"ar":                      {"ar", "rtl"},
		"ar-MA,ar;q=0.9,fr;q=0.8": {"ar", "rtl"},
		"en-GB,en;q=0.9":          {"en", "ltr"},
		"de-DE,de;q=0.9":          {"fr", "ltr"},
		"es, en;q=0.5":            {"en", "ltr"},
		"%%%garbage;;q=x":         {"fr", "ltr"},
	}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		for header, want := range cases {
			c := s.visitor()
			if header != "" {
				c.Header.Set("Accept-Language", header)
			}
			r := c.Get("/")
			if r.Status != http.StatusOK {
				t.Fatalf("%q: status %d", header, r.Status)
			}
			if lang, dir := pageLanguage(t, r.Body); lang != want[0] || dir != want[1] {
				t.Errorf("Accept-Language %q: lang=%s dir=%s, want %s/%s", header, lang, dir, want[0], want[1])
			}
			mustSay(t, r.Body, want[0], "nav.sign_in")
		}
	})
}

func TestTheLanguageSwitchIsRememberedAndBeatsAcceptLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		c.Header.Set("Accept-Language", "en")
		r := c.Post("/language", url.Values{"lang": {"AR-ma"}, "next": {"/sign-in"}})
		if r.Status != http.StatusSeeOther || r.Location != "/sign-in" {
			t.Fatalf("switch: %d → %q, want 303 → /sign-in", r.Status, r.Location)
		}
		if ck := setCookie(r, "majlis_lang"); ck == nil || ck.Value != "ar" || !ck.HttpOnly {
			t.Fatalf("language cookie %+v, want ar", ck)
		}
		for _, p := range []string{"/sign-in", "/", "/no-such-page"} {
			if lang, dir := pageLanguage(t, c.Get(p).Body); lang != "ar" || dir != "rtl" {
				t.Errorf("%s after switching to Arabic: %s/%s", p, lang, dir)
			}
		}
		// An unsafe back link is not followed.
		if r := c.Post("/language", url.Values{"lang": {"fr"}, "next": {"//evil.example"}}); leavesSite(r.Location) {
			t.Errorf("the switch sent the browser to %q", r.Location)
		}
	})
}

func TestSwitchingLanguageWhenSignedInIsStoredOnTheAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.as(salma)
		if r := c.Post("/language", url.Values{"lang": {"en"}, "next": {"/account"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("switch: %d", r.Status)
		}
		if got := s.user(salma).PreferredLanguage; got != "en" {
			t.Fatalf("stored language %q, want en", got)
		}
		// Another browser, without the cookie, gets English after sign-in.
		other := s.as(salma)
		if lang, _ := pageLanguage(t, other.Get("/account").Body); lang != "en" {
			t.Errorf("a new browser of the account shows %s, want en", lang)
		}
	})
}

func TestAnAccountsLanguageAppliesAtSignIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		c.Header.Set("Accept-Language", "fr")
		c.SignIn(youssef, demo.AdminPassword)
		if lang, dir := pageLanguage(t, c.Get("/account").Body); lang != "ar" || dir != "rtl" {
			t.Errorf("Youssef (Arabic) sees %s/%s", lang, dir)
		}
		// A language chosen before signing in is kept.
		d := s.visitor()
		d.Post("/language", url.Values{"lang": {"en"}})
		d.SignIn(youssef, demo.AdminPassword)
		if lang, _ := pageLanguage(t, d.Get("/account").Body); lang != "en" {
			t.Errorf("the visitor's choice of English was replaced by %s", lang)
		}
	})
}

func TestAnUnknownLanguageCodeRedirectsWithATranslatedNotice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		for _, lang := range languages {
			c := s.as(salma)
			c.Post("/language", url.Values{"lang": {lang}})
			for _, bad := range []string{"xx", "", "de", "../../etc", "fr\"><script>"} {
				r := c.Post("/language", url.Values{"lang": {bad}, "next": {"/account"}})
				if r.Status != http.StatusSeeOther || r.Location != "/account" {
					t.Fatalf("lang=%q: %d → %q, want 303 → /account", bad, r.Status, r.Location)
				}
				page := c.Get("/account")
				if page.Status != http.StatusOK {
					t.Fatalf("the page after an unknown language: %d", page.Status)
				}
				if got, _ := pageLanguage(t, page.Body); got != lang {
					t.Errorf("lang=%q changed the page language to %s", bad, got)
				}
				mustSay(t, page.Body, lang, "flash.language_unknown")
				if strings.Contains(page.Body, "<script>") {
					t.Errorf("lang=%q is echoed into the page", bad)
				}
				if again := c.Get("/account"); strings.Contains(again.Body, text(lang, "flash.language_unknown")) {
					t.Error("the notice is shown twice")
				}
			}
			if got := s.user(salma).PreferredLanguage; got != lang {
				t.Errorf("stored language became %q, want %q", got, lang)
			}
		}
	})
}

func TestAForgedFlashCookieCannotPutTextOnThePage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		for _, v := range []string{"error:<b>pwned</b>", "success:error.internal", "evil:flash.signed_out", "error:flash.no_such_key"} {
			c := s.visitor()
			c.SetCookie("majlis_flash", v)
			r := c.Get("/")
			if r.Status != http.StatusOK || strings.Contains(r.Body, "class=\"flash") {
				t.Errorf("flash cookie %q shows a message (%d)", v, r.Status)
			}
		}
	})
}

var languageSwitchNext = regexp.MustCompile(`name="next" value="([^"]*)"`)

// switchFrom posts the language switch as the page's own form would.
func switchFrom(t *testing.T, c *apptest.Client, page *apptest.Response, lang string) *apptest.Response {
	t.Helper()
	m := languageSwitchNext.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("the page has no language switch")
	}
	return c.Post("/language", url.Values{"lang": {lang}, "next": {html.UnescapeString(m[1])}})
}

func TestSwitchingLanguageKeepsThePageAndItsQueryString(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		version := db.Ent.StatutesVersion.Query().FirstX(t.Context())
		c := s.as(salma)
		for _, path := range []string{
			"/board/members?status=lapsed",
			"/board/members?q=chra%C3%AFbi&status=active&status=lapsed&sort=joined&desc=1",
			fmt.Sprintf("/board/statutes/compare?a=%d&b=%d", version.ID, version.ID),
		} {
			page := c.Get(path)
			if page.Status != http.StatusOK {
				t.Fatalf("%s: %d", path, page.Status)
			}
			for _, lang := range []string{"ar", "en", "fr"} {
				r := switchFrom(t, c, page, lang)
				if r.Status != http.StatusSeeOther || r.Location != path {
					t.Fatalf("switching to %s on %s: %d → %q", lang, path, r.Status, r.Location)
				}
				page = c.Get(r.Location)
				if page.Status != http.StatusOK {
					t.Fatalf("%s in %s: %d", path, lang, page.Status)
				}
				if got, _ := pageLanguage(t, page.Body); got != lang {
					t.Errorf("%s after switching to %s is in %s", path, lang, got)
				}
			}
		}
		// The filter is still applied after the switch.
		lapsed := c.Get("/board/members?status=lapsed")
		r := c.Get(switchFrom(t, c, lapsed, "ar").Location)
		if !strings.Contains(r.Body, `value="lapsed" checked`) {
			t.Error("the roster lost its status filter when switching to Arabic")
		}
	})
}

func TestTheLanguageSwitchReturnsOnlyToAPathOfThisSite(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		for _, next := range []string{"//evil.com", "https://evil.com", "http://evil.com/board", "/\\evil.com",
			"//evil.com/?a=1", "javascript:alert(1)", "evil.com", "/\t/evil.com", ""} {
			r := c.Post("/language", url.Values{"lang": {"en"}, "next": {next}})
			if r.Status != http.StatusSeeOther || r.Location != "/" {
				t.Errorf("next=%q: %d → %q, want 303 → /", next, r.Status, r.Location)
			}
		}
		if r := c.Post("/language", url.Values{"lang": {"fr"}, "next": {"/sign-in?next=%2Faccount"}}); r.Location != "/sign-in?next=%2Faccount" {
			t.Errorf("a path of the site with its query became %q", r.Location)
		}
	})
}
