package members_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

// actors are accounts holding each role the board's decisions involve.
type actors map[authz.Role]int

var seq int

// newPerson adds a member, with an account if asked, holding a running
// mandate of the office if one is given.
func newPerson(t *testing.T, db *database.DB, status member.Status, withAccount bool, office mandate.Office) *ent.Member {
	t.Helper()
	ctx := context.Background()
	seq++
	email := fmt.Sprintf("person%d-%d@example.ma", seq, time.Now().UnixNano())
	c := db.Ent.Member.Create().SetStatus(status).SetApplication(member.ApplicationApproved).
		SetNumber(fmt.Sprintf("T-%d-%d", seq, time.Now().UnixNano())).SetCategory("active").
		SetFirstName("Prénom").SetLastName(fmt.Sprint(seq)).SetEmail(email)
	if withAccount {
		c.SetUserID(db.Ent.User.Create().SetEmail(email).SetPasswordHash("x").SaveX(ctx).ID)
	}
	m := c.SaveX(ctx)
	if office != "" {
		now := time.Now().UTC()
		db.Ent.Mandate.Create().SetMemberID(m.ID).SetPosition(string(office)).SetOffice(office).
			SetStartOn(now.AddDate(-1, 0, 0)).SetEndOn(now.AddDate(2, 0, 0)).
			SetSource(mandate.SourceElected).SetSourceReference("AGO").ExecX(ctx)
	}
	return m
}

// newActors gives an account to a plain member, a holder of each office
// and an administrator.
func newActors(t *testing.T, db *database.DB) actors {
	t.Helper()
	a := actors{
		authz.Member: *newPerson(t, db, member.StatusActive, true, "").UserID,
		authz.Admin:  decider(t, db),
	}
	for role, office := range map[authz.Role]mandate.Office{
		authz.Board: mandate.OfficeAssessor, authz.Treasurer: mandate.OfficeTreasurer,
		authz.VicePresident: mandate.OfficeVicePresident, authz.SecretaryGeneral: mandate.OfficeSecretaryGeneral,
		authz.President: mandate.OfficePresident,
	} {
		a[role] = *newPerson(t, db, member.StatusActive, true, office).UserID
	}
	return a
}

// deciders are the roles that record the board's decisions on a status.
var deciders = map[authz.Role]bool{authz.SecretaryGeneral: true, authz.President: true, authz.Admin: true}

func TestOnlyTheDecidingOfficesTakeAMembersRightsAwayOrLiftASuspension(t *testing.T) {
	transitions := []struct {
		from, to members.Status
		decision bool
	}{
		{members.Active, members.Lapsed, false},
		{members.Lapsed, members.Active, false},
		{members.Active, members.Suspended, true},
		{members.Lapsed, members.Suspended, true},
		{members.Active, members.Resigned, true},
		{members.Active, members.Excluded, true},
		{members.Active, members.Deceased, true},
		{members.Suspended, members.Active, true},
		{members.Suspended, members.Excluded, true},
	}
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		who := newActors(t, db)
		heard := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		for _, tr := range transitions {
			if got := members.NeedsBoardDecision(tr.from, tr.to); got != tr.decision {
				t.Errorf("%s → %s: a board decision %v, want %v", tr.from, tr.to, got, tr.decision)
			}
			for role, actor := range who {
				target := newPerson(t, db, member.Status(tr.from), false, "")
				err := s.ChangeStatus(ctx, target.ID, members.StatusChange{To: tr.to, HeardOn: &heard,
					Decision: members.Decision{ActorID: actor, Reason: "Décision", Reference: "Bureau du 2026-10-15"}})
				want := !tr.decision || deciders[role]
				got := db.Ent.Member.GetX(ctx, target.ID).Status
				switch {
				case want && err != nil:
					t.Errorf("%s: %s → %s refused: %v", role, tr.from, tr.to, err)
				case !want && !errors.Is(err, apperr.ErrForbidden):
					t.Errorf("%s: %s → %s answered %v, want forbidden", role, tr.from, tr.to, err)
				case !want && (got != member.Status(tr.from) ||
					db.Ent.MemberEvent.Query().Where(memberevent.MemberID(target.ID)).CountX(ctx) != 0):
					t.Errorf("%s: a refused %s → %s changed the member (now %s)", role, tr.from, tr.to, got)
				case want && got != member.Status(tr.to):
					t.Errorf("%s: %s → %s left the member %s", role, tr.from, tr.to, got)
				}
			}
		}
	})
}

