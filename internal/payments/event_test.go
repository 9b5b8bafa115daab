package payments

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/omsn/majlis/internal/payments/stripetest"
)

// newTestStripe returns a provider for webhook tests, which need no API
// server.
func newTestStripe(t *testing.T) *Stripe {
	t.Helper()
	p, err := NewStripe(stripetest.TestSecretKey, testWebhookSecret, "http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseEventCheckoutCompleted(t *testing.T) {
	p := newTestStripe(t)
	created := time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)
	obj := stripetest.CheckoutCompleted("cs_test_42", "charge:123", 15000, "MAD")
	payload, header := stripetest.SignedEvent(t, testWebhookSecret, "checkout.session.completed", obj,
		stripetest.WithID("evt_test_completed"), stripetest.WithCreated(created))

	got, err := p.ParseEvent(payload, header)
	if err != nil {
		t.Fatalf("ParseEvent: %v", err)
	}
	want := Event{
		ID:            "evt_test_completed",
		Kind:          CheckoutCompleted,
		Type:          "checkout.session.completed",
		Created:       created,
		SessionID:     "cs_test_42",
		Reference:     "charge:123",
		PaymentIntent: "pi_test_42",
		ObjectID:      "cs_test_42",
		Amount:        15000,
		Currency:      "MAD",
		PaymentStatus: "paid",
		Livemode:      false,
		APIVersion:    stripe.APIVersion,
	}
	if got != want {
		t.Errorf("ParseEvent =\n%+v\nwant\n%+v", got, want)
	}
}

