package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/internal/demo"
)

// A visitor applies, the secretary general approves the application, and
// the new member signs in and sees their member number.
func TestJourneyApplyApproveAndSeeTheNumber(t *testing.T) {
	j := startJourney(t)
	var state, number, applicant string

	j.run("a visitor applies",
		chromedp.Navigate(j.URL+"/apply"),
		chromedp.WaitVisible(`#first_name`, chromedp.ByQuery),
		chromedp.SendKeys(`#first_name`, "Rachid", chromedp.ByQuery),
		chromedp.SendKeys(`#last_name`, "Ouali", chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "rachid.ouali@example.ma", chromedp.ByQuery),
		chromedp.SetValue(`#category_person`, "active", chromedp.ByQuery),
		chromedp.SendKeys(`#motivation`, "Chercheur en cybersécurité.", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, "rachid-password-2026", chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`#application-sent`, chromedp.ByQuery),
	)
	j.run("they confirm their address with the link mailed to them",
		chromedp.Navigate(j.mailedLinks("rachid.ouali@example.ma", "application_confirm")[0]),
		chromedp.WaitVisible(`#confirm-application`, chromedp.ByQuery),
		chromedp.Click(`#confirm-application`, chromedp.ByQuery),
		chromedp.WaitVisible(`#application-state`, chromedp.ByQuery),
		chromedp.Text(`#application-state`, &state, chromedp.ByQuery),
	)
	if !strings.Contains(state, "En attente") {
		t.Fatalf("application state %q", state)
	}

	j.run("the applicant signs out; the secretary general signs in",
		chromedp.Click(`#sign-out`, chromedp.ByQuery),
		chromedp.WaitVisible(`a.sign-in`, chromedp.ByQuery),
		chromedp.Navigate(j.URL+"/sign-in?next=/board/applications"),
		chromedp.WaitVisible(`#email`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "salma.idrissi@omsn.example", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, demo.AdminPassword, chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`table`, chromedp.ByQuery),
	)

	j.run("she opens the application and approves it",
		chromedp.Click(`//a[text()="Rachid Ouali"]`, chromedp.BySearch),
		chromedp.WaitVisible(`#applicant-name`, chromedp.ByQuery),
		chromedp.Text(`#applicant-name`, &applicant, chromedp.ByQuery),
		chromedp.SetValue(`#category`, "active", chromedp.ByQuery),
		chromedp.SendKeys(`#reference`, "Bureau du 22 novembre 2026", chromedp.ByQuery),
		chromedp.Click(`#approve`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash-success`, chromedp.ByQuery),
		chromedp.Click(`#sign-out`, chromedp.ByQuery),
		chromedp.WaitVisible(`a.sign-in`, chromedp.ByQuery),
	)
	if applicant != "Rachid Ouali" {
		t.Fatalf("reviewed %q", applicant)
	}

	j.run("the new member signs in and sees their number",
		chromedp.Navigate(j.URL+"/sign-in?next=/membership"),
		chromedp.WaitVisible(`#email`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "rachid.ouali@example.ma", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, "rachid-password-2026", chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`#member-number`, chromedp.ByQuery),
		chromedp.Text(`#member-number`, &number, chromedp.ByQuery),
	)
	if !regexp.MustCompile(`^OMSN-\d{5}$`).MatchString(number) {
		t.Fatalf("member number %q", number)
	}
}