func TestABoardDecisionOnAStatusCitesTheDecision(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		admin := decider(t, db)
		for _, c := range []struct{ from, to members.Status }{
			{members.Active, members.Suspended}, {members.Active, members.Resigned}, {members.Active, members.Deceased},
			{members.Suspended, members.Active},
		} {
			target := newPerson(t, db, member.Status(c.from), false, "")
			err := s.ChangeStatus(ctx, target.ID, members.StatusChange{To: c.to,
				Decision: members.Decision{ActorID: admin, Reason: "Décision du bureau"}})
			if v, ok := apperr.AsValidation(err); !ok || v.Fields["reference"].Key != "error.required" {
				t.Errorf("%s → %s without a reference: %v", c.from, c.to, err)
			}
			if got := db.Ent.Member.GetX(ctx, target.ID).Status; got != member.Status(c.from) {
				t.Errorf("%s → %s without a reference moved the member to %s", c.from, c.to, got)
			}
		}
		// Following the dues needs no decision reference.
		target := newPerson(t, db, member.StatusActive, false, "")
		if err := s.ChangeStatus(ctx, target.ID, members.StatusChange{To: members.Lapsed,
			Decision: members.Decision{ActorID: admin, Reason: "Cotisation impayée"}}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestTakingRightsAwayFromAnOfficerEndsTheirMandateByTheSameDecision(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		admin := decider(t, db)
		roles := authz.NewResolver(db.Ent)
		heard := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		for _, to := range []members.Status{members.Suspended, members.Excluded, members.Resigned, members.Deceased} {
			officer := newPerson(t, db, member.StatusActive, true, mandate.OfficeSecretaryGeneral)
			held := db.Ent.Mandate.Query().Where(mandate.MemberID(officer.ID)).OnlyX(ctx)
			change := members.StatusChange{To: to, HeardOn: &heard,
				Decision: members.Decision{ActorID: admin, Reason: "Manquement grave", Reference: "Bureau du 2026-10-15, décision 3"}}
			err := s.ChangeStatus(ctx, officer.ID, change)
			if v, ok := apperr.AsValidation(err); !ok || v.Fields["end_mandates"].Key != "members.error.mandates_must_end" {
				t.Fatalf("→ %s of an officer without ending the mandate: %v", to, err)
			}
			if m := db.Ent.Member.GetX(ctx, officer.ID); m.Status != member.StatusActive ||
				db.Ent.Mandate.GetX(ctx, held.ID).EndedOn != nil {
				t.Fatalf("→ %s refused, yet the member is %s or the mandate ended", to, m.Status)
			}
			change.EndMandates = true
			if err := s.ChangeStatus(ctx, officer.ID, change); err != nil {
				t.Fatalf("→ %s ending the mandate: %v", to, err)
			}
			ended := db.Ent.Mandate.GetX(ctx, held.ID)
			today := time.Now().UTC().Truncate(24 * time.Hour)
			if ended.EndedOn == nil || !ended.EndedOn.Equal(today) || ended.EndReference != "Bureau du 2026-10-15, décision 3" {
				t.Fatalf("→ %s: the mandate ended on %v by %q", to, ended.EndedOn, ended.EndReference)
			}
			events := db.Ent.MemberEvent.Query().Where(memberevent.MemberID(officer.ID)).Order(ent.Asc(memberevent.FieldID)).AllX(ctx)
			if len(events) != 2 || events[0].Kind != "status_changed" || events[1].Kind != "mandate_ended" ||
				events[1].DecisionReference != change.Reference || *events[1].ByUserID != admin {
				t.Fatalf("→ %s: history %+v", to, events)
			}
			u := db.Ent.User.GetX(ctx, *officer.UserID)
			if rs, err := roles.RolesFor(ctx, u); err != nil || authz.Has(rs, authz.Board) || authz.Has(rs, authz.SecretaryGeneral) {
				t.Fatalf("→ %s: the former officer still has %v (%v)", to, rs, err)
			}
		}
		// A member behind with their dues keeps their office.
		officer := newPerson(t, db, member.StatusActive, true, mandate.OfficeTreasurer)
		if err := s.ChangeStatus(ctx, officer.ID, members.StatusChange{To: members.Lapsed,
			Decision: members.Decision{ActorID: admin, Reason: "Cotisation impayée"}}); err != nil {
			t.Fatal(err)
		}
		if db.Ent.Mandate.Query().Where(mandate.MemberID(officer.ID), mandate.EndedOnIsNil()).CountX(ctx) != 1 {
			t.Fatal("lapsing ended the treasurer's mandate")
		}
	})
}

func TestWithoutItsPowersTheServiceRefusesTheBoardsDecisions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		s.Powers, s.Offices = nil, nil
		target := newPerson(t, db, member.StatusActive, false, "")
		if err := s.ChangeStatus(ctx, target.ID, members.StatusChange{To: members.Suspended,
			Decision: members.Decision{ActorID: decider(t, db), Reason: "x", Reference: "y"}}); err == nil {
			t.Fatal("a suspension went through a service that cannot check who decides")
		}
		if db.Ent.Member.GetX(ctx, target.ID).Status != member.StatusActive {
			t.Fatal("the member was suspended")
		}
	})
}

