package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/governance"
)

type usersView struct {
	*page
	Users []*ent.User
	// offices are the positions each account's member holds today.
	offices map[int][]governance.Position
}

// Roles names what an account may do beyond its own membership: the
// offices its member holds, in words, and the administrator's role.
func (v *usersView) Roles(u *ent.User) []string {
	var out []string
	for _, p := range v.offices[u.ID] {
		out = append(out, p.Titles.In(v.Lang))
	}
	if u.IsAdmin {
		out = append(out, v.T("users.admin"))
	}
	return out
}

// DisableConfirm asks before disabling an account.
func (v *usersView) DisableConfirm(u *ent.User) confirmation { return disableConfirmation(v.page, u) }

// listUsers shows every account to an administrator.
func (s *Server) listUsers(c *fiber.Ctx) error {
	users, err := s.Accounts.List(c.UserContext())
	if err != nil {
		return err
	}
	offices, err := s.Board.OfficesByAccount(c.UserContext())
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "admin/users", &usersView{page: s.newPage(c, "users.title"), Users: users, offices: offices})
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
	if disabled && !confirmed(c) {
		if err := accounts.CheckDisable(viewerOf(c).User.ID, id); err != nil {
			return err
		}
		u, err := s.Accounts.Get(c.UserContext(), id)
		if err != nil {
			return err
		}
		p := s.newPage(c, "")
		return s.askToConfirm(c, p, disableConfirmation(p, u))
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
