package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/ent/receipt"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/app"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/testdb"
)

// entRecordDump is how Ent prints an entity with %v: a page that shows one
// leaks every column of a database row.
var entRecordDump = regexp.MustCompile(`[A-Z][A-Za-z]+\(id=\d+`)

var (
	stylesheetElement = regexp.MustCompile(`<link rel="stylesheet" href="([^"]*)">`)
	scriptElement     = regexp.MustCompile(`<script src="([^"]*)" defer></script>`)
)

// pageViewer is someone who opens pages: a visitor, or an account holding
// one of the association's roles.
type pageViewer struct {
	name   string
	client *apptest.Client
	// member is the viewer's member record, nil for a visitor or the
	// administrator.
	member *ent.Member
	roles  []authz.Role
}

// Every page of the route table, opened by every role allowed to open it,
// links the stylesheet and the script by their short versioned URLs (no
// view model's field can take the layout's place) and prints no database
// record. Pages a role may not open refuse it.
func TestEveryPageLinksItsStylesAndScriptAndPrintsNoRecord(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		enf, err := authz.NewEnforcer()
		if err != nil {
			t.Fatal(err)
		}
		viewers := pageViewers(t, env)
		seen := map[authz.Role]bool{}
		for _, v := range viewers {
			for _, r := range v.roles {
				seen[r] = true
			}
		}
		for _, r := range authz.AllRoles {
			if !seen[r] {
				t.Fatalf("no viewer holds the role %s", r)
			}
		}
		fill := pageParams(t, env)
		wantCSS := "/static/css/majlis.css?v=" + url.QueryEscape(app.Version)
		wantJS := "/static/js/majlis.js?v=" + url.QueryEscape(app.Version)

		opened := 0
		for _, r := range env.Server.RouteTable() {
			if r.Method != http.MethodGet {
				continue
			}
			for _, v := range viewers {
				allowed := r.Access == "public" || r.Access == "signed-in" && hasAccount(v)
				if p, ok := r.Permission(); ok {
					allowed = enf.Allowed(v.roles, p)
				}
				path, want := fill(r.Path, v)
				res := v.client.Get(path)
				where := fmt.Sprintf("%s GET %s", v.name, path)
				if !allowed {
					refused := res.Status == http.StatusForbidden ||
						!hasAccount(v) && res.Status == http.StatusSeeOther && strings.HasPrefix(res.Location, "/sign-in?next=")
					if !refused {
						t.Errorf("%s: status %d (location %q), want a refusal", where, res.Status, res.Location)
					}
					continue
				}
				opened++
				if res.Status != want.status || want.status == http.StatusSeeOther && res.Location != want.location {
					t.Errorf("%s: status %d (location %q), want %d %s", where, res.Status, res.Location, want.status, want.location)
				}
				if m := entRecordDump.FindString(res.Body); m != "" {
					i := strings.Index(res.Body, m)
					t.Errorf("%s: the page prints a database record: %.160s", where, res.Body[i:])
				}
				if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || res.Status == http.StatusSeeOther {
					continue
				}
				css := stylesheetElement.FindAllStringSubmatch(res.Body, -1)
				js := scriptElement.FindAllStringSubmatch(res.Body, -1)
				if len(css) != 1 || css[0][1] != wantCSS {
					t.Errorf("%s: stylesheet %q, want %q", where, css, wantCSS)
				}
				if len(js) != 1 || js[0][1] != wantJS {
					t.Errorf("%s: script %q, want %q", where, js, wantJS)
				}
			}
		}
		if opened < 200 {
			t.Fatalf("only %d pages opened: the route table or the viewers are not what this test expects", opened)
		}
		// The asset URLs the pages carry are served.
		for _, p := range []string{wantCSS, wantJS} {
			if r := env.Client(t).Get(p); r.Status != http.StatusOK {
				t.Errorf("GET %s: %d", p, r.Status)
			}
		}
	})
}

func hasAccount(v pageViewer) bool { return authz.Has(v.roles, authz.Admin) || v.member != nil }