// sentMail records the messages a service queues.
type sentMail struct {
	mu   sync.Mutex
	sent []mail.Mail
}

func (q *sentMail) Queue(_ context.Context, m mail.Mail) (*ent.MailMessage, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.sent = append(q.sent, m)
	return &ent.MailMessage{}, nil
}

func TestTheEmailOfAnAccountOrAnOfficeHolderIsChangedOnlyByTheMandateManagers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		outbox := &sentMail{}
		s.Mail = outbox
		who := newActors(t, db)
		coming := newPerson(t, db, member.StatusActive, false, "")
		now := time.Now().UTC()
		db.Ent.Mandate.Create().SetMemberID(coming.ID).SetPosition("treasurer").SetOffice(mandate.OfficeTreasurer).
			SetStartOn(now.AddDate(0, 1, 0)).SetEndOn(now.AddDate(3, 0, 0)).SetSource(mandate.SourceElected).ExecX(ctx)
		cases := []struct {
			name     string
			target   *ent.Member
			reserved bool
		}{
			{"a member with neither account nor mandate", newPerson(t, db, member.StatusActive, false, ""), false},
			{"a member with an account", newPerson(t, db, member.StatusActive, true, ""), true},
			{"the president, who has no account", newPerson(t, db, member.StatusActive, false, mandate.OfficePresident), true},
			{"a member elected to a mandate that starts next month", coming, true},
		}
		managers := map[authz.Role]bool{authz.SecretaryGeneral: true, authz.President: true, authz.Admin: true}
		for _, c := range cases {
			if got, err := s.EmailChangeReserved(ctx, c.target); err != nil || got != c.reserved {
				t.Errorf("%s: reserved %v (%v), want %v", c.name, got, err, c.reserved)
			}
			for _, role := range []authz.Role{authz.Board, authz.Treasurer, authz.VicePresident, authz.SecretaryGeneral, authz.President, authz.Admin} {
				m := db.Ent.Member.GetX(ctx, c.target.ID)
				in := members.IdentityOf(m)
				in.Email = fmt.Sprintf("new-%s-%d@example.org", role, m.ID)
				outbox.sent = nil
				err := s.UpdateIdentity(ctx, m.ID, in, members.Decision{ActorID: who[role], Reason: "Nouvelle adresse"})
				after := db.Ent.Member.GetX(ctx, m.ID)
				if c.reserved && !managers[role] {
					if !errors.Is(err, apperr.ErrForbidden) || after.Email != m.Email || len(outbox.sent) != 0 {
						t.Errorf("%s, by %s: %v, email now %s, %d mails", c.name, role, err, after.Email, len(outbox.sent))
					}
					continue
				}
				if err != nil || after.Email != in.Email {
					t.Errorf("%s, by %s: %v", c.name, role, err)
					continue
				}
				if len(outbox.sent) != 1 || outbox.sent[0].Kind != "email_changed" || outbox.sent[0].To.Address != m.Email ||
					outbox.sent[0].Data["NewEmail"] != in.Email {
					t.Errorf("%s, by %s: the previous address was not told: %+v", c.name, role, outbox.sent)
				}
				last := db.Ent.MemberEvent.Query().Where(memberevent.MemberID(m.ID)).Order(ent.Desc(memberevent.FieldID)).FirstX(ctx)
				if last.Kind != accounts.EmailChangedEvent || last.ByUserID == nil || *last.ByUserID != who[role] {
					t.Errorf("%s, by %s: last event %s", c.name, role, last.Kind)
				}
			}
		}
	})
}

func TestAnyBoardMemberCorrectsAnOfficeHoldersOtherDetails(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		outbox := &sentMail{}
		s.Mail = outbox
		who := newActors(t, db)
		officer := newPerson(t, db, member.StatusActive, true, mandate.OfficeTreasurer)
		// An address stored with capitals, as an old import may have left it.
		db.Ent.Member.UpdateOne(officer).SetEmail("Tresorier@Example.MA").ExecX(ctx)
		in := members.IdentityOf(db.Ent.Member.GetX(ctx, officer.ID))
		in.Email, in.Phone = "tresorier@example.ma", "+212 600 000 000"
		if err := s.UpdateIdentity(ctx, officer.ID, in, members.Decision{ActorID: who[authz.Board], Reason: "Téléphone"}); err != nil {
			t.Fatalf("an assessor corrects the treasurer's phone: %v", err)
		}
		if len(outbox.sent) != 0 || db.Ent.MemberEvent.Query().Where(memberevent.MemberID(officer.ID),
			memberevent.Kind(accounts.EmailChangedEvent)).ExistX(ctx) {
			t.Fatal("a change of case was taken for a change of address")
		}
	})
}
