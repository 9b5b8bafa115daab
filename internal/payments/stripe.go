package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"github.com/stripe/stripe-go/v76/webhook"
)

// Stripe is the Provider backed by Stripe Checkout and Stripe webhooks.
//
// Each Stripe value has its own API client and backend: nothing is read from
// or written to stripe-go's package-level state (stripe.Key, the default
// backends), so several instances (tests, or two associations with their own
// accounts) never see each other's keys or endpoints. A Stripe is safe for
// concurrent use.
type Stripe struct {
	api           *client.API
	webhookSecret string
}

// Stripe implements Provider.
var _ Provider = (*Stripe)(nil)

// NewStripe returns a Stripe provider.
//
// secretKey is the account's secret or restricted API key ("sk_..." or
// "rk_..."). webhookSecret is the signing secret of the webhook endpoint
// ("whsec_..."); it is required because an empty secret would make any
// signature computed with the empty key pass. apiURL is empty for Stripe's
// own API, or the base URL of another server speaking it, such as stripe-mock
// ("http://127.0.0.1:12111") in tests.
func NewStripe(secretKey, webhookSecret, apiURL string) (*Stripe, error) {
	if strings.TrimSpace(secretKey) == "" {
		return nil, errors.New("payments: stripe secret key is required")
	}
	if strings.TrimSpace(webhookSecret) == "" {
		return nil, errors.New("payments: stripe webhook signing secret is required")
	}
	cfg := &stripe.BackendConfig{
		// Failures are returned to the caller, who logs them with the
		// application's logger; stripe-go's own logger would print them a
		// second time, to stderr.
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	}
	if apiURL != "" {
		u, err := url.Parse(apiURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("payments: stripe API URL %q is not an absolute http(s) URL", apiURL)
		}
		// stripe-go appends paths that start with "/v1/".
		cfg.URL = stripe.String(strings.TrimRight(apiURL, "/"))
	}
	// Connect and upload backends are not used, but client.API.Init would
	// otherwise fill them from the shared package-level backends.
	backends := &stripe.Backends{
		API:     stripe.GetBackendWithConfig(stripe.APIBackend, cfg),
		Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, &stripe.BackendConfig{LeveledLogger: cfg.LeveledLogger}),
		Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, &stripe.BackendConfig{LeveledLogger: cfg.LeveledLogger}),
	}
	return &Stripe{api: client.New(secretKey, backends), webhookSecret: webhookSecret}, nil
}

// Name returns "stripe".
func (s *Stripe) Name() string { return "stripe" }

// Checkout creates a Stripe Checkout Session in payment mode with a single
// line item priced inline at exactly c.Amount, so no Product or Price objects
// need to be kept in sync in the Stripe dashboard.
//
// c.Reference is sent both as client_reference_id and as metadata
// "reference" (on the session and on its PaymentIntent), so it is visible
// wherever a payment is looked at in the dashboard. c.IdempotencyKey is sent
// as the Idempotency-Key header: Stripe answers a repeated request with the
// same key with the session it created first (for 24 hours), and refuses a
// repeated key with different parameters.
func (s *Stripe) Checkout(ctx context.Context, c CheckoutRequest) (Checkout, error) {
	if err := c.Validate(); err != nil {
		return Checkout{}, err
	}
	currency := strings.ToLower(c.Currency)
	meta := map[string]string{"reference": c.Reference}
	params := &stripe.CheckoutSessionParams{
		Mode: stripe.String(string(stripe.CheckoutSessionModePayment)),
		// Cards only: a payment is recorded when the page completes, which
		// delayed methods (bank debits) would report before the money is in.
		PaymentMethodTypes: stripe.StringSlice([]string{"card"}),
		LineItems: []*stripe.CheckoutSessionLineItemParams{{
			Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
				Currency:   stripe.String(currency),
				UnitAmount: stripe.Int64(c.Amount),
				ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
					Name: stripe.String(c.Description),
				},
			},
		}},
		ClientReferenceID: stripe.String(c.Reference),
		PaymentIntentData: &stripe.CheckoutSessionPaymentIntentDataParams{
			Description: stripe.String(c.Description),
			Metadata:    meta,
		},
		SuccessURL: stripe.String(c.SuccessURL),
		CancelURL:  stripe.String(c.CancelURL),
		Locale:     stripe.String(stripeLocale(c.Locale)),
	}
	params.Context = ctx
	params.Metadata = meta
	if email := strings.TrimSpace(c.CustomerEmail); email != "" {
		params.CustomerEmail = stripe.String(email)
	}
	if c.IdempotencyKey != "" {
		params.SetIdempotencyKey(c.IdempotencyKey)
	}

	sess, err := s.api.CheckoutSessions.New(params)
	if err != nil {
		// The *stripe.Error stays reachable with errors.As for callers that
		// want its code or request id.
		return Checkout{}, fmt.Errorf("payments: stripe: create checkout session: %w", err)
	}
	if sess.ID == "" || sess.URL == "" {
		return Checkout{}, fmt.Errorf("payments: stripe: checkout session has no id or URL (id %q)", sess.ID)
	}
	return Checkout{ID: sess.ID, URL: sess.URL}, nil
}

