// Package payments takes membership dues online through a hosted payment page
// and turns the provider's webhooks into a small, provider-neutral Event.
//
// The rest of the application sees only Provider, so the checkout and webhook
// handlers can be tested with a fake and the provider can be changed without
// touching them. The one implementation today is Stripe (NewStripe); its test
// helpers for other packages live in payments/stripetest.
//
// Money never changes hands in this package: a payment is final only when the
// application receives a verified CheckoutCompleted event whose
// PaymentStatus is "paid" and whose Amount and Currency match the charge it
// refers to. The redirect to SuccessURL proves nothing, since anyone can open
// that URL.
package payments

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Provider takes payments online.
type Provider interface {
	// Checkout creates a hosted payment page for exactly this amount and
	// returns its id and URL. The member is redirected to the URL; the
	// outcome arrives later as a webhook event.
	Checkout(ctx context.Context, c CheckoutRequest) (Checkout, error)
	// ParseEvent verifies a webhook's signature on the raw body and decodes
	// the event. The body must be the bytes exactly as received: re-encoding
	// parsed JSON changes them and breaks the signature.
	ParseEvent(payload []byte, signatureHeader string) (Event, error)
	// Name identifies the provider in stored payment records and logs
	// ("stripe").
	Name() string
}

// CheckoutRequest describes one payment to collect.
type CheckoutRequest struct {
	// Amount is in the currency's smallest unit (centimes for MAD and EUR)
	// and must be positive. The page charges exactly this amount: the
	// member cannot change it.
	Amount int64
	// Currency is a three-letter ISO 4217 code. The application writes it
	// upper-case ("MAD"); the provider implementation converts it to what
	// its API expects.
	Currency string
	// Description is what the member sees on the page and on the receipt,
	// such as "Cotisation 2026 — OMSN-00042".
	Description string
	// CustomerEmail pre-fills the page and receives the receipt; optional.
	CustomerEmail string
	// Reference is the application's own reference for what is being paid
	// (such as "charge:123"). It comes back in CheckoutCompleted and
	// CheckoutExpired events, which is how a payment is matched to its
	// charge, so it is required.
	Reference string
	// SuccessURL and CancelURL are where the page sends the member back to,
	// after paying or on giving up. Both must be absolute http(s) URLs.
	SuccessURL, CancelURL string
	// Locale is the member's interface language: "fr", "ar" or "en". Each
	// provider maps it to the nearest language its page supports.
	Locale string
	// IdempotencyKey makes a repeated request (a double click, a retried
	// form post) return the page created the first time instead of a second
	// one. Derive it from what is being paid, such as "checkout:charge:123";
	// optional but strongly advised.
	IdempotencyKey string
}

// Checkout is a hosted payment page that was created.
type Checkout struct {
	// ID identifies the page at the provider (Stripe: "cs_..."); store it
	// with the charge so the completion event can be checked against it.
	ID string
	// URL is where to redirect the member.
	URL string
}

// EventKind is what a webhook event means to the application, independently
// of the provider's own event names.
type EventKind string

// The kinds of events the application acts on. Everything else is Other and
// should be acknowledged and ignored, so the provider does not retry it.
const (
	// CheckoutCompleted: the member finished the payment page. Check
	// PaymentStatus: "paid" means the money is captured; other values
	// (such as "unpaid" for delayed payment methods) mean it is not yet.
	CheckoutCompleted EventKind = "checkout_completed"
	// CheckoutExpired: the page expired unpaid; the charge can be offered
	// again with a new page.
	CheckoutExpired EventKind = "checkout_expired"
	// ChargeRefunded: money was given back (from the provider's dashboard,
	// for instance). Amount is the total refunded so far on that payment.
	ChargeRefunded EventKind = "charge_refunded"
	// DisputeCreated: the member's bank contests the payment; Amount is
	// withheld until the dispute is settled.
	DisputeCreated EventKind = "dispute_created"
	// Other is any event the application does not handle.
	Other EventKind = "other"
)

