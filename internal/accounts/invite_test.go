package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

// outbox records the messages the links service queues.
type outbox struct{ sent []mail.Mail }

func (o *outbox) Queue(_ context.Context, m mail.Mail) (*ent.MailMessage, error) {
	o.sent = append(o.sent, m)
	return &ent.MailMessage{}, nil
}

func newLinks(t *testing.T, db *database.DB) (*accounts.Links, *outbox) {
	t.Helper()
	o := &outbox{}
	base, _ := url.Parse("https://majlis.example.org")
	l := accounts.NewLinks(db.Ent, hasher, o, base)
	enf, err := authz.NewEnforcer()
	if err != nil {
		t.Fatal(err)
	}
	l.Powers = authz.NewAuthority(authz.NewResolver(db.Ent), enf)
	l.Offices = board.NewService(db.Ent, statutes.NewService(db.Ent))
	return l, o
}

var people int

// person adds an active member, with an account if asked, and a mandate of
// the office if one is given, starting at start (relative to today).
func person(t *testing.T, db *database.DB, withAccount bool, office mandate.Office, startInMonths int) *ent.Member {
	t.Helper()
	ctx := context.Background()
	people++
	email := fmt.Sprintf("p%d-%d@example.ma", people, time.Now().UnixNano())
	c := db.Ent.Member.Create().SetStatus(member.StatusActive).SetApplication(member.ApplicationApproved).
		SetNumber(fmt.Sprintf("T-%d-%d", people, time.Now().UnixNano())).SetCategory("active").
		SetFirstName("Prénom").SetLastName(fmt.Sprint(people)).SetEmail(email)
	if withAccount {
		c.SetUserID(db.Ent.User.Create().SetEmail(email).SetPasswordHash("x").SaveX(ctx).ID)
	}
	m := c.SaveX(ctx)
	if office != "" {
		start := time.Now().UTC().AddDate(0, startInMonths, 0)
		db.Ent.Mandate.Create().SetMemberID(m.ID).SetPosition(string(office)).SetOffice(office).
			SetStartOn(start).SetEndOn(start.AddDate(3, 0, 0)).SetSource(mandate.SourceElected).ExecX(ctx)
	}
	return m
}

func TestInvitingAMemberWhoHoldsAMandateIsReservedToTheMandateManagers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		links, sent := newLinks(t, db)
		actor := map[authz.Role]int{
			authz.Member: *person(t, db, true, "", 0).UserID,
			authz.Admin:  db.Ent.User.Create().SetEmail("admin@example.ma").SetPasswordHash("x").SetIsAdmin(true).SaveX(ctx).ID,
		}
		for role, office := range map[authz.Role]mandate.Office{authz.Board: mandate.OfficeAssessor,
			authz.Treasurer: mandate.OfficeTreasurer, authz.VicePresident: mandate.OfficeVicePresident,
			authz.SecretaryGeneral: mandate.OfficeSecretaryGeneral, authz.President: mandate.OfficePresident} {
			actor[role] = *person(t, db, true, office, -12).UserID
		}
		managers := map[authz.Role]bool{authz.SecretaryGeneral: true, authz.President: true, authz.Admin: true}
		for _, c := range []struct {
			name     string
			office   mandate.Office
			start    int
			reserved bool
		}{
			{"a member who holds no mandate", "", 0, false},
			{"the president", mandate.OfficePresident, -12, true},
			{"an assessor", mandate.OfficeAssessor, -12, true},
			{"a member elected to a mandate that starts next month", mandate.OfficeTreasurer, 1, true},
		} {
			for role, id := range actor {
				target := person(t, db, false, c.office, c.start)
				if got, err := links.InviteReserved(ctx, target.ID); err != nil || got != c.reserved {
					t.Fatalf("%s: reserved %v (%v)", c.name, got, err)
				}
				sent.sent = nil
				err := links.Invite(ctx, id, target.ID)
				after := db.Ent.Member.GetX(ctx, target.ID)
				if c.reserved && !managers[role] {
					if !errors.Is(err, apperr.ErrForbidden) || after.UserID != nil || len(sent.sent) != 0 {
						t.Errorf("%s invited by %s: %v, account %v", c.name, role, err, after.UserID)
					}
					continue
				}
				if err != nil || after.UserID == nil || len(sent.sent) != 1 || sent.sent[0].To.Address != target.Email {
					t.Errorf("%s invited by %s: %v", c.name, role, err)
				}
			}
		}
	})
}

func TestABoardMemberWhoChangedAMembersAddressCannotSendTheirInvitation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		links, _ := newLinks(t, db)
		admin := db.Ent.User.Create().SetEmail("admin@example.ma").SetPasswordHash("x").SetIsAdmin(true).SaveX(ctx).ID
		changer := *person(t, db, true, mandate.OfficeAssessor, -12).UserID
		other := *person(t, db, true, mandate.OfficeTreasurer, -12).UserID
		target := person(t, db, false, "", 0)
		db.Ent.MemberEvent.Create().SetMemberID(target.ID).SetKind(accounts.EmailChangedEvent).SetByUserID(other).ExecX(ctx)
		db.Ent.MemberEvent.Create().SetMemberID(target.ID).SetKind(accounts.EmailChangedEvent).SetByUserID(changer).ExecX(ctx)
		err := links.Invite(ctx, changer, target.ID)
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["invite"].Key != "accounts.error.invite_own_email_change" {
			t.Fatalf("invited by the account that set the address: %v", err)
		}
		if db.Ent.Member.GetX(ctx, target.ID).UserID != nil {
			t.Fatal("an account was created")
		}
		// The last change counts: the one before it was the treasurer's.
		if err := links.Invite(ctx, other, target.ID); err != nil {
			t.Fatalf("invited by another board member: %v", err)
		}
		// A holder of mandate:manage, who already decides the offices, may
		// invite to an address they set.
		target = person(t, db, false, "", 0)
		db.Ent.MemberEvent.Create().SetMemberID(target.ID).SetKind(accounts.EmailChangedEvent).SetByUserID(admin).ExecX(ctx)
		if err := links.Invite(ctx, admin, target.ID); err != nil {
			t.Fatalf("the administrator invites to the address they set: %v", err)
		}
	})
}

func TestWithoutItsPowersTheLinksServiceInvitesNobody(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		links, _ := newLinks(t, db)
		links.Powers, links.Offices = nil, nil
		target := person(t, db, false, "", 0)
		if err := links.Invite(ctx, 1, target.ID); err == nil || db.Ent.Member.GetX(ctx, target.ID).UserID != nil {
			t.Fatalf("an invitation went through a service that cannot check who invites: %v", err)
		}
	})
}