// stripeLocale maps the application's language to a Stripe Checkout locale.
//
// Stripe Checkout has no Arabic (its locale list, as of API 2023-10-16 and
// still in stripe-mock's newer spec, has none), so "ar" — and any language
// we do not map — becomes "auto": Stripe then follows the browser's
// languages, which for members reading Arabic in Morocco usually include
// French, and otherwise falls back to English. Forcing "fr" would be wrong
// for the members who chose Arabic because they read French poorly.
func stripeLocale(appLocale string) string {
	lang := strings.ToLower(strings.TrimSpace(appLocale))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	switch lang {
	case "fr":
		return "fr"
	case "en":
		return "en"
	default:
		return "auto"
	}
}

// ParseEvent verifies the Stripe-Signature header on the raw request body
// with the endpoint's signing secret and decodes the event.
//
// Signatures older than webhook.DefaultTolerance (5 minutes) are refused, so
// a captured delivery cannot be replayed later, and so are signatures dated
// more than that tolerance ahead of our clock (stripe-go checks only the
// past): an event signed for the future would otherwise stay replayable
// until long after. The handler must still deduplicate by Event.ID, since
// Stripe itself delivers at least once.
//
// The event's api_version is deliberately not required to equal the version
// stripe-go v76 was generated for (stripe.APIVersion, "2023-10-16"): a
// webhook endpoint renders events with the version it was created with (or
// the account default), which a dashboard change or an account upgrade can
// move away from the library's, and stripe-mock speaks a newer version than
// 2023-10-16. Refusing such events would make Stripe retry every payment
// notification for days and then give up on it.
// Only a few long-stable fields are read (ids, amounts, currency, status,
// client_reference_id, payment_intent), and objects whose "object" field is
// not the expected type are refused as ErrMalformedEvent, so a change in
// shape fails loudly rather than decoding as zeros.
func (s *Stripe) ParseEvent(payload []byte, signatureHeader string) (Event, error) {
	se, err := webhook.ConstructEventWithOptions(payload, signatureHeader, s.webhookSecret,
		webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true, Tolerance: webhook.DefaultTolerance})
	if err != nil {
		if isSignatureError(err) {
			return Event{}, fmt.Errorf("%w: %w", ErrBadSignature, err)
		}
		// The signature was valid; only decoding the JSON can have failed.
		return Event{}, fmt.Errorf("%w: %w", ErrMalformedEvent, err)
	}
	if signed, ok := signatureTime(signatureHeader); !ok || signed.After(time.Now().Add(webhook.DefaultTolerance)) {
		return Event{}, fmt.Errorf("%w: %w (%v)", ErrBadSignature, ErrSignedInTheFuture, signed)
	}
	return decodeStripeEvent(se)
}

// ErrSignedInTheFuture means a webhook's signature is dated beyond the
// tolerance ahead of our clock.
var ErrSignedInTheFuture = errors.New("webhook signed in the future")

// signatureTime reads the t= timestamp of a Stripe-Signature header (which
// the signature covers, so once the signature is verified it can be trusted).
func signatureTime(header string) (time.Time, bool) {
	for _, part := range strings.Split(header, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "t="); ok {
			sec, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return time.Time{}, false
			}
			return time.Unix(sec, 0), true
		}
	}
	return time.Time{}, false
}