// pageViewers signs in one account per role: the demo accounts, and
// accounts made for the demo officers and applicant who have none.
func pageViewers(t *testing.T, env *apptest.Env) []pageViewer {
	t.Helper()
	ctx := t.Context()
	db := env.DB.Ent
	memberOf := func(email string) *ent.Member {
		return db.Member.Query().Where(member.Email(email)).OnlyX(ctx)
	}
	now := time.Now()
	holder := func(office mandate.Office) *ent.Member {
		m, err := db.Member.Query().Where(member.UserIDIsNil(), member.EmailNEQ(""),
			member.HasMandatesWith(mandate.OfficeEQ(office), mandate.StartOnLTE(now), mandate.EndOnGT(now), mandate.EndedOnIsNil())).
			First(ctx)
		if err != nil {
			t.Fatalf("a serving %s without an account: %v", office, err)
		}
		return m
	}
	applicant := db.Member.Query().Where(member.StatusEQ(member.StatusApplicant), member.UserIDIsNil()).FirstX(ctx)
	hash, err := env.Services.Hasher.Hash(demo.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	withAccount := func(m *ent.Member) *ent.Member {
		u := db.User.Create().SetEmail(strings.ToLower(m.Email)).SetPasswordHash(hash).SetDisplayName(m.FirstName + " " + m.LastName).
			SetPreferredLanguage("fr").SaveX(ctx)
		return db.Member.UpdateOne(m).SetUserID(u.ID).SaveX(ctx)
	}
	viewers := []pageViewer{{name: "visitor", client: env.Client(t), roles: []authz.Role{authz.Visitor}}}
	for _, a := range []struct {
		name string
		m    *ent.Member
	}{
		{"member", memberOf(plainMember)},
		{"secretary general", memberOf(secretaryGeneral)},
		{"treasurer", memberOf(youssef)},
		{"president", withAccount(holder(mandate.OfficePresident))},
		{"vice-president", withAccount(holder(mandate.OfficeVicePresident))},
		{"assessor", withAccount(holder(mandate.OfficeAssessor))},
		{"applicant", withAccount(applicant)},
	} {
		u := db.User.GetX(ctx, *a.m.UserID)
		viewers = append(viewers, pageViewer{name: a.name, client: signedInAs(t, env, u.Email), member: a.m, roles: rolesOf(t, env, u)})
	}
	admin := db.User.Query().Where(user.IsAdmin(true)).FirstX(ctx)
	return append(viewers, pageViewer{name: "administrator", client: signedInAs(t, env, admin.Email), roles: rolesOf(t, env, admin)})
}

func signedInAs(t *testing.T, env *apptest.Env, email string) *apptest.Client {
	t.Helper()
	c := env.Client(t)
	c.SignIn(email, demo.AdminPassword)
	return c
}

func rolesOf(t *testing.T, env *apptest.Env, u *ent.User) []authz.Role {
	t.Helper()
	roles, err := env.Services.Roles.RolesFor(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	return roles
}

// expected is what a page should answer.
type expected struct {
	status   int
	location string
}

// pageParams returns a function that fills a route's parameters with real
// demo rows (and adds the query a page needs), and says what the page
// should answer that viewer.
func pageParams(t *testing.T, env *apptest.Env) func(pattern string, v pageViewer) (string, expected) {
	t.Helper()
	ctx := t.Context()
	db := env.DB.Ent
	ok := expected{status: http.StatusOK}

	version := db.StatutesVersion.Query().FirstX(ctx)
	applicant := db.Member.Query().Where(member.StatusEQ(member.StatusApplicant)).FirstX(ctx)
	numbered := db.Member.Query().Where(member.NumberNotNil(), member.StatusEQ(member.StatusActive)).FirstX(ctx)
	anyReceipt := db.Receipt.Query().FirstX(ctx)
	// The demo has a member's open request to leave.
	leaveRequest := db.LeaveRequest.Query().FirstX(ctx)

	// The mails whose links are pages: a password reset, an invitation and
	// an optional mail with its unsubscribe link.
	if err := env.Services.Links.RequestPasswordReset(ctx, plainMember); err != nil {
		t.Fatal(err)
	}
	invitee := db.Member.Query().Where(member.StatusEQ(member.StatusActive), member.UserIDIsNil(), member.EmailNEQ(""),
		member.Not(member.HasMandates())).FirstX(ctx)
	admin := db.User.Query().Where(user.IsAdmin(true)).FirstX(ctx)
	if err := env.Services.Links.Invite(ctx, admin.ID, invitee.ID); err != nil {
		t.Fatal(err)
	}
	consenting := db.Member.Query().Where(member.ConsentEmails(true), member.EmailNEQ("")).FirstX(ctx)
	optional, err := env.Services.Mailer.Queue(ctx, mail.Mail{Kind: "mandate_ending", Class: mail.Optional,
		To:   mail.Recipient{Address: consenting.Email, MemberID: consenting.ID},
		Data: map[string]any{"Position": map[string]string{"fr": "Assesseur"}, "EndOn": "2028-03-26", "Days": 30}})
	if err != nil {
		t.Fatal(err)
	}
	var headers map[string]string
	if err := json.Unmarshal(optional.Headers, &headers); err != nil {
		t.Fatal(err)
	}
	unsubscribe, err := url.Parse(strings.Trim(headers["List-Unsubscribe"], "<>"))
	if err != nil || unsubscribe.Path == "" {
		t.Fatalf("List-Unsubscribe %q", headers["List-Unsubscribe"])
	}
	linkIn := func(kind, prefix string) string {
		msg := db.MailMessage.Query().Where(mailmessage.Kind(kind)).FirstX(ctx)
		m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `[A-Za-z0-9_-]+`).FindString(msg.TextBody)
		if m == "" {
			t.Fatalf("no %s link in the %s mail", prefix, kind)
		}
		return m
	}
	if r := env.Client(t).Post("/apply", applicationForm("pages@example.ma")); r.Status != http.StatusSeeOther {
		t.Fatalf("apply: %d", r.Status)
	}
	reset, invitation := linkIn("password_reset", "/password/reset/"), linkIn("invitation", "/invitation/")
	confirmation := linkIn("application_confirm", "/apply/confirm/")

	return func(pattern string, v pageViewer) (string, expected) {
		switch pattern {
		case "/static/*":
			return "/static/css/majlis.css", ok
		case "/sign-in":
			if hasAccount(v) {
				// A signed-in viewer has nothing to do there.
				return pattern, expected{status: http.StatusSeeOther, location: "/"}
			}
		case "/apply":
			if hasAccount(v) {
				// One applies once; an account holder is shown their membership.
				return pattern, expected{status: http.StatusSeeOther, location: "/membership"}
			}
		case "/membership/receipts/:number":
			if v.member != nil {
				r, err := db.Receipt.Query().Where(receipt.HasPaymentWith(payment.MemberID(v.member.ID))).First(ctx)
				if err == nil {
					return "/membership/receipts/" + r.Number + ".pdf", ok
				}
				if !ent.IsNotFound(err) {
					t.Fatal(err)
				}
			}
			// Someone else's receipt is not found.
			return "/membership/receipts/" + anyReceipt.Number + ".pdf", expected{status: http.StatusNotFound}
		case "/treasurer/receipts/:number":
			return "/treasurer/receipts/" + anyReceipt.Number + ".pdf", ok
		case "/treasurer/member":
			return pattern + "?number=" + url.QueryEscape(*numbered.Number), ok
		case "/board/applications/:id":
			return "/board/applications/" + itoa(applicant.ID), ok
		case "/board/members/:id":
			return "/board/members/" + itoa(numbered.ID), ok
		case "/board/leave-requests/:id":
			return "/board/leave-requests/" + itoa(leaveRequest.ID), ok
		case "/board/mail/:id":
			return "/board/mail/" + itoa(optional.ID), ok
		case "/board/import/runs/:id":
			// An unknown run is not found, on a styled page.
			return "/board/import/runs/no-such-run", expected{status: http.StatusNotFound}
		case "/board/statutes/:id":
			return "/board/statutes/" + itoa(version.ID), ok
		case "/board/statutes/compare":
			return fmt.Sprintf("%s?a=%d&b=%d", pattern, version.ID, version.ID), ok
		case "/password/reset/:token":
			return reset, ok
		case "/invitation/:token":
			return invitation, ok
		case "/unsubscribe/:token":
			return unsubscribe.Path, ok
		case "/apply/confirm/:token":
			return confirmation, ok
		}
		if strings.Contains(pattern, ":") || strings.Contains(pattern, "*") {
			t.Fatalf("the page test does not know how to fill %s: add it to pageParams", pattern)
		}
		return pattern, ok
	}
}
