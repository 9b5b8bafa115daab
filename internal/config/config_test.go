package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaultsStartOnLocalSQLite(t *testing.T) {
	c, err := Load(env(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != DefaultDatabaseURL || c.Addr != ":8080" {
		t.Fatalf("defaults: %+v", c)
	}
	if c.BaseURL.String() != "http://localhost:8080" || c.SecureCookies() {
		t.Fatalf("base URL %s secure=%v", c.BaseURL, c.SecureCookies())
	}
	if c.SessionIdle != 7*24*time.Hour || c.Demo {
		t.Fatalf("session idle %v demo %v", c.SessionIdle, c.Demo)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	c, err := Load(env(map[string]string{"MAJLIS_ADDR": ":9000"}), []string{"--addr", "127.0.0.1:9100", "--demo"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9100" || !c.Demo {
		t.Fatalf("got addr %q demo %v", c.Addr, c.Demo)
	}
}

func TestHTTPSBaseURLMakesCookiesSecure(t *testing.T) {
	c, err := Load(env(map[string]string{"MAJLIS_BASE_URL": "https://majlis.omsn.ma"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !c.SecureCookies() {
		t.Fatal("https base URL must make cookies Secure")
	}
}

func TestWrongValuesNameTheirVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"MAJLIS_DATABASE_URL":          {"MAJLIS_DATABASE_URL": "mysql://x/y"},
		"MAJLIS_ADDR":                  {"MAJLIS_ADDR": "8080"},
		"MAJLIS_BASE_URL":              {"MAJLIS_BASE_URL": "majlis.example"},
		"MAJLIS_LOG_LEVEL":             {"MAJLIS_LOG_LEVEL": "loud"},
		"MAJLIS_SESSION_IDLE":          {"MAJLIS_SESSION_IDLE": "soon"},
		"MAJLIS_TRUSTED_PROXIES":       {"MAJLIS_TRUSTED_PROXIES": "10.0.0.0/99"},
		"MAJLIS_DEMO":                  {"MAJLIS_DEMO": "maybe"},
		"MAJLIS_SMTP_URL":              {"MAJLIS_SMTP_URL": "imap://mail.example.org", "MAJLIS_MAIL_FROM": "a@example.org"},
		"MAJLIS_MAIL_FROM":             {"MAJLIS_SMTP_URL": "smtp://mail.example.org"},
		"MAJLIS_JOB_LEASE":             {"MAJLIS_JOB_LEASE": "10ms"},
		"MAJLIS_STRIPE_WEBHOOK_SECRET": {"MAJLIS_STRIPE_SECRET_KEY": "sk_test_x"},
		"MAJLIS_STRIPE_API_URL":        {"MAJLIS_STRIPE_API_URL": "localhost:12111"},
	}
	for want, e := range cases {
		t.Run(want, func(t *testing.T) {
			_, err := Load(env(e), nil)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Var != want {
				t.Fatalf("error %v does not name %s", err, want)
			}
		})
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	_, err := Load(env(map[string]string{"MAJLIS_ADDR": "x", "MAJLIS_LOG_FORMAT": "xml"}), nil)
	if err == nil || !strings.Contains(err.Error(), "MAJLIS_ADDR") || !strings.Contains(err.Error(), "MAJLIS_LOG_FORMAT") {
		t.Fatalf("want both variables named, got %v", err)
	}
}

func TestPostgresURLWithoutDatabaseIsRefusedAndPasswordHidden(t *testing.T) {
	_, err := Load(env(map[string]string{"MAJLIS_DATABASE_URL": "postgres://u:hunter2@db/"}), nil)
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("want an error without the password, got %v", err)
	}
}

func TestMailGoesToAFolderUnlessAnSMTPServerIsConfigured(t *testing.T) {
	c, err := Load(env(nil), nil)
	if err != nil || c.SMTP != nil || c.MailDir != DefaultMailDir || c.MailFrom == "" {
		t.Fatalf("development mail: %+v %v", c, err)
	}
	c, err = Load(env(map[string]string{"MAJLIS_SMTP_URL": "smtps://omsn:hunter2@mail.example.org", "MAJLIS_MAIL_FROM": "OMSN <noreply@omsn.ma>"}), nil)
	if err != nil || c.SMTP == nil || c.SMTP.String() != "smtp omsn@mail.example.org:465 (tls)" {
		t.Fatalf("smtp: %v %v", c.SMTP, err)
	}
	_, err = Load(env(map[string]string{"MAJLIS_SMTP_URL": "smtp://omsn:hunter2@mail.example.org?bogus=1", "MAJLIS_MAIL_FROM": "x@y.z"}), nil)
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("want an error without the password, got %v", err)
	}
}
