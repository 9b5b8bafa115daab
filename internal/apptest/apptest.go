// Package apptest builds a complete Majlis (services and web server, with
// the demo association) on a test database, and a browser-like client that
// keeps cookies and sends the CSRF token, for handler tests.
package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/internal/app"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/config"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/web"
)

// Env is a running application on a test database.
type Env struct {
	Config   *config.Config
	DB       *database.DB
	Services *app.Services
	Server   *web.Server
	// Worker runs the background jobs when a test asks (RunJobs); mail
	// goes to a temporary folder unless the test configures SMTP.
	Worker *jobs.Worker
}

// RunJobs runs every due job until none is left.
func (e *Env) RunJobs(t testing.TB) {
	t.Helper()
	for {
		n, err := e.Worker.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// TestThrottle locks quickly and never sleeps, so tests stay fast.
var TestThrottle = auth.ThrottlePolicy{
	Window: 15 * time.Minute, SlowAfter: 3, AccountSlowAfter: 5, AddressSlowAfter: 20, BaseDelay: 0, MaxDelay: 0,
	LockPairAfter: 5, LockFor: 15 * time.Minute,
}

// New builds the application on db with the demo association seeded.
// env overrides configuration variables (MAJLIS_BASE_URL…).
func New(t testing.TB, db *database.DB, env map[string]string) *Env {
	t.Helper()
	cfg, err := config.Load(func(k string) string {
		if k == "MAJLIS_MAIL_DIR" && env[k] == "" {
			return t.TempDir()
		}
		return env[k]
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	throttle := TestThrottle
	svc, err := app.NewServices(context.Background(), cfg, log, db, app.Options{HashParams: auth.FastHashParams, Throttle: &throttle})
	if err != nil {
		t.Fatal(err)
	}
	svc.Auth.Sleep = func(context.Context, time.Duration) {}
	if _, err := demo.Seed(context.Background(), db.Ent, svc.Hasher); err != nil {
		t.Fatal(err)
	}
	srv, err := app.NewWeb(context.Background(), cfg, log, db, svc)
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Config: cfg, DB: db, Services: svc, Server: srv, Worker: app.NewWorker(cfg, log, db, svc)}
}

// Client is a browser: it keeps cookies between requests and reads the
// CSRF token from the pages it gets.
type Client struct {
	t       testing.TB
	env     *Env
	cookies map[string]string
	// Header is added to every request (Accept-Language…).
	Header http.Header
}

// Client returns a new client with no cookies.
func (e *Env) Client(t testing.TB) *Client {
	return &Client{t: t, env: e, cookies: map[string]string{}, Header: http.Header{}}
}

// Response is what the server answered.
type Response struct {
	Status   int
	Header   http.Header
	Body     string
	Location string
}

// Do sends a request and records the cookies the server sets.
func (c *Client) Do(method, path string, form url.Values) *Response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.send(req)
}

// send adds the client's headers and cookies, runs the request and keeps
// the cookies the server sets.
func (c *Client) send(req *http.Request) *Response {
	c.t.Helper()
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	res, err := c.env.Server.App().Test(req, -1)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: string(b), Location: res.Header.Get("Location")}
}

// Get fetches a page.
func (c *Client) Get(path string) *Response { return c.Do(http.MethodGet, path, nil) }

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// CSRFToken loads the home page and returns the token its forms carry for
// this client's current session.
func (c *Client) CSRFToken() string {
	c.t.Helper()
	r := c.Get("/")
	m := csrfField.FindStringSubmatch(r.Body)
	if m == nil {
		c.t.Fatalf("no CSRF token on the home page (status %d)", r.Status)
	}
	return m[1]
}

// Post submits a form with a valid CSRF token, as a browser would.
func (c *Client) Post(path string, form url.Values) *Response {
	c.t.Helper()
	// A copy, so that one form can be posted by several clients.
	sent := url.Values{}
	for k, v := range form {
		sent[k] = append([]string(nil), v...)
	}
	if sent.Get("_csrf") == "" {
		sent.Set("_csrf", c.CSRFToken())
	}
	return c.Do(http.MethodPost, path, sent)
}

// PostFile submits a multipart form with one file, as a browser uploads.
func (c *Client) PostFile(path string, form url.Values, field, filename string, content []byte) *Response {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if form.Get("_csrf") == "" {
		_ = w.WriteField("_csrf", c.CSRFToken())
	}
	for k, vs := range form {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fw, err := w.CreateFormFile(field, filename)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

// SignIn signs in and fails the test if that does not work.
func (c *Client) SignIn(email, password string) {
	c.t.Helper()
	r := c.Post("/sign-in", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: status %d", email, r.Status)
	}
}

// Cookie returns the value of a cookie the client holds.
func (c *Client) Cookie(name string) string { return c.cookies[name] }

// SetCookie sets (or with "" removes) a cookie.
func (c *Client) SetCookie(name, value string) {
	if value == "" {
		delete(c.cookies, name)
		return
	}
	c.cookies[name] = value
}
