package web

import (
	"net/http"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"github.com/omsn/majlis/views"
)

var staticFS = http.FS(views.Static)

// staticAsset serves the embedded CSS, scripts and images. Links carry the
// version (?v=…), so browsers may keep them a day.
func (s *Server) staticAsset(c *fiber.Ctx) error {
	name := path.Clean("/" + c.Params("*"))
	if strings.HasSuffix(name, "/") || name == "/" {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return filesystem.SendFile(c, staticFS, "static"+name)
}
