// Package config loads Majlis's settings from the environment (and flags
// that override it) into one typed struct, validated before anything starts.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
)

// Config holds every setting of a running Majlis.
type Config struct {
	// DatabaseURL is sqlite:///path/file.db or postgres://… (MAJLIS_DATABASE_URL).
	DatabaseURL string
	// Addr is the host:port the server listens on (MAJLIS_ADDR).
	Addr string
	// BaseURL is the public address, used in links and to decide whether
	// cookies are Secure (MAJLIS_BASE_URL).
	BaseURL *url.URL
	// LogLevel is debug, info, warn or error (MAJLIS_LOG_LEVEL).
	LogLevel string
	// LogFormat is text or json (MAJLIS_LOG_FORMAT).
	LogFormat string
	// SessionIdle ends a session nobody used for this long (MAJLIS_SESSION_IDLE).
	SessionIdle time.Duration
	// SessionMax ends any session this long after sign-in (MAJLIS_SESSION_MAX).
	SessionMax time.Duration
	// TrustedProxies are the addresses whose X-Forwarded-For is believed
	// (MAJLIS_TRUSTED_PROXIES, comma-separated IPs or CIDRs).
	TrustedProxies []string
	// Demo seeds the demo association on first start (MAJLIS_DEMO or --demo).
	Demo bool
	// SMTP is the mail server (MAJLIS_SMTP_URL); nil means mail is written
	// to MailDir instead, for development.
	SMTP *mail.SMTP
	// MailFrom is the sender of every message (MAJLIS_MAIL_FROM).
	MailFrom string
	// MailDir is where messages go without an SMTP server (MAJLIS_MAIL_DIR).
	MailDir string
	// StripeSecretKey and StripeWebhookSecret turn online payment on
	// (MAJLIS_STRIPE_SECRET_KEY, MAJLIS_STRIPE_WEBHOOK_SECRET); both or
	// neither. StripeAPIURL points at another API, such as stripe-mock
	// (MAJLIS_STRIPE_API_URL).
	StripeSecretKey, StripeWebhookSecret, StripeAPIURL string
	// JobLease is how long a background job stays reserved for the
	// instance that took it; if that instance dies, another takes the job
	// over after this long (MAJLIS_JOB_LEASE).
	JobLease time.Duration
}

// Defaults used when a variable is unset.
const (
	DefaultDatabaseURL = "sqlite://data/majlis.db"
	DefaultAddr        = ":8080"
	DefaultMailDir     = "data/mail"
)

// FieldError names the variable whose value is wrong.
type FieldError struct {
	Var    string
	Value  string
	Reason string
}

func (e *FieldError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %s", e.Var, e.Reason)
	}
	return fmt.Sprintf("%s=%q: %s", e.Var, e.Value, e.Reason)
}

