package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/reqctx"
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
			s.Log.ErrorContext(c.UserContext(), "panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return c.Next()
}

// withRequestContext gives the request's handlers and the services they call
// a context with a deadline and the request id (c.UserContext()), so that
// a slow query gives up before the response times out and every line the
// services log carries the id.
func withRequestContext(deadline time.Duration) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(reqctx.WithID(c.UserContext(), requestID(c)), deadline)
		c.SetUserContext(ctx)
		err := c.Next()
		if c.Response().IsBodyStream() {
			// A streamed body (a CSV export) is written after the handler
			// returns, with this context: it ends at the deadline instead.
			time.AfterFunc(deadline, cancel)
			return err
		}
		cancel()
		return err
	}
}

// isInfrastructure tells the paths that serve no page: health checks and
// static assets.
func isInfrastructure(path string) bool {
	return path == "/healthz" || path == "/readyz" || strings.HasPrefix(path, "/static/")
}

// skipInfrastructure runs next for every request but the infrastructure's.
func skipInfrastructure(next fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if isInfrastructure(c.Path()) {
			return c.Next()
		}
		return next(c)
	}
}

// strictTransportSecurity tells browsers to come back only over HTTPS.
func strictTransportSecurity(maxAge int) fiber.Handler {
	value := "max-age=" + strconv.Itoa(maxAge) + "; includeSubDomains"
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderStrictTransportSecurity, value)
		return c.Next()
	}
}

// logRequests writes one structured line per request; the logger adds the
// request id from the context.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler write the response now, so the logged
		// status is the one sent.
		if herr := s.handleError(c, err); herr != nil {
			s.Log.ErrorContext(c.UserContext(), "error handler failed", "err", herr)
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	switch {
	case status >= 500:
		level = slog.LevelError
	case isInfrastructure(c.Path()):
		level = slog.LevelDebug
	}
	s.Log.Log(c.UserContext(), level, "request",
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
