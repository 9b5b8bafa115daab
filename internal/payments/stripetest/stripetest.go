// Package stripetest helps tests of code that takes payments through Stripe:
// it runs stripe-mock, Stripe's official fake API server, and builds webhook
// events signed the way Stripe signs them.
//
// stripe-mock answers API calls with fixtures and validates their parameters
// against Stripe's OpenAPI spec, but it never sends webhooks; tests therefore
// build the events a real account would send with SignedEvent and post them
// to the handler under test.
package stripetest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// MockVersion is the stripe-mock release the project installs
// (scripts/stripe-mock.sh) and tests against.
const MockVersion = "v0.203.0"

// Environment variables read by StartMock.
const (
	// EnvRequireMock, when set to any non-empty value (as CI does), turns a
	// missing stripe-mock binary into a test failure instead of a skip, so
	// the Stripe tests cannot silently stop running.
	EnvRequireMock = "MAJLIS_TEST_REQUIRE_STRIPE_MOCK"
	// EnvMockPath names the stripe-mock binary to use, overriding the
	// search of PATH and the Go bin directories.
	EnvMockPath = "MAJLIS_STRIPE_MOCK"
)

// TestSecretKey is an API key that stripe-mock accepts. stripe-mock checks
// only the key's shape: "sk_test_" or "rk_test_" followed by a non-empty
// part without underscores (it splits on them and wants exactly three
// parts).
const TestSecretKey = "sk_test_majlis"

// Startup limits for stripe-mock: it parses an 8 MB OpenAPI spec before
// listening, which takes about a second on a small CI machine.
const (
	mockStartTimeout = 60 * time.Second
	mockReadyTimeout = 20 * time.Second
)

