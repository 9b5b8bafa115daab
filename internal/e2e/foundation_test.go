package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/internal/demo"
)

// A visitor opens the home page in French, switches to Arabic and sees the
// page turn right-to-left, signs in with the demo account and signs out.
func TestJourneyLanguageSwitchSignInAndOut(t *testing.T) {
	j := startJourney(t)
	var lang, dir, heading, who, flash string

	j.run("open the home page",
		chromedp.Navigate(j.URL+"/"),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.AttributeValue("html", "lang", &lang, nil, chromedp.ByQuery),
		chromedp.AttributeValue("html", "dir", &dir, nil, chromedp.ByQuery),
		chromedp.Text("h1", &heading, chromedp.ByQuery),
	)
	if lang != "fr" || dir != "ltr" || !strings.Contains(heading, "Observatoire Marocain") {
		t.Fatalf("home page: lang=%q dir=%q h1=%q", lang, dir, heading)
	}

	j.run("switch to Arabic",
		chromedp.Click(`button[name="lang"][value="ar"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`html[dir="rtl"]`, chromedp.ByQuery),
		chromedp.AttributeValue("html", "lang", &lang, nil, chromedp.ByQuery),
		chromedp.Text("h1", &heading, chromedp.ByQuery),
	)
	if lang != "ar" || !strings.Contains(heading, "المرصد المغربي") {
		t.Fatalf("after switching: lang=%q h1=%q", lang, heading)
	}

	j.run("sign in with the demo account",
		chromedp.Click(`a.sign-in`, chromedp.ByQuery),
		chromedp.WaitVisible(`#email`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, demo.AdminEmail, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, demo.AdminPassword, chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`#sign-out`, chromedp.ByQuery),
		chromedp.Text(`.who`, &who, chromedp.ByQuery),
		chromedp.AttributeValue("html", "dir", &dir, nil, chromedp.ByQuery),
	)
	if who != "Administration" || dir != "rtl" {
		t.Fatalf("signed in: who=%q dir=%q (the language must survive sign-in)", who, dir)
	}

	j.run("sign out",
		chromedp.Click(`#sign-out`, chromedp.ByQuery),
		chromedp.WaitVisible(`a.sign-in`, chromedp.ByQuery),
		chromedp.Text(`.flash`, &flash, chromedp.ByQuery),
	)
	if flash != "تم تسجيل خروجك." {
		t.Fatalf("after sign-out, flash = %q", flash)
	}
}
