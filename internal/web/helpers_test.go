package web_test

import (
	"context"
	"github.com/omsn/majlis/internal/dues"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/session"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/i18n"
)

// Demo accounts that are not administrators (see internal/demo).
const (
	salma   = "salma.idrissi@omsn.example"  // prefers French
	youssef = "youssef.benali@omsn.example" // prefers Arabic
	nadia   = "nadia.chraibi@omsn.example"  // prefers English
)

var languages = []string{"fr", "ar", "en"}

// site is a running Majlis with the demo seeded, on one test database.
type site struct {
	t   *testing.T
	env *apptest.Env
}

func newSite(t *testing.T, db *database.DB, env map[string]string) *site {
	t.Helper()
	return &site{t: t, env: apptest.New(t, db, env)}
}

func (s *site) visitor() *apptest.Client { return s.env.Client(s.t) }

// as returns a client signed in with the demo password.
func (s *site) as(email string) *apptest.Client {
	s.t.Helper()
	c := s.env.Client(s.t)
	c.SignIn(email, demo.AdminPassword)
	return c
}

func (s *site) user(email string) *ent.User {
	s.t.Helper()
	u, err := s.env.DB.Ent.User.Query().Where(user.Email(email)).Only(context.Background())
	if err != nil {
		s.t.Fatalf("user %s: %v", email, err)
	}
	return u
}

func (s *site) sessionsOf(email string) int {
	s.t.Helper()
	n, err := s.env.DB.Ent.Session.Query().Where(session.UserID(s.user(email).ID)).Count(context.Background())
	if err != nil {
		s.t.Fatal(err)
	}
	return n
}

// signedIn reports whether the client's session still opens its account.
func signedIn(t *testing.T, c *apptest.Client) bool {
	t.Helper()
	r := c.Get("/account")
	switch {
	case r.Status == http.StatusOK:
		return true
	case r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location, "/sign-in"):
		return false
	}
	t.Fatalf("GET /account: unexpected status %d (location %q)", r.Status, r.Location)
	return false
}

var catalog = func() *i18n.Catalog {
	c, err := i18n.Load(nil)
	if err != nil {
		panic(err)
	}
	return c
}()

// text is a message as it appears in a page of that language (HTML-escaped).
func text(lang, key string, args ...any) string {
	return html.EscapeString(catalog.Translator(lang).T(key, args...))
}

// mustSay fails unless the body carries the message in that language.
func mustSay(t *testing.T, body, lang, key string, args ...any) {
	t.Helper()
	want := text(lang, key, args...)
	if want == key {
		t.Fatalf("message %s has no %s translation", key, lang)
	}
	if !strings.Contains(body, want) {
		t.Errorf("the page does not say %q (%s, %s)", want, lang, key)
	}
}

var htmlTag = regexp.MustCompile(`<html lang="([^"]*)" dir="([^"]*)">`)

// pageLanguage returns the lang and dir of the page's <html> element.
func pageLanguage(t *testing.T, body string) (string, string) {
	t.Helper()
	m := htmlTag.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no <html lang dir> in the page: %.200s", body)
	}
	return m[1], m[2]
}

// setCookie returns the cookie of that name the response sets, or nil.
func setCookie(r *apptest.Response, name string) *http.Cookie {
	for _, line := range r.Header.Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(line); err == nil && c.Name == name {
			return c
		}
	}
	return nil
}

var signInProblem = regexp.MustCompile(`id="sign-in-problem">([^<]*)<`)

func problemOf(body string) string {
	if m := signInProblem.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// leavesSite tells whether a browser following this Location would end up
// on another site. Browsers drop tabs and newlines from URLs, trim spaces
// and control characters, and read "\" as "/".
func leavesSite(loc string) bool {
	clean := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		if r == '\\' {
			return '/'
		}
		return r
	}, loc)
	clean = strings.TrimFunc(clean, func(r rune) bool { return r <= ' ' })
	base, _ := url.Parse("http://localhost:8080/sign-in")
	u, err := base.Parse(clean)
	if err != nil {
		return true
	}
	return u.Scheme != base.Scheme || u.Host != base.Host
}

// duesArrearsAll asks for every member behind, in one page.
func duesArrearsAll() dues.ArrearsQuery { return dues.ArrearsQuery{PerPage: 500} }
