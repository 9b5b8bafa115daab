package web

import "github.com/gofiber/fiber/v2"

type homeView struct {
	*page
	// SetupNeeded asks an administrator to enter the association's identity
	// on a new installation.
	SetupNeeded bool
}

// showHome presents the association.
func (s *Server) showHome(c *fiber.Ctx) error {
	p := s.newPage(c, "home.title")
	vm := &homeView{page: p, SetupNeeded: p.Association == nil && s.Enforcer.Allowed(viewerOf(c).Roles, "association:update")}
	return s.render(c, fiber.StatusOK, "home/index", vm)
}
