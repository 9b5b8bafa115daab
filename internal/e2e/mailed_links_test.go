package e2e

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/smtptest"
	"github.com/omsn/majlis/internal/testdb"
)

// These journeys follow the links the application mails, as their
// recipients would: the message goes through a real SMTP server, the link
// is read from the message that server received, and Chromium opens it.
// Each journey runs on a desktop screen and on a small phone's.

// screen is a browser window size.
type screen struct {
	name          string
	width, height int64
}

var screens = []screen{{"desktop", 1280, 800}, {"phone", 360, 740}}

// eachScreen runs a journey once per screen size, each on its own server
// and browser.
func eachScreen(t *testing.T, journey func(t *testing.T, j *journey, inbox *smtptest.Server)) {
	eachScreenOn(t, testdb.SQLite, journey)
}

// eachDatabaseAndScreen runs a journey at each screen size on SQLite and
// on PostgreSQL (skipped without one unless MAJLIS_TEST_REQUIRE_POSTGRES=1).
func eachDatabaseAndScreen(t *testing.T, journey func(t *testing.T, j *journey, inbox *smtptest.Server)) {
	t.Run("sqlite", func(t *testing.T) { eachScreenOn(t, testdb.SQLite, journey) })
	t.Run("postgres", func(t *testing.T) { eachScreenOn(t, testdb.Postgres, journey) })
}

// eachScreenOn is eachScreen on the database open returns.
func eachScreenOn(t *testing.T, open func(testing.TB) *database.DB, journey func(t *testing.T, j *journey, inbox *smtptest.Server)) {
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			inbox := smtptest.Start(t)
			j := startJourneyOn(t, open, map[string]string{
				"MAJLIS_SMTP_URL":  "smtp://" + inbox.Addr() + "?tls=none",
				"MAJLIS_MAIL_FROM": "OMSN <noreply@omsn.example>",
			})
			j.run("size the window", chromedp.EmulateViewport(sc.width, sc.height))
			journey(t, j, inbox)
		})
	}
}

// receive delivers the queued mail and returns the one message the SMTP
// server received for that address.
func (j *journey) receive(inbox *smtptest.Server, to string) smtptest.Message {
	j.t.Helper()
	j.Env.RunJobs(j.t)
	var found []smtptest.Message
	for _, m := range inbox.Messages() {
		for _, rcpt := range m.To {
			if strings.EqualFold(rcpt, to) {
				found = append(found, m)
			}
		}
	}
	if len(found) != 1 {
		j.t.Fatalf("%d messages reached %s, want 1", len(found), to)
	}
	return found[0]
}

// mailedLink returns the address of the link to path (such as
// "/password/reset/") in the message's text, and checks that the HTML
// part carries the same link.
func (j *journey) mailedLink(m smtptest.Message, path string) string {
	j.t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(j.URL+path) + `[A-Za-z0-9_-]+`)
	link := re.FindString(m.Text())
	if link == "" {
		j.t.Fatalf("no link to %s in the message:\n%s", path, m.Text())
	}
	if !strings.Contains(m.HTML(), `href="`+link+`"`) {
		j.t.Fatalf("the HTML part does not link to %s:\n%s", link, m.HTML())
	}
	return link
}

// currentPath is the path of the page the browser shows.
func (j *journey) currentPath() string {
	j.t.Helper()
	var loc string
	j.run("read the address", chromedp.Location(&loc))
	u, err := url.Parse(loc)
	if err != nil {
		j.t.Fatal(err)
	}
	return u.Path
}

