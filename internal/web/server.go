// Package web is Majlis's HTTP interface: the route table, the middleware
// every request goes through (request id, logs, security headers, language,
// session, CSRF, authorization) and thin handlers that parse a form, call a
// service and render a view or redirect.
package web

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/gofiber/template/html/v2"

	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/assembly"
	"github.com/omsn/majlis/internal/association"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/config"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/reqctx"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/worklist"
	"github.com/omsn/majlis/views"
)

// Deps is everything the web layer needs, built once at start.
type Deps struct {
	Config      *config.Config
	Log         *slog.Logger
	DB          *database.DB
	I18n        *i18n.Catalog
	Enforcer    *authz.Enforcer
	Roles       *authz.Resolver
	Auth        *auth.Authenticator
	Sessions    *auth.Sessions
	Accounts    *accounts.Service
	Association *association.Service
	Members     *members.Service
	Imports     *members.ImportRuns // large roster imports, on the job queue
	Statutes    *statutes.Service
	Board       *board.Service
	Links       *accounts.Links
	Queue       *jobs.Queue
	Mailer      *mail.Mailer
	Dues        *dues.Service
	// Worklist says what waits for the viewer on the home page.
	Worklist *worklist.Service
	// Assemblies runs the general assemblies.
	Assemblies *assembly.Service
	// CSRFKey signs CSRF tokens; every instance must use the same key.
	CSRFKey []byte
	// Version is shown in the footer and used to bust asset caches.
	Version string
}

// Server is the Fiber application with its dependencies.
type Server struct {
	Deps
	app *fiber.App
	// pages is who may open each page (GET route) of the table, by path:
	// the navigation and the home page's items link only where the viewer
	// may go.
	pages map[string]access
}

// New builds the application and registers every route of the table.
func New(d Deps) (*Server, error) {
	engine := html.NewFileSystem(http.FS(views.Templates), ".html")
	engine.AddFunc("prev", func(n int) int { return n - 1 })
	engine.AddFunc("list", func(xs ...string) []string { return xs })
	engine.AddFunc("next", func(n int) int { return n + 1 })
	for name, fn := range layoutFuncs(d.Version) {
		engine.AddFunc(name, fn)
	}
	engine.AddFunc("deref", func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	})
	s := &Server{Deps: d}
	if d.Log != nil {
		// Lines logged with a request's context carry its id.
		s.Log = slog.New(reqctx.LogHandler(d.Log.Handler()))
	}
	app := fiber.New(fiber.Config{
		AppName:                 "Majlis",
		Views:                   engine,
		ErrorHandler:            s.handleError,
		DisableStartupMessage:   true,
		ReadTimeout:             30 * time.Second,
		WriteTimeout:            writeTimeout,
		IdleTimeout:             120 * time.Second,
		BodyLimit:               8 << 20,
		EnableTrustedProxyCheck: true,
		TrustedProxies:          d.Config.TrustedProxies,
		ProxyHeader:             proxyHeader(d.Config.TrustedProxies),
	})
	s.app = app

	app.Use(requestid.New())
	app.Use(withRequestContext(requestDeadline))
	app.Use(s.logRequests)
	app.Use(s.recoverPanics)
	// A form may lead only to this site, and to the payment provider's
	// page when online payment is on (the pay button redirects there).
	formAction := "'self'"
	if d.Dues != nil && d.Dues.OnlinePaymentOpen() {
		formAction += " https://checkout.stripe.com"
	}
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
			"font-src 'self'; form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
		XFrameOptions:             "DENY",
		ReferrerPolicy:            "same-origin",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=(), payment=()",
		CrossOriginEmbedderPolicy: "unsafe-none",
	}))
	// Helmet sends HSTS only on a TLS connection, which a server behind a
	// proxy that terminates TLS never sees: an https:// base URL decides.
	if maxAge := hstsMaxAge(d.Config); maxAge > 0 {
		app.Use(strictTransportSecurity(maxAge))
	}
	// Health checks and assets need no session: they must answer while
	// the database is gone, whatever cookie the browser sends.
	app.Use(skipInfrastructure(s.loadViewer))
	app.Use(s.chooseLanguage)
	app.Use(s.protectFromCSRF)

	s.pages = map[string]access{}
	for _, r := range s.routes() {
		app.Add(r.Method, r.Path, s.authorize(r.Access), r.Handler)
		if r.Method == fiber.MethodGet {
			s.pages[r.Path] = r.Access
		}
	}
	return s, nil
}

// App exposes the Fiber application (for tests and the listener).
func (s *Server) App() *fiber.App { return s.app }

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.app.Listener(ln) }

// Shutdown stops accepting connections and waits for requests in flight.
func (s *Server) Shutdown(ctx context.Context) error { return s.app.ShutdownWithContext(ctx) }

func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}

// writeTimeout bounds how long a response may take to write;
// requestDeadline, a little shorter, is the deadline of the context the
// services get, so that they give up (and say so) before the connection
// is cut.
const (
	writeTimeout    = 30 * time.Second
	requestDeadline = writeTimeout - 2*time.Second
)

// hstsMaxAge is the HSTS max-age in seconds: a year when the base URL is
// https://, none otherwise.
func hstsMaxAge(c *config.Config) int {
	if c.SecureCookies() {
		return 31536000
	}
	return 0
}
