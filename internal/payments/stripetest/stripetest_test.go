package stripetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

func TestStartMock(t *testing.T) {
	var first, second string
	t.Run("two servers", func(t *testing.T) {
		first, second = StartMock(t), StartMock(t)
		for _, base := range []string{first, second} {
			if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(base) {
				t.Errorf("base URL %q, want http://127.0.0.1:PORT", base)
			}
			if code := get(t, base+"/v1/customers"); code != http.StatusOK {
				t.Errorf("GET %s/v1/customers: %d, want 200", base, code)
			}
		}
		if first == second {
			t.Errorf("both servers at %s", first)
		}
	})
	if t.Failed() || first == "" {
		return
	}
	// The subtest's cleanup has run: both servers must be gone.
	for _, base := range []string{first, second} {
		if _, err := http.Get(base + "/v1/customers"); err == nil {
			t.Errorf("%s still answers after the test ended", base)
		}
	}
}

func get(t *testing.T, url string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+TestSecretKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// fakeTB records how StartMock ends a test instead of ending the real one.
// Embedding testing.TB supplies the methods it does not override.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// runFake calls StartMock with a fakeTB in its own goroutine, since Skipf
// and Fatalf end the goroutine that calls them.
func runFake(t *testing.T) *fakeTB {
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		StartMock(f)
	}()
	<-done
	return f
}

func TestStartMockMissingBinary(t *testing.T) {
	t.Setenv(EnvMockPath, filepath.Join(t.TempDir(), "no-such-stripe-mock"))

	t.Run("skips by default", func(t *testing.T) {
		t.Setenv(EnvRequireMock, "")
		f := runFake(t)
		if f.skipped == "" || f.failed != "" {
			t.Fatalf("skipped %q, failed %q; want a skip", f.skipped, f.failed)
		}
		if !strings.Contains(f.skipped, EnvRequireMock) {
			t.Errorf("skip message %q does not say how to make it an error", f.skipped)
		}
	})
	t.Run("fails when required", func(t *testing.T) {
		t.Setenv(EnvRequireMock, "1")
		f := runFake(t)
		if f.failed == "" || f.skipped != "" {
			t.Fatalf("skipped %q, failed %q; want a failure", f.skipped, f.failed)
		}
		for _, want := range []string{"make stripe-mock", "go install github.com/stripe/stripe-mock@" + MockVersion} {
			if !strings.Contains(f.failed, want) {
				t.Errorf("failure %q does not mention %q", f.failed, want)
			}
		}
	})
}

func TestStartMockBinaryThatExits(t *testing.T) {
	script := filepath.Join(t.TempDir(), "stripe-mock")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho 'cannot start' >&2\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvMockPath, script)
	f := runFake(t)
	if !strings.Contains(f.failed, "exited before listening") || !strings.Contains(f.failed, "cannot start") {
		t.Errorf("failure %q, want it to report the exit and the program's stderr", f.failed)
	}
}

func TestFindMock(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "stripe-mock")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "not-executable")
	if err := os.WriteFile(plain, nil, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Setenv(EnvMockPath, exe)
	if got, err := FindMock(); err != nil || got != exe {
		t.Errorf("FindMock with %s set = %q, %v; want %q", EnvMockPath, got, err, exe)
	}
	t.Setenv(EnvMockPath, plain)
	if got, err := FindMock(); err == nil {
		t.Errorf("FindMock with a non-executable %s = %q, want an error", EnvMockPath, got)
	}

	// Without the override, the Go bin directories are searched after PATH.
	t.Setenv(EnvMockPath, "")
	t.Setenv("PATH", t.TempDir())
	t.Setenv("GOBIN", dir)
	if got, err := FindMock(); err != nil || got != exe {
		t.Errorf("FindMock with GOBIN=%s = %q, %v; want %q", dir, got, err, exe)
	}
}