// fitsTheScreen fails if the page is wider than the window, which on a
// phone means scrolling sideways to reach the form.
func (j *journey) fitsTheScreen(step string) {
	j.t.Helper()
	var overflow bool
	j.run(step, chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth`, &overflow))
	if overflow {
		j.t.Errorf("%s: the page is wider than the window", step)
	}
}

// choosePassword opens a mailed link, checks that it lands on the page the
// mail promises (titled titleKey, in the browser's French), fills the form
// and submits it; the browser must land on the sign-in page with the
// success message.
func (j *journey) choosePassword(link, titleKey, password string) {
	j.t.Helper()
	var flash, heading string
	j.run("open the mailed link",
		chromedp.Navigate(link),
		chromedp.WaitVisible(`#new_password`, chromedp.ByQuery),
		chromedp.Text(`h1`, &heading, chromedp.ByQuery),
	)
	if want := frenchText(j.t, titleKey); heading != want {
		j.t.Fatalf("the mailed link opens a page titled %q, want %q", heading, want)
	}
	j.fitsTheScreen("the link's page")
	j.run("choose a password",
		chromedp.SendKeys(`#new_password`, password, chromedp.ByQuery),
		chromedp.SendKeys(`#confirm_password`, password, chromedp.ByQuery),
		chromedp.Submit(`#confirm_password`, chromedp.ByQuery),
		// Whatever the answer (the sign-in page, or an error page such as
		// "this form has expired"), the form is gone once it arrives.
		chromedp.WaitNotPresent(`#new_password`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('.flash')?.textContent ?? ''`, &flash),
	)
	if p := j.currentPath(); p != "/sign-in" || flash == "" {
		var body string
		j.run("read the page", chromedp.Text(`main`, &body, chromedp.ByQuery))
		j.t.Fatalf("after choosing a password: on %s, flash %q, page:\n%s", p, flash, body)
	}
}

// signIn signs in through the form and waits for the signed-in header.
func (j *journey) signIn(email, password string) {
	j.t.Helper()
	j.run("sign in as "+email,
		chromedp.Navigate(j.URL+"/sign-in"),
		chromedp.WaitVisible(`#email`, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, email, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, password, chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`#sign-out`, chromedp.ByQuery),
	)
}

// navigation lists the paths of the main navigation's links.
func (j *journey) navigation() []string {
	j.t.Helper()
	var paths []string
	j.run("read the navigation", chromedp.Evaluate(
		`[...document.querySelectorAll('.main-nav a')].map(a => a.getAttribute('href'))`, &paths))
	return paths
}

// A member who forgot their password asks for a link, receives it by mail,
// opens it, chooses a new password and signs in with it.
func TestJourneyResetAForgottenPasswordFromTheMailedLink(t *testing.T) {
	eachScreen(t, func(t *testing.T, j *journey, inbox *smtptest.Server) {
		const email, password = "nadia.chraibi@omsn.example", "a fresh passphrase for nadia"
		var flash, who string
		j.run("ask for a link from the sign-in page",
			chromedp.Navigate(j.URL+"/sign-in"),
			chromedp.WaitVisible(`a[href="/password/forgot"]`, chromedp.ByQuery),
			chromedp.Click(`a[href="/password/forgot"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#email`, chromedp.ByQuery),
			chromedp.SendKeys(`#email`, email, chromedp.ByQuery),
			chromedp.Submit(`#email`, chromedp.ByQuery),
			chromedp.WaitVisible(`.flash-info`, chromedp.ByQuery),
			chromedp.Text(`.flash-info`, &flash, chromedp.ByQuery),
		)
		if flash == "" {
			t.Fatal("no message after asking for a link")
		}
		link := j.mailedLink(j.receive(inbox, email), "/password/reset/")
		j.choosePassword(link, "reset.title", password)

		j.signIn(email, password)
		j.run("who is signed in", chromedp.Text(`.who`, &who, chromedp.ByQuery))
		if who != "Nadia Chraibi" {
			t.Fatalf("signed in as %q", who)
		}
	})
}

// The secretary general invites a board assessor who has no account; the
// assessor follows the mailed link, chooses a password, signs in and finds
// the board's pages, and only those their office opens.
func TestJourneyAcceptAnInvitationFromTheMailedLink(t *testing.T) {
	eachScreen(t, func(t *testing.T, j *journey, inbox *smtptest.Server) {
		ctx := t.Context()
		now := time.Now()
		assessor, err := j.Env.DB.Ent.Member.Query().Where(
			member.UserIDIsNil(), member.EmailNEQ(""), member.StatusEQ(member.StatusActive),
			member.HasMandatesWith(mandate.OfficeEQ(mandate.OfficeAssessor), mandate.StartOnLTE(now),
				mandate.EndOnGT(now), mandate.EndedOnIsNil()),
		).First(ctx)
		if err != nil {
			t.Fatalf("a serving assessor without an account: %v", err)
		}
		page := "/board/members/" + strconv.Itoa(assessor.ID)
		var flash string
		j.run("the secretary general invites the assessor",
			chromedp.Navigate(j.URL+"/sign-in?next="+url.QueryEscape(page)),
			chromedp.WaitVisible(`#email`, chromedp.ByQuery),
			chromedp.SendKeys(`#email`, "salma.idrissi@omsn.example", chromedp.ByQuery),
			chromedp.SendKeys(`#password`, demo.AdminPassword, chromedp.ByQuery),
			chromedp.Submit(`#password`, chromedp.ByQuery),
			chromedp.WaitVisible(`#invite-form button`, chromedp.ByQuery),
			chromedp.Click(`#invite-form button`, chromedp.ByQuery),
			chromedp.WaitVisible(`.flash-success`, chromedp.ByQuery),
			chromedp.Text(`.flash-success`, &flash, chromedp.ByQuery),
			chromedp.Click(`#sign-out`, chromedp.ByQuery),
			chromedp.WaitVisible(`a.sign-in`, chromedp.ByQuery),
		)
		if flash == "" {
			t.Fatal("no confirmation of the invitation")
		}

		link := j.mailedLink(j.receive(inbox, assessor.Email), "/invitation/")
		const password = "the assessor's own passphrase"
		j.choosePassword(link, "invitation.title", password)
		j.signIn(assessor.Email, password)

		nav := strings.Join(j.navigation(), " ")
		for _, want := range []string{"/membership", "/directory", "/board/members", "/board/applications"} {
			if !strings.Contains(nav+" ", want+" ") {
				t.Errorf("the assessor's navigation lacks %s: %s", want, nav)
			}
		}
		for _, unwanted := range []string{"/treasurer", "/admin/users", "/admin/association"} {
			if strings.Contains(nav+" ", unwanted+" ") {
				t.Errorf("the assessor's navigation offers %s: %s", unwanted, nav)
			}
		}
		invited, err := j.Env.DB.Ent.Member.Get(ctx, assessor.ID)
		if err != nil || invited.UserID == nil {
			t.Fatalf("the invitation made no account for the assessor (%v)", err)
		}
		if account := j.Env.DB.Ent.User.GetX(ctx, *invited.UserID); !strings.EqualFold(account.Email, assessor.Email) || account.IsAdmin {
			t.Fatalf("the account made from the invitation: %s, administrator %v", account.Email, account.IsAdmin)
		}
		var status int
		j.run("the assessor opens the roster", chromedp.Navigate(j.URL+"/board/members"),
			chromedp.WaitVisible(`main`, chromedp.ByQuery),
			chromedp.Evaluate(`performance.getEntriesByType('navigation')[0].responseStatus`, &status))
		if status != 200 {
			t.Fatalf("the roster answers the assessor %d", status)
		}
	})
}

// A member who receives an optional mail follows its unsubscribe link,
// confirms, and the association stops sending them such mail.
func TestJourneyUnsubscribeFromTheLinkOfAnOptionalMail(t *testing.T) {
	eachScreen(t, func(t *testing.T, j *journey, inbox *smtptest.Server) {
		ctx := t.Context()
		m, err := j.Env.DB.Ent.Member.Query().Where(member.ConsentEmails(true), member.EmailNEQ("")).First(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := j.Env.Services.Mailer.Queue(ctx, mail.Mail{Kind: "mandate_ending", Class: mail.Optional,
			To:   mail.Recipient{Address: m.Email, MemberID: m.ID},
			Data: map[string]any{"Position": map[string]string{"fr": "Assesseur"}, "EndOn": "2028-03-26", "Days": 30}}); err != nil {
			t.Fatal(err)
		}
		msg := j.receive(inbox, m.Email)
		header := strings.Trim(msg.Header.Get("List-Unsubscribe"), "<>")
		link := j.mailedLink(msg, "/unsubscribe/")
		if header != link || msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Fatalf("List-Unsubscribe %q, List-Unsubscribe-Post %q, link in the text %q",
				header, msg.Header.Get("List-Unsubscribe-Post"), link)
		}

		j.run("open the link", chromedp.Navigate(link), chromedp.WaitVisible(`main form button`, chromedp.ByQuery))
		j.fitsTheScreen("the unsubscribe page")
		if !consents(t, j, m) {
			t.Fatal("opening the link withdrew the consent: only the confirmation may")
		}
		j.run("confirm",
			chromedp.Click(`main form button`, chromedp.ByQuery),
			chromedp.WaitVisible(`#unsubscribed`, chromedp.ByQuery),
		)
		if consents(t, j, m) {
			t.Fatal("the member still consents to optional mail after confirming")
		}
	})
}

// frenchText is a message as the French pages show it.
func frenchText(t *testing.T, key string) string {
	t.Helper()
	c, err := i18n.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Translator("fr").T(key)
}

func consents(t *testing.T, j *journey, m *ent.Member) bool {
	t.Helper()
	got, err := j.Env.DB.Ent.Member.Get(t.Context(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.ConsentEmails
}
