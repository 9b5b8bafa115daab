package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/omsn/majlis/internal/apperr"
)

// errorView is the model of the error page.
type errorView struct {
	*page
	Status  int
	Message string // translation key
}

// handleError is the one place where errors become answers: a status code
// and a translated page. The cause goes to the log with the request id; the
// visitor sees only a safe message.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status, key := fiber.StatusInternalServerError, "error.internal"
	var fe *fiber.Error
	switch {
	case errors.Is(err, errCSRF):
		status, key = fiber.StatusForbidden, "error.csrf"
	case errors.As(err, &fe):
		status = fe.Code
		key = statusMessage(fe.Code)
	case errors.Is(err, apperr.ErrNotFound):
		status, key = fiber.StatusNotFound, "error.not_found"
	case errors.Is(err, apperr.ErrForbidden):
		status, key = fiber.StatusForbidden, "error.forbidden"
	case errors.Is(err, apperr.ErrConflict):
		status, key = fiber.StatusConflict, "error.conflict"
	default:
		if _, ok := apperr.AsValidation(err); ok {
			status, key = fiber.StatusBadRequest, "error.bad_request"
		}
	}
	if status >= 500 {
		s.Log.ErrorContext(c.UserContext(), "request failed", "path", c.Path(), "err", err)
	} else {
		s.Log.DebugContext(c.UserContext(), "request refused", "path", c.Path(), "status", status, "err", err)
	}
	if strings.HasPrefix(c.Path(), "/healthz") || strings.HasPrefix(c.Path(), "/readyz") ||
		strings.HasPrefix(c.Path(), "/static/") {
		return c.Status(status).SendString(utils.StatusMessage(status))
	}
	vm := &errorView{page: s.newPage(c, "error.title"), Status: status, Message: key}
	if rerr := s.render(c, status, "errors/error", vm); rerr != nil {
		// The page itself failed: fall back to plain text.
		s.Log.ErrorContext(c.UserContext(), "error page failed", "err", rerr)
		return c.Status(status).SendString(vm.T(key))
	}
	return nil
}

func statusMessage(code int) string {
	switch code {
	case fiber.StatusNotFound:
		return "error.not_found"
	case fiber.StatusForbidden:
		return "error.forbidden"
	case fiber.StatusUnauthorized:
		return "error.unauthorized"
	case fiber.StatusMethodNotAllowed:
		return "error.method_not_allowed"
	case fiber.StatusRequestEntityTooLarge:
		return "error.too_large"
	case fiber.StatusBadRequest:
		return "error.bad_request"
	case fiber.StatusTooManyRequests:
		return "error.too_many_requests"
	}
	if code >= 500 {
		return "error.internal"
	}
	return "error.bad_request"
}
