package smtptest_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"github.com/omsn/majlis/internal/smtptest"
)

const simpleMessage = "From: Majlis <noreply@example.org>\n" +
	"To: member@example.org\n" +
	"Subject: Hello\n" +
	"\n" +
	"Plain body.\n"

// dial opens a net/smtp client on the server and says EHLO, closing the
// connection when the test ends.
func dial(t *testing.T, s *smtptest.Server) *smtp.Client {
	t.Helper()
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatalf("dial %s: %v", s.Addr(), err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Hello("localhost"); err != nil {
		t.Fatalf("EHLO: %v", err)
	}
	return c
}

// send runs one mail transaction on an open client.
func send(c *smtp.Client, from string, to []string, msg string) error {
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("MAIL: %w", err)
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return fmt.Errorf("RCPT %s: %w", r, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write([]byte(msg)); err != nil {
		return fmt.Errorf("DATA write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("end of DATA: %w", err)
	}
	return nil
}

// replyCode extracts the SMTP reply code from a net/smtp error, or 0.
func replyCode(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}

func TestPlainDelivery(t *testing.T) {
	s := smtptest.Start(t)
	if !strings.HasPrefix(s.Addr(), "127.0.0.1:") || s.Host() != "127.0.0.1" {
		t.Fatalf("Addr %q Host %q, want loopback", s.Addr(), s.Host())
	}
	if want := fmt.Sprintf("%s:%d", s.Host(), s.Port()); s.Addr() != want {
		t.Fatalf("Addr %q, want %q", s.Addr(), want)
	}
	if s.RootCAs() != nil {
		t.Fatal("RootCAs without a TLS option should be nil")
	}

	err := smtp.SendMail(s.Addr(), nil, "noreply@example.org",
		[]string{"member@example.org", "hidden-bcc@example.org"}, []byte(simpleMessage))
	if err != nil {
		t.Fatalf("SendMail: %v", err)
	}

	msgs := s.Wait(t, 1, 5*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.From != "noreply@example.org" {
		t.Errorf("From = %q", m.From)
	}
	if !slices.Equal(m.To, []string{"member@example.org", "hidden-bcc@example.org"}) {
		t.Errorf("To = %q, want both envelope recipients including the Bcc", m.To)
	}
	if m.TLS || m.AuthUser != "" {
		t.Errorf("TLS=%v AuthUser=%q on a plain unauthenticated session", m.TLS, m.AuthUser)
	}
	// net/smtp turns LF into CRLF on the wire; Raw keeps what was sent.
	if want := strings.ReplaceAll(simpleMessage, "\n", "\r\n"); string(m.Raw) != want {
		t.Errorf("Raw = %q, want %q", m.Raw, want)
	}
	if m.Subject() != "Hello" || m.Header.Get("To") != "member@example.org" {
		t.Errorf("Subject %q To %q", m.Subject(), m.Header.Get("To"))
	}
	if m.Text() != "Plain body.\r\n" {
		t.Errorf("Text = %q", m.Text())
	}
	if m.ReceivedAt.IsZero() {
		t.Error("ReceivedAt not set")
	}
	if s.Count() != 1 {
		t.Errorf("Count = %d, want 1", s.Count())
	}

	// Messages hands out copies: changing one must not change the server's.
	msgs[0].Raw[0] = 'X'
	msgs[0].To[0] = "changed"
	msgs[0].Header["Subject"][0] = "changed"
	again := s.Messages()
	if again[0].Raw[0] != 'F' || again[0].To[0] != "member@example.org" || again[0].Subject() != "Hello" {
		t.Error("Messages shares memory with the server")
	}

	s.Reset()
	if s.Count() != 0 || len(s.Messages()) != 0 {
		t.Errorf("after Reset: Count %d, %d messages", s.Count(), len(s.Messages()))
	}
}

func TestSTARTTLS(t *testing.T) {
	s := smtptest.Start(t, smtptest.WithSTARTTLS(), smtptest.WithAuth("treasurer", "s3cret"))
	if s.RootCAs() == nil {
		t.Fatal("RootCAs is nil with WithSTARTTLS")
	}

	c := dial(t, s)
	if ok, _ := c.Extension("STARTTLS"); !ok {
		t.Fatal("STARTTLS not advertised")
	}
	if ok, _ := c.Extension("AUTH"); ok {
		t.Fatal("AUTH advertised before STARTTLS: credentials would travel in clear")
	}
	// A client that tries anyway must be refused, not authenticated.
	resp := base64.StdEncoding.EncodeToString([]byte("\x00treasurer\x00s3cret"))
	id, err := c.Text.Cmd("AUTH PLAIN %s", resp)
	if err != nil {
		t.Fatal(err)
	}
	c.Text.StartResponse(id)
	code, _, err := c.Text.ReadResponse(235)
	c.Text.EndResponse(id)
	if err == nil || code/100 != 5 {
		t.Fatalf("AUTH before STARTTLS: code %d err %v, want a 5xx refusal", code, err)
	}

	if err := c.StartTLS(&tls.Config{ServerName: "localhost", RootCAs: s.RootCAs()}); err != nil {
		t.Fatalf("STARTTLS with the server's RootCAs: %v", err)
	}
	if ok, params := c.Extension("AUTH"); !ok || !strings.Contains(params, "PLAIN") {
		t.Fatalf("after STARTTLS AUTH = %v %q, want PLAIN", ok, params)
	}
	if err := c.Auth(smtp.PlainAuth("", "treasurer", "s3cret", "127.0.0.1")); err != nil {
		t.Fatalf("AUTH after STARTTLS: %v", err)
	}
	if err := send(c, "treasurer@example.org", []string{"member@example.org"}, simpleMessage); err != nil {
		t.Fatal(err)
	}
	m := s.Wait(t, 1, 5*time.Second)[0]
	if !m.TLS || m.AuthUser != "treasurer" {
		t.Errorf("TLS=%v AuthUser=%q, want true and treasurer", m.TLS, m.AuthUser)
	}
}

func TestSTARTTLSUntrustedCertificateFails(t *testing.T) {
	s := smtptest.Start(t, smtptest.WithSTARTTLS())
	c := dial(t, s)
	// An empty pool stands for the system roots, which do not know this
	// certificate: the handshake must fail, proving the client verifies.
	err := c.StartTLS(&tls.Config{ServerName: "localhost", RootCAs: x509.NewCertPool()})
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("STARTTLS without trusting the server: err = %v, want UnknownAuthorityError", err)
	}
}

func TestImplicitTLS(t *testing.T) {
	s := smtptest.Start(t, smtptest.WithImplicitTLS(), smtptest.WithAuth("treasurer", "s3cret"))

	// A plain-text client gets no greeting it can read: the server expects
	// a TLS handshake from the first byte.
	raw, err := net.DialTimeout("tcp", s.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	raw.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := raw.Write([]byte("EHLO localhost\r\n")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := raw.Read(buf)
	raw.Close()
	if strings.HasPrefix(string(buf[:n]), "220") {
		t.Fatalf("implicit TLS server greeted in clear: %q", buf[:n])
	}

	conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{ServerName: "127.0.0.1", RootCAs: s.RootCAs()})
	if err != nil {
		t.Fatalf("TLS dial: %v", err)
	}
	c, err := smtp.NewClient(conn, s.Host())
	if err != nil {
		t.Fatalf("greeting over TLS: %v", err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		t.Error("STARTTLS advertised on an already encrypted session")
	}
	if err := c.Auth(smtp.PlainAuth("", "treasurer", "s3cret", s.Host())); err != nil {
		t.Fatalf("AUTH: %v", err)
	}
	if err := send(c, "a@example.org", []string{"b@example.org"}, simpleMessage); err != nil {
		t.Fatal(err)
	}
	m := s.Wait(t, 1, 5*time.Second)[0]
	if !m.TLS || m.AuthUser != "treasurer" {
		t.Errorf("TLS=%v AuthUser=%q", m.TLS, m.AuthUser)
	}
}

func TestAuth(t *testing.T) {
	s := smtptest.Start(t, smtptest.WithAuth("treasurer", "s3cret"))

	t.Run("mail before auth is refused", func(t *testing.T) {
		c := dial(t, s)
		if ok, params := c.Extension("AUTH"); !ok || params != "PLAIN" {
			t.Fatalf("AUTH = %v %q, want PLAIN offered on loopback without TLS", ok, params)
		}
		err := c.Mail("a@example.org")
		if replyCode(err) != 530 {
			t.Fatalf("MAIL before AUTH: %v, want 530", err)
		}
	})

	for _, tc := range []struct{ name, identity, user, pass string }{
		{"wrong password", "", "treasurer", "wrong"},
		{"wrong user", "", "secretary", "s3cret"},
		{"empty password", "", "treasurer", ""},
		{"other identity", "president", "treasurer", "s3cret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, s)
			err := c.Auth(smtp.PlainAuth(tc.identity, tc.user, tc.pass, s.Host()))
			if replyCode(err) != 535 {
				t.Fatalf("AUTH: %v, want 535", err)
			}
		})
	}

	t.Run("right credentials", func(t *testing.T) {
		c := dial(t, s)
		if err := c.Auth(smtp.PlainAuth("", "treasurer", "s3cret", s.Host())); err != nil {
			t.Fatalf("AUTH: %v", err)
		}
		if err := send(c, "a@example.org", []string{"b@example.org"}, simpleMessage); err != nil {
			t.Fatal(err)
		}
		m := s.Wait(t, 1, 5*time.Second)[0]
		if m.AuthUser != "treasurer" || m.TLS {
			t.Errorf("AuthUser=%q TLS=%v", m.AuthUser, m.TLS)
		}
	})

	if s.Count() != 1 {
		t.Errorf("Count = %d: refused sessions must not deliver", s.Count())
	}
}

func TestReject(t *testing.T) {
	s := smtptest.Start(t, smtptest.WithReject(func(rcpt string) *gosmtp.SMTPError {
		switch rcpt {
		case "gone@example.org":
			return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
		case "busy@example.org":
			return &gosmtp.SMTPError{Code: 451, EnhancedCode: gosmtp.EnhancedCode{4, 7, 1}, Message: "Try again later"}
		}
		return nil
	}))
	c := dial(t, s)
	if err := c.Mail("noreply@example.org"); err != nil {
		t.Fatal(err)
	}

	err := c.Rcpt("gone@example.org")
	if replyCode(err) != 550 || !strings.Contains(err.Error(), "No such user") {
		t.Errorf("RCPT gone: %v, want 550 No such user", err)
	}
	err = c.Rcpt("busy@example.org")
	if replyCode(err) != 451 {
		t.Errorf("RCPT busy: %v, want 451", err)
	}
	if err := c.Rcpt("member@example.org"); err != nil {
		t.Fatalf("RCPT of an accepted address: %v", err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(simpleMessage))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	m := s.Wait(t, 1, 5*time.Second)[0]
	if !slices.Equal(m.To, []string{"member@example.org"}) {
		t.Errorf("To = %q, want only the accepted recipient", m.To)
	}
}

func TestStopRestart(t *testing.T) {
	s := smtptest.Start(t)
	addr := s.Addr()
	if err := smtp.SendMail(addr, nil, "a@example.org", []string{"b@example.org"}, []byte(simpleMessage)); err != nil {
		t.Fatal(err)
	}
	open := dial(t, s)

	s.Stop()
	s.Stop() // a second Stop, as the cleanup will do, must be harmless

	if err := open.Noop(); err == nil {
		t.Error("a connection open across Stop still answers")
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Fatal("dial succeeded while the server is stopped")
	}

	s.Restart()
	if s.Addr() != addr {
		t.Fatalf("Restart moved from %s to %s", addr, s.Addr())
	}
	if err := smtp.SendMail(addr, nil, "a@example.org", []string{"b@example.org"}, []byte(simpleMessage)); err != nil {
		t.Fatalf("send after Restart: %v", err)
	}
	if msgs := s.Wait(t, 2, 5*time.Second); len(msgs) != 2 {
		t.Fatalf("got %d messages, want the one before and the one after the restart", len(msgs))
	}

	// Restart of a running server also comes back on the same port.
	s.Restart()
	if err := smtp.SendMail(addr, nil, "a@example.org", []string{"b@example.org"}, []byte(simpleMessage)); err != nil {
		t.Fatalf("send after a second Restart: %v", err)
	}
	if s.Count() != 3 {
		t.Errorf("Count = %d, want 3", s.Count())
	}
}

func TestMaxMessageBytes(t *testing.T) {
	const limit = 1000
	s := smtptest.Start(t, smtptest.WithMaxMessageBytes(limit))
	c := dial(t, s)
	if ok, params := c.Extension("SIZE"); !ok || params != "1000" {
		t.Fatalf("SIZE = %v %q, want 1000", ok, params)
	}

	small := simpleMessage + strings.Repeat("x", 500) + "\n"
	if err := send(c, "a@example.org", []string{"b@example.org"}, small); err != nil {
		t.Fatalf("message under the limit: %v", err)
	}

	big := simpleMessage + strings.Repeat(strings.Repeat("y", 70)+"\n", 50)
	err := send(c, "a@example.org", []string{"b@example.org"}, big)
	if replyCode(err) != 552 {
		t.Fatalf("message over the limit: %v, want 552", err)
	}

	// A client that declares the size up front is refused at MAIL FROM.
	id, err := c.Text.Cmd("MAIL FROM:<a@example.org> SIZE=%d", 5*limit)
	if err != nil {
		t.Fatal(err)
	}
	c.Text.StartResponse(id)
	code, _, _ := c.Text.ReadResponse(250)
	c.Text.EndResponse(id)
	if code != 552 {
		t.Errorf("MAIL FROM with SIZE over the limit: %d, want 552", code)
	}

	if got := s.Wait(t, 1, 5*time.Second); len(got) != 1 {
		t.Errorf("%d messages stored, want only the small one", len(got))
	}
}

func TestDiscardCountsConcurrentSenders(t *testing.T) {
	s := smtptest.Start(t, smtptest.WithDiscard())
	const senders, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, senders)
	for range senders {
		wg.Go(func() {
			c, err := smtp.Dial(s.Addr())
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			// Several transactions on one connection, as a sender with a
			// connection pool does.
			for range each {
				if err := send(c, "a@example.org", []string{"b@example.org"}, simpleMessage); err != nil {
					errs <- err
					return
				}
			}
			errs <- c.Quit()
		})
	}
	// Wait runs while senders deliver, so the race detector sees both.
	got := s.Wait(t, senders*each, 30*time.Second)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 0 || len(s.Messages()) != 0 {
		t.Errorf("discard mode kept %d messages", len(s.Messages()))
	}
	if s.Count() != senders*each {
		t.Errorf("Count = %d, want %d", s.Count(), senders*each)
	}
}

// fatalTB records Fatalf instead of failing the real test, so the test can
// check that Wait fails when it should.
type fatalTB struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.msg = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

func TestWaitFailsWithCount(t *testing.T) {
	s := smtptest.Start(t)
	if err := smtp.SendMail(s.Addr(), nil, "a@example.org", []string{"b@example.org"}, []byte(simpleMessage)); err != nil {
		t.Fatal(err)
	}

	fake := &fatalTB{TB: t}
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		s.Wait(fake, 3, 200*time.Millisecond)
		fake.mu.Lock()
		fake.msg = "Wait returned instead of failing"
		fake.mu.Unlock()
	}()
	<-done
	if elapsed := time.Since(start); elapsed < 200*time.Millisecond {
		t.Errorf("Wait gave up after %v, before its timeout", elapsed)
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if !strings.Contains(fake.msg, "3 message(s)") || !strings.Contains(fake.msg, "1 arrived") {
		t.Errorf("Wait failure = %q, want the expected and arrived counts", fake.msg)
	}
}

func TestWaitWakesOnArrival(t *testing.T) {
	s := smtptest.Start(t)
	go func() {
		time.Sleep(50 * time.Millisecond)
		smtp.SendMail(s.Addr(), nil, "a@example.org", []string{"b@example.org"}, []byte(simpleMessage))
	}()
	if msgs := s.Wait(t, 1, 10*time.Second); len(msgs) != 1 {
		t.Fatalf("got %d messages", len(msgs))
	}
}

func BenchmarkDeliveryDiscard(b *testing.B) {
	s := smtptest.Start(b, smtptest.WithDiscard())
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	b.ReportAllocs()
	for b.Loop() {
		if err := send(c, "a@example.org", []string{"b@example.org"}, simpleMessage); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if s.Count() == 0 {
		b.Fatal("nothing delivered")
	}
}
