package members

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
)

// Powers says whether an account holds a permission today
// (authz.Authority implements it). The decisions that protect an office
// check the actor themselves, not only the route that led to them.
type Powers interface {
	UserMay(ctx context.Context, userID int, p authz.Permission) (bool, error)
}

// Offices gives the board mandates a member holds (board.Service implements
// it; the board package depends on this one, hence the interface).
type Offices interface {
	// MandatesFrom lists the mandates a member holds on a day or is due
	// to hold after it.
	MandatesFrom(ctx context.Context, memberID int, on time.Time) ([]*ent.Mandate, error)
	// EndMandatesByDecision ends them on a day, citing the decision, in
	// the transaction ctx carries.
	EndMandatesByDecision(ctx context.Context, memberID int, on time.Time, reference string) ([]*ent.Mandate, error)
}

// errNotConfigured refuses what a service without its Powers or Offices
// cannot check: such a decision fails closed.
var errNotConfigured = errors.New("members: the board's powers are not configured")

// RemovesRights reports whether a status takes away a member's rights: a
// suspended member keeps only what a visitor has, and the final statuses
// end membership.
func RemovesRights(s Status) bool { return s == Suspended || Final(s) }

// NeedsBoardDecision reports whether a change of status is a decision of
// the board, reserved to the offices that decide applications
// (authz.DecideStatus) and resting on a recorded decision: taking rights
// away, or lifting a suspension. Moving between active and lapsed follows
// the dues and stays with every board member.
func NeedsBoardDecision(from, to Status) bool { return RemovesRights(to) || from == Suspended }

// may reports whether the account holds the permission; without Powers
// nobody does.
func (s *Service) may(ctx context.Context, userID int, p authz.Permission) (bool, error) {
	if s.Powers == nil {
		return false, errNotConfigured
	}
	return s.Powers.UserMay(ctx, userID, p)
}

// mandatesFrom lists what the member holds or is due to hold; without
// Offices the service cannot tell, and refuses.
func (s *Service) mandatesFrom(ctx context.Context, memberID int, on time.Time) ([]*ent.Mandate, error) {
	if s.Offices == nil {
		return nil, errNotConfigured
	}
	return s.Offices.MandatesFrom(ctx, memberID, on)
}

// forbidden wraps apperr.ErrForbidden with what was refused, for the logs.
func forbidden(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, apperr.ErrForbidden)...)
}

// today is the service's date, at midnight UTC.
func (s *Service) today() time.Time { return s.Now().UTC().Truncate(24 * time.Hour) }

// EmailChangeReserved reports whether changing a member's email is
// reserved to the holders of authz.ManageMandates: the member has an
// account, or holds or is due to hold a mandate. Whoever sets the address
// of such a member could otherwise have the invitation, and with it the
// member's roles, sent to themselves.
func (s *Service) EmailChangeReserved(ctx context.Context, m *ent.Member) (bool, error) {
	if m.UserID != nil {
		return true, nil
	}
	held, err := s.mandatesFrom(ctx, m.ID, s.today())
	return len(held) > 0, err
}

// checkEmailChange refuses a change of email the actor may not make.
func (s *Service) checkEmailChange(ctx context.Context, actorID int, m *ent.Member) error {
	reserved, err := s.EmailChangeReserved(ctx, m)
	if err != nil || !reserved {
		return err
	}
	ok, err := s.may(ctx, actorID, authz.ManageMandates)
	if err != nil {
		return err
	}
	if !ok {
		return forbidden("account %d may not change the email of member %d", actorID, m.ID)
	}
	return nil
}

// recordEmailChange records who changed a member's email (an invitation
// then needs another board member, see accounts.Links.Invite) and tells the
// previous address, in the change's transaction: a member whose address
// was changed behind their back hears of it where they still read mail.
func (s *Service) recordEmailChange(ctx context.Context, m *ent.Member, newEmail string, d Decision) error {
	db := database.Client(ctx, s.db)
	if err := db.MemberEvent.Create().SetMemberID(m.ID).SetKind(accounts.EmailChangedEvent).
		SetAt(s.Now()).SetByUserID(d.ActorID).SetReason(strings.TrimSpace(d.Reason)).
		SetDecisionReference(strings.TrimSpace(d.Reference)).Exec(ctx); err != nil {
		return err
	}
	// An address that was never valid cannot be written to.
	if s.Mail == nil || !accounts.ValidEmail(m.Email) {
		return nil
	}
	to := mail.Recipient{Address: m.Email, Name: DisplayName(m), MemberID: m.ID}
	if m.UserID != nil {
		to.UserID = *m.UserID
	}
	_, err := s.Mail.Queue(ctx, mail.Mail{
		Kind: "email_changed", To: to, Data: map[string]any{"NewEmail": newEmail},
		RelatedType: "member", RelatedID: m.ID,
	})
	return err
}
