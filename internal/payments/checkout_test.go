package payments

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v76"

	"github.com/omsn/majlis/internal/payments/stripetest"
)

const testWebhookSecret = "whsec_test_majlis"

// recordedRequest is what the recorder saw of one API request.
type recordedRequest struct {
	Method, Path string
	Header       http.Header
	Form         url.Values
}

// recorder is a reverse proxy in front of stripe-mock that keeps every
// request, because stripe-mock cannot tell which parameters it was sent.
type recorder struct {
	URL string
	mu  sync.Mutex
	got []recordedRequest
}

func newRecorder(t *testing.T, target string) *recorder {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("recorder: read body: %v", err)
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			t.Errorf("recorder: body is not form-encoded: %v", err)
		}
		rec.mu.Lock()
		rec.got = append(rec.got, recordedRequest{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Form: form})
		rec.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	rec.URL = srv.URL
	return rec
}

// requests returns and forgets the requests recorded so far.
func (r *recorder) requests() []recordedRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	got := r.got
	r.got = nil
	return got
}

func TestStripeCheckout(t *testing.T) {
	mock := stripetest.StartMock(t)
	rec := newRecorder(t, mock)
	p, err := NewStripe(stripetest.TestSecretKey, testWebhookSecret, rec.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	t.Run("creates a session with every parameter", func(t *testing.T) {
		req := validRequest()
		co, err := p.Checkout(ctx, req)
		if err != nil {
			t.Fatalf("Checkout: %v", err)
		}
		if !strings.HasPrefix(co.ID, "cs_") {
			t.Errorf("ID = %q, want a cs_ id", co.ID)
		}
		if !strings.HasPrefix(co.URL, "https://") {
			t.Errorf("URL = %q, want an https URL", co.URL)
		}

		reqs := rec.requests()
		if len(reqs) != 1 {
			t.Fatalf("%d API requests, want 1", len(reqs))
		}
		got := reqs[0]
		if got.Method != http.MethodPost || got.Path != "/v1/checkout/sessions" {
			t.Errorf("request %s %s, want POST /v1/checkout/sessions", got.Method, got.Path)
		}
		headers := map[string]string{
			"Authorization":   "Bearer " + stripetest.TestSecretKey,
			"Idempotency-Key": req.IdempotencyKey,
			"Stripe-Version":  stripe.APIVersion,
		}
		for k, want := range headers {
			if v := got.Header.Get(k); v != want {
				t.Errorf("header %s = %q, want %q", k, v, want)
			}
		}
		params := map[string]string{
			"mode":                                          "payment",
			"line_items[0][quantity]":                       "1",
			"line_items[0][price_data][unit_amount]":        "15000",
			"line_items[0][price_data][currency]":           "mad",
			"line_items[0][price_data][product_data][name]": req.Description,
			"client_reference_id":                           req.Reference,
			"metadata[reference]":                           req.Reference,
			"payment_intent_data[metadata][reference]":      req.Reference,
			"payment_intent_data[description]":              req.Description,
			"customer_email":                                req.CustomerEmail,
			"success_url":                                   req.SuccessURL,
			"cancel_url":                                    req.CancelURL,
			"locale":                                        "fr",
			"payment_method_types[0]":                       "card",
		}
		for k, want := range params {
			if v := got.Form.Get(k); v != want {
				t.Errorf("parameter %s = %q, want %q", k, v, want)
			}
		}
		if len(got.Form) != len(params) {
			t.Errorf("sent parameters %v, want exactly %d", got.Form, len(params))
		}
	})

	t.Run("same idempotency key on a repeated click", func(t *testing.T) {
		req := validRequest()
		for range 2 {
			if _, err := p.Checkout(ctx, req); err != nil {
				t.Fatalf("Checkout: %v", err)
			}
		}
		reqs := rec.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d API requests, want 2", len(reqs))
		}
		for i, r := range reqs {
			if k := r.Header.Get("Idempotency-Key"); k != req.IdempotencyKey {
				t.Errorf("request %d: Idempotency-Key %q, want %q", i, k, req.IdempotencyKey)
			}
		}
	})

	t.Run("optional fields left out", func(t *testing.T) {
		req := validRequest()
		req.CustomerEmail, req.IdempotencyKey, req.Locale = "", "", ""
		if _, err := p.Checkout(ctx, req); err != nil {
			t.Fatalf("Checkout: %v", err)
		}
		got := rec.requests()[0]
		if _, ok := got.Form["customer_email"]; ok {
			t.Errorf("customer_email sent although empty: %q", got.Form.Get("customer_email"))
		}
		if l := got.Form.Get("locale"); l != "auto" {
			t.Errorf("locale = %q, want auto", l)
		}
	})

	// stripe-mock validates the locale against Stripe's enumeration, which
	// has no "ar": every language of the application must map to a value
	// it accepts.
	for _, tt := range []struct{ app, stripe string }{{"fr", "fr"}, {"ar", "auto"}, {"en", "en"}} {
		t.Run("locale "+tt.app, func(t *testing.T) {
			req := validRequest()
			req.Locale = tt.app
			if _, err := p.Checkout(ctx, req); err != nil {
				t.Fatalf("Checkout with locale %q: %v", tt.app, err)
			}
			if l := rec.requests()[0].Form.Get("locale"); l != tt.stripe {
				t.Errorf("locale sent = %q, want %q", l, tt.stripe)
			}
		})
	}

	t.Run("invalid requests never reach Stripe", func(t *testing.T) {
		for name, change := range map[string]func(*CheckoutRequest){
			"zero amount":      func(c *CheckoutRequest) { c.Amount = 0 },
			"negative amount":  func(c *CheckoutRequest) { c.Amount = -1 },
			"invalid currency": func(c *CheckoutRequest) { c.Currency = "DIRHAM" },
			"no reference":     func(c *CheckoutRequest) { c.Reference = "" },
		} {
			req := validRequest()
			change(&req)
			co, err := p.Checkout(ctx, req)
			if !errors.Is(err, ErrInvalidCheckout) {
				t.Errorf("%s: Checkout = %+v, %v; want ErrInvalidCheckout", name, co, err)
			}
		}
		if n := len(rec.requests()); n != 0 {
			t.Errorf("%d API requests for invalid checkouts, want 0", n)
		}
	})

	t.Run("Stripe errors are returned", func(t *testing.T) {
		// stripe-mock refuses keys that do not look like test secret keys.
		bad, err := NewStripe("not_a_key", testWebhookSecret, mock)
		if err != nil {
			t.Fatal(err)
		}
		co, err := bad.Checkout(ctx, validRequest())
		var serr *stripe.Error
		if !errors.As(err, &serr) {
			t.Fatalf("Checkout = %+v, %v; want a *stripe.Error", co, err)
		}
		if co != (Checkout{}) {
			t.Errorf("Checkout returned %+v with an error", co)
		}
	})

	t.Run("cancelled context", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := p.Checkout(cctx, validRequest()); !errors.Is(err, context.Canceled) {
			t.Errorf("Checkout with a cancelled context = %v, want context.Canceled", err)
		}
		rec.requests()
	})
}

