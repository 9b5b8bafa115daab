package members_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/leaverequest"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

func organisationApplication(email string) members.Application {
	in := application(email)
	in.Kind, in.FirstName, in.LastName, in.Category = "organisation", "", "", ""
	in.OrganisationName, in.RepresentativeName = "Association Tech Rabat", "Karim Tazi"
	return in
}

func TestAnOrganisationIsAdmittedOnlyIntoACategoryForOrganisations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		org := applyAndConfirm(t, s, organisationApplication("tech@rabat.example"))
		d := members.Decision{ActorID: decider(t, db), Reference: "Bureau du 3 décembre"}
		err := s.Approve(ctx, org.ID, "founding", d)
		v, ok := apperr.AsValidation(err)
		if !ok || v.Fields["category"].Key != "leaving.error.category_for_people" {
			t.Fatalf("an organisation admitted as a founding member: %v", err)
		}
		if m := db.Ent.Member.GetX(ctx, org.ID); m.Status != member.StatusApplicant || m.Number != nil {
			t.Fatalf("refused, yet the organisation is %s with number %v", m.Status, m.Number)
		}
		if err := s.Approve(ctx, org.ID, "institutional", d); err != nil {
			t.Fatal(err)
		}
		if m := db.Ent.Member.GetX(ctx, org.ID); m.Category != "institutional" || m.Status != member.StatusActive {
			t.Fatalf("admitted as %s, %s", m.Category, m.Status)
		}
	})
}

func TestAPersonIsNotAdmittedIntoACategoryForOrganisations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		p := apply(t, s, "person@example.ma")
		d := members.Decision{ActorID: decider(t, db), Reference: "Bureau"}
		err := s.Approve(ctx, p.ID, "institutional", d)
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["category"].Key != "leaving.error.category_for_organisations" {
			t.Fatalf("a person admitted as an institutional member: %v", err)
		}
		if err := s.Approve(ctx, p.ID, "active", d); err != nil {
			t.Fatal(err)
		}
	})
}

func TestTheApplyFormRefusesACategoryOfTheOtherKind(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		in := organisationApplication("tech@rabat.example")
		in.Category = "active"
		if v, ok := apperr.AsValidation(s.Apply(context.Background(), in)); !ok || v.Fields["category"].Key != "leaving.error.category_for_people" {
			t.Fatalf("an organisation asked for a category for people: %v", v)
		}
	})
}

func TestTheCategoriesOfferedAreThoseOfTheApplicantsKind(t *testing.T) {
	opts, _ := omsnCategories.CategoryOptions(context.Background())
	codes := func(os []members.CategoryOption) (out []string) {
		for _, o := range os {
			out = append(out, o.Code)
		}
		return out
	}
	if got := codes(members.CategoriesFor(opts, member.KindOrganisation)); len(got) != 1 || got[0] != "institutional" {
		t.Fatalf("organisations are offered %v", got)
	}
	if got := codes(members.CategoriesFor(opts, member.KindPerson)); len(got) != 3 {
		t.Fatalf("people are offered %v", got)
	}
}

// askBoardQuestion has a board member ask an applicant for information.
func askBoardQuestion(t *testing.T, db *database.DB, s *members.Service, applicantID int) int {
	t.Helper()
	asker := *newPerson(t, db, member.StatusActive, true, mandate.OfficeAssessor).UserID
	if err := s.RequestInformation(context.Background(), applicantID, members.Decision{ActorID: asker, Reason: "Quel est votre employeur ?"}); err != nil {
		t.Fatal(err)
	}
	return asker
}