// TestParseEventKinds decodes one event of each kind the application acts
// on, plus variants Stripe may send.
func TestParseEventKinds(t *testing.T) {
	p := newTestStripe(t)
	expandedPI := stripetest.CheckoutCompleted("cs_test_exp", "charge:9", 5000, "eur")
	expandedPI["payment_intent"] = map[string]any{"id": "pi_expanded", "object": "payment_intent", "amount": 5000}
	noClientRef := stripetest.CheckoutCompleted("cs_test_meta", "charge:7", 100, "mad")
	noClientRef["client_reference_id"] = nil
	unpaid := stripetest.CheckoutCompleted("cs_test_unpaid", "charge:8", 100, "mad")
	unpaid["payment_status"] = "unpaid"
	partial := stripetest.ChargeRefunded("ch_partial", "pi_partial", 2500, "MAD")
	partial["amount"], partial["refunded"] = 10000, false

	tests := []struct {
		name      string
		eventType string
		object    map[string]any
		opts      []stripetest.EventOption
		want      Event // ID, Type, Created, APIVersion are checked apart
	}{
		{
			name: "checkout expired", eventType: "checkout.session.expired",
			object: stripetest.CheckoutExpired("cs_test_old", "charge:5", 15000, "MAD"),
			want: Event{Kind: CheckoutExpired, SessionID: "cs_test_old", ObjectID: "cs_test_old", Reference: "charge:5",
				Amount: 15000, Currency: "MAD", PaymentStatus: "unpaid"},
		},
		{
			name: "charge refunded", eventType: "charge.refunded",
			object: stripetest.ChargeRefunded("ch_1", "pi_1", 15000, "mad"),
			want:   Event{Kind: ChargeRefunded, ObjectID: "ch_1", PaymentIntent: "pi_1", Amount: 15000, Currency: "MAD"},
		},
		{
			name: "partial refund reports the amount refunded", eventType: "charge.refunded", object: partial,
			want: Event{Kind: ChargeRefunded, ObjectID: "ch_partial", PaymentIntent: "pi_partial", Amount: 2500, Currency: "MAD"},
		},
		{
			name: "dispute created", eventType: "charge.dispute.created",
			object: stripetest.DisputeCreated("dp_1", "ch_1", "pi_1", 15000, "EUR"),
			want:   Event{Kind: DisputeCreated, ObjectID: "dp_1", PaymentIntent: "pi_1", Amount: 15000, Currency: "EUR"},
		},
		{
			name: "expanded payment intent", eventType: "checkout.session.completed", object: expandedPI,
			want: Event{Kind: CheckoutCompleted, SessionID: "cs_test_exp", ObjectID: "cs_test_exp", Reference: "charge:9",
				PaymentIntent: "pi_expanded", Amount: 5000, Currency: "EUR", PaymentStatus: "paid"},
		},
		{
			name: "reference from metadata", eventType: "checkout.session.completed", object: noClientRef,
			want: Event{Kind: CheckoutCompleted, SessionID: "cs_test_meta", ObjectID: "cs_test_meta", Reference: "charge:7",
				PaymentIntent: "pi_test_meta", Amount: 100, Currency: "MAD", PaymentStatus: "paid"},
		},
		{
			name: "completed but unpaid", eventType: "checkout.session.completed", object: unpaid,
			want: Event{Kind: CheckoutCompleted, SessionID: "cs_test_unpaid", ObjectID: "cs_test_unpaid", Reference: "charge:8",
				PaymentIntent: "pi_test_unpaid", Amount: 100, Currency: "MAD", PaymentStatus: "unpaid"},
		},
		{
			name: "live mode", eventType: "charge.refunded",
			object: stripetest.ChargeRefunded("ch_live", "pi_live", 100, "mad"),
			opts:   []stripetest.EventOption{stripetest.WithLivemode(true)},
			want:   Event{Kind: ChargeRefunded, ObjectID: "ch_live", PaymentIntent: "pi_live", Amount: 100, Currency: "MAD", Livemode: true},
		},
		{
			// Not decoded at all: its object is not looked at.
			name: "unknown type is Other", eventType: "customer.created",
			object: map[string]any{"id": "cus_1", "object": "customer"},
			want:   Event{Kind: Other},
		},
		{
			name: "other checkout event is Other", eventType: "checkout.session.async_payment_failed",
			object: stripetest.CheckoutExpired("cs_test_x", "charge:1", 1, "mad"),
			want:   Event{Kind: Other},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload, header := stripetest.SignedEvent(t, testWebhookSecret, tt.eventType, tt.object, tt.opts...)
			got, err := p.ParseEvent(payload, header)
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			var raw struct {
				ID      string `json:"id"`
				Created int64  `json:"created"`
			}
			if err := json.Unmarshal(payload, &raw); err != nil {
				t.Fatal(err)
			}
			if got.ID != raw.ID || got.Type != tt.eventType || !got.Created.Equal(time.Unix(raw.Created, 0)) || got.APIVersion != stripe.APIVersion {
				t.Errorf("envelope: ID %q Type %q Created %v APIVersion %q; want %q %q %v %q",
					got.ID, got.Type, got.Created, got.APIVersion, raw.ID, tt.eventType, time.Unix(raw.Created, 0), stripe.APIVersion)
			}
			tt.want.ID, tt.want.Type, tt.want.Created, tt.want.APIVersion = got.ID, got.Type, got.Created, got.APIVersion
			if got != tt.want {
				t.Errorf("ParseEvent =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// TestParseEventOtherAPIVersion: an endpoint rendering events with another
// API version than stripe-go's must still be understood (see ParseEvent).
func TestParseEventOtherAPIVersion(t *testing.T) {
	p := newTestStripe(t)
	payload, header := stripetest.SignedEvent(t, testWebhookSecret, "checkout.session.completed",
		stripetest.CheckoutCompleted("cs_test_v", "charge:1", 700, "mad"), stripetest.WithAPIVersion("2025-03-31.basil"))
	if _, err := webhook.ConstructEvent(payload, header, testWebhookSecret); err == nil {
		t.Fatal("webhook.ConstructEvent accepted another API version: this test no longer tests anything")
	}
	got, err := p.ParseEvent(payload, header)
	if err != nil {
		t.Fatalf("ParseEvent: %v", err)
	}
	if got.Kind != CheckoutCompleted || got.Amount != 700 || got.Reference != "charge:1" || got.APIVersion != "2025-03-31.basil" {
		t.Errorf("ParseEvent = %+v", got)
	}
}

func TestParseEventRejects(t *testing.T) {
	p := newTestStripe(t)
	good := stripetest.CheckoutCompleted("cs_test_1", "charge:1", 15000, "mad")
	payload, header := stripetest.SignedEvent(t, testWebhookSecret, "checkout.session.completed", good)

	// sign signs an arbitrary body with the right secret, to reach the
	// decoding past the signature check.
	sign := func(body string) ([]byte, string) {
		s := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(body), Secret: testWebhookSecret})
		return s.Payload, s.Header
	}
	signedEvent := func(eventType string, object map[string]any) ([]byte, string) {
		return stripetest.SignedEvent(t, testWebhookSecret, eventType, object)
	}

	type input struct {
		payload []byte
		header  string
	}
	in := func(p []byte, h string) input { return input{p, h} }
	tampered := bytes.Replace(payload, []byte(`"amount_total":15000`), []byte(`"amount_total":1`), 1)
	if bytes.Equal(tampered, payload) {
		t.Fatal("tampering did not change the payload")
	}

	tests := []struct {
		name   string
		in     input
		want   error
		wantAs error // an error from the webhook package also in the chain, if any
	}{
		{"wrong secret", in(stripetest.SignedEvent(t, "whsec_other", "checkout.session.completed", good)), ErrBadSignature, webhook.ErrNoValidSignature},
		{"tampered body", in(tampered, header), ErrBadSignature, webhook.ErrNoValidSignature},
		{"stale timestamp", in(stripetest.SignedEvent(t, testWebhookSecret, "checkout.session.completed", good,
			stripetest.WithTimestamp(time.Now().Add(-webhook.DefaultTolerance-time.Minute)))), ErrBadSignature, webhook.ErrTooOld},
		{"timestamp an hour ahead", in(stripetest.SignedEvent(t, testWebhookSecret, "checkout.session.completed", good,
			stripetest.WithTimestamp(time.Now().Add(time.Hour)))), ErrBadSignature, ErrSignedInTheFuture},
		{"timestamp just beyond the tolerance ahead", in(stripetest.SignedEvent(t, testWebhookSecret, "checkout.session.completed", good,
			stripetest.WithTimestamp(time.Now().Add(webhook.DefaultTolerance+time.Minute)))), ErrBadSignature, ErrSignedInTheFuture},
		{"no header", in(payload, ""), ErrBadSignature, webhook.ErrNotSigned},
		{"garbage header", in(payload, "garbage"), ErrBadSignature, webhook.ErrInvalidHeader},
		{"bad timestamp in header", in(payload, "t=yesterday,v1=00"), ErrBadSignature, webhook.ErrInvalidHeader},
		{"header without v1", in(payload, "t=1700000000,v0=abcd"), ErrBadSignature, webhook.ErrNoValidSignature},
		{"unsigned garbage", in([]byte("\x00\xffnot json"), header), ErrBadSignature, nil},
		{"empty body", in(nil, header), ErrBadSignature, nil},
		{"signed garbage", in(sign("\x00\xffnot json")), ErrMalformedEvent, nil},
		{"signed JSON array", in(sign(`[1,2,3]`)), ErrMalformedEvent, nil},
		{"signed empty object", in(sign(`{}`)), ErrMalformedEvent, nil},
		{"not an event", in(sign(`{"id":"cs_1","object":"checkout.session","type":"checkout.session.completed"}`)), ErrMalformedEvent, nil},
		{"no data", in(sign(`{"id":"evt_1","object":"event","type":"checkout.session.completed","created":1}`)), ErrMalformedEvent, nil},
		{"data.object not an object", in(sign(`{"id":"evt_1","object":"event","type":"charge.refunded","data":{"object":"ch_1"}}`)), ErrMalformedEvent, nil},
		{"wrong object type", in(signedEvent("charge.refunded", good)), ErrMalformedEvent, nil},
		{"object without id", in(signedEvent("charge.dispute.created", map[string]any{"object": "dispute", "amount": 1})), ErrMalformedEvent, nil},
		{"amount of the wrong type", in(signedEvent("charge.refunded", map[string]any{"id": "ch_1", "object": "charge", "amount_refunded": "lots"})), ErrMalformedEvent, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.ParseEvent(tt.in.payload, tt.in.header)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseEvent = %+v, %v; want %v", got, err, tt.want)
			}
			if tt.wantAs != nil && !errors.Is(err, tt.wantAs) {
				t.Errorf("error %q does not wrap %q", err, tt.wantAs)
			}
			other := ErrMalformedEvent
			if tt.want == ErrMalformedEvent {
				other = ErrBadSignature
			}
			if errors.Is(err, other) {
				t.Errorf("error %q is both %q and %q", err, tt.want, other)
			}
			if got != (Event{}) {
				t.Errorf("ParseEvent returned %+v with its error", got)
			}
		})
	}
}

// TestParseEventSameIDTwice documents that ParseEvent does not deduplicate:
// a redelivered event parses again, with the same ID, for the handler to
// recognise.
func TestParseEventSameIDTwice(t *testing.T) {
	p := newTestStripe(t)
	obj := stripetest.CheckoutCompleted("cs_test_1", "charge:1", 100, "mad")
	var ids []string
	for range 2 {
		payload, header := stripetest.SignedEvent(t, testWebhookSecret, "checkout.session.completed", obj, stripetest.WithID("evt_same"))
		ev, err := p.ParseEvent(payload, header)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ev.ID)
	}
	if ids[0] != "evt_same" || ids[1] != "evt_same" {
		t.Errorf("IDs = %v, want evt_same twice", ids)
	}
}

