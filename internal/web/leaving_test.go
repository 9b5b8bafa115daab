package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/leaverequest"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

func TestTheApplicantAnswersTheBoardFromTheirPageAndTheBoardSeesTheAnswer(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		applicant := env.Client(t)
		applyAndConfirm(t, env, db, applicant, "rachid@example.ma")
		rachid := db.Ent.Member.Query().Where(member.Email("rachid@example.ma")).OnlyX(ctx)
		answer := url.Values{"answer": {"Je travaille à l’ENSIAS."}, "first_name": {"Rachid"}, "last_name": {"Ouali"}, "city": {"Rabat"}}
		// Nothing asked yet: the page offers no answer, and one is refused.
		if page := applicant.Get("/membership"); strings.Contains(page.Body, `id="board-question"`) {
			t.Fatal("an answer form before any question")
		}
		if r := applicant.Post("/membership/application/answer", answer); r.Status != http.StatusSeeOther ||
			db.Ent.MemberEvent.Query().Where(memberevent.Kind("info_answered")).ExistX(ctx) {
			t.Fatalf("an answer nobody asked for: %d", r.Status)
		}
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		if r := sg.Post("/board/applications/"+itoa(rachid.ID)+"/request-information", url.Values{"reason": {"Quel est votre employeur ?"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("request information: %d", r.Status)
		}
		page := applicant.Get("/membership")
		if !strings.Contains(page.Body, "Quel est votre employeur ?") || !strings.Contains(page.Body, `action="/membership/application/answer"`) {
			t.Fatal("the applicant does not see the question and the answer form")
		}
		// A member is not an applicant: the route refuses them.
		nadiaClient := env.Client(t)
		nadiaClient.SignIn(plainMember, demo.AdminPassword)
		if r := nadiaClient.Post("/membership/application/answer", answer); r.Status != http.StatusForbidden {
			t.Fatalf("a member answered: %d", r.Status)
		}
		// An empty answer comes back with its message at the field, the rest as typed.
		blank := url.Values{"answer": {""}, "first_name": {"Rachid"}, "last_name": {"Ouali"}, "city": {"Salé"}}
		r := applicant.Post("/membership/application/answer", blank)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="answer-error"`) || !strings.Contains(r.Body, `value="Salé"`) {
			t.Fatalf("a blank answer: %d", r.Status)
		}
		if r := applicant.Post("/membership/application/answer", answer); r.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", r.Status, r.Body)
		}
		if got := db.Ent.Member.GetX(ctx, rachid.ID); got.Application != member.ApplicationPending || got.City != "Rabat" {
			t.Fatalf("after the answer: %s %q", got.Application, got.City)
		}
		review := sg.Get("/board/applications/" + itoa(rachid.ID))
		if !strings.Contains(review.Body, "Je travaille à l’ENSIAS.") || !strings.Contains(review.Body, `<ins dir="auto">Rabat</ins>`) ||
			!strings.Contains(review.Body, "Réponse au bureau") {
			t.Fatal("the board does not see the answer and what it changed")
		}
		if list := sg.Get("/board/applications"); !strings.Contains(list.Body, "/board/applications/"+itoa(rachid.ID)) {
			t.Fatal("the answered application is not back in the board's queue")
		}
	})
}

func TestAnOrganisationIsOfferedAndAdmittedOnlyIntoACategoryForOrganisations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		org := db.Ent.Member.Query().Where(member.OrganisationName("Association Tech Rabat")).OnlyX(ctx)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		page := sg.Get("/board/applications/" + itoa(org.ID))
		if !strings.Contains(page.Body, `<option value="institutional"`) || strings.Contains(page.Body, `<option value="founding"`) {
			t.Fatal("the decision form offers an organisation the categories for people")
		}
		r := sg.Post("/board/applications/"+itoa(org.ID)+"/approve", url.Values{"category": {"founding"}, "reference": {"Bureau"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="category-error"`) ||
			!strings.Contains(r.Body, "Cette catégorie est réservée aux personnes") {
			t.Fatalf("an organisation as a founding member: %d", r.Status)
		}
		if got := db.Ent.Member.GetX(ctx, org.ID); got.Status != member.StatusApplicant {
			t.Fatalf("refused, yet %s", got.Status)
		}
		if r := sg.Post("/board/applications/"+itoa(org.ID)+"/approve", url.Values{"category": {"institutional"}, "reference": {"Bureau"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("approve as institutional: %d", r.Status)
		}
		// A person is offered only the categories for people.
		person := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusApplicant), member.KindEQ(member.KindPerson)).FirstX(ctx)
		if page := sg.Get("/board/applications/" + itoa(person.ID)); strings.Contains(page.Body, `<option value="institutional"`) {
			t.Fatal("a person is offered the category for organisations")
		}
	})
}

func TestDecidedApplicationsStayListedWithTheirStateInWords(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		pending := db.Ent.Member.Query().Where(member.StatusEQ(member.StatusApplicant), member.KindEQ(member.KindPerson)).AllX(ctx)
		if r := sg.Post("/board/applications/"+itoa(pending[0].ID)+"/reject", url.Values{"reason": {"Hors objet"}, "confirmed": {"yes"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d", r.Status)
		}
		link := "/board/applications/" + itoa(pending[0].ID) + `"`
		if page := sg.Get("/board/applications"); strings.Contains(page.Body, link) {
			t.Fatal("a rejected application is still to decide")
		}
		page := sg.Get("/board/applications?state=rejected")
		if !strings.Contains(page.Body, link) || !strings.Contains(page.Body, "<td>Refusée</td>") ||
			!strings.Contains(page.Body, `<option value="rejected" selected>Refusées</option>`) {
			t.Fatal("the rejected application is not listed under its state, in words")
		}
		if page := sg.Get("/board/applications?state=all"); !strings.Contains(page.Body, link) ||
			!strings.Contains(page.Body, "/board/applications/"+itoa(pending[1].ID)+`"`) {
			t.Fatal("all applications do not list both")
		}
		// An unknown state lists those to decide.
		if page := sg.Get("/board/applications?state=nonsense"); page.Status != http.StatusOK ||
			!strings.Contains(page.Body, "/board/applications/"+itoa(pending[1].ID)+`"`) {
			t.Fatalf("an unknown state: %d", page.Status)
		}
	})
}

