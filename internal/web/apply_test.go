package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

var mailedLink = regexp.MustCompile(`https?://[^/\s]+(/[^\s"<]*)`)

// linksOf returns the paths of the links in a mail's text, in order.
func linksOf(text string) []string {
	var out []string
	for _, m := range mailedLink.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}

// lastMail returns the last message of a kind queued to an address.
func lastMail(t *testing.T, db *database.DB, to, kind string) string {
	t.Helper()
	m, err := db.Ent.MailMessage.Query().Where(mailmessage.ToAddress(to), mailmessage.Kind(kind)).
		Order(mailmessage.ByID()).All(t.Context())
	if err != nil || len(m) == 0 {
		t.Fatalf("no %s mail to %s (%v)", kind, to, err)
	}
	return m[len(m)-1].TextBody
}

// applyAndConfirm applies on the form as a visitor, then follows the link
// mailed to the address and confirms, as the applicant does; the client is
// then signed in on /membership.
func applyAndConfirm(t *testing.T, env *apptest.Env, db *database.DB, c *apptest.Client, email string) {
	t.Helper()
	r := c.Post("/apply", applicationForm(email))
	if r.Status != http.StatusSeeOther || r.Location != "/apply/sent" {
		t.Fatalf("apply: %d %s", r.Status, r.Location)
	}
	links := linksOf(lastMail(t, db, email, "application_confirm"))
	if len(links) == 0 || !strings.HasPrefix(links[0], "/apply/confirm/") {
		t.Fatalf("confirmation links: %v", links)
	}
	page := c.Get(links[0])
	if page.Status != http.StatusOK || !strings.Contains(page.Body, `id="confirm-application"`) {
		t.Fatalf("confirmation page: %d", page.Status)
	}
	r = c.Post(links[0], nil)
	if r.Status != http.StatusSeeOther || r.Location != "/membership" {
		t.Fatalf("confirm: %d %s\n%s", r.Status, r.Location, r.Body)
	}
}

func TestTheApplicationFormSaysToCheckTheMailboxAndTheBoardSeesNothingBeforeTheLink(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		before, _ := env.Services.Members.PendingApplications(ctx)
		visitor := env.Client(t)
		r := visitor.Post("/apply", applicationForm("rachid@example.ma"))
		if r.Status != http.StatusSeeOther || r.Location != "/apply/sent" || visitor.Cookie("majlis_session") != "" {
			t.Fatalf("apply: %d %s", r.Status, r.Location)
		}
		sent := visitor.Get("/apply/sent")
		if sent.Status != http.StatusOK || !strings.Contains(sent.Body, "Vérifiez votre boîte de réception") {
			t.Fatalf("answer page: %d", sent.Status)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		if reviewLink.MatchString(sg.Get("/board/applications").Body) {
			t.Fatal("the board lists an unconfirmed application")
		}
		if after, _ := env.Services.Members.PendingApplications(ctx); len(after) != len(before) {
			t.Fatal("an unconfirmed application is counted")
		}
		applyAndConfirm(t, env, db, env.Client(t), "salwa@example.ma")
		if !strings.Contains(sg.Get("/board/applications").Body, "Rachid Ouali") {
			t.Fatal("the confirmed application is not listed")
		}
		links := linksOf(lastMail(t, db, "salwa@example.ma", "application_confirm"))
		if r := env.Client(t).Post(links[0], nil); r.Status != http.StatusGone || !strings.Contains(r.Body, `id="link-expired"`) {
			t.Fatalf("second use of the link: %d", r.Status)
		}
	})
}

func TestApplyingWithAnAccountsEmailAnswersTheSameAndTellsTheOwner(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		visitor := env.Client(t)
		known := visitor.Post("/apply", applicationForm(demo.AdminEmail))
		unknown := visitor.Post("/apply", applicationForm("nobody@example.ma"))
		if known.Status != unknown.Status || known.Location != unknown.Location || known.Body != unknown.Body {
			t.Fatalf("known %d %s, unknown %d %s", known.Status, known.Location, unknown.Status, unknown.Location)
		}
		notice := lastMail(t, db, demo.AdminEmail, "application_account_exists")
		links := linksOf(notice)
		if len(links) != 2 || links[0] != "/sign-in" || links[1] != "/password/forgot" {
			t.Fatalf("notice links %v:\n%s", links, notice)
		}
		if strings.Contains(notice, "Rachid") {
			t.Fatal("the notice repeats what the visitor typed")
		}
		if n := db.Ent.MailMessage.Query().Where(mailmessage.ToAddress(demo.AdminEmail), mailmessage.Kind("application_confirm")).CountX(t.Context()); n != 0 {
			t.Fatal("a confirmation link went to an existing account")
		}
		confirm := lastMail(t, db, "nobody@example.ma", "application_confirm")
		if strings.Contains(confirm, "Rachid") {
			t.Fatalf("the confirmation greets with what the visitor typed:\n%s", confirm)
		}
	})
}

func TestTwentyApplicationsFromOneClientInOneSecondAreNotAllAccepted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		before := db.Ent.MailMessage.Query().CountX(ctx)
		visitor := env.Client(t)
		accepted, limited := 0, 0
		for i := range 20 {
			r := visitor.Post("/apply", applicationForm("victim"+itoa(i)+"@example.ma"))
			switch r.Status {
			case http.StatusSeeOther:
				accepted++
			case http.StatusTooManyRequests:
				limited++
				if !strings.Contains(r.Body, "Trop de demandes") {
					t.Fatal("the limit is not explained at the form")
				}
			default:
				t.Fatalf("application %d: %d", i, r.Status)
			}
		}
		if accepted != 5 || limited != 15 {
			t.Fatalf("%d accepted, %d limited", accepted, limited)
		}
		if n := db.Ent.MailMessage.Query().CountX(ctx) - before; n != accepted {
			t.Fatalf("%d mails queued for %d accepted applications", n, accepted)
		}
	})
}
