package smtptest

import (
	"bytes"
	"crypto/subtle"
	"io"
	"net/mail"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// errAuthRequired is what a submission relay answers to MAIL FROM before
// AUTH (RFC 4954 section 6). go-smtp's own ErrAuthRequired uses 502, which a
// client could read as "unknown command" rather than "authenticate first".
var errAuthRequired = &smtp.SMTPError{
	Code:         530,
	EnhancedCode: smtp.EnhancedCode{5, 7, 0},
	Message:      "Authentication required",
}

// backend creates one session per EHLO. go-smtp creates a new one after
// STARTTLS, so each session sees whether it is encrypted from the start.
type backend struct{ s *Server }

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, encrypted := c.TLSConnectionState()
	return &session{s: b.s, tls: encrypted}, nil
}

// session is one SMTP session. go-smtp calls its methods from the
// connection's goroutine only, so it needs no lock.
type session struct {
	s        *Server
	tls      bool
	authUser string
	from     string
	to       []string
}

var _ smtp.AuthSession = (*session)(nil)

// AuthMechanisms advertises PLAIN only when the test asked for
// authentication, so a sender configured to log in against a server without
// AUTH gets the same error as against such a relay.
func (ss *session) AuthMechanisms() []string {
	if !ss.s.cfg.auth {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if !ss.s.cfg.auth {
		return nil, smtp.ErrAuthUnsupported
	}
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		// An authorization identity other than the user would mean acting
		// on someone else's behalf, which this server does not allow.
		if identity != "" && identity != username {
			return smtp.ErrAuthFailed
		}
		userOK := subtle.ConstantTimeCompare([]byte(username), []byte(ss.s.cfg.authUser)) == 1
		passOK := subtle.ConstantTimeCompare([]byte(password), []byte(ss.s.cfg.authPass)) == 1
		if !userOK || !passOK {
			return smtp.ErrAuthFailed
		}
		ss.authUser = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.cfg.auth && ss.authUser == "" {
		return errAuthRequired
	}
	ss.from = from
	ss.to = nil
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if fn := ss.s.cfg.reject; fn != nil {
		// Compare before converting: a nil *SMTPError stored in an error
		// interface is not a nil error and would refuse every recipient.
		if err := fn(to); err != nil {
			return err
		}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	if ss.s.cfg.discard {
		// Still read everything, so the size limit and the end-of-data
		// marker are handled exactly as when keeping messages.
		if _, err := io.Copy(io.Discard, r); err != nil {
			return err
		}
		ss.s.record(nil)
		return nil
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		// ErrDataTooLarge is an *smtp.SMTPError, which go-smtp sends as is.
		return err
	}
	m := &Message{
		From:       ss.from,
		To:         append([]string(nil), ss.to...),
		Raw:        raw,
		TLS:        ss.tls,
		AuthUser:   ss.authUser,
		ReceivedAt: time.Now(),
	}
	if parsed, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		m.Header = parsed.Header
	}
	ss.s.record(m)
	return nil
}

func (ss *session) Reset() {
	ss.from = ""
	ss.to = nil
}

func (ss *session) Logout() error { return nil }