func TestARequestToLeaveReachesTheBoardWithTheDuesOwedAndIsDecided(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		nadiaClient := env.Client(t)
		nadiaClient.SignIn(plainMember, demo.AdminPassword)
		if r := nadiaClient.Post("/membership/leave", url.Values{"reason": {"Départ à l’étranger"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("leave: %d", r.Status)
		}
		if page := nadiaClient.Get("/membership"); !strings.Contains(page.Body, `id="leave-pending"`) ||
			!strings.Contains(page.Body, `action="/membership/leave/withdraw"`) {
			t.Fatal("the member's page does not show the request waiting")
		}
		if r := nadiaClient.Post("/membership/leave", url.Values{"reason": {"Encore"}}); r.Status != http.StatusSeeOther ||
			db.Ent.LeaveRequest.Query().Where(leaverequest.StateEQ(leaverequest.StateOpen)).CountX(ctx) != 2 {
			t.Fatalf("a second request: %d", r.Status)
		}
		nadiaMember := db.Ent.Member.Query().Where(member.Email(plainMember)).OnlyX(ctx)
		req := db.Ent.LeaveRequest.Query().Where(leaverequest.MemberID(nadiaMember.ID)).OnlyX(ctx)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		list := sg.Get("/board/leave-requests")
		if !strings.Contains(list.Body, `href="/board/leave-requests/`+itoa(req.ID)+`"`) || !strings.Contains(list.Body, "À traiter") {
			t.Fatal("the board's list does not show the request")
		}
		page := sg.Get("/board/leave-requests/" + itoa(req.ID))
		if !strings.Contains(page.Body, "article 4") || !strings.Contains(page.Body, `id="dues-owed"`) ||
			!strings.Contains(page.Body, `id="accept-leave"`) {
			t.Fatal("the request's page does not show the dues owed and the decision")
		}
		// The treasurer reads it, but a resignation is the deciding offices'.
		treasurer := env.Client(t)
		treasurer.SignIn(youssef, demo.AdminPassword)
		if r := treasurer.Get("/board/leave-requests/" + itoa(req.ID)); r.Status != http.StatusOK || strings.Contains(r.Body, `id="accept-leave"`) {
			t.Fatalf("the treasurer's view: %d", r.Status)
		}
		if r := treasurer.Post("/board/leave-requests/"+itoa(req.ID)+"/accept", url.Values{"reason": {"x"}, "reference": {"y"}}); r.Status != http.StatusForbidden {
			t.Fatalf("the treasurer recorded a resignation: %d", r.Status)
		}
		if r := nadiaClient.Get("/board/leave-requests"); r.Status != http.StatusForbidden {
			t.Fatalf("a member reads the requests: %d", r.Status)
		}
		r := sg.Post("/board/leave-requests/"+itoa(req.ID)+"/accept", url.Values{"reason": {"Demande du membre"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="reference-error"`) {
			t.Fatalf("a resignation without its decision: %d", r.Status)
		}
		if r := sg.Post("/board/leave-requests/"+itoa(req.ID)+"/accept", url.Values{"reason": {"Demande du membre"}, "reference": {"Bureau du 3 décembre"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d %s", r.Status, r.Body)
		}
		if got := db.Ent.Member.GetX(ctx, nadiaMember.ID); got.Status != member.StatusResigned {
			t.Fatalf("the member is %s", got.Status)
		}
		if page := sg.Get("/board/leave-requests?state=accepted"); !strings.Contains(page.Body, `href="/board/leave-requests/`+itoa(req.ID)+`"`) {
			t.Fatal("the accepted request is not listed")
		}
	})
}

func TestTheApplyFormShowsEachKindsFieldsMarksWhatIsRequiredAndStatesThePasswordRule(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		visitor := env.Client(t)
		page := visitor.Get("/apply")
		for _, want := range []string{`id="required-legend"`, `data-kind="person"`, `data-kind="organisation"`,
			`id="first_name" name="first_name" type="text" value="" autocomplete="given-name" required aria-required="true"`,
			fmt.Sprintf(`id="password-rule">De %d à %d caractères.`, auth.MinPasswordLength, auth.MaxPasswordLength), `aria-describedby="password-rule"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the apply form lacks %s", want)
			}
		}
		person := page.Body[strings.Index(page.Body, `data-kind="person"`):strings.Index(page.Body, `data-kind="organisation"`)]
		if strings.Contains(person, `value="institutional"`) || !strings.Contains(page.Body, `name="category_organisation"`) {
			t.Error("the person's fields offer the category for organisations")
		}
		// An organisation asking for a category for people is told at the field.
		form := url.Values{"kind": {"organisation"}, "organisation_name": {"Association Tech Rabat"},
			"representative_name": {"Rania Bennis"}, "email": {"tech@rabat.example"}, "category_organisation": {"founding"},
			"password": {"a long enough password"}}
		r := visitor.Post("/apply", form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="category_organisation-error"`) {
			t.Fatalf("an organisation asking to be a founding member: %d", r.Status)
		}
		form.Set("category_organisation", "institutional")
		if r := visitor.Post("/apply", form); r.Status != http.StatusSeeOther {
			t.Fatalf("an organisation applying as institutional: %d %s", r.Status, r.Body)
		}
	})
}
