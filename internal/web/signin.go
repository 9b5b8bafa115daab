package web

import (
	"errors"
	"math"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/textinput"
)

type signInView struct {
	*page
	Email string
	Next  string
	// Problem is the translated reason the last attempt failed.
	Problem string
}

// showSignIn displays the sign-in form (or goes home if already signed in).
func (s *Server) showSignIn(c *fiber.Ctx) error {
	next := safeNext(c.Query("next"))
	if viewerOf(c).SignedIn() {
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	return s.render(c, fiber.StatusOK, "auth/sign_in", &signInView{page: s.newPage(c, "signin.title"), Next: next})
}

// signIn checks the credentials, opens a new session (a fresh token, never
// one the browser proposed) and goes to the page that asked for sign-in.
func (s *Server) signIn(c *fiber.Ctx) error {
	email := strings.Clone(strings.TrimSpace(c.FormValue("email")))
	password := c.FormValue("password")
	next := safeNext(c.FormValue("next"))

	// Whatever happens, an old session in this browser ends here.
	if v := viewerOf(c); v.Session != nil {
		if err := s.Sessions.Revoke(c.UserContext(), c.Cookies(sessionCookie)); err != nil && !errors.Is(err, auth.ErrNoSession) {
			return err
		}
	}
	// The one text rule, before the address reaches a query (PostgreSQL
	// refuses NUL and invalid UTF-8 with an error).
	if verr, ok := apperr.AsValidation(textinput.InvalidLine("email", email)); ok {
		vm := &signInView{page: s.newPage(c, "signin.title"), Next: next}
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "auth/sign_in", vm)
	}
	client := auth.Client{IP: c.IP(), UserAgent: string(c.Request().Header.UserAgent()), Device: c.Cookies(deviceCookie)}
	token, u, err := s.Auth.SignIn(c.UserContext(), email, password, client)
	if err != nil {
		vm := &signInView{page: s.newPage(c, "signin.title"), Email: email, Next: next}
		var locked *auth.LockedError
		switch {
		case errors.As(err, &locked):
			minutes := int(math.Ceil(time.Until(locked.Until).Minutes()))
			vm.Problem = vm.T("signin.locked", "Minutes", max(minutes, 1))
			return s.render(c, fiber.StatusTooManyRequests, "auth/sign_in", vm)
		case errors.Is(err, auth.ErrDisabled):
			vm.Problem = vm.T("signin.disabled")
			return s.render(c, fiber.StatusForbidden, "auth/sign_in", vm)
		case errors.Is(err, auth.ErrBadCredentials):
			vm.Problem = vm.T("signin.bad_credentials")
			return s.render(c, fiber.StatusUnauthorized, "auth/sign_in", vm)
		}
		return err
	}
	s.setSessionCookie(c, token)
	if err := s.rememberDevice(c, u.Email); err != nil {
		return err
	}
	if !i18n.Supported(c.Cookies(langCookie)) && i18n.Supported(u.PreferredLanguage) {
		s.rememberLanguage(c, u.PreferredLanguage)
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// deviceCookie tells the throttle that this browser signed in to an
// account before, so that failures from other clients at the same address
// (everyone, behind a proxy) do not lock its owner out. It is sent only to
// the sign-in form.
const deviceCookie = "majlis_device"

func (s *Server) rememberDevice(c *fiber.Ctx, email string) error {
	value, err := s.Auth.DeviceCookie(email)
	if err != nil || value == "" {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name: deviceCookie, Value: value, Path: "/sign-in", Expires: time.Now().AddDate(1, 0, 0),
		HTTPOnly: true, Secure: s.Config.SecureCookies(), SameSite: fiber.CookieSameSiteLaxMode,
	})
	return nil
}

// signOut ends this browser's session.
func (s *Server) signOut(c *fiber.Ctx) error {
	if err := s.Sessions.Revoke(c.UserContext(), c.Cookies(sessionCookie)); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return s.redirectWithFlash(c, "/", "success", "flash.signed_out")
}
