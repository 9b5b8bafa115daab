package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/ent/leaverequest"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/smtptest"
)

const secretaryGeneralEmail = "salma.idrissi@omsn.example"

// signOut signs out through the header's button.
func (j *journey) signOut() {
	j.t.Helper()
	j.run("sign out", chromedp.Click(`#sign-out`, chromedp.ByQuery), chromedp.WaitVisible(`a.sign-in`, chromedp.ByQuery))
}

// The board asks an applicant a question; the applicant answers and
// corrects the application from their page; the board sees the answer and
// what changed, and admits the applicant into a category for people.
func TestJourneyTheBoardAsksTheApplicantAnswersAndIsAdmitted(t *testing.T) {
	eachScreen(t, func(t *testing.T, j *journey, _ *smtptest.Server) {
		ctx := t.Context()
		const email, password = "amal.bennani@example.ma", "amal-password-2026"
		j.run("a visitor applies as a person",
			chromedp.Navigate(j.URL+"/apply"),
			chromedp.WaitVisible(`#first_name`, chromedp.ByQuery),
			chromedp.SendKeys(`#first_name`, "Amal", chromedp.ByQuery),
			chromedp.SendKeys(`#last_name`, "Bennani", chromedp.ByQuery),
			chromedp.SendKeys(`#email`, email, chromedp.ByQuery),
			chromedp.SendKeys(`#password`, password, chromedp.ByQuery),
			chromedp.Submit(`#password`, chromedp.ByQuery),
			chromedp.WaitVisible(`#application-sent`, chromedp.ByQuery),
		)
		j.run("they confirm their address",
			chromedp.Navigate(j.mailedLinks(email, "application_confirm")[0]),
			chromedp.WaitVisible(`#confirm-application`, chromedp.ByQuery),
			chromedp.Click(`#confirm-application`, chromedp.ByQuery),
			chromedp.WaitVisible(`#application-state`, chromedp.ByQuery),
		)
		amal := j.Env.DB.Ent.Member.Query().Where(member.Email(email)).OnlyX(ctx)
		j.signOut()

		j.signIn(secretaryGeneralEmail, demo.AdminPassword)
		j.run("the secretary general asks a question",
			chromedp.Navigate(j.URL+"/board/applications/"+itoa(amal.ID)),
			chromedp.WaitVisible(`#applicant-name`, chromedp.ByQuery),
			chromedp.SendKeys(`#reason`, "Dans quelle ville travaillez-vous ?", chromedp.ByQuery),
			chromedp.Click(`#request-information`, chromedp.ByQuery),
			chromedp.WaitVisible(`.flash-success`, chromedp.ByQuery),
		)
		j.signOut()

		var question string
		j.signIn(email, password)
		j.run("the applicant reads the question on their page",
			chromedp.Navigate(j.URL+"/membership"),
			chromedp.WaitVisible(`#question-text`, chromedp.ByQuery),
			chromedp.Text(`#question-text`, &question, chromedp.ByQuery),
		)
		if !strings.Contains(question, "Dans quelle ville") {
			t.Fatalf("the question reads %q", question)
		}
		j.fitsTheScreen("the answer form")
		j.run("they answer and correct their city",
			chromedp.SendKeys(`#answer`, "À Rabat, à l’ENSIAS.", chromedp.ByQuery),
			chromedp.SendKeys(`#city`, "Rabat", chromedp.ByQuery),
			chromedp.Click(`#send-answer`, chromedp.ByQuery),
			chromedp.WaitVisible(`.flash-success`, chromedp.ByQuery),
		)
		j.signOut()

		var history string
		j.signIn(secretaryGeneralEmail, demo.AdminPassword)
		j.run("the secretary general reads the answer",
			chromedp.Navigate(j.URL+"/board/applications/"+itoa(amal.ID)),
			chromedp.WaitVisible(`#approve`, chromedp.ByQuery),
			chromedp.Text(`main`, &history, chromedp.ByQuery),
		)
		if !strings.Contains(history, "À Rabat, à l’ENSIAS.") || !strings.Contains(history, "Rabat") {
			t.Fatalf("the board does not see the answer:\n%s", history)
		}
		j.fitsTheScreen("the application with its answer")
		var offered []string
		j.run("the decision form offers only categories for people", chromedp.Evaluate(
			`[...document.querySelectorAll('#category option')].map(o => o.value)`, &offered))
		for _, c := range offered {
			if c == "institutional" {
				t.Fatalf("a person is offered %v", offered)
			}
		}
		j.run("she admits the applicant as an active member",
			chromedp.SetValue(`#category`, "active", chromedp.ByQuery),
			chromedp.SendKeys(`#reference`, "Bureau du 3 décembre 2026", chromedp.ByQuery),
			chromedp.Click(`#approve`, chromedp.ByQuery),
			chromedp.WaitVisible(`.flash-success`, chromedp.ByQuery),
		)
		if got := j.Env.DB.Ent.Member.GetX(ctx, amal.ID); got.Status != member.StatusActive || got.Category != "active" || got.City != "Rabat" {
			t.Fatalf("admitted as %s, %s, in %q", got.Status, got.Category, got.City)
		}
	})
}

