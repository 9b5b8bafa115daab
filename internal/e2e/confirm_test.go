package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/duesperiod"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/money"
)

// The treasurer opens next year's dues period: the dashboard proposes no
// year (this year's is open), the treasurer types next year, and a dialog
// asks first, with the members who will be called and the total, before
// the period is opened. In French on a desktop, in Arabic (the treasurer's
// language) on a 360×740 phone.
func TestJourneyTheTreasurerConfirmsOpeningAPeriodInADialog(t *testing.T) {
	for _, sc := range []struct {
		w, h int64
		lang string
	}{{1280, 800, "fr"}, {360, 740, "ar"}} {
		t.Run(fmt.Sprintf("%dx%d-%s", sc.w, sc.h, sc.lang), func(t *testing.T) {
			j := startJourney(t)
			year := time.Now().UTC().Year() + 1
			pv, err := j.Env.Services.Dues.PreviewPeriod(j.ctx, year)
			if err != nil || pv.Members == 0 {
				t.Fatalf("preview of %d: %+v, %v", year, pv, err)
			}
			total := money.Format(pv.Total, pv.Currency, sc.lang)

			var proposed, message string
			var open bool
			var scrollWidth, clientWidth, dialogRight, dialogLeft int64
			j.run("the treasurer signs in and opens the dashboard",
				chromedp.EmulateViewport(sc.w, sc.h),
				network.SetCookie("majlis_lang", sc.lang).WithURL(j.URL),
				chromedp.Navigate(j.URL+"/sign-in?next=/treasurer"),
				chromedp.WaitVisible(`#email`, chromedp.ByQuery),
				chromedp.SendKeys(`#email`, "youssef.benali@omsn.example", chromedp.ByQuery),
				chromedp.SendKeys(`#password`, demo.AdminPassword, chromedp.ByQuery),
				chromedp.Submit(`#password`, chromedp.ByQuery),
				chromedp.WaitVisible(`#open-year`, chromedp.ByQuery),
				chromedp.Value(`#open-year`, &proposed, chromedp.ByQuery),
			)
			if proposed != "" {
				t.Errorf("with this year open, the box proposes %q", proposed)
			}
			j.run("they type next year and ask to open it: a dialog asks first",
				chromedp.SendKeys(`#open-year`, strconv.Itoa(year), chromedp.ByQuery),
				chromedp.Click(`#open-period-submit`, chromedp.ByQuery),
				chromedp.WaitVisible(`#confirm-dialog`, chromedp.ByQuery),
				chromedp.Text(`#confirm-dialog-message`, &message, chromedp.ByQuery),
				chromedp.Evaluate(`document.getElementById("confirm-dialog").open`, &open),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth),
				chromedp.Evaluate(`document.documentElement.clientWidth`, &clientWidth),
				chromedp.Evaluate(`Math.ceil(document.getElementById("confirm-dialog").getBoundingClientRect().right)`, &dialogRight),
				chromedp.Evaluate(`Math.floor(document.getElementById("confirm-dialog").getBoundingClientRect().left)`, &dialogLeft),
			)
			if !open || !strings.Contains(message, strconv.Itoa(year)) || !strings.Contains(message, strconv.Itoa(pv.Members)) ||
				!strings.Contains(message, total) {
				t.Fatalf("the dialog says %q; want %d, %d members and %s", message, year, pv.Members, total)
			}
			// The dialog fits the screen. (That the page itself never
			// scrolls sideways is the phone layout's rule, checked by the
			// journeys of every page.)
			if dialogLeft < 0 || dialogRight > clientWidth {
				t.Errorf("the dialog is wider than the screen: %d..%d of %d", dialogLeft, dialogRight, clientWidth)
			}
			if shots := os.Getenv("MAJLIS_JOURNEY_SCREENSHOTS"); shots != "" {
				var png []byte
				j.run("screenshot", chromedp.CaptureScreenshot(&png))
				_ = os.WriteFile(filepath.Join(shots, fmt.Sprintf("confirm-period-%dx%d-%s.png", sc.w, sc.h, sc.lang)), png, 0o644)
			}
			t.Logf("page %d wide in a %d viewport", scrollWidth, clientWidth)
			if j.Env.DB.Ent.DuesPeriod.Query().Where(duesperiod.Year(year)).ExistX(j.ctx) {
				t.Fatal("the period opened before it was confirmed")
			}

			j.run("cancelling closes the dialog and opens nothing",
				chromedp.Click(`#confirm-dialog-cancel`, chromedp.ByQuery),
				chromedp.WaitNotVisible(`#confirm-dialog`, chromedp.ByQuery),
			)
			if j.Env.DB.Ent.DuesPeriod.Query().Where(duesperiod.Year(year)).ExistX(j.ctx) {
				t.Fatal("cancelling opened the period")
			}

			var selected string
			j.run("confirming opens the period",
				chromedp.Click(`#open-period-submit`, chromedp.ByQuery),
				chromedp.WaitVisible(`#confirm-dialog`, chromedp.ByQuery),
				chromedp.Click(`#confirm-dialog-submit`, chromedp.ByQuery),
				chromedp.WaitVisible(`.flash-success`, chromedp.ByQuery),
				chromedp.Value(`#year`, &selected, chromedp.ByQuery),
			)
			if !j.Env.DB.Ent.DuesPeriod.Query().Where(duesperiod.Year(year)).ExistX(j.ctx) || selected != strconv.Itoa(year) {
				t.Fatalf("after confirming: period %d not shown (%q)", year, selected)
			}
			charged := j.Env.DB.Ent.DuesCharge.Query().Where(duescharge.HasPeriodWith(duesperiod.Year(year))).CountX(j.ctx)
			if charged != pv.Members {
				t.Fatalf("the dialog said %d members, %d were charged", pv.Members, charged)
			}
		})
	}
}

