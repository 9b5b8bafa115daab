// Package smtptest runs a real SMTP server on the loopback interface for
// tests.
//
// The application's mail sender talks to SMTP relays it does not control, so
// its tests need a peer that speaks the protocol as a relay does: greeting,
// EHLO extensions, STARTTLS or implicit TLS with a certificate the client must
// verify, AUTH PLAIN, per-recipient refusals with permanent (5xx) and
// temporary (4xx) codes, a message size limit, and connections that really
// drop when the server goes down. A fake sender interface would test none of
// that, so this package wraps the server side of github.com/emersion/go-smtp
// and records what it accepts.
//
// Received messages keep their envelope (MAIL FROM, RCPT TO), the exact DATA
// bytes, and whether the session was encrypted or authenticated. Message
// offers parsed views (decoded subject, text and HTML bodies, attachments)
// built with the standard library only, so that a bug in the sender's MIME
// library cannot hide behind the same bug in the parser used to check it.
package smtptest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Timeouts that keep a wedged client or server from hanging a test run.
const (
	// ioTimeout bounds each read and write on a connection, so a client that
	// stops talking cannot keep a server goroutine alive forever.
	ioTimeout = time.Minute
	// stopTimeout bounds how long Stop waits for connection goroutines
	// after it has closed their sockets.
	stopTimeout = 5 * time.Second
	// rebindTimeout bounds how long Restart retries binding the old port,
	// which the kernel may briefly report as in use.
	rebindTimeout = 5 * time.Second
)

// Option configures a Server at Start.
type Option func(*config)

type config struct {
	authUser, authPass string
	auth               bool
	startTLS           bool
	implicitTLS        bool
	reject             func(rcpt string) *smtp.SMTPError
	maxMessageBytes    int64
	discard            bool
}

// WithAuth makes the server require AUTH PLAIN with these credentials before
// MAIL FROM, as submission relays do. Wrong credentials are refused with 535
// and a MAIL FROM before authentication with 530. Without TLS the server
// still offers AUTH, which is acceptable only because it listens on loopback;
// with WithSTARTTLS it offers AUTH only after STARTTLS, as a real relay does.
func WithAuth(user, password string) Option {
	return func(c *config) {
		c.auth = true
		c.authUser = user
		c.authPass = password
	}
}

// WithSTARTTLS makes the server advertise STARTTLS with a self-signed
// certificate for 127.0.0.1 and localhost, generated in memory. Clients trust
// it through RootCAs. AUTH is then refused until the session is encrypted,
// so a sender that would leak credentials in clear text fails its test.
func WithSTARTTLS() Option {
	return func(c *config) { c.startTLS = true }
}

// WithImplicitTLS makes the server speak TLS from the first byte (SMTPS, as
// on port 465), with the same kind of certificate as WithSTARTTLS. STARTTLS
// is then not advertised, since the session is already encrypted.
func WithImplicitTLS() Option {
	return func(c *config) { c.implicitTLS = true }
}

// WithReject lets a test refuse recipients at RCPT TO, to check how the
// sender handles bounces. fn sees the address from RCPT TO, without angle
// brackets; returning nil accepts it, returning an error sends that code, so
// a 550 models a mailbox that does not exist and a 451 a greylisting or
// overloaded relay that asks the sender to retry later.
func WithReject(fn func(rcpt string) *smtp.SMTPError) Option {
	return func(c *config) { c.reject = fn }
}

// WithMaxMessageBytes advertises SIZE n in EHLO and refuses with 552 a MAIL
// FROM whose SIZE parameter exceeds n, or a DATA payload that reaches n bytes
// (go-smtp counts the bytes after dot-unstuffing and refuses once the limit
// is used up, so a payload of exactly n bytes is refused too).
func WithMaxMessageBytes(n int64) Option {
	return func(c *config) { c.maxMessageBytes = n }
}

// WithDiscard makes the server read and count messages without keeping them,
// so that a load test sending thousands of messages keeps flat memory.
// Count and Wait still work; Messages returns nothing.
func WithDiscard() Option {
	return func(c *config) { c.discard = true }
}