// Event is a verified webhook event, reduced to what the application needs.
type Event struct {
	// ID is the provider's event id ("evt_..."). Providers deliver at least
	// once and retry on errors, so handlers must record it and ignore a
	// second delivery of the same ID.
	ID string
	// Kind is what the event means; see the EventKind constants.
	Kind EventKind
	// Type is the provider's own event type, such as
	// "checkout.session.completed", for logs.
	Type string
	// Created is when the provider created the event. Deliveries can arrive
	// out of order, so compare Created rather than arrival times.
	Created time.Time
	// SessionID is the payment page's id, for checkout events.
	SessionID string
	// Reference is the CheckoutRequest.Reference of the page, for checkout
	// events. Refund and dispute events do not carry it: match them through
	// PaymentIntent, recorded from the CheckoutCompleted event.
	Reference string
	// PaymentIntent identifies the underlying payment ("pi_..."), present
	// on completed checkouts, refunds and disputes of such payments.
	PaymentIntent string
	// ObjectID is the id of the object the event is about: the session
	// ("cs_..."), the charge ("ch_...") or the dispute ("dp_...").
	ObjectID string
	// Amount is in the currency's smallest unit: the amount paid for
	// checkout events, the total amount refunded so far for refunds, the
	// disputed amount for disputes.
	Amount int64
	// Currency is the upper-case ISO 4217 code of Amount, as the
	// application writes currencies.
	Currency string
	// PaymentStatus is the page's payment status for checkout events:
	// "paid", "unpaid" or "no_payment_required".
	PaymentStatus string
	// Livemode is false for test-mode events. A production server should
	// refuse test events, and the other way round.
	Livemode bool
	// APIVersion is the provider API version the event was rendered with,
	// kept for logs when a decoding question arises.
	APIVersion string
}

var (
	// ErrBadSignature means a webhook could not be authenticated: missing
	// or malformed signature header, signature made with another secret,
	// body changed after signing, or a timestamp outside the tolerance
	// window (a replayed delivery). The webhook handler should answer 400
	// and change nothing.
	ErrBadSignature = errors.New("payments: webhook signature verification failed")
	// ErrMalformedEvent means a correctly signed webhook body could not be
	// decoded into an event. The handler should answer an error so the
	// provider retries and the failure is visible in its dashboard.
	ErrMalformedEvent = errors.New("payments: malformed webhook event")
	// ErrInvalidCheckout means a CheckoutRequest was refused before
	// anything was sent to the provider, which points at a bug or bad
	// configuration in the application rather than at the provider.
	ErrInvalidCheckout = errors.New("payments: invalid checkout request")
)

// Limits of Stripe's API, checked beforehand so that a mistake is reported as
// ErrInvalidCheckout with a clear message instead of a provider error.
const (
	maxReferenceLen      = 200 // client_reference_id
	maxIdempotencyKeyLen = 255
)

// Validate reports the first problem with c as an error wrapping
// ErrInvalidCheckout, or nil. Providers call it before contacting their API;
// it is exported so that handlers can check a request they build without
// going through a provider.
func (c CheckoutRequest) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidCheckout, fmt.Sprintf(format, args...))
	}
	if c.Amount <= 0 {
		return bad("amount must be positive, got %d", c.Amount)
	}
	if !isCurrencyCode(c.Currency) {
		return bad("currency must be a three-letter ISO 4217 code, got %q", c.Currency)
	}
	if strings.TrimSpace(c.Description) == "" {
		return bad("description is required: it is the line the member sees")
	}
	if strings.TrimSpace(c.Reference) == "" {
		return bad("reference is required: without it the payment cannot be matched to its charge")
	}
	if len(c.Reference) > maxReferenceLen {
		return bad("reference is longer than %d bytes", maxReferenceLen)
	}
	if len(c.IdempotencyKey) > maxIdempotencyKeyLen {
		return bad("idempotency key is longer than %d bytes", maxIdempotencyKeyLen)
	}
	for _, u := range []struct{ name, value string }{{"success URL", c.SuccessURL}, {"cancel URL", c.CancelURL}} {
		if err := checkReturnURL(u.value); err != nil {
			return bad("%s: %v", u.name, err)
		}
	}
	return nil
}

// isCurrencyCode reports whether s is three ASCII letters, in either case.
// Whether the provider supports that currency is for the provider to say.
func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i] | 0x20 // ASCII lower-case
		if b < 'a' || b > 'z' {
			return false
		}
	}
	return true
}

// checkReturnURL accepts absolute http and https URLs only: the payment page
// redirects the member's browser there, so a relative or other-scheme URL
// would strand them on the provider's site.
func checkReturnURL(s string) error {
	if s == "" {
		return errors.New("required")
	}
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	return nil
}
