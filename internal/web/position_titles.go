package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/i18n"
)

// positionTitles names mandates' positions in the page's language, for
// the views that list mandates: a mandate stores its position's code.
type positionTitles struct {
	names      board.PositionNames
	translator *i18n.Translator
}

func (s *Server) positionTitles(c *fiber.Ctx) (positionTitles, error) {
	names, err := s.Board.PositionNames(c.UserContext())
	return positionTitles{names: names, translator: s.translator(c)}, err
}

// PositionTitle is the title of a mandate's position.
func (p positionTitles) PositionTitle(m *ent.Mandate) string {
	name, key := p.names.Of(m, p.translator.Code)
	if key {
		return p.translator.T(name)
	}
	return name
}