// Server is a running SMTP server on 127.0.0.1. Its methods are safe for
// concurrent use, except that Wait and Restart report failure through the
// testing.TB and so must run on the test's goroutine.
type Server struct {
	tb  testing.TB
	cfg config

	// TLS material, set only when a TLS option was given.
	tlsConfig *tls.Config
	roots     *x509.CertPool

	// addr is fixed by the first listen, so Restart comes back on the same
	// port and a client configured once keeps working.
	addr string
	port int

	// lifeMu serialises Stop and Restart.
	lifeMu  sync.Mutex
	running *instance

	// mu guards the received messages and the channel that signals a new
	// one; count mirrors len(messages) (or counts discarded messages) so
	// Count needs no lock.
	mu       sync.Mutex
	messages []Message
	arrived  chan struct{}
	count    atomic.Int64

	// logMu guards logOn, which stops go-smtp's error log from reaching the
	// testing.TB once the server is stopped: logging after a test has ended
	// panics.
	logMu sync.Mutex
	logOn bool
}

// instance is one listening period of the server, between a start or
// Restart and the next Stop: a go-smtp server cannot be reused once closed.
type instance struct {
	srv      *smtp.Server
	ln       *trackingListener
	stopping atomic.Bool
	served   chan struct{}
}

// Start starts a server on 127.0.0.1 with a port chosen by the kernel, and
// stops it when the test ends. It fails the test if the server cannot start.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{tb: t, arrived: make(chan struct{})}
	for _, o := range opts {
		o(&s.cfg)
	}
	if s.cfg.startTLS || s.cfg.implicitTLS {
		cfg, roots, err := selfSignedTLS()
		if err != nil {
			t.Fatalf("smtptest: certificate: %v", err)
		}
		s.tlsConfig, s.roots = cfg, roots
	}

	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	if err := s.listenLocked("127.0.0.1:0"); err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	addr := s.running.ln.Addr().(*net.TCPAddr)
	s.addr = addr.String()
	s.port = addr.Port
	t.Cleanup(s.Stop)
	return s
}

// Addr returns the server's address as "127.0.0.1:port", the form net/smtp
// and most clients dial.
func (s *Server) Addr() string { return s.addr }

// Host returns the host the server listens on, for clients configured with
// a separate host and port.
func (s *Server) Host() string { return "127.0.0.1" }

// Port returns the TCP port the server listens on. It stays the same across
// Restart.
func (s *Server) Port() int { return s.port }

// RootCAs returns a pool holding the server's self-signed certificate, for
// the client's tls.Config.RootCAs, so tests exercise real certificate
// verification instead of InsecureSkipVerify. It is nil when neither
// WithSTARTTLS nor WithImplicitTLS was given.
func (s *Server) RootCAs() *x509.CertPool { return s.roots }

// Stop closes the listener and every open connection, as a relay that goes
// down would, and waits for the server's goroutines to finish so that no
// message is recorded after it returns. Messages received so far are kept.
// Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	s.stopLocked()
}

// Restart stops the server if it is running and listens again on the same
// port, to test a sender that must survive its relay going down and coming
// back. Received messages and the count are kept. It fails the test if the
// port cannot be bound again.
func (s *Server) Restart() {
	s.tb.Helper()
	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	s.stopLocked()

	// Linux lets a listener rebind a port with connections in TIME_WAIT,
	// but another process may have taken it meanwhile; retry briefly
	// before giving up.
	deadline := time.Now().Add(rebindTimeout)
	for {
		err := s.listenLocked(s.addr)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			s.tb.Fatalf("smtptest: restart on %s: %v", s.addr, err)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) listenLocked(addr string) error {
	raw, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ln := newTrackingListener(raw)
	var l net.Listener = ln
	if s.cfg.implicitTLS {
		l = tls.NewListener(ln, s.tlsConfig)
	}

	srv := smtp.NewServer(&backend{s: s})
	srv.Domain = "localhost"
	srv.ReadTimeout = ioTimeout
	srv.WriteTimeout = ioTimeout
	srv.MaxMessageBytes = s.cfg.maxMessageBytes
	srv.ErrorLog = tbLogger{s: s}
	if s.tlsConfig != nil {
		// go-smtp advertises STARTTLS whenever TLSConfig is set and the
		// session is not yet encrypted; with implicit TLS every session is
		// encrypted, so the same field serves both modes.
		srv.TLSConfig = s.tlsConfig
	}
	// Without TLS there is no way to protect AUTH; allowing it in clear is
	// fine on loopback and lets tests check authentication alone. With TLS,
	// keep go-smtp's default so AUTH waits for encryption like a real relay.
	srv.AllowInsecureAuth = s.tlsConfig == nil

	inst := &instance{srv: srv, ln: ln, served: make(chan struct{})}
	s.setLogging(true)
	go func() {
		defer close(inst.served)
		if err := srv.Serve(l); err != nil && !inst.stopping.Load() {
			s.logf("smtptest: serve: %v", err)
		}
	}()
	s.running = inst
	return nil
}

func (s *Server) stopLocked() {
	inst := s.running
	if inst == nil {
		return
	}
	s.running = nil
	inst.stopping.Store(true)

	// Shutdown closes the listeners go-smtp knows of and waits for the
	// connection goroutines; closing the sockets ourselves makes them end
	// now instead of when clients hang up. Closing the listener here too
	// covers a Serve goroutine that had not registered it yet.
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- inst.srv.Shutdown(ctx) }()
	inst.ln.closeAll()
	if err := <-shut; err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		s.logf("smtptest: shutdown: %v", err)
	}
	<-inst.served
	s.setLogging(false)
}

