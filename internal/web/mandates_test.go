package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

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
