package web

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"github.com/omsn/majlis/internal/reqctx"
)

// The request line and what a service logs with the request's context both
// carry the request id the response names.
func TestEveryLineARequestLogsCarriesItsID(t *testing.T) {
	var buf bytes.Buffer
	s := &Server{Deps: Deps{Log: slog.New(reqctx.LogHandler(slog.NewJSONHandler(&buf, nil)))}}
	app := fiber.New()
	app.Use(requestid.New(), withRequestContext(time.Minute), s.logRequests)
	app.Get("/", func(c *fiber.Ctx) error {
		s.Log.InfoContext(c.UserContext(), "service step")
		return c.SendString("ok")
	})
	res, err := app.Test(httptest.NewRequest(http.MethodGet, "/", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Header.Get(fiber.HeaderXRequestID)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if id == "" || len(lines) != 2 {
		t.Fatalf("request id %q, log:\n%s", id, buf.String())
	}
	for _, l := range lines {
		if strings.Count(l, `"request_id"`) != 1 || !strings.Contains(l, `"request_id":"`+id+`"`) {
			t.Errorf("log line without the request id %s once: %s", id, l)
		}
	}
}

// A failed request's error line carries the request id once, from the
// request's context like every other line.
func TestTheErrorLineOfAFailedRequestCarriesItsID(t *testing.T) {
	var buf bytes.Buffer
	s := &Server{Deps: Deps{Log: slog.New(reqctx.LogHandler(slog.NewJSONHandler(&buf, nil)))}}
	app := fiber.New(fiber.Config{ErrorHandler: s.handleError})
	app.Use(requestid.New(), withRequestContext(time.Minute))
	app.Get("/static/broken", func(c *fiber.Ctx) error { return errors.New("disk on fire") })
	res, err := app.Test(httptest.NewRequest(http.MethodGet, "/static/broken", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Header.Get(fiber.HeaderXRequestID)
	line := strings.TrimSpace(buf.String())
	if res.StatusCode != http.StatusInternalServerError || id == "" ||
		!strings.Contains(line, `"msg":"request failed"`) ||
		strings.Count(line, `"request_id"`) != 1 || !strings.Contains(line, `"request_id":"`+id+`"`) {
		t.Fatalf("status %d, request id %q, log:\n%s", res.StatusCode, id, line)
	}
}
