package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

var (
	scriptTag     = regexp.MustCompile(`(?i)<script[^>]*>`)
	inlineHandler = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
	inlineStyle   = regexp.MustCompile(`(?i)(\sstyle\s*=|<style)`)
)

func TestPagesCarrySecurityHeadersAndNoInlineCode(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		admin := s.as("admin@omsn.example")
		pages := map[string]func() (int, http.Header, string){}
		for _, p := range []string{"/", "/sign-in", "/no-such-page"} {
			pages["visitor "+p] = func() (int, http.Header, string) { r := s.visitor().Get(p); return r.Status, r.Header, r.Body }
		}
		for _, p := range []string{"/account", "/account/password", "/admin/users"} {
			pages["admin "+p] = func() (int, http.Header, string) { r := admin.Get(p); return r.Status, r.Header, r.Body }
		}
		for name, get := range pages {
			status, h, body := get()
			if status != http.StatusOK && status != http.StatusNotFound {
				t.Fatalf("%s: status %d", name, status)
			}
			csp := h.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("%s: CSP %q lacks %q", name, csp, want)
				}
			}
			for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*"} {
				if strings.Contains(csp, bad) {
					t.Errorf("%s: CSP %q allows %s", name, csp, bad)
				}
			}
			if got := h.Get("X-Frame-Options"); got != "DENY" {
				t.Errorf("%s: X-Frame-Options %q, want DENY", name, got)
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s: X-Content-Type-Options %q, want nosniff", name, got)
			}
			if h.Get("Referrer-Policy") == "" {
				t.Errorf("%s: no Referrer-Policy", name)
			}
			for _, tag := range scriptTag.FindAllString(body, -1) {
				if !strings.Contains(tag, "src=") {
					t.Errorf("%s: inline script %s (the CSP would block it)", name, tag)
				}
			}
			if m := inlineHandler.FindString(body); m != "" {
				t.Errorf("%s: inline event handler %q", name, m)
			}
			if m := inlineStyle.FindString(body); m != "" {
				t.Errorf("%s: inline style %q (the CSP would block it)", name, m)
			}
		}
	})
}

func TestSignedInPagesAreNotCached(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.as(salma)
		for _, p := range []string{"/", "/account", "/account/password"} {
			if cc := c.Get(p).Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
				t.Errorf("%s: Cache-Control %q, want no-store", p, cc)
			}
		}
	})
}

func TestHealthzAnswersWhileTheProcessRuns(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		r := s.visitor().Get("/healthz")
		if r.Status != http.StatusOK || r.Body != "ok" {
			t.Fatalf("/healthz: %d %q", r.Status, r.Body)
		}
	})
}

func TestReadyzFollowsTheDatabase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		if r := c.Get("/readyz"); r.Status != http.StatusOK {
			t.Fatalf("/readyz with the database up: %d %q", r.Status, r.Body)
		}
		if err := s.env.DB.Close(); err != nil {
			t.Fatal(err)
		}
		r := c.Get("/readyz")
		if r.Status != http.StatusServiceUnavailable {
			t.Fatalf("/readyz with the database closed: %d, want 503", r.Status)
		}
		if strings.Contains(r.Body, "sql:") || strings.Contains(r.Body, "goroutine") {
			t.Errorf("/readyz leaks internals: %q", r.Body)
		}
		if r := c.Get("/healthz"); r.Status != http.StatusOK {
			t.Errorf("/healthz with the database closed: %d, want 200 (the process is alive)", r.Status)
		}
	})
}

func TestTheStylesheetIsServedWithALongCacheLifetime(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		home := s.visitor().Get("/")
		link := regexp.MustCompile(`href="(/static/css/majlis\.css[^"]*)"`).FindStringSubmatch(home.Body)
		if link == nil {
			t.Fatal("the home page links no stylesheet")
		}
		r := s.visitor().Get(link[1])
		if r.Status != http.StatusOK || len(r.Body) < 100 {
			t.Fatalf("%s: %d, %d bytes", link[1], r.Status, len(r.Body))
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
			t.Errorf("Content-Type %q, want text/css", ct)
		}
		cc := r.Header.Get("Cache-Control")
		m := regexp.MustCompile(`max-age=(\d+)`).FindStringSubmatch(cc)
		if m == nil {
			t.Fatalf("Cache-Control %q has no max-age", cc)
		}
		if age, _ := strconv.Atoi(m[1]); age < 86400 || !strings.Contains(cc, "public") {
			t.Errorf("Cache-Control %q: want public and at least a day", cc)
		}
	})
}

func TestStaticFilesCannotReachOutsideTheAssets(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.visitor()
		if r := c.Get("/static/../views.go"); r.Status != http.StatusNotFound {
			t.Errorf("/static/../views.go: %d, want 404", r.Status)
		}
		for _, p := range []string{
			"/static/../views.go",
			"/static/css/../../views.go",
			"/static/%2e%2e/views.go",
			"/static/..%2fviews.go",
			"/static/css/..%2f..%2fviews.go",
			"/static/..%5cviews.go",
			"/static/../layouts/base.html",
			"/static/../../go.mod",
			"/static/no-such-file.css",
		} {
			r := c.Get(p)
			if r.Status < 400 || strings.Contains(r.Body, "package views") || strings.Contains(r.Body, "<!DOCTYPE html>\n<html lang=\"{{") ||
				strings.Contains(r.Body, "module github.com") {
				t.Errorf("%s: status %d serves %.60q", p, r.Status, r.Body)
			}
		}
	})
}
