package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz answers as long as the process serves requests.
func (s *Server) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString("ok")
}

// readyz answers 200 when the database answers and its schema has every
// migration of this build, 503 otherwise, so a load balancer stops sending
// traffic to an instance that lost its database or runs ahead of it.
func (s *Server) readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := s.DB.Ping(ctx); err != nil {
		s.Log.WarnContext(ctx, "not ready: database unreachable", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unreachable")
	}
	// A database that answers but lacks this build's migrations would
	// fail every page that needs the missing tables.
	if err := s.DB.CheckSchema(ctx); err != nil {
		s.Log.WarnContext(ctx, "not ready: schema not migrated", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("schema not migrated")
	}
	return c.SendString("ready")
}
