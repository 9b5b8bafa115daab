package payments

import (
	"errors"
	"strings"
	"testing"
)

// validRequest is a request that passes Validate; cases change one field.
func validRequest() CheckoutRequest {
	return CheckoutRequest{
		Amount:         15000,
		Currency:       "MAD",
		Description:    "Cotisation 2026 — OMSN-00042",
		CustomerEmail:  "membre@example.org",
		Reference:      "charge:123",
		SuccessURL:     "https://majlis.example.org/dues/ok?session={CHECKOUT_SESSION_ID}",
		CancelURL:      "https://majlis.example.org/dues",
		Locale:         "fr",
		IdempotencyKey: "checkout:charge:123",
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*CheckoutRequest)
		wantErr string // substring; empty means valid
	}{
		{"valid", func(*CheckoutRequest) {}, ""},
		{"lower-case currency", func(c *CheckoutRequest) { c.Currency = "eur" }, ""},
		{"no email", func(c *CheckoutRequest) { c.CustomerEmail = "" }, ""},
		{"no locale", func(c *CheckoutRequest) { c.Locale = "" }, ""},
		{"no idempotency key", func(c *CheckoutRequest) { c.IdempotencyKey = "" }, ""},
		{"http return URLs", func(c *CheckoutRequest) {
			c.SuccessURL, c.CancelURL = "http://127.0.0.1:8080/ok", "http://127.0.0.1:8080/ko"
		}, ""},
		{"zero amount", func(c *CheckoutRequest) { c.Amount = 0 }, "amount must be positive"},
		{"negative amount", func(c *CheckoutRequest) { c.Amount = -100 }, "amount must be positive"},
		{"empty currency", func(c *CheckoutRequest) { c.Currency = "" }, "currency"},
		{"two-letter currency", func(c *CheckoutRequest) { c.Currency = "MA" }, "currency"},
		{"four-letter currency", func(c *CheckoutRequest) { c.Currency = "EURO" }, "currency"},
		{"digit in currency", func(c *CheckoutRequest) { c.Currency = "E1R" }, "currency"},
		{"symbol currency", func(c *CheckoutRequest) { c.Currency = "€" }, "currency"},
		{"non-ASCII letters", func(c *CheckoutRequest) { c.Currency = "ÉUR" }, "currency"},
		{"blank description", func(c *CheckoutRequest) { c.Description = "  " }, "description"},
		{"no reference", func(c *CheckoutRequest) { c.Reference = "" }, "reference is required"},
		{"long reference", func(c *CheckoutRequest) { c.Reference = strings.Repeat("r", 201) }, "reference is longer"},
		{"long idempotency key", func(c *CheckoutRequest) { c.IdempotencyKey = strings.Repeat("k", 256) }, "idempotency key"},
		{"no success URL", func(c *CheckoutRequest) { c.SuccessURL = "" }, "success URL: required"},
		{"relative success URL", func(c *CheckoutRequest) { c.SuccessURL = "/dues/ok" }, "success URL"},
		{"javascript cancel URL", func(c *CheckoutRequest) { c.CancelURL = "javascript:alert(1)" }, "cancel URL"},
		{"unparsable cancel URL", func(c *CheckoutRequest) { c.CancelURL = "http://[::1" }, "cancel URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validRequest()
			tt.change(&c)
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidCheckout) {
				t.Fatalf("Validate() = %v, want an ErrInvalidCheckout", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %q, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestStripeLocale(t *testing.T) {
	tests := map[string]string{
		"fr":    "fr",
		"FR":    "fr",
		"fr-MA": "fr",
		"en":    "en",
		"en_GB": "en",
		"ar":    "auto", // Stripe Checkout has no Arabic
		"ar-MA": "auto",
		"":      "auto",
		"es":    "auto",
		" en ":  "en",
	}
	for in, want := range tests {
		if got := stripeLocale(in); got != want {
			t.Errorf("stripeLocale(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewStripeArguments(t *testing.T) {
	tests := []struct {
		name                string
		key, secret, apiURL string
		wantErr             bool
	}{
		{"default API", "sk_test_1", "whsec_1", "", false},
		{"stripe-mock", "sk_test_1", "whsec_1", "http://127.0.0.1:12111", false},
		{"trailing slash", "sk_test_1", "whsec_1", "http://127.0.0.1:12111/", false},
		{"no key", "", "whsec_1", "", true},
		{"no webhook secret", "sk_test_1", " ", "", true},
		{"relative URL", "sk_test_1", "whsec_1", "127.0.0.1:12111", true},
		{"other scheme", "sk_test_1", "whsec_1", "ftp://127.0.0.1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewStripe(tt.key, tt.secret, tt.apiURL)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("NewStripe(%q, %q, %q) succeeded, want an error", tt.key, tt.secret, tt.apiURL)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewStripe: %v", err)
			}
			if s.Name() != "stripe" {
				t.Errorf("Name() = %q, want stripe", s.Name())
			}
		})
	}
}
