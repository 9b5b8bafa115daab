package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// CSRF protection: a signed double-submit token bound to the session.
//
// The browser holds a random nonce in an HttpOnly cookie; every form carries
// HMAC(key, nonce, session) and the server recomputes it. A page on another
// site can neither read the cookie nor compute the HMAC, and a token stops
// working when the session changes (sign-in, sign-out). We do not use
// Fiber's CSRF middleware because, with several app instances, it needs a
// shared store and it writes to that store on every request; this scheme
// needs no per-request storage, only the key shared through the database.

const (
	csrfCookie    = "majlis_csrf"
	csrfFormField = "_csrf"
	csrfHeader    = "X-CSRF-Token"
	csrfTokenKey  = "majlis.csrf"
)

// errCSRF is answered with a 403 page asking to reload the form.
var errCSRF = errors.New("csrf token missing or invalid")

func (s *Server) protectFromCSRF(c *fiber.Ctx) error {
	nonce := c.Cookies(csrfCookie)
	if !validNonce(nonce) {
		nonce = ""
	}
	switch {
	case c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead || c.Method() == fiber.MethodOptions:
	case c.Method() == fiber.MethodPost && strings.HasPrefix(c.Path(), "/unsubscribe/"):
		// One-click unsubscribe (RFC 8058) comes from mail clients, with
		// no cookie: the signed token in the path authorises it.
	case c.Method() == fiber.MethodPost && c.Path() == "/webhooks/stripe":
		// The payment provider's events carry their own signature, checked
		// on the raw body.
	default:
		if nonce == "" || !s.originAllowed(c) {
			return errCSRF
		}
		sent := c.FormValue(csrfFormField)
		if sent == "" {
			sent = c.Get(csrfHeader)
		}
		want := s.csrfToken(nonce, viewerOf(c))
		if !hmac.Equal([]byte(sent), []byte(want)) {
			return errCSRF
		}
	}
	if nonce == "" {
		nonce = newNonce()
		c.Cookie(&fiber.Cookie{
			Name: csrfCookie, Value: nonce, Path: "/", Expires: time.Now().AddDate(1, 0, 0),
			HTTPOnly: true, Secure: s.Config.SecureCookies(), SameSite: fiber.CookieSameSiteLaxMode,
		})
	}
	c.Locals(csrfTokenKey, nonce)
	return c.Next()
}

// csrfFor returns the token to embed in the forms of this response. It is
// computed after the handler has run, so a page rendered right after
// sign-in carries a token for the new session.
func (s *Server) csrfFor(c *fiber.Ctx) string {
	nonce, _ := c.Locals(csrfTokenKey).(string)
	return s.csrfToken(nonce, viewerOf(c))
}

func (s *Server) csrfToken(nonce string, v *viewer) string {
	mac := hmac.New(sha256.New, s.CSRFKey)
	mac.Write([]byte(nonce))
	mac.Write([]byte{0})
	if v.Session != nil {
		mac.Write([]byte(strconv.Itoa(v.Session.ID)))
	}
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// originAllowed rejects a request whose Origin header names another site.
// Browsers send Origin on cross-site form posts; its absence is not proof
// of anything, so only a present, foreign origin is refused.
func (s *Server) originAllowed(c *fiber.Ctx) bool {
	o := c.Get(fiber.HeaderOrigin)
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil {
		return false
	}
	return u.Host == s.Config.BaseURL.Host || u.Host == c.Hostname()
}

func newNonce() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func validNonce(n string) bool { return len(n) == 32 }
