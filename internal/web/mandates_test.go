package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

func TestTheSecretaryGeneralRecordsAMandateAndTheTreasurerMayNot(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		// Free the president's seat, then fill it.
		db.Ent.Mandate.Update().Where(mandate.Position("president")).SetEndedOn(db.Ent.Mandate.Query().
			Where(mandate.Position("president")).FirstX(ctx).StartOn.AddDate(0, 1, 0)).ExecX(ctx)
		candidate := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusActive), member.Not(member.HasMandates())).FirstX(ctx)
		form := url.Values{"member_number": {*candidate.Number}, "position": {"president"}, "start_on": {"2026-11-01"},
			"source": {"co_opted"}, "reference": {"Bureau du 1er novembre 2026"}}

		treasurer := env.Client(t)
		treasurer.SignIn("youssef.benali@omsn.example", demo.AdminPassword)
		if r := treasurer.Get("/board/mandates"); r.Status != http.StatusOK || strings.Contains(r.Body, `action="/board/mandates"`) {
			t.Fatalf("the treasurer sees the mandates (%d) but must not get the form", r.Status)
		}
		if r := treasurer.Post("/board/mandates", form); r.Status != http.StatusForbidden {
			t.Fatalf("treasurer records a mandate: %d", r.Status)
		}

		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		bad := url.Values{"member_number": {"NOPE"}, "position": {"president"}, "start_on": {"01/11/2026"}, "source": {"elected"}}
		if r := sg.Post("/board/mandates", bad); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, `id="member_number-error"`) || !strings.Contains(r.Body, `id="start_on-error"`) {
			t.Fatalf("invalid form: %d", r.Status)
		}
		if r := sg.Post("/board/mandates", form); r.Status != http.StatusSeeOther {
			t.Fatalf("record: %d", r.Status)
		}
		page := sg.Get("/board/mandates")
		if !strings.Contains(page.Body, "en attente de ratification") {
			t.Fatal("a co-opted mandate is not flagged as awaiting ratification")
		}
		if r := sg.Post("/board/mandates", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Aucun siège libre") {
			t.Fatalf("second president: %d", r.Status)
		}
	})
}

func TestTheDeclarationPageHighlightsMissingFieldsForTheBoardOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		plain := env.Client(t)
		plain.SignIn(plainMember, demo.AdminPassword)
		if r := plain.Get("/board/declaration"); r.Status != http.StatusForbidden {
			t.Fatalf("member reads the declaration: %d", r.Status)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		r := sg.Get("/board/declaration")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `class="missing"`) || !strings.Contains(r.Body, "Salma Idrissi") ||
			!strings.Contains(r.Body, `id="declaration-deadline"`) {
			t.Fatalf("declaration page: %d", r.Status)
		}
	})
}

