package web_test

import (
	"context"
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
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

// holderOf returns the demo member holding a running mandate of the office.
func holderOf(t *testing.T, db *database.DB, office mandate.Office) *ent.Member {
	t.Helper()
	now := time.Now().UTC()
	m, err := db.Ent.Member.Query().Where(member.HasMandatesWith(mandate.OfficeEQ(office), mandate.StartOnLTE(now),
		mandate.EndOnGT(now), mandate.EndedOnIsNil())).First(context.Background())
	if err != nil {
		t.Fatalf("holder of %s: %v", office, err)
	}
	return m
}

// signedInHolder gives the first demo holder of an office an account with
// the demo password, if they have none, and signs them in.
func signedInHolder(t *testing.T, env *apptest.Env, office mandate.Office) (*apptest.Client, *ent.Member) {
	t.Helper()
	ctx := context.Background()
	m := holderOf(t, env.DB, office)
	if m.UserID == nil {
		hash, err := env.Services.Hasher.Hash(demo.AdminPassword)
		if err != nil {
			t.Fatal(err)
		}
		u := env.DB.Ent.User.Create().SetEmail(m.Email).SetDisplayName(m.FirstName).SetPasswordHash(hash).SaveX(ctx)
		m = env.DB.Ent.Member.UpdateOne(m).SetUserID(u.ID).SaveX(ctx)
	}
	c := env.Client(t)
	c.SignIn(m.Email, demo.AdminPassword)
	return c, m
}

// demoAssessor signs in the first demo assessor, given an account.
func demoAssessor(t *testing.T, env *apptest.Env) (*apptest.Client, *ent.Member) {
	t.Helper()
	return signedInHolder(t, env, mandate.OfficeAssessor)
}

// identityForm is the member page's identity form as prefilled, with the
// email replaced.
func identityForm(m *ent.Member, email string) url.Values {
	return url.Values{"first_name": {m.FirstName}, "last_name": {m.LastName}, "email": {email}, "phone": {m.Phone},
		"address": {m.Address}, "city": {m.City}, "nationality": {m.Nationality}, "birth_place": {m.BirthPlace},
		"profession": {m.Profession}, "identity_reason": {"Nouvelle adresse communiquée par téléphone"}}
}

var invitationPath = regexp.MustCompile(`https?://[^/\s]+(/invitation/[A-Za-z0-9_-]+)`)

func TestAnAssessorCannotSeizeThePresidentsAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		president := holderOf(t, db, mandate.OfficePresident)
		if president.UserID != nil {
			t.Fatal("the demo president has a sign-in: the attack needs one without")
		}
		path := "/board/members/" + itoa(president.ID)
		assessor, _ := demoAssessor(t, env)

		// The page offers neither the address nor the invitation.
		page := assessor.Get(path)
		if page.Status != http.StatusOK || strings.Contains(page.Body, `id="invite-form"`) ||
			!strings.Contains(page.Body, `id="invite-reserved"`) || !strings.Contains(page.Body, `readonly aria-describedby="id-email-reserved"`) {
			t.Fatalf("the assessor is offered the president's address or invitation (%d)", page.Status)
		}
		// Posting anyway is refused, and nothing changes.
		if r := assessor.Post(path+"/identity", identityForm(president, "attacker@evil.example")); r.Status != http.StatusForbidden {
			t.Fatalf("the assessor changed the president's email: %d", r.Status)
		}
		if r := assessor.Post(path+"/invite", nil); r.Status != http.StatusForbidden {
			t.Fatalf("the assessor invited the president: %d", r.Status)
		}
		after := db.Ent.Member.GetX(ctx, president.ID)
		if after.Email != president.Email || after.UserID != nil ||
			db.Ent.User.Query().Where(user.EmailIn("attacker@evil.example", president.Email)).ExistX(ctx) ||
			db.Ent.MailMessage.Query().Where(mailmessage.KindIn("invitation", "email_changed")).ExistX(ctx) {
			t.Fatal("a refused request changed the president, created an account or sent a mail")
		}

		// The secretary general (mandate:manage) may change the address;
		// the previous one is told, and the history says who did it.
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		const newAddress = "president.nouvelle@omsn.example"
		if r := sg.Post(path+"/identity", identityForm(president, newAddress)); r.Status != http.StatusSeeOther {
			t.Fatalf("the secretary general changes the president's email: %d", r.Status)
		}
		notice := db.Ent.MailMessage.Query().Where(mailmessage.Kind("email_changed")).OnlyX(ctx)
		if notice.ToAddress != president.Email || !strings.Contains(notice.TextBody, newAddress) || notice.Confidential {
			t.Fatalf("the notice went to %s: %s", notice.ToAddress, notice.TextBody)
		}
		event := db.Ent.MemberEvent.Query().Where(memberevent.MemberID(president.ID), memberevent.Kind("email_changed")).OnlyX(ctx)
		if *event.ByUserID != env.DB.Ent.User.Query().Where(user.Email(secretaryGeneral)).OnlyX(ctx).ID {
			t.Fatal("the history does not name who changed the address")
		}
		if r := sg.Get(path); !strings.Contains(r.Body, text("fr", "member_event.email_changed")) {
			t.Fatal("the member page does not show the change of address")
		}
		// The assessor still may not invite the president…
		if r := assessor.Post(path+"/invite", nil); r.Status != http.StatusForbidden {
			t.Fatalf("the assessor invited the president: %d", r.Status)
		}
		// …the secretary general, holding mandate:manage, does.
		if r := sg.Post(path+"/invite", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("the secretary general invites the president: %d", r.Status)
		}
		msg := db.Ent.MailMessage.Query().Where(mailmessage.Kind("invitation")).OnlyX(ctx)
		if msg.ToAddress != newAddress {
			t.Fatalf("the invitation went to %s", msg.ToAddress)
		}
		link := invitationPath.FindStringSubmatch(msg.TextBody)[1]
		invited := env.Client(t)
		if r := invited.Post(link, url.Values{"new_password": {"la présidence, enfin"}, "confirm_password": {"la présidence, enfin"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d", r.Status)
		}
		invited.SignIn(newAddress, "la présidence, enfin")
		if r := invited.Get("/board/statutes/new"); r.Status != http.StatusOK {
			t.Fatalf("the president's own access: %d", r.Status)
		}
	})
}