// StartMock starts a stripe-mock server for the test and returns its base
// URL, "http://127.0.0.1:PORT", to give to payments.NewStripe. The server is
// killed when the test and its subtests finish.
//
// It listens on loopback only, on ports the kernel picks (read back from
// stripe-mock's startup output), so parallel test binaries never collide.
// The binary is looked up by FindMock. When it is missing, the test is
// skipped, unless MAJLIS_TEST_REQUIRE_STRIPE_MOCK is set, in which case it
// fails with instructions to install it.
//
// Each call starts a new process (about a second and 70 MB): start one per
// top-level test and share it between subtests.
func StartMock(t testing.TB) string {
	t.Helper()
	bin, err := FindMock()
	if err != nil {
		msg := fmt.Sprintf("stripe-mock not found (%v); install it with `make stripe-mock`, "+
			"or `go install github.com/stripe/stripe-mock@%s`, or scripts/stripe-mock.sh", err, MockVersion)
		if os.Getenv(EnvRequireMock) != "" {
			t.Fatalf("%s (%s is set, so this is an error)", msg, EnvRequireMock)
		}
		t.Skipf("%s; set %s to make this an error", msg, EnvRequireMock)
	}

	// -http-addr alone would leave HTTPS on its default port 12112, which
	// a second instance could not bind: give HTTPS a kernel-chosen
	// loopback port too.
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("stripe-mock: %v", err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start stripe-mock %s: %v", bin, err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})

	// Read the output in the background, all of it, so stripe-mock never
	// blocks on a full pipe; the HTTP address is sent on addrc.
	var output lockedBuffer
	addrc := make(chan string, 1)
	go func() {
		const prefix = "Listening for HTTP at address: "
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			output.Write([]byte(line + "\n"))
			if addr, ok := strings.CutPrefix(line, prefix); ok {
				addrc <- strings.TrimSpace(addr)
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()

	var base string
	select {
	case addr := <-addrc:
		base = "http://" + addr
	case <-exited:
		t.Fatalf("stripe-mock exited before listening (%v)\nstdout:\n%s\nstderr:\n%s", waitErr, output.String(), stderr.String())
	case <-time.After(mockStartTimeout):
		t.Fatalf("stripe-mock did not report its address within %v\nstdout:\n%s\nstderr:\n%s", mockStartTimeout, output.String(), stderr.String())
	}

	if err := waitReady(base, exited); err != nil {
		t.Fatalf("stripe-mock at %s: %v\nstderr:\n%s", base, err, stderr.String())
	}
	return base
}

// waitReady polls the mock until it answers an API request. The listener
// exists once the address is printed, but the server goroutine starts right
// after; polling keeps the first real request from racing it.
func waitReady(base string, exited <-chan struct{}) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(mockReadyTimeout)
	for {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, base+"/v1/balance", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+TestSecretKey)
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				// It is up but refuses a request it should accept:
				// waiting longer would not help.
				return fmt.Errorf("GET /v1/balance: %s", resp.Status)
			}
			return nil
		}
		select {
		case <-exited:
			return errors.New("exited while starting")
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not answering after %v: %v", mockReadyTimeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// FindMock returns the path of the stripe-mock binary: $MAJLIS_STRIPE_MOCK
// if set, else the first found in PATH, $GOBIN, the bin directory of each
// GOPATH entry (as `go env GOPATH` reports it, else $GOPATH), and
// $HOME/go/bin, where `go install` puts it by default.
func FindMock() (string, error) {
	if p := os.Getenv(EnvMockPath); p != "" {
		if isExecutable(p) {
			return p, nil
		}
		return "", fmt.Errorf("%s=%s is not an executable file", EnvMockPath, p)
	}
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, nil
	}
	var dirs []string
	if d := os.Getenv("GOBIN"); d != "" {
		dirs = append(dirs, d)
	}
	for _, gp := range filepath.SplitList(goPath()) {
		if gp != "" {
			dirs = append(dirs, filepath.Join(gp, "bin"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		if p := filepath.Join(d, "stripe-mock"); isExecutable(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("not in PATH nor in %s", strings.Join(dirs, ", "))
}

// goPath asks the go command for GOPATH, which also knows the value set by
// `go env -w`; the environment variable is the fallback when go is not in
// PATH (a test binary run on its own).
func goPath() string {
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		if s := strings.TrimSpace(string(out)); s != "" {
			return s
		}
	}
	return os.Getenv("GOPATH")
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// lockedBuffer is a bytes.Buffer safe for the concurrent writes of a
// process's output and the reads of a failing test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// EventOption changes one property of the event SignedEvent builds.
type EventOption func(*eventConfig)

type eventConfig struct {
	id         string
	signedAt   time.Time
	created    time.Time
	apiVersion string
	livemode   bool
}

// WithID sets the event id instead of a random "evt_test_..." one, to
// deliver the same event twice (at-least-once delivery, replays).
func WithID(id string) EventOption { return func(c *eventConfig) { c.id = id } }

// WithTimestamp signs the event as of t instead of now, and sets its
// created time to t unless WithCreated is also given. A t more than five
// minutes in the past makes the signature stale.
func WithTimestamp(t time.Time) EventOption { return func(c *eventConfig) { c.signedAt = t } }

// WithCreated sets the event's created time alone, leaving the signature
// current: Stripe re-signs each retry of an old event with a fresh
// timestamp.
func WithCreated(t time.Time) EventOption { return func(c *eventConfig) { c.created = t } }

// WithAPIVersion sets api_version instead of the one stripe-go v76 expects
// (stripe.APIVersion), as a webhook endpoint pinned to another version sends.
func WithAPIVersion(v string) EventOption { return func(c *eventConfig) { c.apiVersion = v } }

// WithLivemode marks the event as coming from live mode instead of test
// mode.
func WithLivemode(live bool) EventOption { return func(c *eventConfig) { c.livemode = live } }

// SignedEvent builds a complete Stripe event of type eventType around object
// (its data.object) and signs it with secret as Stripe does. It returns the
// body and the Stripe-Signature header value to send with it.
//
// The event has a random id, object "event", api_version stripe.APIVersion,
// created and the signature timestamp now, livemode false; options change
// these. object is encoded as given, so a test can break it on purpose.
func SignedEvent(t testing.TB, secret string, eventType string, object map[string]any, opts ...EventOption) (payload []byte, header string) {
	t.Helper()
	cfg := eventConfig{id: "evt_test_" + randomHex(t, 12), apiVersion: stripe.APIVersion}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.signedAt.IsZero() {
		cfg.signedAt = time.Now()
	}
	if cfg.created.IsZero() {
		cfg.created = cfg.signedAt
	}
	event := map[string]any{
		"id":               cfg.id,
		"object":           "event",
		"api_version":      cfg.apiVersion,
		"created":          cfg.created.Unix(),
		"type":             eventType,
		"livemode":         cfg.livemode,
		"pending_webhooks": 1,
		"request":          map[string]any{"id": nil, "idempotency_key": nil},
		"data":             map[string]any{"object": object},
	}
	payload, err := json.Marshal(event)
	if err != nil {
		t.Fatalf("stripetest: encode %s event: %v", eventType, err)
	}
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{
		Payload:   payload,
		Secret:    secret,
		Timestamp: cfg.signedAt,
	})
	return signed.Payload, signed.Header
}

// CheckoutCompleted returns a paid Checkout Session, the data.object of a
// checkout.session.completed event, for a page created with this reference,
// amount and currency (either case; Stripe sends lower-case). Its
// payment_intent is "pi_" followed by sessionID without its "cs_" prefix;
// change the map to test other values.
func CheckoutCompleted(sessionID, reference string, amount int64, currency string) map[string]any {
	s := checkoutSession(sessionID, reference, amount, currency)
	s["status"] = "complete"
	s["payment_status"] = "paid"
	s["payment_intent"] = "pi_" + strings.TrimPrefix(sessionID, "cs_")
	return s
}

// CheckoutExpired returns an expired, unpaid Checkout Session, the
// data.object of a checkout.session.expired event.
func CheckoutExpired(sessionID, reference string, amount int64, currency string) map[string]any {
	s := checkoutSession(sessionID, reference, amount, currency)
	s["status"] = "expired"
	s["payment_status"] = "unpaid"
	s["url"] = nil
	return s
}

func checkoutSession(sessionID, reference string, amount int64, currency string) map[string]any {
	return map[string]any{
		"id":                  sessionID,
		"object":              "checkout.session",
		"mode":                "payment",
		"client_reference_id": reference,
		"metadata":            map[string]any{"reference": reference},
		"amount_subtotal":     amount,
		"amount_total":        amount,
		"currency":            strings.ToLower(currency),
		"payment_intent":      nil,
		"livemode":            false,
		"url":                 "https://checkout.stripe.com/c/pay/" + sessionID,
	}
}

// ChargeRefunded returns a charge fully refunded for amountRefunded, the
// data.object of a charge.refunded event. For a partial refund, set
// "amount" in the map to the original amount and "refunded" to false.
func ChargeRefunded(chargeID, paymentIntent string, amountRefunded int64, currency string) map[string]any {
	return map[string]any{
		"id":              chargeID,
		"object":          "charge",
		"amount":          amountRefunded,
		"amount_captured": amountRefunded,
		"amount_refunded": amountRefunded,
		"currency":        strings.ToLower(currency),
		"paid":            true,
		"captured":        true,
		"refunded":        true,
		"status":          "succeeded",
		"payment_intent":  paymentIntent,
		"metadata":        map[string]any{},
		"livemode":        false,
	}
}

// DisputeCreated returns a new dispute of amount on a charge, the
// data.object of a charge.dispute.created event.
func DisputeCreated(disputeID, chargeID, paymentIntent string, amount int64, currency string) map[string]any {
	return map[string]any{
		"id":             disputeID,
		"object":         "dispute",
		"amount":         amount,
		"currency":       strings.ToLower(currency),
		"charge":         chargeID,
		"payment_intent": paymentIntent,
		"reason":         "fraudulent",
		"status":         "needs_response",
		"metadata":       map[string]any{},
		"livemode":       false,
	}
}

func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("stripetest: random id: %v", err)
	}
	return hex.EncodeToString(b)
}
