package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/accounttoken"
	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/testdb"
)

func TestAnApplicantIsMailedInTheirLanguageAndTheBoardSeesIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		dir := t.TempDir()
		env := apptest.New(t, db, map[string]string{"MAJLIS_MAIL_DIR": dir})
		ctx := t.Context()
		visitor := env.Client(t)
		visitor.Header.Set("Accept-Language", "ar")
		applyAndConfirm(t, env, db, visitor, "rachid@example.ma")
		received := db.Ent.MailMessage.Query().Where(mailmessage.ToAddress("rachid@example.ma"), mailmessage.Kind("application_received")).OnlyX(ctx)
		if received.Kind != "application_received" || received.Lang != "ar" || received.Subject != "توصلنا بطلب انخراطكم" {
			t.Fatalf("application mail: %s in %s: %q", received.Kind, received.Lang, received.Subject)
		}
		applicant := db.Ent.Member.Query().Where(member.Email("rachid@example.ma")).OnlyX(ctx)

		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		if r := sg.Post("/board/applications/"+itoa(applicant.ID)+"/approve", url.Values{"category": {"active"}, "reference": {"Bureau"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("approve: %d", r.Status)
		}
		approved := db.Ent.MailMessage.Query().Where(mailmessage.Kind("application_approved")).OnlyX(ctx)
		number := *db.Ent.Member.GetX(ctx, applicant.ID).Number
		if approved.Lang != "ar" || !strings.Contains(approved.TextBody, number) || !strings.Contains(approved.TextBody, "عضو نشيط") {
			t.Fatalf("approval mail:\n%s", approved.TextBody)
		}
		env.RunJobs(t)
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		// The confirmation of the address, the receipt, the approval.
		if len(files) != 3 {
			t.Fatalf("%d messages written to the mail folder", len(files))
		}
		raw, _ := os.ReadFile(files[0])
		if !strings.Contains(string(raw), "Content-Language: ar") {
			t.Fatalf("message file:\n%s", raw)
		}
		if n := db.Ent.MailMessage.Query().Where(mailmessage.StatusEQ(mailmessage.StatusSent)).CountX(ctx); n != 3 {
			t.Fatalf("%d messages logged as sent", n)
		}

		// "Was it sent to him?": the board sees it on the member's page and
		// in the log; a plain member may not.
		page := sg.Get("/board/members/" + itoa(applicant.ID))
		if !strings.Contains(page.Body, `data-kind="application_approved" data-status="sent"`) || !strings.Contains(page.Body, `data-kind="application_received" data-status="sent"`) {
			t.Fatalf("the member's page does not show the mail sent")
		}
		if r := sg.Get("/board/mail/" + itoa(approved.ID)); r.Status != http.StatusOK || !strings.Contains(r.Body, number) {
			t.Fatalf("message page: %d", r.Status)
		}
		member := env.Client(t)
		member.SignIn(plainMember, demo.AdminPassword)
		for _, p := range []string{"/board/mail", "/board/mail/" + itoa(approved.ID)} {
			if r := member.Get(p); r.Status != http.StatusForbidden {
				t.Errorf("a member reads %s: %d", p, r.Status)
			}
		}
	})
}

var resetLink = regexp.MustCompile(`https?://[^/\s]+(/password/reset/[A-Za-z0-9_-]+)`)

