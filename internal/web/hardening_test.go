package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/reqctx"
	"github.com/omsn/majlis/internal/testdb"
)

// No proxy is trusted, so no request is TLS as far as the server knows:
// the base URL alone says the site is served over HTTPS.
func TestHSTSIsSentWhenTheBaseURLIsHTTPSEvenWithoutATrustedProxy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		secure := newSite(t, db, map[string]string{"MAJLIS_BASE_URL": "https://majlis.example"})
		for _, p := range []string{"/", "/sign-in", "/no-such-page"} {
			if got := secure.visitor().Get(p).Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=31536000") {
				t.Errorf("https base URL, %s: Strict-Transport-Security %q, want max-age=31536000", p, got)
			}
		}
	})
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		plain := newSite(t, db, nil)
		if got := plain.visitor().Get("/").Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("http base URL: Strict-Transport-Security %q, want none", got)
		}
	})
}

func TestHealthChecksAndAssetsAnswerWithASessionCookieWhileTheDatabaseIsGone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		c := s.as(salma)
		if err := db.SQL.Close(); err != nil {
			t.Fatal(err)
		}
		for path, want := range map[string]int{
			"/healthz":               http.StatusOK,
			"/readyz":                http.StatusServiceUnavailable,
			"/static/css/majlis.css": http.StatusOK,
		} {
			if r := c.Get(path); r.Status != want {
				t.Errorf("%s with a session cookie and no database: %d, want %d", path, r.Status, want)
			}
		}
	})
}

func TestReadyzIsNotReadyUntilTheSchemaHasTheLatestMigration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		if r := s.visitor().Get("/readyz"); r.Status != http.StatusOK {
			t.Fatalf("a migrated database: %d, want 200", r.Status)
		}
		latest, err := database.LatestMigration(db.Target.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if _, err := db.SQL.ExecContext(ctx, "DELETE FROM goose_db_version WHERE version_id = $1", latest); err != nil {
			t.Fatal(err)
		}
		if r := s.visitor().Get("/readyz"); r.Status != http.StatusServiceUnavailable || !strings.Contains(r.Body, "schema") {
			t.Errorf("a database one migration behind: %d %q, want 503", r.Status, r.Body)
		}
		if _, err := db.SQL.ExecContext(ctx, "DROP TABLE goose_db_version"); err != nil {
			t.Fatal(err)
		}
		if r := s.visitor().Get("/readyz"); r.Status != http.StatusServiceUnavailable {
			t.Errorf("a database never migrated: %d, want 503", r.Status)
		}
	})
}

func TestHandlersGetAContextWithADeadlineAndTheRequestID(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newSite(t, db, nil)
		var deadline time.Time
		var hasDeadline bool
		var id string
		var ctx context.Context
		s.env.Server.App().Get("/context-probe", func(c *fiber.Ctx) error {
			ctx = c.UserContext()
			deadline, hasDeadline = ctx.Deadline()
			id = reqctx.ID(ctx)
			return c.SendString("ok")
		})
		start := time.Now()
		res, err := s.env.Server.App().Test(httptest.NewRequest(http.MethodGet, "/context-probe", nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		if !hasDeadline || deadline.Before(start.Add(10*time.Second)) || deadline.After(start.Add(30*time.Second)) {
			t.Errorf("the handler's context has deadline %v (set: %v), want a little under the 30 s write timeout", deadline.Sub(start), hasDeadline)
		}
		if want := res.Header.Get("X-Request-ID"); id == "" || id != want {
			t.Errorf("the handler's context carries request id %q, the response %q", id, want)
		}
		if ctx.Err() == nil {
			t.Error("the request's context is still live after the response")
		}
	})
}