func TestTheApplicantAnswersTheBoardsQuestionAndTheApplicationReturnsToTheBoard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		box := s.Mail.(*mailbox)
		m := apply(t, s, "salma@example.ma")
		asker := askBoardQuestion(t, db, s, m.ID)
		a := members.AnswerFormOf(db.Ent.Member.GetX(ctx, m.ID))
		a.Answer, a.Profession, a.City = "J’enseigne à l’ENSIAS.", "Enseignante", "Rabat"
		if err := s.AnswerInformationRequest(ctx, *m.UserID, a); err != nil {
			t.Fatal(err)
		}
		got := db.Ent.Member.GetX(ctx, m.ID)
		if got.Application != member.ApplicationPending || got.Profession != "Enseignante" || got.City != "Rabat" {
			t.Fatalf("after the answer: %s, %q, %q", got.Application, got.Profession, got.City)
		}
		if pending, _ := s.PendingApplications(ctx); len(pending) != 1 {
			t.Fatalf("%d applications in the board's queue", len(pending))
		}
		e := db.Ent.MemberEvent.Query().Where(memberevent.MemberID(m.ID), memberevent.Kind("info_answered")).OnlyX(ctx)
		if e.Reason != "J’enseigne à l’ENSIAS." || e.ByUserID == nil || *e.ByUserID != *m.UserID || len(members.ChangesOf(e)) != 2 ||
			members.ChangesOf(e)[0].Field != "city" || members.ChangesOf(e)[0].To != "Rabat" || members.ChangesOf(e)[1].Field != "profession" {
			t.Fatalf("the history records %+v", e)
		}
		askerEmail := db.Ent.User.GetX(ctx, asker).Email
		mails := box.to(askerEmail, "application_answered")
		if len(mails) != 1 || mails[0].Data["Path"] != "/board/applications/"+strconv.Itoa(m.ID) {
			t.Fatalf("mailed to the board member who asked: %+v", mails)
		}
		// Answered once: the board has it; a second answer is not expected.
		if err := s.AnswerInformationRequest(ctx, *m.UserID, a); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("a second answer: %v", err)
		}
	})
}

func TestTheSecretaryGeneralIsToldOfAnAnswerWhenTheAskerCannotBe(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		box := s.Mail.(*mailbox)
		sg := newPerson(t, db, member.StatusActive, true, mandate.OfficeSecretaryGeneral)
		m := apply(t, s, "salma@example.ma")
		asker := askBoardQuestion(t, db, s, m.ID)
		db.Ent.User.UpdateOneID(asker).SetDisabled(true).ExecX(ctx)
		a := members.AnswerFormOf(m)
		a.Answer = "Réponse"
		if err := s.AnswerInformationRequest(ctx, *m.UserID, a); err != nil {
			t.Fatal(err)
		}
		if len(box.to(sg.Email, "application_answered")) != 1 {
			t.Fatal("the secretary general was not told")
		}
	})
}

func TestAnApplicantAnswersOnlyTheirOwnApplicationAndOnlyWhileAsked(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		asked, other := apply(t, s, "asked@example.ma"), apply(t, s, "other@example.ma")
		a := members.AnswerFormOf(other)
		a.Answer = "Je réponds à la place d’un autre"
		// Nothing asked of this applicant: nothing to answer.
		if err := s.AnswerInformationRequest(ctx, *other.UserID, a); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("an answer nobody asked for: %v", err)
		}
		askBoardQuestion(t, db, s, asked.ID)
		// The other applicant's answer still touches only their own row.
		if err := s.AnswerInformationRequest(ctx, *other.UserID, a); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("another applicant answered: %v", err)
		}
		if got := db.Ent.Member.GetX(ctx, asked.ID); got.Application != member.ApplicationInfoRequested {
			t.Fatalf("the asked application is now %s", got.Application)
		}
		// An account that is no applicant has no application to answer.
		board := *newPerson(t, db, member.StatusActive, true, "").UserID
		if err := s.AnswerInformationRequest(ctx, board, a); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("a member answered: %v", err)
		}
		outsider := db.Ent.User.Create().SetEmail("outsider@example.ma").SetPasswordHash("x").SaveX(ctx).ID
		if err := s.AnswerInformationRequest(ctx, outsider, a); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("an account without a member: %v", err)
		}
		// Once decided, the question is closed.
		if err := s.Reject(ctx, asked.ID, members.Decision{ActorID: decider(t, db), Reason: "Hors objet"}); err != nil {
			t.Fatal(err)
		}
		own := members.AnswerFormOf(asked)
		own.Answer = "Trop tard"
		if err := s.AnswerInformationRequest(ctx, *asked.UserID, own); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("an answer after the decision: %v", err)
		}
	})
}

