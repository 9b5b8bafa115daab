package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
)

type accountView struct {
	*page
	Sessions         []*ent.Session
	CurrentSessionID int
}

// showAccount shows the account and the browsers signed in to it.
func (s *Server) showAccount(c *fiber.Ctx) error {
	v := viewerOf(c)
	list, err := s.Sessions.List(c.UserContext(), v.User.ID)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "account/index", &accountView{
		page: s.newPage(c, "account.title"), Sessions: list, CurrentSessionID: v.Session.ID,
	})
}

type passwordView struct{ *page }

func (s *Server) showChangePassword(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "account/password", &passwordView{page: s.newPage(c, "password.title")})
}

// changePassword replaces the password; other sessions end, this one stays.
func (s *Server) changePassword(c *fiber.Ctx) error {
	v := viewerOf(c)
	err := s.Accounts.ChangePassword(c.UserContext(), v.User.ID, v.Session.ID,
		c.FormValue("current_password"), c.FormValue("new_password"), c.FormValue("confirm_password"))
	if verr, ok := apperr.AsValidation(err); ok {
		vm := &passwordView{page: s.newPage(c, "password.title")}
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "account/password", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/account", "success", "flash.password_changed")
}

// signOutOtherSessions ends every session of the account but this one.
func (s *Server) signOutOtherSessions(c *fiber.Ctx) error {
	v := viewerOf(c)
	if _, err := s.Sessions.RevokeAll(c.UserContext(), v.User.ID, v.Session.ID); err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/account", "success", "flash.other_sessions_ended")
}

// signOutEverywhere ends every session of the account, this one included.
func (s *Server) signOutEverywhere(c *fiber.Ctx) error {
	v := viewerOf(c)
	if _, err := s.Sessions.RevokeAll(c.UserContext(), v.User.ID, 0); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return s.redirectWithFlash(c, "/", "success", "flash.signed_out_everywhere")
}