func TestAForgottenPasswordIsResetOnceWithinTheHour(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		// Nadia is signed in somewhere; the reset must end that session.
		elsewhere := env.Client(t)
		elsewhere.SignIn(plainMember, demo.AdminPassword)

		visitor := env.Client(t)
		if r := visitor.Get("/sign-in"); !strings.Contains(r.Body, `href="/password/forgot"`) {
			t.Fatal("the sign-in page has no link for a forgotten password")
		}
		if r := visitor.Post("/password/forgot", url.Values{"email": {"not-an-address"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="email-error"`) {
			t.Fatalf("bad address: %d", r.Status)
		}
		// Known or not, the answer is the same; only a known account gets mail.
		unknown := visitor.Post("/password/forgot", url.Values{"email": {"nobody@example.org"}})
		known := visitor.Post("/password/forgot", url.Values{"email": {strings.ToUpper(plainMember)}})
		if unknown.Status != known.Status || unknown.Location != known.Location || known.Location != "/sign-in" {
			t.Fatalf("the answers differ: %d %s / %d %s", unknown.Status, unknown.Location, known.Status, known.Location)
		}
		msgs := db.Ent.MailMessage.Query().Where(mailmessage.Kind("password_reset")).AllX(ctx)
		if len(msgs) != 1 || msgs[0].ToAddress != plainMember || msgs[0].Lang != "en" || !msgs[0].Confidential {
			t.Fatalf("reset mails: %d", len(msgs))
		}
		// A second link asked for meanwhile must die with the first's use.
		visitor.Post("/password/forgot", url.Values{"email": {plainMember}})
		m := resetLink.FindStringSubmatch(msgs[0].TextBody)
		if m == nil {
			t.Fatalf("no link in:\n%s", msgs[0].TextBody)
		}
		link := m[1]
		// Once sent, the link is gone from the log: the board cannot use it.
		env.RunJobs(t)
		if n := db.Ent.AccountToken.Query().Where(accounttoken.UsedAtIsNil()).CountX(ctx); n != 2 {
			t.Fatalf("%d usable links before the reset", n)
		}
		if sent := db.Ent.MailMessage.GetX(ctx, msgs[0].ID); sent.Status != mailmessage.StatusSent || strings.Contains(sent.TextBody, link) || strings.Contains(sent.HTMLBody, link) {
			t.Fatal("the reset link stayed in the delivery log")
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		if r := sg.Get("/board/mail/" + itoa(msgs[0].ID)); !strings.Contains(r.Body, `id="confidential"`) {
			t.Fatal("the log shows a confidential message's body")
		}

		if r := visitor.Get(link); r.Status != http.StatusOK || r.Header.Get("Referrer-Policy") != "strict-origin" {
			t.Fatalf("reset page: %d", r.Status)
		}
		if r := visitor.Post(link, url.Values{"new_password": {"a brand new passphrase"}, "confirm_password": {"something else"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="confirm_password-error"`) {
			t.Fatalf("mismatch: %d", r.Status)
		}
		if r := visitor.Post(link, url.Values{"new_password": {"a brand new passphrase"}, "confirm_password": {"a brand new passphrase"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("reset: %d", r.Status)
		}
		if r := elsewhere.Get("/account"); r.Status != http.StatusSeeOther {
			t.Fatalf("the old session survived the reset: %d", r.Status)
		}
		again := env.Client(t)
		again.SignIn(plainMember, "a brand new passphrase")
		if r := again.Get("/account"); r.Status != http.StatusOK {
			t.Fatalf("sign in with the new password: %d", r.Status)
		}
		if r := visitor.Post(link, url.Values{"new_password": {"yet another passphrase"}, "confirm_password": {"yet another passphrase"}}); r.Status != http.StatusGone {
			t.Fatalf("a used link worked again: %d", r.Status)
		}
		if n := db.Ent.AccountToken.Query().Where(accounttoken.UsedAtIsNil()).CountX(ctx); n != 0 {
			t.Fatalf("%d links still usable after the password changed", n)
		}

		// An expired link does not work either.
		visitor.Post("/password/forgot", url.Values{"email": {plainMember}})
		latest := db.Ent.MailMessage.Query().Where(mailmessage.Kind("password_reset"), mailmessage.StatusEQ(mailmessage.StatusQueued)).OnlyX(ctx)
		expired := resetLink.FindStringSubmatch(latest.TextBody)[1]
		db.Ent.AccountToken.Update().Where(accounttoken.UsedAtIsNil()).SetUsedAt(db.Ent.AccountToken.Query().FirstX(ctx).CreatedAt).ExecX(ctx)
		if r := visitor.Get(expired); r.Status != http.StatusGone || !strings.Contains(r.Body, `id="link-expired"`) {
			t.Fatalf("expired link: %d", r.Status)
		}
	})
}

func TestTheBoardInvitesAMemberWithoutAnAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		// A member who holds no office (an officer's case is in powers_test.go).
		m := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusActive), member.UserIDIsNil(), member.Not(member.HasMandates()), member.EmailNEQ("")).FirstX(ctx)
		path := "/board/members/" + itoa(m.ID)

		member := env.Client(t)
		member.SignIn(plainMember, demo.AdminPassword)
		if r := member.Post(path+"/invite", nil); r.Status != http.StatusForbidden {
			t.Fatalf("a member invites: %d", r.Status)
		}
		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		if r := treasurer.Get(path); !strings.Contains(r.Body, `id="invite-form"`) {
			t.Fatal("no invitation form for a member without an account")
		}
		if r := treasurer.Post(path+"/invite", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("invite: %d", r.Status)
		}
		if r := treasurer.Post(path+"/invite", nil); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="invite-error"`) {
			t.Fatalf("second invitation: %d", r.Status)
		}
		msg := db.Ent.MailMessage.Query().Where(mailmessage.Kind("invitation")).OnlyX(ctx)
		link := regexp.MustCompile(`https?://[^/\s]+(/invitation/[A-Za-z0-9_-]+)`).FindStringSubmatch(msg.TextBody)[1]
		invited := env.Client(t)
		if r := invited.Post(link, url.Values{"new_password": {"my own passphrase"}, "confirm_password": {"my own passphrase"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d", r.Status)
		}
		invited.SignIn(m.Email, "my own passphrase")
		if r := invited.Get("/membership"); r.Status != http.StatusOK || !strings.Contains(r.Body, *m.Number) {
			t.Fatalf("the invited member's page: %d", r.Status)
		}
	})
}

