package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/i18n"
)

// switchLanguage remembers the chosen language in a cookie (and on the
// account, when signed in) and goes back to the page the visitor was on.
func (s *Server) switchLanguage(c *fiber.Ctx) error {
	lang := i18n.NormalizeCode(c.FormValue("lang"))
	back := safeNext(c.FormValue("next"))
	if !i18n.Supported(lang) {
		return s.redirectWithFlash(c, back, "error", "flash.language_unknown")
	}
	s.rememberLanguage(c, lang)
	if v := viewerOf(c); v.SignedIn() {
		if err := s.Accounts.SetLanguage(c.UserContext(), v.User.ID, lang); err != nil {
			return err
		}
	}
	return c.Redirect(back, fiber.StatusSeeOther)
}