// FuzzParseEvent checks that no correctly signed body, however broken,
// makes ParseEvent panic, and that every failure is ErrMalformedEvent.
func FuzzParseEvent(f *testing.F) {
	p, err := NewStripe(stripetest.TestSecretKey, testWebhookSecret, "")
	if err != nil {
		f.Fatal(err)
	}
	for _, obj := range []map[string]any{
		stripetest.CheckoutCompleted("cs_1", "charge:1", 100, "mad"),
		stripetest.ChargeRefunded("ch_1", "pi_1", 100, "mad"),
		stripetest.DisputeCreated("dp_1", "ch_1", "pi_1", 100, "mad"),
	} {
		for _, typ := range []string{"checkout.session.completed", "charge.refunded", "charge.dispute.created"} {
			payload, _ := stripetest.SignedEvent(f, testWebhookSecret, typ, obj)
			f.Add(payload)
		}
	}
	f.Add([]byte(`{"id":"evt_1","type":"charge.refunded","data":{"object":null}}`))
	f.Add([]byte(`{"id":"evt_1","type":"checkout.session.expired","data":{"object":{"object":"checkout.session","id":"cs","payment_intent":7}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		s := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: testWebhookSecret})
		ev, err := p.ParseEvent(s.Payload, s.Header)
		if err != nil {
			if !errors.Is(err, ErrMalformedEvent) {
				t.Fatalf("signed body refused with %v, want ErrMalformedEvent", err)
			}
			return
		}
		if ev.ID == "" || ev.Type == "" || ev.Kind == "" {
			t.Fatalf("event accepted without id, type or kind: %+v", ev)
		}
	})
}

// Clocks drift: a signature a little ahead of ours, or a little old, is
// within the tolerance either way.
func TestParseEventAcceptsASignatureWithinTheToleranceEitherWay(t *testing.T) {
	p := newTestStripe(t)
	for _, skew := range []time.Duration{-webhook.DefaultTolerance + time.Minute, time.Minute, webhook.DefaultTolerance - time.Minute} {
		payload, header := stripetest.SignedEvent(t, testWebhookSecret, "checkout.session.completed",
			stripetest.CheckoutCompleted("cs_test_skew", "charge:1", 700, "mad"), stripetest.WithTimestamp(time.Now().Add(skew)))
		if _, err := p.ParseEvent(payload, header); err != nil {
			t.Errorf("signed %v from now: %v", skew, err)
		}
	}
}