func TestAThirdTermInARowIsRefusedAtTheMembersField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		salma := db.Ent.Member.Query().Where(member.Email(secretaryGeneral)).OnlyX(ctx)
		current := db.Ent.Mandate.Query().Where(mandate.MemberID(salma.ID), mandate.Position("secretary_general")).
			Order(ent.Desc(mandate.FieldStartOn)).FirstX(ctx)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		r := sg.Post("/board/mandates", url.Values{"member_number": {*salma.Number}, "position": {"secretary_general"},
			"start_on": {current.EndOn.Format("2006-01-02")}, "source": {"elected"}, "reference": {"AGO 2028"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="member_number-error"`) ||
			!strings.Contains(r.Body, "renouvellements successifs autorisés : 1") {
			t.Fatalf("third term: %d", r.Status)
		}
	})
}

func TestTheSecretaryGeneralRecordsTheAssemblysDecisionOnACoOptation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		// An assessor resigns and the board co-opts a member in the seat.
		assessor := db.Ent.Mandate.Query().Where(mandate.Position("assessor"), mandate.EndedOnIsNil(),
			mandate.EndOnGT(time.Now())).FirstX(ctx)
		db.Ent.Mandate.UpdateOne(assessor).SetEndedOn(time.Now().AddDate(0, 0, -20)).ExecX(ctx)
		candidate := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusActive), member.Not(member.HasMandates())).FirstX(ctx)
		co := db.Ent.Mandate.Create().SetMemberID(candidate.ID).SetPosition("assessor").SetOffice(mandate.OfficeAssessor).
			SetStartOn(time.Now().AddDate(0, 0, -10)).SetEndOn(assessor.EndOn).SetSource(mandate.SourceCoOpted).
			SetSourceReference("Bureau").SaveX(ctx)
		path := fmt.Sprintf("/board/mandates/%d/ratification", co.ID)
		form := url.Values{"ratification_on": {time.Now().Format(time.DateOnly)}, "decision": {"ratified"},
			"ratification_reference": {"AGO, résolution 3"}}

		treasurer := env.Client(t)
		treasurer.SignIn("youssef.benali@omsn.example", demo.AdminPassword)
		if r := treasurer.Get("/board/mandates"); r.Status != http.StatusOK || !strings.Contains(r.Body, `id="awaiting-ratification"`) ||
			strings.Contains(r.Body, `action="`+path+`"`) {
			t.Fatalf("the treasurer must see the co-optations awaiting ratification, without the form to decide them (%d)", r.Status)
		}
		if r := treasurer.Post(path, form); r.Status != http.StatusForbidden {
			t.Fatalf("treasurer decides a ratification: %d", r.Status)
		}

		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		r := sg.Post(path, url.Values{"ratification_on": {"hier"}, "decision": {"peut-être"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, fmt.Sprintf(`id="ratification_on-%d-error"`, co.ID)) ||
			!strings.Contains(r.Body, fmt.Sprintf(`id="ratification_reference-%d-error"`, co.ID)) {
			t.Fatalf("invalid decision: %d", r.Status)
		}
		if got := db.Ent.Mandate.GetX(ctx, co.ID); got.RatifiedOn != nil || got.RatificationRefusedOn != nil {
			t.Fatal("an invalid form changed the mandate")
		}
		if r := sg.Post(path, form); r.Status != http.StatusSeeOther {
			t.Fatalf("ratify: %d", r.Status)
		}
		got := db.Ent.Mandate.GetX(ctx, co.ID)
		if got.RatifiedOn == nil || got.RatificationReference != "AGO, résolution 3" {
			t.Fatalf("mandate after ratification: %+v", got)
		}
		page := sg.Get("/board/mandates")
		if strings.Contains(page.Body, `action="`+path+`"`) {
			t.Fatal("a ratified co-optation is still offered for a decision")
		}
		if !strings.Contains(page.Body, "AGO, résolution 3") {
			t.Fatal("the history does not show the ratifying resolution")
		}
		if r := sg.Post(path, form); r.Status != http.StatusConflict {
			t.Fatalf("second decision: %d", r.Status)
		}
	})
}

func TestTheSecretaryGeneralRecordsTheFilingOfTheDeclaration(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		page := sg.Get("/board/declaration")
		m := regexp.MustCompile(`name="covers_changes_on" value="([0-9-]+)"`).FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatal("the declaration page offers no filing form")
		}
		form := url.Values{"covers_changes_on": {m[1]}, "filed_on": {time.Now().Format(time.DateOnly)},
			"authority": {"Pachalik de Rabat-Agdal"}, "receipt_reference": {"R-118"}}

		for _, email := range []string{plainMember, "youssef.benali@omsn.example"} {
			c := env.Client(t)
			c.SignIn(email, demo.AdminPassword)
			if r := c.Post("/board/declaration", form); r.Status != http.StatusForbidden {
				t.Fatalf("%s records the filing: %d", email, r.Status)
			}
		}
		r := sg.Post("/board/declaration", url.Values{"covers_changes_on": {m[1]}, "filed_on": {"le 3 mars"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="filed_on-error"`) ||
			!strings.Contains(r.Body, `id="authority-error"`) {
			t.Fatalf("invalid filing: %d", r.Status)
		}
		r = sg.Post("/board/declaration", url.Values{"covers_changes_on": {m[1]}, "filed_on": {"2999-01-01"}, "authority": {"Caïdat"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="filed_on-error"`) {
			t.Fatalf("filing in the future: %d", r.Status)
		}
		mustSay(t, r.Body, "fr", "declaration.error.filed_in_future")
		if n := db.Ent.DeclarationFiling.Query().CountX(ctx); n != 0 {
			t.Fatalf("an invalid form stored %d filings", n)
		}
		if r := sg.Post("/board/declaration", form); r.Status != http.StatusSeeOther {
			t.Fatalf("record the filing: %d", r.Status)
		}
		page = sg.Get("/board/declaration")
		if !strings.Contains(page.Body, `id="declaration-filed"`) || strings.Contains(page.Body, `id="declaration-deadline"`) ||
			!strings.Contains(page.Body, "R-118") || strings.Contains(page.Body, `action="/board/declaration"`) {
			t.Fatal("the declaration page does not show the filing")
		}
		if r := sg.Get("/board/mandates"); strings.Contains(r.Body, `id="declaration-due"`) {
			t.Fatal("the mandates page still asks for the declaration")
		}
	})
}
