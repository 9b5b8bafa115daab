package web

import (
	"fmt"
	"log/slog"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/i18n"
)

const langCookie = "majlis_lang"

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals("requestid").(string)
	return id
}

// recoverPanics turns a panic into a 500 page and a log line with the stack;
// the visitor never sees a trace.
func (s *Server) recoverPanics(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.Log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return c.Next()
}

// logRequests writes one structured line per request, with its id.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler write the response now, so the logged
		// status is the one sent.
		if herr := s.handleError(c, err); herr != nil {
			s.Log.Error("error handler failed", "request_id", requestID(c), "err", herr)
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	switch {
	case status >= 500:
		level = slog.LevelError
	case c.Path() == "/healthz" || c.Path() == "/readyz" || len(c.Path()) > 7 && c.Path()[:8] == "/static/":
		level = slog.LevelDebug
	}
	s.Log.Log(c.UserContext(), level, "request",
		"request_id", requestID(c),
		"method", c.Method(),
		"path", c.Path(),
		"status", status,
		"duration_ms", time.Since(start).Milliseconds(),
		"ip", c.IP(),
	)
	return nil
}

// chooseLanguage picks the page's language: the visitor's switch (a
// cookie), then the account's preference, then Accept-Language, then French.
func (s *Server) chooseLanguage(c *fiber.Ctx) error {
	lang := c.Cookies(langCookie)
	if !i18n.Supported(lang) {
		lang = ""
		if v := viewerOf(c); v.SignedIn() && i18n.Supported(v.User.PreferredLanguage) {
			lang = v.User.PreferredLanguage
		}
	}
	if lang == "" {
		lang = i18n.Negotiate(c.Get(fiber.HeaderAcceptLanguage))
	}
	c.Locals(langKey, s.I18n.Translator(lang))
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	return c.Next()
}

const langKey = "majlis.lang"

func (s *Server) translator(c *fiber.Ctx) *i18n.Translator {
	if t, ok := c.Locals(langKey).(*i18n.Translator); ok {
		return t
	}
	return s.I18n.Translator(i18n.Default)
}

func (s *Server) rememberLanguage(c *fiber.Ctx, lang string) {
	c.Cookie(&fiber.Cookie{
		Name: langCookie, Value: lang, Path: "/", Expires: time.Now().AddDate(1, 0, 0),
		HTTPOnly: true, Secure: s.Config.SecureCookies(), SameSite: fiber.CookieSameSiteLaxMode,
	})
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