func TestAnAnswerNeedsItsTextAndTheNamesOfTheApplicantsKind(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		m := apply(t, s, "salma@example.ma")
		askBoardQuestion(t, db, s, m.ID)
		err := s.AnswerInformationRequest(ctx, *m.UserID, members.InformationAnswer{Answer: "  "})
		v, ok := apperr.AsValidation(err)
		if !ok || v.Fields["answer"].Key != "error.required" || v.Fields["first_name"].Key != "error.required" ||
			v.Fields["last_name"].Key != "error.required" {
			t.Fatalf("got %v", err)
		}
		if got := db.Ent.Member.GetX(ctx, m.ID); got.Application != member.ApplicationInfoRequested || got.FirstName != "Salma" {
			t.Fatalf("a refused answer changed the application: %s %q", got.Application, got.FirstName)
		}
	})
}

func TestARequestToLeaveReachesTheSecretaryGeneralOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		box := s.Mail.(*mailbox)
		sg := newPerson(t, db, member.StatusActive, true, mandate.OfficeSecretaryGeneral)
		m := newPerson(t, db, member.StatusActive, true, "")
		if err := s.RequestToLeave(ctx, *m.UserID, "Je pars à l’étranger"); err != nil {
			t.Fatal(err)
		}
		r := db.Ent.LeaveRequest.Query().Where(leaverequest.MemberID(m.ID)).OnlyX(ctx)
		if r.State != leaverequest.StateOpen || r.Reason != "Je pars à l’étranger" {
			t.Fatalf("recorded %+v", r)
		}
		if n, err := s.OpenLeaveRequests(ctx); err != nil || n != 1 {
			t.Fatalf("%d open requests, %v", n, err)
		}
		mails := box.to(sg.Email, "leave_requested")
		if len(mails) != 1 || mails[0].Data["Path"] != members.LeaveRequestPath(r.ID) {
			t.Fatalf("mailed to the secretary general: %+v", mails)
		}
		err := s.RequestToLeave(ctx, *m.UserID, "Encore")
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["reason"].Key != "leaving.error.already_requested" {
			t.Fatalf("a second request: %v", err)
		}
		// The database keeps one open request per member, whoever writes.
		err = db.Ent.LeaveRequest.Create().SetMemberID(m.ID).SetRequestedAt(time.Now()).Exec(ctx)
		if !ent.IsConstraintError(err) {
			t.Fatalf("a second open request written directly: %v", err)
		}
	})
}

func TestAFormerMemberCannotAskToLeave(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		m := newPerson(t, db, member.StatusResigned, true, "")
		if err := s.RequestToLeave(context.Background(), *m.UserID, ""); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("got %v", err)
		}
	})
}

func TestAcceptingARequestToLeaveRecordsTheResignation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		who := newActors(t, db)
		m := newPerson(t, db, member.StatusActive, true, "")
		if err := s.RequestToLeave(ctx, *m.UserID, ""); err != nil {
			t.Fatal(err)
		}
		r := db.Ent.LeaveRequest.Query().Where(leaverequest.MemberID(m.ID)).OnlyX(ctx)
		// A plain board member may not record it; the decision needs its reference.
		d := members.LeaveDecision{Decision: members.Decision{ActorID: who[authz.Board], Reason: "Demande du membre", Reference: "Bureau du 3 décembre"}}
		if err := s.AcceptLeaveRequest(ctx, r.ID, d); !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("a board member recorded a resignation: %v", err)
		}
		d.ActorID, d.Reference = who[authz.SecretaryGeneral], ""
		if v, ok := apperr.AsValidation(s.AcceptLeaveRequest(ctx, r.ID, d)); !ok || v.Fields["reference"].Key != "error.required" {
			t.Fatalf("a resignation without its decision: %v", v)
		}
		d.Reference = "Bureau du 3 décembre"
		if err := s.AcceptLeaveRequest(ctx, r.ID, d); err != nil {
			t.Fatal(err)
		}
		if got := db.Ent.Member.GetX(ctx, m.ID); got.Status != member.StatusResigned {
			t.Fatalf("the member is %s", got.Status)
		}
		r = db.Ent.LeaveRequest.GetX(ctx, r.ID)
		if r.State != leaverequest.StateAccepted || r.DecidedAt == nil || r.DecisionReference != "Bureau du 3 décembre" {
			t.Fatalf("the request is %+v", r)
		}
		if n, _ := s.OpenLeaveRequests(ctx); n != 0 {
			t.Fatalf("%d open requests", n)
		}
		if err := s.AcceptLeaveRequest(ctx, r.ID, d); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("accepted twice: %v", err)
		}
	})
}