// isSignatureError reports whether err is one of the webhook package's
// verification failures, as opposed to a JSON decoding error.
func isSignatureError(err error) bool {
	return errors.Is(err, webhook.ErrNotSigned) ||
		errors.Is(err, webhook.ErrInvalidHeader) ||
		errors.Is(err, webhook.ErrNoValidSignature) ||
		errors.Is(err, webhook.ErrTooOld)
}

// decodeStripeEvent reduces a verified Stripe event to an Event.
func decodeStripeEvent(se stripe.Event) (Event, error) {
	malformed := func(format string, args ...any) (Event, error) {
		return Event{}, fmt.Errorf("%w: %s", ErrMalformedEvent, fmt.Sprintf(format, args...))
	}
	if se.ID == "" || se.Type == "" {
		return malformed("event without id or type")
	}
	if se.Object != "" && se.Object != "event" {
		return malformed("object is %q, not an event", se.Object)
	}
	ev := Event{
		ID:         se.ID,
		Kind:       Other,
		Type:       string(se.Type),
		Created:    time.Unix(se.Created, 0).UTC(),
		Livemode:   se.Livemode,
		APIVersion: se.APIVersion,
	}

	var want string // the data.object type the event type implies
	switch se.Type {
	case stripe.EventTypeCheckoutSessionCompleted:
		ev.Kind, want = CheckoutCompleted, "checkout.session"
	case stripe.EventTypeCheckoutSessionExpired:
		ev.Kind, want = CheckoutExpired, "checkout.session"
	case stripe.EventTypeChargeRefunded:
		ev.Kind, want = ChargeRefunded, "charge"
	case stripe.EventTypeChargeDisputeCreated:
		ev.Kind, want = DisputeCreated, "dispute"
	default:
		// Not decoded: the application ignores it, and its object may be
		// of any type.
		return ev, nil
	}

	if se.Data == nil || len(se.Data.Raw) == 0 {
		return malformed("%s event %s has no data.object", se.Type, se.ID)
	}
	var head struct {
		Object string `json:"object"`
		ID     string `json:"id"`
	}
	if err := json.Unmarshal(se.Data.Raw, &head); err != nil {
		return malformed("%s event %s: data.object: %v", se.Type, se.ID, err)
	}
	if head.Object != want || head.ID == "" {
		return malformed("%s event %s: data.object is %q with id %q, want a %s with an id", se.Type, se.ID, head.Object, head.ID, want)
	}
	ev.ObjectID = head.ID

	switch want {
	case "checkout.session":
		var cs stripe.CheckoutSession
		if err := json.Unmarshal(se.Data.Raw, &cs); err != nil {
			return malformed("%s event %s: %v", se.Type, se.ID, err)
		}
		ev.SessionID = cs.ID
		ev.Reference = cs.ClientReferenceID
		if ev.Reference == "" {
			// Sent in both places; the metadata survives if a session is
			// ever created without client_reference_id.
			ev.Reference = cs.Metadata["reference"]
		}
		ev.PaymentIntent = paymentIntentID(cs.PaymentIntent)
		ev.Amount = cs.AmountTotal
		ev.Currency = strings.ToUpper(string(cs.Currency))
		ev.PaymentStatus = string(cs.PaymentStatus)
	case "charge":
		var ch stripe.Charge
		if err := json.Unmarshal(se.Data.Raw, &ch); err != nil {
			return malformed("%s event %s: %v", se.Type, se.ID, err)
		}
		ev.PaymentIntent = paymentIntentID(ch.PaymentIntent)
		ev.Amount = ch.AmountRefunded
		ev.Currency = strings.ToUpper(string(ch.Currency))
	case "dispute":
		var dp stripe.Dispute
		if err := json.Unmarshal(se.Data.Raw, &dp); err != nil {
			return malformed("%s event %s: %v", se.Type, se.ID, err)
		}
		ev.PaymentIntent = paymentIntentID(dp.PaymentIntent)
		ev.Amount = dp.Amount
		ev.Currency = strings.ToUpper(string(dp.Currency))
	}
	return ev, nil
}

// paymentIntentID returns the id of a PaymentIntent field, which Stripe sends
// as a bare id or, when expanded, as an object; stripe-go decodes both.
func paymentIntentID(pi *stripe.PaymentIntent) string {
	if pi == nil {
		return ""
	}
	return pi.ID
}