// TestSignedEvent checks the events against stripe-go's own, strict
// verification, which also insists on its API version.
func TestSignedEvent(t *testing.T) {
	const secret = "whsec_stripetest"
	obj := CheckoutCompleted("cs_test_1", "charge:1", 15000, "MAD")

	payload, header := SignedEvent(t, secret, "checkout.session.completed", obj)
	ev, err := webhook.ConstructEvent(payload, header, secret)
	if err != nil {
		t.Fatalf("webhook.ConstructEvent: %v", err)
	}
	if !strings.HasPrefix(ev.ID, "evt_") || ev.Object != "event" || ev.APIVersion != stripe.APIVersion ||
		ev.Type != "checkout.session.completed" || ev.Livemode || time.Since(time.Unix(ev.Created, 0)) > time.Minute {
		t.Errorf("event envelope %+v", ev)
	}
	if got := ev.GetObjectValue("client_reference_id"); got != "charge:1" {
		t.Errorf("data.object.client_reference_id = %q", got)
	}

	again, _ := SignedEvent(t, secret, "checkout.session.completed", obj)
	var a, b stripe.Event
	_ = json.Unmarshal(payload, &a)
	_ = json.Unmarshal(again, &b)
	if a.ID == b.ID {
		t.Errorf("two events share the random id %s", a.ID)
	}

	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	payload, header = SignedEvent(t, secret, "charge.refunded", ChargeRefunded("ch_1", "pi_1", 100, "mad"),
		WithID("evt_fixed"), WithCreated(created), WithLivemode(true))
	ev, err = webhook.ConstructEvent(payload, header, secret)
	if err != nil {
		t.Fatalf("webhook.ConstructEvent with options: %v", err)
	}
	if ev.ID != "evt_fixed" || ev.Created != created.Unix() || !ev.Livemode {
		t.Errorf("options not applied: id %s created %d livemode %v", ev.ID, ev.Created, ev.Livemode)
	}

	payload, header = SignedEvent(t, secret, "charge.refunded", ChargeRefunded("ch_1", "pi_1", 100, "mad"),
		WithTimestamp(time.Now().Add(-time.Hour)))
	if _, err := webhook.ConstructEvent(payload, header, secret); !errors.Is(err, webhook.ErrTooOld) {
		t.Errorf("event signed an hour ago: %v, want webhook.ErrTooOld", err)
	}
	if _, err := webhook.ConstructEventIgnoringTolerance(payload, header, secret); err != nil {
		t.Errorf("event signed an hour ago, ignoring tolerance: %v", err)
	}
	_ = json.Unmarshal(payload, &a)
	if d := time.Since(time.Unix(a.Created, 0)); d < 59*time.Minute || d > 61*time.Minute {
		t.Errorf("WithTimestamp: created %v ago, want an hour", d)
	}

	payload, header = SignedEvent(t, secret, "charge.refunded", ChargeRefunded("ch_1", "pi_1", 100, "mad"), WithAPIVersion("2020-08-27"))
	if _, err := webhook.ConstructEvent(payload, header, secret); err == nil {
		t.Error("WithAPIVersion not applied: strict verification accepted the event")
	}
}

// TestBuilders checks that each builder's object decodes into the stripe-go
// type Stripe would send, with the given values.
func TestBuilders(t *testing.T) {
	decode := func(obj map[string]any, into any) {
		t.Helper()
		b, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, into); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
	}

	var cs stripe.CheckoutSession
	decode(CheckoutCompleted("cs_test_9", "charge:9", 2500, "MAD"), &cs)
	if cs.ID != "cs_test_9" || cs.Object != "checkout.session" || cs.ClientReferenceID != "charge:9" || cs.Metadata["reference"] != "charge:9" ||
		cs.AmountTotal != 2500 || cs.Currency != "mad" || cs.PaymentStatus != "paid" || cs.Status != "complete" ||
		cs.PaymentIntent == nil || cs.PaymentIntent.ID != "pi_test_9" {
		t.Errorf("CheckoutCompleted decoded to %+v", cs)
	}

	cs = stripe.CheckoutSession{}
	decode(CheckoutExpired("cs_test_8", "charge:8", 2500, "mad"), &cs)
	if cs.Status != "expired" || cs.PaymentStatus != "unpaid" || cs.PaymentIntent != nil || cs.ClientReferenceID != "charge:8" {
		t.Errorf("CheckoutExpired decoded to %+v", cs)
	}

	var ch stripe.Charge
	decode(ChargeRefunded("ch_1", "pi_1", 700, "EUR"), &ch)
	if ch.ID != "ch_1" || ch.Object != "charge" || ch.AmountRefunded != 700 || ch.Amount != 700 || !ch.Refunded ||
		ch.Currency != "eur" || ch.PaymentIntent == nil || ch.PaymentIntent.ID != "pi_1" {
		t.Errorf("ChargeRefunded decoded to %+v", ch)
	}

	var dp stripe.Dispute
	decode(DisputeCreated("dp_1", "ch_1", "pi_1", 700, "mad"), &dp)
	if dp.ID != "dp_1" || dp.Object != "dispute" || dp.Amount != 700 || dp.Currency != "mad" ||
		dp.Charge == nil || dp.Charge.ID != "ch_1" || dp.PaymentIntent == nil || dp.PaymentIntent.ID != "pi_1" {
		t.Errorf("DisputeCreated decoded to %+v", dp)
	}
}
