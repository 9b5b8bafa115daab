package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent/accounttoken"
	"github.com/omsn/majlis/internal/apperr"
)

type forgotView struct {
	*page
	Email string
}

// showForgotPassword asks for the email of the account to reset.
func (s *Server) showForgotPassword(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "auth/password_forgot", &forgotView{page: s.newPage(c, "forgot.title")})
}

// requestPasswordReset mails a reset link. The answer is the same whether
// or not the account exists.
func (s *Server) requestPasswordReset(c *fiber.Ctx) error {
	email := strings.Clone(strings.TrimSpace(c.FormValue("email")))
	err := s.Links.RequestPasswordReset(c.UserContext(), email)
	if verr, ok := apperr.AsValidation(err); ok {
		vm := &forgotView{page: s.newPage(c, "forgot.title"), Email: email}
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "auth/password_forgot", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/sign-in", "info", "flash.reset_link_sent")
}

type setPasswordView struct {
	*page
	Action string
	// Intro is the translation key of the explanation above the form.
	Intro string
	// Expired: the link no longer works; the page says so instead of
	// showing the form.
	Expired bool
}

// linkPurpose maps the two kinds of link to their pages.
var linkPages = map[accounttoken.Purpose]struct{ prefix, title, intro, flash string }{
	accounttoken.PurposePasswordReset: {"/password/reset/", "reset.title", "reset.intro", "flash.password_reset"},
	accounttoken.PurposeInvitation:    {"/invitation/", "invitation.title", "invitation.intro", "flash.invitation_accepted"},
}

// linkPageReferrerPolicy is the Referrer-Policy of the pages opened from a
// mailed link, whose address carries the link's secret.
//
// "strict-origin" makes every request from the page, to this site or any
// other, carry at most the site's origin as Referer, never the path: the
// token stays out of other sites' logs and out of ours. "no-referrer" would
// hide it too, but browsers then also send "Origin: null" with the page's
// own form, which the CSRF origin check must refuse (a null origin is what
// sandboxed and opaque pages send), so nobody could set their password.
// The site-wide "same-origin" would keep the origin but send the full
// address, token included, with every request the page makes to this site.
const linkPageReferrerPolicy = "strict-origin"

func (s *Server) showSetPassword(purpose accounttoken.Purpose) fiber.Handler {
	lp := linkPages[purpose]
	return func(c *fiber.Ctx) error {
		token := c.Params("token")
		vm := &setPasswordView{page: s.newPage(c, lp.title), Action: lp.prefix + token, Intro: lp.intro}
		c.Set("Referrer-Policy", linkPageReferrerPolicy)
		if err := s.Links.CheckLink(c.UserContext(), purpose, token); errors.Is(err, apperr.ErrNotFound) {
			vm.Expired = true
			return s.render(c, fiber.StatusGone, "auth/set_password", vm)
		} else if err != nil {
			return err
		}
		return s.render(c, fiber.StatusOK, "auth/set_password", vm)
	}
}

func (s *Server) setPasswordWithLink(purpose accounttoken.Purpose) fiber.Handler {
	lp := linkPages[purpose]
	return func(c *fiber.Ctx) error {
		token := c.Params("token")
		c.Set("Referrer-Policy", linkPageReferrerPolicy)
		_, err := s.Links.SetPasswordWithLink(c.UserContext(), purpose, token, c.FormValue("new_password"), c.FormValue("confirm_password"))
		vm := &setPasswordView{page: s.newPage(c, lp.title), Action: lp.prefix + token, Intro: lp.intro}
		if verr, ok := apperr.AsValidation(err); ok {
			vm.setFieldErrors(verr)
			return s.render(c, fiber.StatusUnprocessableEntity, "auth/set_password", vm)
		}
		if errors.Is(err, apperr.ErrNotFound) {
			vm.Expired = true
			return s.render(c, fiber.StatusGone, "auth/set_password", vm)
		}
		if err != nil {
			return err
		}
		return s.redirectWithFlash(c, "/sign-in", "success", lp.flash)
	}
}
