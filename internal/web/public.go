package web

import (
	"errors"
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/markdown"
	"github.com/omsn/majlis/internal/statutes"
)

type statutesView struct {
	*page
	Version *statutes.Version
	Text    template.HTML
}

// showStatutes shows the statutes in force, in the page's language.
func (s *Server) showStatutes(c *fiber.Ctx) error {
	vm := &statutesView{page: s.newPage(c, "statutes.title")}
	v, err := s.Statutes.InForce(c.UserContext())
	switch {
	case err == nil:
		vm.Version, vm.Text = v, markdown.ToHTML(v.Text(vm.Lang))
	case !errors.Is(err, apperr.ErrNotFound):
		return err
	}
	return s.render(c, fiber.StatusOK, "public/statutes", vm)
}

type boardView struct {
	*page
	Seats []board.Seat
}

// showBoard shows the current executive board.
func (s *Server) showBoard(c *fiber.Ctx) error {
	seats, err := s.Board.Current(c.UserContext())
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "public/board", &boardView{page: s.newPage(c, "board.title"), Seats: seats})
}