func TestAnAssessorChangesAPlainMembersAddressButAnotherBoardMemberInvites(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		m := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusActive), member.UserIDIsNil(),
			member.Not(member.HasMandates()), member.EmailNEQ(""), member.KindEQ(member.KindPerson)).FirstX(ctx)
		path := "/board/members/" + itoa(m.ID)
		assessor, _ := demoAssessor(t, env)
		if r := assessor.Post(path+"/identity", identityForm(m, "nouvelle.adresse@example.org")); r.Status != http.StatusSeeOther {
			t.Fatalf("the assessor corrects a plain member's address: %d", r.Status)
		}
		if n := db.Ent.MailMessage.Query().Where(mailmessage.Kind("email_changed"), mailmessage.ToAddress(m.Email)).CountX(ctx); n != 1 {
			t.Fatalf("%d notices to the previous address", n)
		}
		if r := assessor.Post(path+"/invite", nil); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("the assessor invited to the address they set: %d", r.Status)
		}
		if db.Ent.Member.GetX(ctx, m.ID).UserID != nil {
			t.Fatal("an account was created")
		}
		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		if r := treasurer.Post(path+"/invite", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("another board member invites: %d", r.Status)
		}
	})
}

func TestAnAssessorCannotSuspendTheSecretaryGeneral(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		sgMember := db.Ent.Member.Query().Where(member.HasAccountWith(user.Email(secretaryGeneral))).OnlyX(ctx)
		path := "/board/members/" + itoa(sgMember.ID)
		assessor, _ := demoAssessor(t, env)

		page := assessor.Get(path)
		if strings.Contains(page.Body, `<option value="suspended"`) || strings.Contains(page.Body, `<option value="excluded"`) ||
			!strings.Contains(page.Body, `id="decisions-reserved"`) {
			t.Fatal("the assessor is offered to suspend or exclude the secretary general")
		}
		for _, to := range []string{"suspended", "excluded", "resigned", "deceased"} {
			r := assessor.Post(path+"/status", url.Values{"to": {to}, "reason": {"Désaccord"}, "reference": {"Aucune"},
				"heard_on": {"2026-11-01"}, "end_mandates": {"1"}})
			if r.Status != http.StatusForbidden {
				t.Fatalf("the assessor marked the secretary general %s: %d", to, r.Status)
			}
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		if db.Ent.Member.GetX(ctx, sgMember.ID).Status != member.StatusActive || sg.Get("/board/members").Status != http.StatusOK {
			t.Fatal("the secretary general lost her rights to an assessor")
		}

		// The board's decision, recorded by the president, must end her
		// mandate and cite the decision.
		president, _ := signedInHolder(t, env, mandate.OfficePresident)
		if r := president.Get(path); !strings.Contains(r.Body, `id="end_mandates"`) || !strings.Contains(r.Body, `id="member-mandates"`) {
			t.Fatal("the president's page neither lists her mandates nor asks to end them")
		}
		r := president.Post(path+"/status", url.Values{"to": {"suspended"}, "reason": {"Manquement grave"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="end_mandates-error"`) || !strings.Contains(r.Body, `id="reference-error"`) {
			t.Fatalf("a suspension that keeps the mandate and cites nothing: %d", r.Status)
		}
		if db.Ent.Member.GetX(ctx, sgMember.ID).Status != member.StatusActive {
			t.Fatal("a refused decision suspended her")
		}
		const decision = "Bureau du 20 novembre 2026, décision 2"
		r = president.Post(path+"/status", url.Values{"to": {"suspended"}, "reason": {"Manquement grave"},
			"reference": {decision}, "end_mandates": {"1"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("the board's suspension: %d", r.Status)
		}
		now := time.Now().UTC()
		running := db.Ent.Mandate.Query().Where(mandate.MemberID(sgMember.ID), mandate.EndOnGT(now),
			mandate.Or(mandate.EndedOnIsNil(), mandate.EndedOnGT(now))).CountX(ctx)
		ended := db.Ent.Mandate.Query().Where(mandate.MemberID(sgMember.ID), mandate.EndReference(decision)).CountX(ctx)
		if running != 0 || ended != 1 {
			t.Fatalf("%d mandates still running, %d ended by the decision", running, ended)
		}
		if r := president.Get(path); !strings.Contains(r.Body, decision) || !strings.Contains(r.Body, text("fr", "member_event.mandate_ended")) {
			t.Fatal("the member page does not show the mandate ended by the decision")
		}
		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		if r := treasurer.Get("/board/mandates"); !strings.Contains(r.Body, decision) {
			t.Fatal("the mandates' history does not cite the decision")
		}
		if r := sg.Get("/board/members"); r.Status != http.StatusForbidden {
			t.Fatalf("the suspended secretary general still reads the roster: %d", r.Status)
		}
	})
}
