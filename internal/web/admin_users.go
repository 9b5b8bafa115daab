package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
)

type usersView struct {
	*page
	Users []*ent.User
}

// listUsers shows every account to an administrator.
func (s *Server) listUsers(c *fiber.Ctx) error {
	users, err := s.Accounts.List(c.UserContext())
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "admin/users", &usersView{page: s.newPage(c, "users.title"), Users: users})
}

// disableUser disables an account and ends its sessions.
func (s *Server) disableUser(c *fiber.Ctx) error { return s.setUserDisabled(c, true) }

// enableUser lets a disabled account sign in again.
func (s *Server) enableUser(c *fiber.Ctx) error { return s.setUserDisabled(c, false) }

func (s *Server) setUserDisabled(c *fiber.Ctx, disabled bool) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	if err := s.Accounts.SetDisabled(c.UserContext(), viewerOf(c).User.ID, id, disabled); err != nil {
		return err
	}
	key := "flash.user_enabled"
	if disabled {
		key = "flash.user_disabled"
	}
	return s.redirectWithFlash(c, "/admin/users", "success", key)
}
