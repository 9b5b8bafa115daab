package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/testdb"
)

// landings say where a mailed link must lead: the page whose heading (a
// translation key, in the page's language) its words name, and whether its
// recipient must be signed in to see it.
var landings = []struct {
	prefix   string
	signedIn bool
	heading  string
}{
	{"/apply/confirm/", false, "apply_confirm.title"},
	{"/sign-in", false, "signin.title"},
	{"/password/forgot", false, "forgot.title"},
	{"/password/reset/", false, "reset.title"},
	{"/invitation/", false, "invitation.title"},
	{"/unsubscribe/", false, "unsubscribe.title"},
	{"/membership/dues", true, "dues.title"},
	{"/membership", true, "membership.title"},
	{"/board/mandates", true, "mandates.title"},
}

var heading1 = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)

// Every kind of mail the app sends is produced as its recipient receives
// it, and every link it holds to the app is followed as that recipient
// (signed in where the page needs it): each lands on the page its words
// promise, in the order the mail names them.
func TestEveryLinkInEveryMailLeadsToThePageItNames(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		base := env.Config.BaseURL
		catalog, err := i18n.Load(slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		nadia := env.Client(t)
		nadia.SignIn(plainMember, demo.AdminPassword)
		nadiaMember := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(ctx)
		sgMember := db.Ent.Member.Query().Where(member.Email(secretaryGeneral)).OnlyX(ctx)
		sgUser := db.Ent.User.Query().Where(user.Email(secretaryGeneral)).OnlyX(ctx)

		// Who reads each kind of mail, where it is, and the pages it
		// must lead to.
		type received struct {
			reader *apptest.Client
			msg    *ent.MailMessage
			want   []string
		}
		got := map[string]received{}
		last := func(to, kind string) *ent.MailMessage {
			return db.Ent.MailMessage.Query().Where(mailmessage.ToAddress(to), mailmessage.Kind(kind)).
				Order(ent.Desc(mailmessage.FieldID)).FirstX(ctx)
		}

		// Applying, confirming, the board's question and its decisions.
		applicant := env.Client(t)
		if r := applicant.Post("/apply", applicationForm("rachid@example.ma")); r.Status != http.StatusSeeOther {
			t.Fatalf("apply: %d", r.Status)
		}
		got["application_confirm"] = received{env.Client(t), last("rachid@example.ma", "application_confirm"), []string{"/apply/confirm/"}}
		applyAndConfirm(t, env, db, applicant, "rachid@example.ma")
		got["application_received"] = received{applicant, last("rachid@example.ma", "application_received"), []string{"/membership"}}
		rachid := db.Ent.Member.Query().Where(member.Email("rachid@example.ma")).OnlyX(ctx)
		if r := sg.Post("/board/applications/"+itoa(rachid.ID)+"/request-information", url.Values{"reason": {"Quel est votre employeur ?"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("request information: %d", r.Status)
		}
		got["application_info_requested"] = received{applicant, last("rachid@example.ma", "application_info_requested"), []string{"/membership"}}
		if r := sg.Post("/board/applications/"+itoa(rachid.ID)+"/approve", url.Values{"category": {"active"}, "reference": {"Bureau"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("approve: %d", r.Status)
		}
		got["application_approved"] = received{applicant, last("rachid@example.ma", "application_approved"), []string{"/membership", "/membership/dues"}}
		refused := env.Client(t)
		applyAndConfirm(t, env, db, refused, "refused@example.ma")
		other := db.Ent.Member.Query().Where(member.Email("refused@example.ma")).OnlyX(ctx)
		if r := sg.Post("/board/applications/"+itoa(other.ID)+"/reject", url.Values{"reason": {"Hors objet"}, "confirmed": {"yes"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d", r.Status)
		}
		got["application_rejected"] = received{refused, last("refused@example.ma", "application_rejected"), nil}
		if r := env.Client(t).Post("/apply", applicationForm(plainMember)); r.Status != http.StatusSeeOther {
			t.Fatalf("apply with a known email: %d", r.Status)
		}
		got["application_account_exists"] = received{env.Client(t), last(plainMember, "application_account_exists"), []string{"/sign-in", "/password/forgot"}}

		// The ways into an account.
		if r := env.Client(t).Post("/password/forgot", url.Values{"email": {plainMember}}); r.Status != http.StatusSeeOther {
			t.Fatalf("forgot: %d", r.Status)
		}
		got["password_reset"] = received{env.Client(t), last(plainMember, "password_reset"), []string{"/password/reset/"}}
		invitee := db.Ent.Member.Query().Where(member.UserIDIsNil(), member.StatusEQ(member.StatusActive), member.EmailNEQ(""),
			member.Not(member.HasMandates())).FirstX(ctx)
		if err := env.Services.Links.Invite(ctx, sgUser.ID, invitee.ID); err != nil {
			t.Fatal(err)
		}
		got["invitation"] = received{env.Client(t), last(invitee.Email, "invitation"), []string{"/invitation/"}}

		// The notice to the address a member's email was changed from.
		moved := db.Ent.Member.Query().Where(member.UserIDIsNil(), member.StatusEQ(member.StatusActive), member.EmailNEQ(""),
			member.Not(member.HasMandates()), member.IDNEQ(invitee.ID), member.OrganisationName("")).
			Order(ent.Asc(member.FieldID)).FirstX(ctx)
		if r := sg.Post("/board/members/"+itoa(moved.ID)+"/identity", identityForm(moved, "moved@example.ma")); r.Status != http.StatusSeeOther {
			t.Fatalf("change of email: %d", r.Status)
		}
		got["email_changed"] = received{env.Client(t), last(moved.Email, "email_changed"), nil}

		// Optional notices carry the unsubscribe link at their foot.
		queue := func(kind string, to *ent.Member, class mail.Class, data map[string]any) *ent.MailMessage {
			m, err := env.Services.Mailer.Queue(ctx, mail.Mail{Kind: kind, Class: class, Data: data,
				To: mail.Recipient{Address: to.Email, Name: to.FirstName, MemberID: to.ID}})
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			return m
		}
		if n := db.Ent.Mandate.Query().Where(mandate.MemberID(sgMember.ID)).CountX(ctx); n == 0 {
			t.Fatal("the secretary general holds no mandate in the demo")
		}
		got["mandate_ending"] = received{sg, queue("mandate_ending", sgMember, mail.Optional, map[string]any{
			"Position": map[string]string{"fr": "Secrétaire général(e)"}, "EndOn": "2027-03-26", "Days": 30}),
			[]string{"/board/mandates", "/unsubscribe/"}}
		got["dues_reminder"] = received{nadia, queue("dues_reminder", nadiaMember, mail.Optional, map[string]any{
			"Year": 2026, "Amount": int64(30000), "Currency": "MAD", "Deadline": "2026-04-01", "Overdue": false}),
			[]string{"/membership/dues", "/unsubscribe/"}}
		got["receipt"] = received{nadia, queue("receipt", nadiaMember, mail.Statutory, map[string]any{
			"Amount": int64(30000), "Currency": "MAD"}), []string{"/membership/dues"}}

		for _, kind := range mail.Kinds() {
			r, ok := got[kind]
			if !ok {
				t.Errorf("mail %s is not followed by this test: add it", kind)
				continue
			}
			links := appLinks(r.msg.TextBody, base)
			if html := dedupe(appLinks(r.msg.HTMLBody, base)); strings.Join(html, " ") != strings.Join(links, " ") {
				t.Errorf("%s: the HTML links %v differ from the text's %v", kind, html, links)
			}
			if strings.Join(links, " ") != strings.Join(r.want, " ") && !prefixesMatch(links, r.want) {
				t.Errorf("%s links to %v, want %v", kind, links, r.want)
				continue
			}
			for _, p := range links {
				follow(t, env, catalog, kind, p, r.reader)
			}
		}
	})
}

// follow opens a mailed link as its recipient and checks where it lands.
func follow(t *testing.T, env *apptest.Env, catalog *i18n.Catalog, kind, path string, reader *apptest.Client) {
	t.Helper()
	for _, l := range landings {
		if !strings.HasPrefix(path, l.prefix) {
			continue
		}
		c := reader
		if !l.signedIn {
			c = env.Client(t) // whoever opens the mail, signed in or not
		}
		r := c.Get(path)
		h := heading1.FindStringSubmatch(r.Body)
		lang := regexp.MustCompile(`<html lang="([a-z]+)"`).FindStringSubmatch(r.Body)
		want := l.heading
		if lang != nil {
			want = catalog.Translator(lang[1]).T(l.heading)
		}
		if r.Status != http.StatusOK || h == nil || strings.TrimSpace(h[1]) != want {
			got := ""
			if h != nil {
				got = h[1]
			}
			t.Errorf("%s: %s lands on %d %q, want %q", kind, path, r.Status, got, want)
		}
		return
	}
	t.Errorf("%s: %s is a link no landing is known for", kind, path)
}

// appLinks returns the paths of the links to the app in a body, in order.
func appLinks(body string, base *url.URL) []string {
	var out []string
	for _, m := range regexp.MustCompile(`https?://[^\s"<]+`).FindAllString(body, -1) {
		u, err := url.Parse(m)
		if err != nil || u.Host != base.Host {
			continue
		}
		out = append(out, u.Path)
	}
	return out
}

// dedupe drops a link repeated at once (a button and its spelled-out URL).
func dedupe(ls []string) []string {
	var out []string
	for _, l := range ls {
		if len(out) == 0 || out[len(out)-1] != l {
			out = append(out, l)
		}
	}
	return out
}

// prefixesMatch reports whether each link starts with the wanted prefix
// (tokens differ every time).
func prefixesMatch(links, want []string) bool {
	if len(links) != len(want) {
		return false
	}
	for i := range links {
		if !strings.HasPrefix(links[i], want[i]) || (!strings.HasSuffix(want[i], "/") && links[i] != want[i]) {
			return false
		}
	}
	return true
}
