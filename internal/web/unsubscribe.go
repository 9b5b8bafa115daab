package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/apperr"
)

type unsubscribeView struct {
	*page
	Token string
	Done  bool
}

// showUnsubscribe asks to confirm: a GET must change nothing, since mail
// scanners follow links.
func (s *Server) showUnsubscribe(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "public/unsubscribe", &unsubscribeView{page: s.newPage(c, "unsubscribe.title"), Token: c.Params("token")})
}

// unsubscribe withdraws the member's consent to optional mail. It answers
// the page's form and mail clients' one-click requests (RFC 8058), which
// carry no session nor CSRF token: the signed token in the address is the
// proof, and the only thing it can do is stop mail.
func (s *Server) unsubscribe(c *fiber.Ctx) error {
	err := s.Mailer.Unsubscribe(c.UserContext(), c.Params("token"))
	if errors.Is(err, apperr.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "public/unsubscribe", &unsubscribeView{page: s.newPage(c, "unsubscribe.title"), Done: true})
}