func TestAMemberWithdrawsTheirRequestAndMayAskAgain(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		m := newPerson(t, db, member.StatusActive, true, "")
		if err := s.WithdrawLeaveRequest(ctx, *m.UserID); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("withdrew nothing: %v", err)
		}
		if err := s.RequestToLeave(ctx, *m.UserID, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.WithdrawLeaveRequest(ctx, *m.UserID); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.OpenLeaveRequests(ctx); n != 0 {
			t.Fatalf("%d open requests after withdrawal", n)
		}
		if err := s.RequestToLeave(ctx, *m.UserID, "Cette fois, oui"); err != nil {
			t.Fatal(err)
		}
		states := db.Ent.LeaveRequest.Query().Where(leaverequest.MemberID(m.ID)).Order(ent.Asc(leaverequest.FieldID)).
			Select(leaverequest.FieldState).StringsX(ctx)
		if len(states) != 2 || states[0] != "withdrawn" || states[1] != "open" {
			t.Fatalf("requests %v", states)
		}
	})
}

func TestAnExclusionClosesTheOpenRequestToLeave(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		m := newPerson(t, db, member.StatusActive, true, "")
		if err := s.RequestToLeave(ctx, *m.UserID, ""); err != nil {
			t.Fatal(err)
		}
		heard := time.Now().UTC()
		if err := s.ChangeStatus(ctx, m.ID, members.StatusChange{To: members.Excluded, HeardOn: &heard,
			Decision: members.Decision{ActorID: decider(t, db), Reason: "Faute grave", Reference: "Bureau"}}); err != nil {
			t.Fatal(err)
		}
		if r := db.Ent.LeaveRequest.Query().Where(leaverequest.MemberID(m.ID)).OnlyX(ctx); r.State != leaverequest.StateClosed {
			t.Fatalf("the request is %s", r.State)
		}
	})
}

func TestDecidedApplicationsStayListedByState(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		d := members.Decision{ActorID: decider(t, db), Reason: "Décision", Reference: "Bureau"}
		approved, rejected, asked, waiting := apply(t, s, "a@example.ma"), apply(t, s, "r@example.ma"),
			apply(t, s, "q@example.ma"), apply(t, s, "w@example.ma")
		if err := s.Approve(ctx, approved.ID, "active", d); err != nil {
			t.Fatal(err)
		}
		if err := s.Reject(ctx, rejected.ID, d); err != nil {
			t.Fatal(err)
		}
		if err := s.RequestInformation(ctx, asked.ID, d); err != nil {
			t.Fatal(err)
		}
		// A member recorded without applying has no application to list.
		newPerson(t, db, member.StatusActive, false, "")
		for filter, want := range map[string][]int{
			members.ApplicationsAwaiting: {asked.ID, waiting.ID},
			"pending":                    {waiting.ID},
			"info_requested":             {asked.ID},
			"approved":                   {approved.ID},
			"rejected":                   {rejected.ID},
			members.ApplicationsAll:      {approved.ID, rejected.ID, asked.ID, waiting.ID},
		} {
			list, err := s.Applications(ctx, filter)
			if err != nil {
				t.Fatal(err)
			}
			got := map[int]bool{}
			for _, m := range list {
				got[m.ID] = true
			}
			if len(list) != len(want) {
				t.Errorf("%s lists %d applications, want %d", filter, len(list), len(want))
			}
			for _, id := range want {
				if !got[id] {
					t.Errorf("%s leaves out member %d", filter, id)
				}
			}
		}
		if _, err := s.Applications(ctx, "withdrawn_by_magic"); err == nil {
			t.Fatal("an unknown state was accepted")
		}
	})
}
