package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Transport hands messages to the outside world.
type Transport interface {
	// Send delivers the messages and calls done with each one's outcome
	// as soon as it is known (nil: delivered), so that it is recorded
	// before the next is sent: a crash mid-batch then resends at most one
	// message. A permanent refusal is wrapped by jobs.Permanent; anything
	// else may succeed later.
	Send(ctx context.Context, msgs []*gomail.Msg, done func(i int, err error))
	// String describes the transport for the startup log (no secret).
	String() string
}

// SMTP sends through an SMTP server, one connection per batch.
type SMTP struct {
	host     string
	port     int
	security string // starttls, tls or none
	user     string
	password string
	// TLSConfig, when set, replaces the default (the system's roots,
	// verifying the server's name); tests trust their own server with it.
	TLSConfig *tls.Config
	// Timeout bounds connecting and each command.
	Timeout time.Duration
}

// ParseSMTPURL reads MAJLIS_SMTP_URL: smtp://user:password@host:587 speaks
// STARTTLS (required), smtps://user:password@host:465 TLS from the first
// byte, and smtp://host:25?tls=none a local relay in clear text.
func ParseSMTPURL(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("not a URL")
	}
	s := &SMTP{host: u.Hostname(), Timeout: 30 * time.Second}
	switch u.Scheme {
	case "smtp":
		s.security, s.port = "starttls", 587
	case "smtps":
		s.security, s.port = "tls", 465
	default:
		return nil, errors.New("the scheme must be smtp:// (STARTTLS) or smtps:// (implicit TLS)")
	}
	if s.host == "" {
		return nil, errors.New("a host is required")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, errors.New("the port must be a number between 1 and 65535")
		}
		s.port = n
	}
	for k, v := range u.Query() {
		switch {
		case k == "tls" && len(v) == 1 && v[0] == "none" && u.Scheme == "smtp":
			s.security = "none"
		case k == "tls" && len(v) == 1 && v[0] == "starttls" && u.Scheme == "smtp":
		default:
			return nil, fmt.Errorf("unknown option %s=%s (only tls=none, on smtp://)", k, strings.Join(v, ","))
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	return s, nil
}

// String describes the server without its password.
func (s *SMTP) String() string {
	who := ""
	if s.user != "" {
		who = s.user + "@"
	}
	return fmt.Sprintf("smtp %s%s:%d (%s)", who, s.host, s.port, s.security)
}

func (s *SMTP) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(s.Timeout)}
	switch s.security {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.TLSConfig))
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.user), gomail.WithPassword(s.password))
	}
	return gomail.NewClient(s.host, opts...)
}

// Send delivers a batch over one connection. If the server cannot be
// reached, every message gets the same temporary error.
func (s *SMTP) Send(ctx context.Context, msgs []*gomail.Msg, done func(int, error)) {
	fill := func(err error) {
		for i := range msgs {
			done(i, err)
		}
	}
	c, err := s.client()
	if err != nil {
		fill(fmt.Errorf("smtp client: %w", err))
		return
	}
	if err := c.DialWithContext(ctx); err != nil {
		fill(classify(fmt.Errorf("connect to %s:%d: %w", s.host, s.port, err)))
		return
	}
	defer c.Close()
	for i, m := range msgs {
		// One message at a time, so that each gets its own outcome: a
		// refused recipient must not hold up the others.
		done(i, classify(c.Send(m)))
	}
}

// classify marks what the server refused for good (5xx) as permanent.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var se *gomail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 && se.ErrorCode() < 600 {
		return permanent(err)
	}
	return err
}

// Dir writes each message as an .eml file in a folder, for development
// without a mail server: open them with any mail client.
type Dir struct{ Path string }

// String describes the folder.
func (d Dir) String() string { return "folder " + d.Path }

// Send writes the messages.
func (d Dir) Send(_ context.Context, msgs []*gomail.Msg, done func(int, error)) {
	if err := os.MkdirAll(d.Path, 0o750); err != nil {
		for i := range msgs {
			done(i, err)
		}
		return
	}
	for i, m := range msgs {
		id := "message"
		if v := m.GetGenHeader(gomail.HeaderMessageID); len(v) > 0 {
			id = strings.Trim(v[0], "<>")
		}
		name := time.Now().UTC().Format("20060102T150405.000000000") + "-" + safeName(id) + ".eml"
		done(i, m.WriteToFile(filepath.Join(d.Path, name)))
	}
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, s)
}