// A member asks to leave; the secretary general receives the mail (through
// a real SMTP server), follows its link to the request, sees what the
// member still owes and records the resignation.
func TestJourneyAMemberAsksToLeaveAndTheSecretaryGeneralDecides(t *testing.T) {
	eachScreen(t, func(t *testing.T, j *journey, inbox *smtptest.Server) {
		ctx := t.Context()
		const email = "nadia.chraibi@omsn.example"
		j.signIn(email, demo.AdminPassword)
		j.run("the member asks to leave from their page",
			chromedp.Navigate(j.URL+"/membership"),
			chromedp.WaitVisible(`#leave-reason`, chromedp.ByQuery),
			chromedp.SendKeys(`#leave-reason`, "Je pars étudier à l’étranger.", chromedp.ByQuery),
			chromedp.Click(`#leave-submit`, chromedp.ByQuery),
			chromedp.WaitVisible(`#leave-pending`, chromedp.ByQuery),
		)
		j.fitsTheScreen("the member's page with the request")
		j.signOut()

		link := j.mailedLink(j.receive(inbox, secretaryGeneralEmail), "/board/leave-requests/")
		j.signIn(secretaryGeneralEmail, demo.AdminPassword)
		var who, owed string
		j.run("the secretary general follows the mailed link",
			chromedp.Navigate(link),
			chromedp.WaitVisible(`#leaving-member`, chromedp.ByQuery),
			chromedp.Text(`#leaving-member`, &who, chromedp.ByQuery),
			chromedp.Text(`#dues-owed`, &owed, chromedp.ByQuery),
		)
		if who != "Nadia Chraibi" || owed == "" {
			t.Fatalf("the request's page names %q and says %q of the dues", who, owed)
		}
		j.fitsTheScreen("the request to leave")
		j.run("she records the resignation",
			chromedp.SendKeys(`#reason`, "Demande de la membre", chromedp.ByQuery),
			chromedp.SendKeys(`#reference`, "Bureau du 3 décembre 2026", chromedp.ByQuery),
			chromedp.Click(`#accept-leave`, chromedp.ByQuery),
			chromedp.WaitVisible(`.flash-success`, chromedp.ByQuery),
		)
		j.fitsTheScreen("the list of requests to leave")
		nadia := j.Env.DB.Ent.Member.Query().Where(member.Email(email)).OnlyX(ctx)
		if nadia.Status != member.StatusResigned {
			t.Fatalf("the member is %s", nadia.Status)
		}
		if r := j.Env.DB.Ent.LeaveRequest.Query().Where(leaverequest.MemberID(nadia.ID)).OnlyX(ctx); r.State != leaverequest.StateAccepted {
			t.Fatalf("the request is %s", r.State)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
