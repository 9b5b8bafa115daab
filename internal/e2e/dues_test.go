package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/ent/checkout"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/payments/stripetest"
)

// stripePage stands for Stripe's hosted payment page, which cannot be
// reached from the test machine: the browser's requests to it are answered
// by the test.
const stripePage = `<!DOCTYPE html><html><body><h1 id="stripe-checkout">Stripe Checkout (test)</h1></body></html>`

// A member pays their dues online and downloads the receipt: the app sends
// them to the payment page, the provider confirms through the signed
// webhook, and the member's page shows the payment and its receipt.
func TestJourneyPayDuesOnlineAndDownloadTheReceipt(t *testing.T) {
	api := stripetest.StartMock(t)
	const secret = "whsec_journey"
	j := startJourney(t, map[string]string{"MAJLIS_STRIPE_SECRET_KEY": stripetest.TestSecretKey,
		"MAJLIS_STRIPE_WEBHOOK_SECRET": secret, "MAJLIS_STRIPE_API_URL": api})
	ctx := context.Background()
	if _, _, err := j.Env.Services.Dues.OpenPeriod(ctx, time.Now().Year()+1, 0); err != nil {
		t.Fatal(err)
	}

	chromedp.ListenTarget(j.ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			go func() {
				c := chromedp.FromContext(j.ctx)
				_ = fetch.FulfillRequest(e.RequestID, 200).
					WithResponseHeaders([]*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html"}}).
					WithBody(base64.StdEncoding.EncodeToString([]byte(stripePage))).
					Do(cdp.WithExecutor(j.ctx, c.Target))
			}()
		}
	})
	downloads := t.TempDir()
	j.run("the browser stands in for Stripe's page and keeps downloads",
		fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "https://checkout.stripe.com/*"}}),
		browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(downloads),
	)

	var standing string
	j.run("Nadia signs in and opens her dues",
		chromedp.Navigate(j.URL+"/sign-in?next=/membership/dues"),
		chromedp.WaitVisible(`#email`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "nadia.chraibi@omsn.example", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, demo.AdminPassword, chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`#charges`, chromedp.ByQuery),
		chromedp.Text(`#standing`, &standing, chromedp.ByQuery),
	)
	j.run("she pays online and reaches the payment page",
		chromedp.Click(`#charges tr[data-status="open"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`#stripe-checkout`, chromedp.ByQuery),
	)

	// Stripe confirms the payment to the app.
	co := j.Env.DB.Ent.Checkout.Query().Where(checkout.StatusEQ(checkout.StatusOpen)).OnlyX(ctx)
	payload, sig := stripetest.SignedEvent(t, secret, "checkout.session.completed",
		stripetest.CheckoutCompleted(co.SessionID, "", co.Amount, co.Currency))
	if _, err := j.Env.Services.Dues.HandleWebhook(ctx, payload, sig); err != nil {
		t.Fatal(err)
	}

	var done, paid string
	j.run("back in the app, her dues show as paid",
		chromedp.Navigate(j.URL+"/membership/dues?checkout=done"),
		chromedp.WaitVisible(`#checkout-done`, chromedp.ByQuery),
		chromedp.Text(`#checkout-done`, &done, chromedp.ByQuery),
		chromedp.Text(`#standing`, &paid, chromedp.ByQuery),
	)
	// Within the grace period she was in good standing already; now the
	// debt is settled and its row shows as paid.
	if !strings.Contains(paid, "good standing") || !strings.Contains(done, "Thank you") {
		t.Fatalf("after paying: %q / %q (before: %q)", paid, done, standing)
	}
	var number, status string
	j.run("she downloads the receipt",
		chromedp.AttributeValue(`#charges tbody tr:first-child`, "data-status", &status, nil, chromedp.ByQuery),
		chromedp.Text(`#charges tbody tr:first-child .receipt-link`, &number, chromedp.ByQuery),
		chromedp.Click(`#charges tbody tr:first-child .receipt-link`, chromedp.ByQuery),
	)
	if status != "paid" {
		t.Fatalf("the period she paid shows as %q", status)
	}
	file := filepath.Join(downloads, "recu-"+strings.TrimSpace(number)+".pdf")
	deadline := time.Now().Add(15 * time.Second)
	for {
		if b, err := os.ReadFile(file); err == nil && strings.HasPrefix(string(b), "%PDF") {
			break
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(downloads)
			t.Fatalf("no receipt downloaded as %s (%d files)", file, len(entries))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
		if err != nil || !strings.Contains(string(out), strings.TrimSpace(number)) || !strings.Contains(string(out), "Nadia Chraibi") {
			t.Fatalf("receipt text: %v\n%s", err, out)
		}
	}
}