func TestOneClickUnsubscribeNeedsNoSessionButASignedLink(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		m := db.Ent.Member.Query().Where(member.ConsentEmails(true)).FirstX(ctx)
		msg, err := env.Services.Mailer.Queue(ctx, mail.Mail{Kind: "mandate_ending", Class: mail.Optional,
			To:   mail.Recipient{Address: m.Email, MemberID: m.ID},
			Data: map[string]any{"Position": map[string]string{"fr": "Trésorier"}, "EndOn": "2027-01-01", "Days": 30}})
		if err != nil {
			t.Fatal(err)
		}
		var headers map[string]string
		if err := json.Unmarshal(msg.Headers, &headers); err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(strings.Trim(headers["List-Unsubscribe"], "<>"))
		if r := env.Client(t).Get(u.Path); r.Status != http.StatusOK || !db.Ent.Member.GetX(ctx, m.ID).ConsentEmails {
			t.Fatalf("opening the link must not unsubscribe: %d", r.Status)
		}
		// A mail client's one-click POST: no cookie, no CSRF token.
		oneClick := func(path string) int {
			req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader("List-Unsubscribe=One-Click"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := env.Server.App().Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if code := oneClick(u.Path[:len(u.Path)-3] + "AAA"); code != http.StatusNotFound {
			t.Fatalf("a forged link: %d", code)
		}
		if code := oneClick(u.Path); code != http.StatusOK || db.Ent.Member.GetX(ctx, m.ID).ConsentEmails {
			t.Fatalf("one-click unsubscribe: %d", code)
		}
		// Other POSTs still need their CSRF token.
		req, _ := http.NewRequest(http.MethodPost, "/password/forgot", strings.NewReader("email=a@b.c"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if res, _ := env.Server.App().Test(req, -1); res.StatusCode != http.StatusForbidden {
			t.Fatalf("a POST without CSRF token: %d", res.StatusCode)
		}
	})
}

func TestAdministratorsSeeFailedJobsAndRetryThem(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		j, _ := env.Services.Queue.Enqueue(ctx, "no.such.kind", nil, jobs.Options{})
		env.RunJobs(t)
		admin := env.Client(t)
		admin.SignIn(demo.AdminEmail, demo.AdminPassword)
		page := admin.Get("/admin/jobs?status=failed")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `no handler for job kind &#34;no.such.kind&#34;`) {
			t.Fatalf("jobs page: %d\n%s", page.Status, page.Body)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		if r := sg.Get("/admin/jobs"); r.Status != http.StatusForbidden {
			t.Fatalf("the secretary general sees the jobs: %d", r.Status)
		}
		if r := sg.Post("/admin/jobs/"+itoa(j.ID)+"/retry", nil); r.Status != http.StatusForbidden {
			t.Fatalf("the secretary general retries: %d", r.Status)
		}
		if r := admin.Post("/admin/jobs/"+itoa(j.ID)+"/retry", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("retry: %d", r.Status)
		}
		if got := db.Ent.Job.GetX(ctx, j.ID); got.Status != job.StatusPending || got.Attempts != 0 {
			t.Fatalf("after retry: %s", got.Status)
		}
		if r := admin.Post("/admin/jobs/"+itoa(j.ID)+"/retry", nil); r.Status != http.StatusConflict {
			t.Fatalf("retrying a pending job: %d", r.Status)
		}
	})
}
