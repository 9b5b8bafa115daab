package web

import "github.com/gofiber/fiber/v2"

type homeView struct{ *page }

// showHome presents the association.
func (s *Server) showHome(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "home/index", &homeView{page: s.newPage(c, "home.title")})
}