// Load reads the environment through getenv (os.Getenv in production) and
// then the flags in args, which override it. Every problem is reported, each
// naming its variable.
func Load(getenv func(string) string, args []string) (*Config, error) {
	raw := map[string]string{}
	for _, k := range []string{"MAJLIS_DATABASE_URL", "MAJLIS_ADDR", "MAJLIS_BASE_URL", "MAJLIS_LOG_LEVEL",
		"MAJLIS_LOG_FORMAT", "MAJLIS_SESSION_IDLE", "MAJLIS_SESSION_MAX", "MAJLIS_TRUSTED_PROXIES", "MAJLIS_DEMO",
		"MAJLIS_SMTP_URL", "MAJLIS_MAIL_FROM", "MAJLIS_MAIL_DIR", "MAJLIS_JOB_LEASE",
		"MAJLIS_STRIPE_SECRET_KEY", "MAJLIS_STRIPE_WEBHOOK_SECRET", "MAJLIS_STRIPE_API_URL"} {
		raw[k] = strings.TrimSpace(getenv(k))
	}
	fs := flag.NewFlagSet("majlis", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	flagVar := func(name, env, usage string) {
		fs.Func(name, usage+" (overrides "+env+")", func(v string) error { raw[env] = v; return nil })
	}
	flagVar("database-url", "MAJLIS_DATABASE_URL", "database URL")
	flagVar("addr", "MAJLIS_ADDR", "listen address host:port")
	flagVar("base-url", "MAJLIS_BASE_URL", "public base URL")
	flagVar("log-level", "MAJLIS_LOG_LEVEL", "debug|info|warn|error")
	fs.BoolFunc("demo", "seed the demo association on first start (overrides MAJLIS_DEMO)", func(string) error {
		raw["MAJLIS_DEMO"] = "true"
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}

	c := &Config{}
	var errs []error
	bad := func(v, value, reason string) { errs = append(errs, &FieldError{Var: v, Value: value, Reason: reason}) }

	c.DatabaseURL = orDefault(raw["MAJLIS_DATABASE_URL"], DefaultDatabaseURL)
	if _, err := database.ParseURL(c.DatabaseURL); err != nil {
		bad("MAJLIS_DATABASE_URL", database.Redacted(c.DatabaseURL), err.Error())
	}

	c.Addr = orDefault(raw["MAJLIS_ADDR"], DefaultAddr)
	if host, port, err := net.SplitHostPort(c.Addr); err != nil {
		bad("MAJLIS_ADDR", c.Addr, "must be host:port, for example :8080 or 127.0.0.1:8080")
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		bad("MAJLIS_ADDR", c.Addr, "port must be a number between 0 and 65535")
	} else if host != "" && net.ParseIP(host) == nil && host != "localhost" {
		bad("MAJLIS_ADDR", c.Addr, "host must be an IP address, localhost or empty")
	}

	base := raw["MAJLIS_BASE_URL"]
	if base == "" {
		base = "http://localhost" + portSuffix(c.Addr)
	}
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("MAJLIS_BASE_URL", base, "must be an absolute http:// or https:// URL")
	} else if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		bad("MAJLIS_BASE_URL", base, "must not have a path or query (Majlis is served at the root)")
	} else {
		u.Path = ""
		c.BaseURL = u
	}

	c.LogLevel = strings.ToLower(orDefault(raw["MAJLIS_LOG_LEVEL"], "info"))
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("MAJLIS_LOG_LEVEL", c.LogLevel, "must be debug, info, warn or error")
	}
	c.LogFormat = strings.ToLower(orDefault(raw["MAJLIS_LOG_FORMAT"], "text"))
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("MAJLIS_LOG_FORMAT", c.LogFormat, "must be text or json")
	}

	c.SessionIdle = duration(raw, "MAJLIS_SESSION_IDLE", 7*24*time.Hour, bad)
	c.SessionMax = duration(raw, "MAJLIS_SESSION_MAX", 30*24*time.Hour, bad)
	if c.SessionIdle > c.SessionMax && c.SessionMax > 0 {
		bad("MAJLIS_SESSION_IDLE", c.SessionIdle.String(), "must not exceed MAJLIS_SESSION_MAX")
	}

	for _, p := range strings.Split(raw["MAJLIS_TRUSTED_PROXIES"], ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				bad("MAJLIS_TRUSTED_PROXIES", p, "must be an IP address or a CIDR range")
				continue
			}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}

	if v := raw["MAJLIS_DEMO"]; v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			bad("MAJLIS_DEMO", v, "must be true or false")
		}
		c.Demo = b
	}
	if v := raw["MAJLIS_SMTP_URL"]; v != "" {
		smtp, err := mail.ParseSMTPURL(v)
		if err != nil {
			// The URL may hold a password: it is not echoed.
			bad("MAJLIS_SMTP_URL", "", err.Error())
		}
		c.SMTP = smtp
	}
	c.MailDir = orDefault(raw["MAJLIS_MAIL_DIR"], DefaultMailDir)
	c.MailFrom = raw["MAJLIS_MAIL_FROM"]
	if c.MailFrom == "" && c.SMTP != nil {
		bad("MAJLIS_MAIL_FROM", "", "is required with MAJLIS_SMTP_URL, for example \"OMSN <noreply@omsn.ma>\"")
	} else if c.MailFrom == "" {
		c.MailFrom = "Majlis <majlis@localhost>"
	} else if _, err := netmail.ParseAddress(c.MailFrom); err != nil {
		bad("MAJLIS_MAIL_FROM", c.MailFrom, "must be an address, optionally with a name: Name <address@example.org>")
	}
	c.StripeSecretKey, c.StripeWebhookSecret = raw["MAJLIS_STRIPE_SECRET_KEY"], raw["MAJLIS_STRIPE_WEBHOOK_SECRET"]
	switch {
	case c.StripeSecretKey != "" && c.StripeWebhookSecret == "":
		bad("MAJLIS_STRIPE_WEBHOOK_SECRET", "", "is required with MAJLIS_STRIPE_SECRET_KEY (the webhook's signing secret, whsec_…)")
	case c.StripeSecretKey == "" && c.StripeWebhookSecret != "":
		bad("MAJLIS_STRIPE_SECRET_KEY", "", "is required with MAJLIS_STRIPE_WEBHOOK_SECRET")
	}
	if v := raw["MAJLIS_STRIPE_API_URL"]; v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("MAJLIS_STRIPE_API_URL", v, "must be an absolute http:// or https:// URL, for example http://127.0.0.1:12111")
		}
		c.StripeAPIURL = v
	}
	c.JobLease = 5 * time.Minute
	if v := raw["MAJLIS_JOB_LEASE"]; v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			bad("MAJLIS_JOB_LEASE", v, "must be a duration of at least 1s, for example 5m")
		} else {
			c.JobLease = d
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// SecureCookies tells whether cookies must carry the Secure attribute.
func (c *Config) SecureCookies() bool { return c.BaseURL.Scheme == "https" }

func duration(raw map[string]string, v string, def time.Duration, bad func(string, string, string)) time.Duration {
	s := raw[v]
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Minute {
		bad(v, s, "must be a duration of at least 1m, for example 168h")
		return def
	}
	return d
}

func portSuffix(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" || port == "80" {
		return ""
	}
	return ":" + port
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
