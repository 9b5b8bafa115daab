package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mailmessage"
)

// mailedLinks returns the links to the app in the last mail of a kind
// queued to an address, as its recipient reads them.
func (j *journey) mailedLinks(to, kind string) []string {
	j.t.Helper()
	m, err := j.Env.DB.Ent.MailMessage.Query().Where(mailmessage.ToAddress(to), mailmessage.Kind(kind)).
		Order(ent.Desc(mailmessage.FieldID)).First(j.ctx)
	if err != nil {
		j.t.Fatalf("no %s mail to %s: %v", kind, to, err)
	}
	links := regexp.MustCompile(regexp.QuoteMeta(j.URL)+`/[^\s"<]*`).FindAllString(m.TextBody, -1)
	if len(links) == 0 {
		j.t.Fatalf("%s mail to %s holds no link to the app:\n%s", kind, to, m.TextBody)
	}
	return links
}

// A visitor applies, is told to check their mailbox, follows the link
// mailed to confirm the address, and then the "follow your application"
// link of the next mail, which shows the application on /membership. On a
// desktop and on a 360×740 phone.
func TestJourneyApplyConfirmTheAddressAndFollowTheApplication(t *testing.T) {
	for _, size := range []struct{ w, h int64 }{{1280, 900}, {360, 740}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			j := startJourney(t)
			email := fmt.Sprintf("amal.%d@example.ma", size.w)
			var sent, confirmTitle, state, heading string
			var scrollWidth, clientWidth int64

			j.run("a visitor applies",
				chromedp.EmulateViewport(size.w, size.h),
				chromedp.Navigate(j.URL+"/apply"),
				chromedp.WaitVisible(`#first_name`, chromedp.ByQuery),
				chromedp.SendKeys(`#first_name`, "Amal", chromedp.ByQuery),
				chromedp.SendKeys(`#last_name`, "Bennani", chromedp.ByQuery),
				chromedp.SendKeys(`#email`, email, chromedp.ByQuery),
				chromedp.SetValue(`#category_person`, "active", chromedp.ByQuery),
				chromedp.SendKeys(`#motivation`, "Juriste, protection des données.", chromedp.ByQuery),
				chromedp.SendKeys(`#password`, "amal-password-2026", chromedp.ByQuery),
				chromedp.Submit(`#password`, chromedp.ByQuery),
				chromedp.WaitVisible(`#application-sent`, chromedp.ByQuery),
				chromedp.Text(`#application-sent`, &sent, chromedp.ByQuery),
			)
			if !strings.Contains(sent, "Ouvrez le lien") {
				t.Fatalf("answer page says %q", sent)
			}

			confirm := j.mailedLinks(email, "application_confirm")[0]
			j.run("the applicant opens the link mailed to them and confirms",
				chromedp.Navigate(confirm),
				chromedp.WaitVisible(`#confirm-application`, chromedp.ByQuery),
				chromedp.Text(`h1`, &confirmTitle, chromedp.ByQuery),
				chromedp.Click(`#confirm-application`, chromedp.ByQuery),
				chromedp.WaitVisible(`#application-state`, chromedp.ByQuery),
			)
			if confirmTitle != "Confirmer votre demande d’adhésion" {
				t.Fatalf("confirmation page %q", confirmTitle)
			}

			follow := j.mailedLinks(email, "application_received")[0]
			if follow != j.URL+"/membership" {
				t.Fatalf("the follow link is %s", follow)
			}
			j.run("they follow the link of the mail that says it was received",
				chromedp.Navigate(follow),
				chromedp.WaitVisible(`#application-state`, chromedp.ByQuery),
				chromedp.Text(`h1`, &heading, chromedp.ByQuery),
				chromedp.Text(`#application-state`, &state, chromedp.ByQuery),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth),
				chromedp.Evaluate(`document.documentElement.clientWidth`, &clientWidth),
			)
			if heading != "Mon adhésion" || !strings.Contains(state, "En attente") {
				t.Fatalf("landed on %q, application %q", heading, state)
			}
			if scrollWidth > clientWidth {
				t.Fatalf("the page scrolls sideways: %d > %d", scrollWidth, clientWidth)
			}
		})
	}
}
