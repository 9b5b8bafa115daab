package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/members"
)

type declarationView struct {
	*page
	Declaration *board.Declaration
}

// Name names an officer in the template.
func (v *declarationView) Name(o board.Officer) string { return members.DisplayName(o.Member) }

// showDeclaration is the printable declaration of the board to the local
// authority, with the fields still missing highlighted.
func (s *Server) showDeclaration(c *fiber.Ctx) error {
	d, err := s.Board.DeclarationPack(c.UserContext())
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/declaration", &declarationView{page: s.newPage(c, "declaration.title"), Declaration: d})
}
