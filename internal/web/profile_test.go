package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
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

// The export of one's own data (law 09-08) holds the account, the
// membership and its history, and the member's payments with their
// receipts, in words and figures people read; it leaves out what only the
// software uses: identifiers, hashes, foreign keys, provider references,
// internal flags.
func TestAMemberDownloadsTheirDataWithPaymentsAndReceiptsButNothingInternal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		c := env.Client(t)
		c.SignIn(plainMember, demo.AdminPassword)
		me := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(ctx)
		for _, lang := range languages {
			c.SetCookie("majlis_lang", lang)
			r := c.Get("/membership/data.json")
			if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("%s: %d", lang, r.Status)
			}
			var data struct {
				Account    struct{ Email string }
				Membership struct {
					Number, Email, Status, Kind, Category string
				}
				History []struct {
					Event    string
					ToStatus string `json:"to_status"`
				}
				Payments []struct {
					ReceivedOn string `json:"received_on"`
					Kind       string
					Amount     string
					Currency   string
					Method     string
					DuesYear   int `json:"dues_year"`
					Receipt    *struct {
						Number   string
						IssuedOn string `json:"issued_on"`
					}
				}
			}
			if err := json.Unmarshal([]byte(r.Body), &data); err != nil {
				t.Fatal(err)
			}
			if data.Account.Email != plainMember || data.Membership.Email != plainMember || data.Membership.Number != *me.Number ||
				len(data.History) == 0 {
				t.Fatalf("%s export: %+v", lang, data)
			}
			if data.Membership.Status != text(lang, "member_status.active") || data.Membership.Kind != text(lang, "member_kind.person") ||
				data.History[0].Event == "approved" || data.Membership.Category == "founding" {
				t.Errorf("%s: states are not in words: %+v %+v", lang, data.Membership, data.History[0])
			}
			// Every payment of the member's, each with its receipt's number.
			want := db.Ent.Payment.Query().Where(payment.MemberID(me.ID)).WithReceipt().AllX(ctx)
			if len(want) == 0 || len(data.Payments) != len(want) {
				t.Fatalf("%s: %d payments exported, the member has %d", lang, len(data.Payments), len(want))
			}
			numbers := map[string]bool{}
			for _, p := range want {
				if p.Edges.Receipt != nil {
					numbers[p.Edges.Receipt.Number] = true
				}
			}
			methods := map[string]bool{}
			for _, m := range []string{"cash", "cheque", "transfer", "card"} {
				methods[text(lang, "dues.method_"+m)] = true
			}
			for _, p := range data.Payments {
				if p.Receipt == nil || !numbers[p.Receipt.Number] || p.Receipt.IssuedOn == "" {
					t.Errorf("%s: payment %+v has no receipt of the member's", lang, p)
				}
				if _, err := time.Parse(time.DateOnly, p.ReceivedOn); err != nil || p.DuesYear < 2022 ||
					!regexp.MustCompile(`^-?\d+\.\d\d$`).MatchString(p.Amount) || p.Currency != "MAD" {
					t.Errorf("%s: payment %+v", lang, p)
				}
				if !methods[p.Method] || p.Kind != text(lang, "payment_kind.payment") {
					t.Errorf("%s: method %q, kind %q are not in words", lang, p.Method, p.Kind)
				}
			}
			// Nothing the software keeps for itself.
			var tree any
			if err := json.Unmarshal([]byte(r.Body), &tree); err != nil {
				t.Fatal(err)
			}
			for _, k := range jsonKeys(tree) {
				if k == "id" || strings.HasSuffix(k, "_id") || strings.Contains(k, "hash") || strings.Contains(k, "key") ||
					strings.Contains(k, "provider") || k == "edges" || k == "active" || k == "search_text" || k == "seq" || k == "month" {
					t.Errorf("%s: the export carries the internal field %q", lang, k)
				}
			}
			for _, v := range jsonStrings(tree) {
				if codes := internalCodes(v); len(codes) > 0 {
					t.Errorf("%s: the export shows codes %v in %q", lang, codes, v)
				}
			}
			if strings.Contains(r.Body, "argon2id") || strings.Contains(r.Body, "password") {
				t.Fatal("the export contains the password hash")
			}
		}
	})
}

// jsonKeys lists every object key of a decoded JSON document.
func jsonKeys(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(append(out, k), jsonKeys(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, jsonKeys(e)...)
		}
	}
	return out
}

// jsonStrings lists every string value of a decoded JSON document.
func jsonStrings(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		out = append(out, x)
	case map[string]any:
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
	}
	return out
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