// TestStripeInstancesAreIndependent guards against using stripe-go's global
// key or backend: two providers must each send their own key to their own
// server, and leave the globals alone.
func TestStripeInstancesAreIndependent(t *testing.T) {
	mock := stripetest.StartMock(t)
	recA, recB := newRecorder(t, mock), newRecorder(t, mock)
	a, err := NewStripe("sk_test_accountA", testWebhookSecret, recA.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewStripe("sk_test_accountB", testWebhookSecret, recB.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Stripe{a, b, a} {
		if _, err := p.Checkout(context.Background(), validRequest()); err != nil {
			t.Fatal(err)
		}
	}
	for name, tt := range map[string]struct {
		rec  *recorder
		n    int
		auth string
	}{"A": {recA, 2, "Bearer sk_test_accountA"}, "B": {recB, 1, "Bearer sk_test_accountB"}} {
		reqs := tt.rec.requests()
		if len(reqs) != tt.n {
			t.Errorf("server %s got %d requests, want %d", name, len(reqs), tt.n)
		}
		for _, r := range reqs {
			if got := r.Header.Get("Authorization"); got != tt.auth {
				t.Errorf("server %s got Authorization %q, want %q", name, got, tt.auth)
			}
		}
	}
	if stripe.Key != "" {
		t.Errorf("stripe.Key = %q, want the global key untouched", stripe.Key)
	}
}
