package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

const secretaryGeneral = "salma.idrissi@omsn.example"

func applicationForm(email string) url.Values {
	return url.Values{
		"kind": {"person"}, "first_name": {"Rachid"}, "last_name": {"Ouali"}, "email": {email},
		"category": {"active"}, "motivation": {"Chercheur en cybersécurité."}, "password": {"a long enough password"},
	}
}

var reviewLink = regexp.MustCompile(`href="/board/applications/(\d+)">Rachid Ouali<`)

func TestAVisitorAppliesTheSecretaryGeneralApprovesAndTheMemberSeesTheirNumber(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		visitor := env.Client(t)
		if r := visitor.Get("/apply"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Membre institutionnel") {
			t.Fatalf("apply form: %d", r.Status)
		}
		applyAndConfirm(t, env, db, visitor, "rachid@example.ma")
		page := visitor.Get("/membership")
		if !strings.Contains(page.Body, "En attente de décision du bureau") {
			t.Fatalf("the applicant does not see the pending application:\n%s", page.Body)
		}

		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		list := sg.Get("/board/applications")
		m := reviewLink.FindStringSubmatch(list.Body)
		if list.Status != http.StatusOK || m == nil {
			t.Fatalf("the new application is not listed (%d)", list.Status)
		}
		r := sg.Post("/board/applications/"+m[1]+"/approve", url.Values{"category": {"active"}, "reference": {"Bureau du 22 novembre 2026"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("approve: %d\n%s", r.Status, r.Body)
		}

		page = visitor.Get("/membership")
		if !regexp.MustCompile(`id="member-number" dir="ltr">OMSN-\d{5}<`).MatchString(page.Body) ||
			!strings.Contains(page.Body, "Adhésion acceptée") {
			t.Fatalf("the new member does not see their number:\n%s", page.Body)
		}
		if !strings.Contains(page.Body, `id="member-category">Membre actif<`) {
			t.Error("the new member's card does not name their category")
		}
	})
}

func TestAnInvalidApplicationComesBackWithItsMessagesAndNothingStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.Header.Set("Accept-Language", "ar")
		form := applicationForm(demo.AdminEmail) // taken
		form.Set("first_name", "")
		form.Set("password", "short")
		before, _ := db.Ent.Member.Query().Count(t.Context())
		r := c.Post("/apply", form)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		for _, want := range []string{"هذا الحقل إلزامي.", `dir="rtl"`, `value="Ouali"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if strings.Contains(r.Body, "يوجد حساب بهذا البريد الإلكتروني.") {
			t.Error("the form tells that an account has the email")
		}
		if strings.Contains(r.Body, "a long enough password") || strings.Contains(r.Body, `value="short"`) {
			t.Error("the password was sent back in the page")
		}
		if after, _ := db.Ent.Member.Query().Count(t.Context()); after != before {
			t.Fatal("an invalid application was stored")
		}
	})
}

// Who may review and decide: the board reviews, only the secretary general,
// the president or an administrator decide; members and applicants neither.
func TestOnlyTheRightOfficesDecideOnApplications(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		pending, err := env.Services.Members.PendingApplications(t.Context())
		if err != nil || len(pending) == 0 {
			t.Fatalf("demo has no pending application: %v", err)
		}
		id := pending[0].ID
		path := "/board/applications/" + itoa(id)
		cases := []struct {
			who            string
			review, decide int
		}{
			{"nadia.chraibi@omsn.example", http.StatusForbidden, http.StatusForbidden}, // a member
			{"youssef.benali@omsn.example", http.StatusOK, http.StatusForbidden},       // the treasurer: board, not decider
			{demo.AdminEmail, http.StatusForbidden, http.StatusSeeOther},               // admin decides, is not board
		}
		for _, c := range cases {
			cl := env.Client(t)
			cl.SignIn(c.who, demo.AdminPassword)
			if r := cl.Get(path); r.Status != c.review {
				t.Errorf("%s reviews: %d, want %d", c.who, r.Status, c.review)
			}
			r := cl.Post(path+"/reject", url.Values{"reason": {"Dossier incomplet"}, "confirmed": {"yes"}})
			if r.Status != c.decide {
				t.Errorf("%s decides: %d, want %d", c.who, r.Status, c.decide)
			}
		}
		got, _ := env.Services.Members.Get(t.Context(), id)
		if got.Application != member.ApplicationRejected {
			t.Fatalf("application is %s after the administrator's rejection", got.Application)
		}
	})
}

func TestARejectionWithoutReasonIsRefusedAtTheField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		pending, _ := env.Services.Members.PendingApplications(t.Context())
		c := env.Client(t)
		c.SignIn(secretaryGeneral, demo.AdminPassword)
		r := c.Post("/board/applications/"+itoa(pending[0].ID)+"/reject", url.Values{"reason": {"  "}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="reason-error"`) {
			t.Fatalf("status %d", r.Status)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