func (s *Server) setLogging(on bool) {
	s.logMu.Lock()
	s.logOn = on
	s.logMu.Unlock()
}

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	if s.logOn {
		s.tb.Logf(format, args...)
	}
}

// tbLogger sends go-smtp's error log to the test log, where it shows next to
// the failing test instead of on the process's stderr.
type tbLogger struct{ s *Server }

func (l tbLogger) Printf(format string, v ...any) { l.s.logf("smtptest: "+format, v...) }
func (l tbLogger) Println(v ...any)               { l.s.logf("smtptest: %s", fmt.Sprintln(v...)) }

// record stores an accepted message (or only counts it in discard mode) and
// wakes every Wait.
func (s *Server) record(m *Message) {
	s.mu.Lock()
	if m != nil {
		s.messages = append(s.messages, *m)
	}
	s.count.Add(1)
	close(s.arrived)
	s.arrived = make(chan struct{})
	s.mu.Unlock()
}

// Messages returns a copy of the messages received so far, in arrival
// order. The copy shares nothing with the server, so a test may modify it.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.messages))
	for i, m := range s.messages {
		out[i] = m.clone()
	}
	return out
}

// Count returns how many messages the server has accepted since it started
// or since the last Reset, including discarded ones. It takes no lock, so a
// load test can poll it cheaply.
func (s *Server) Count() int { return int(s.count.Load()) }

// Reset forgets the received messages and sets Count back to zero, so one
// server can serve several steps of a test.
func (s *Server) Reset() {
	s.mu.Lock()
	s.messages = nil
	s.count.Store(0)
	s.mu.Unlock()
}

// Wait blocks until at least n messages have been accepted (by Count) and
// returns Messages. Sending is asynchronous in most senders, so tests wait
// for delivery instead of sleeping. If timeout passes first, Wait fails the
// test, saying how many messages did arrive. In discard mode it returns an
// empty slice once the count is reached.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		got := int(s.count.Load())
		arrived := s.arrived
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-arrived:
		case <-timer.C:
			t.Fatalf("smtptest: waited %v for %d message(s) on %s, %d arrived", timeout, n, s.addr, s.Count())
			return nil
		}
	}
}

// trackingListener remembers the connections it accepted so that Stop can
// close them: go-smtp's Shutdown would otherwise wait for clients to hang up.
type trackingListener struct {
	net.Listener
	mu     sync.Mutex
	conns  map[*trackedConn]struct{}
	closed bool
}

func newTrackingListener(l net.Listener) *trackingListener {
	return &trackingListener{Listener: l, conns: make(map[*trackedConn]struct{})}
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, l: l}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		// Accepted while stopping: hand go-smtp a closed connection, which
		// it drops at once, rather than an error that would look like a
		// listener failure.
		c.Close()
		return tc, nil
	}
	l.conns[tc] = struct{}{}
	return tc, nil
}

// closeAll closes the listener and every connection it accepted, and any it
// accepts from now on.
func (l *trackingListener) closeAll() {
	l.Listener.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	for c := range l.conns {
		c.Conn.Close()
	}
	clear(l.conns)
}

type trackedConn struct {
	net.Conn
	l    *trackingListener
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.conns, c)
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}
