package web

import (
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/authz"
)

// viewer is who is making the request: the signed-in user and session (nil
// for a visitor) and the roles computed for them now.
type viewer struct {
	User    *ent.User
	Session *ent.Session
	Roles   []authz.Role
}

// SignedIn reports whether the request comes with a live session.
func (v *viewer) SignedIn() bool { return v.User != nil }

const (
	sessionCookie = "majlis_session"
	viewerKey     = "majlis.viewer"
)

func viewerOf(c *fiber.Ctx) *viewer {
	if v, ok := c.Locals(viewerKey).(*viewer); ok {
		return v
	}
	return &viewer{Roles: []authz.Role{authz.Visitor}}
}

// loadViewer resolves the session cookie. An unknown, expired or revoked
// token is treated as no session, and its cookie is cleared.
func (s *Server) loadViewer(c *fiber.Ctx) error {
	v := &viewer{}
	if token := c.Cookies(sessionCookie); token != "" {
		sess, err := s.Sessions.Lookup(c.UserContext(), token)
		switch {
		case err == nil:
			v.User, v.Session = sess.Edges.User, sess
		case err == auth.ErrNoSession:
			s.clearSessionCookie(c)
		default:
			return err
		}
	}
	roles, err := s.Roles.RolesFor(c.UserContext(), v.User)
	if err != nil {
		return err
	}
	v.Roles = roles
	c.Locals(viewerKey, v)
	return c.Next()
}

func (s *Server) setSessionCookie(c *fiber.Ctx, token string) {
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		Expires:  time.Now().Add(s.Config.SessionMax),
		HTTPOnly: true,
		Secure:   s.Config.SecureCookies(),
		SameSite: fiber.CookieSameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
		HTTPOnly: true, Secure: s.Config.SecureCookies(), SameSite: fiber.CookieSameSiteLaxMode,
	})
}

// authorize enforces a route's declared access.
func (s *Server) authorize(a access) fiber.Handler {
	return func(c *fiber.Ctx) error {
		v := viewerOf(c)
		switch a.kind {
		case accessPublic:
			return c.Next()
		case accessSignedIn:
			if v.SignedIn() {
				return c.Next()
			}
		case accessPermission:
			if s.Enforcer.Allowed(v.Roles, a.perm) {
				return c.Next()
			}
			if v.SignedIn() {
				return fiber.ErrForbidden
			}
		default:
			// A route that declared nothing is closed, never open.
			return fiber.ErrForbidden
		}
		if c.Method() == fiber.MethodGet {
			return c.Redirect("/sign-in?next="+urlQueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
		}
		return fiber.ErrUnauthorized
	}
}

// safeNext keeps a post-sign-in destination only if it is a path on this
// site, so the sign-in form cannot be used to send people elsewhere.
// Browsers drop tabs and newlines from URLs and read a backslash as a
// slash, so "/\t/evil.example" or "/\\evil.example" would leave the site:
// control characters and backslashes are refused outright.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}