// Without JavaScript, the same request leads to the confirmation page,
// which says the same thing and opens the period once confirmed.
func TestJourneyWithoutScriptsTheTreasurerConfirmsOnAPage(t *testing.T) {
	j := startJourney(t)
	year := time.Now().UTC().Year() + 1
	pv, err := j.Env.Services.Dues.PreviewPeriod(j.ctx, year)
	if err != nil {
		t.Fatal(err)
	}
	total := money.Format(pv.Total, pv.Currency, "fr")
	var message string
	var scrollWidth, clientWidth int64
	j.run("the treasurer, without scripts, asks to open next year",
		chromedp.EmulateViewport(360, 740),
		emulation.SetScriptExecutionDisabled(true),
		network.SetCookie("majlis_lang", "fr").WithURL(j.URL),
		chromedp.Navigate(j.URL+"/sign-in?next=/treasurer"),
		chromedp.WaitVisible(`#email`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "youssef.benali@omsn.example", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, demo.AdminPassword, chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`#open-year`, chromedp.ByQuery),
		chromedp.SendKeys(`#open-year`, strconv.Itoa(year), chromedp.ByQuery),
		chromedp.Click(`#open-period-submit`, chromedp.ByQuery),
		chromedp.WaitVisible(`#confirm-message`, chromedp.ByQuery),
		chromedp.Text(`#confirm-message`, &message, chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth),
		chromedp.Evaluate(`document.documentElement.clientWidth`, &clientWidth),
	)
	want := fmt.Sprintf("Ouvrir %d appellera %d membres pour %s.", year, pv.Members, total)
	if !strings.HasPrefix(message, want) {
		t.Fatalf("the confirmation page says %q, want %q…", message, want)
	}
	if scrollWidth > clientWidth {
		t.Errorf("the confirmation page scrolls sideways: %d > %d", scrollWidth, clientWidth)
	}
	if shots := os.Getenv("MAJLIS_JOURNEY_SCREENSHOTS"); shots != "" {
		var png []byte
		j.run("screenshot", chromedp.CaptureScreenshot(&png))
		_ = os.WriteFile(filepath.Join(shots, "confirm-period-page-360x740-fr.png"), png, 0o644)
	}
	if j.Env.DB.Ent.DuesPeriod.Query().Where(duesperiod.Year(year)).ExistX(j.ctx) {
		t.Fatal("the period opened before it was confirmed")
	}
	j.run("they confirm on the page",
		chromedp.Click(`#confirm-submit`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash-success`, chromedp.ByQuery),
	)
	if !j.Env.DB.Ent.DuesPeriod.Query().Where(duesperiod.Year(year)).ExistX(j.ctx) {
		t.Fatal("confirming on the page did not open the period")
	}
}
