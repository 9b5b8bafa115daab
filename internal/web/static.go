package web

import (
	"io/fs"
	"net/http"
	"path"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"github.com/omsn/majlis/views"
)

var staticFS = http.FS(views.Static)

// staticAsset serves the embedded CSS, scripts and images. Links carry the
// version (?v=…), so browsers may keep them a day. Directories and missing
// files are 404s (and are not cached).
func (s *Server) staticAsset(c *fiber.Ctx) error {
	name := "static" + path.Clean("/"+c.Params("*"))
	if st, err := fs.Stat(views.Static, name); err != nil || st.IsDir() {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return filesystem.SendFile(c, staticFS, name)
}
