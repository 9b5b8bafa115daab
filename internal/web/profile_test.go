package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

const plainMember = "nadia.chraibi@omsn.example"

func TestAMemberEditsOnlyTheirOwnProfileAndConsents(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.SignIn(plainMember, demo.AdminPassword)
		// A member id in the form is ignored: the row is the account's own.
		other, _ := db.Ent.Member.Query().Where(member.EmailNEQ(plainMember), member.StatusEQ(member.StatusActive)).First(t.Context())
		r := c.Post("/membership/profile", url.Values{"id": {itoa(other.ID)}, "city": {"Tanger"}, "consent_directory": {"1"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("save: %d", r.Status)
		}
		mine, _ := db.Ent.Member.Query().Where(member.Email(plainMember)).Only(t.Context())
		if mine.City != "Tanger" || !mine.ConsentDirectory || mine.ConsentEmails {
			t.Fatalf("own profile: city %q directory %v emails %v", mine.City, mine.ConsentDirectory, mine.ConsentEmails)
		}
		if again, _ := db.Ent.Member.Get(t.Context(), other.ID); again.City == "Tanger" {
			t.Fatal("another member's profile changed")
		}
		r = c.Post("/membership/profile", url.Values{"city": {strings.Repeat("x", 121)}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="city-error"`) {
			t.Fatalf("too long city: %d", r.Status)
		}
	})
}

func TestAMemberDownloadsAllTheirPersonalDataButNoSecret(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.SignIn(plainMember, demo.AdminPassword)
		r := c.Get("/membership/data.json")
		if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%d", r.Status)
		}
		var data struct {
			Account    struct{ Email string }
			Membership struct {
				Number string
				Email  string
			}
			History []struct{ Kind string }
		}
		if err := json.Unmarshal([]byte(r.Body), &data); err != nil {
			t.Fatal(err)
		}
		if data.Account.Email != plainMember || data.Membership.Email != plainMember || data.Membership.Number == "" || len(data.History) == 0 {
			t.Fatalf("export: %+v", data)
		}
		if strings.Contains(r.Body, "argon2id") || strings.Contains(r.Body, "password") {
			t.Fatal("the export contains the password hash")
		}
	})
}

func TestTheDirectoryShowsOnlyConsentingMembersAndOnlyToMembers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		yes, _ := db.Ent.Member.Query().Where(member.ConsentDirectory(true), member.StatusEQ(member.StatusActive), member.KindEQ(member.KindPerson)).First(ctx)
		no, _ := db.Ent.Member.Query().Where(member.ConsentDirectory(false), member.StatusEQ(member.StatusActive), member.KindEQ(member.KindPerson)).First(ctx)
		gone, _ := db.Ent.Member.Query().Where(member.ConsentDirectory(true), member.StatusEQ(member.StatusResigned)).First(ctx)
		if yes == nil || no == nil || gone == nil {
			t.Fatal("the demo lacks members with and without consent")
		}
		// Demo names repeat: give the two members names of their own.
		db.Ent.Member.UpdateOne(yes).SetFirstName("Consentante").SetLastName("Unique").ExecX(ctx)
		db.Ent.Member.UpdateOne(no).SetFirstName("Discret").SetLastName("Unique").ExecX(ctx)
		if r := env.Client(t).Get("/directory"); r.Status != http.StatusSeeOther {
			t.Fatalf("visitor: %d, want a redirect to sign in", r.Status)
		}
		c := env.Client(t)
		c.SignIn(plainMember, demo.AdminPassword)
		r := c.Get("/directory")
		if r.Status != http.StatusOK {
			t.Fatal(r.Status)
		}
		body := r.Body
		if !strings.Contains(body, "Consentante Unique") {
			t.Error("a consenting member is missing")
		}
		if strings.Contains(body, "Discret Unique") {
			t.Error("a member who did not consent is listed")
		}
		if strings.Contains(body, gone.Email) {
			t.Error("the directory shows emails")
		}
	})
}

func TestAMemberAsksToLeaveAndTheBoardSeesIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.SignIn(plainMember, demo.AdminPassword)
		if r := c.Post("/membership/leave", url.Values{"reason": {"Départ à l’étranger"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("leave: %d", r.Status)
		}
		m := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(t.Context())
		if m.Status != member.StatusActive {
			t.Fatal("asking to leave must not change the status by itself")
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		page := sg.Get("/board/members/" + itoa(m.ID))
		if !strings.Contains(page.Body, "Demande de départ") || !strings.Contains(page.Body, "Départ à l’étranger") {
			t.Fatal("the board does not see the request to leave")
		}
	})
}

// A phone number is stored in one form whatever way it was written, and a
// bad one is refused at its field in the page's language, as typed.
func TestAPhoneNumberIsNormalisedOrRefusedAtItsFieldAsTyped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.SignIn(plainMember, demo.AdminPassword)
		if r := c.Post("/membership/profile", url.Values{"phone": {"06 12 34 56 78"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("save: %d", r.Status)
		}
		mine := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(t.Context())
		if mine.Phone != "+212612345678" {
			t.Fatalf("stored phone %q, want +212612345678", mine.Phone)
		}
		for _, lang := range languages {
			c.SetCookie("majlis_lang", lang)
			r := c.Post("/membership/profile", url.Values{"phone": {"06 12 34"}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="phone-error"`) {
				t.Fatalf("%s: bad phone: %d", lang, r.Status)
			}
			// html/template writes "+" as a character reference.
			if want := catalog.Translator(lang).T("phone.error.invalid"); !strings.Contains(html.UnescapeString(r.Body), want) {
				t.Errorf("%s: the field does not say %q", lang, want)
			}
			if !strings.Contains(r.Body, `value="06 12 34"`) {
				t.Errorf("%s: the bad phone is not kept as typed", lang)
			}
		}
		if again := db.Ent.Member.GetX(t.Context(), mine.ID); again.Phone != "+212612345678" {
			t.Fatalf("a refused phone was stored: %q", again.Phone)
		}
	})
}
