package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/accounttoken"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/memberevent"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/ent/session"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members/statusset"
	"github.com/omsn/majlis/internal/textinput"
)

// How long the links sent by mail work.
const (
	ResetLinkValidity      = time.Hour
	InvitationLinkValidity = 7 * 24 * time.Hour
	// resetsPerHour bounds the reset mails one account can be sent, so the
	// form cannot be used to flood someone's mailbox.
	resetsPerHour = 3
)

// Links sends and honours single-use links: password resets and
// invitations to create one's access.
type Links struct {
	db      *ent.Client
	hasher  *auth.Hasher
	mailer  mail.Queuer
	baseURL *url.URL
	// Powers and Offices check who may invite a member who holds a
	// mandate (see Invite); without them such an invitation is refused.
	Powers  Powers
	Offices Offices
	// Now is the clock, in UTC.
	Now func() time.Time
	// Throttle, if set, forgets the account's failed sign-ins once a link
	// set its password: following the link from the mailbox proves the
	// owner, so the way back in always works, whoever guessed meanwhile.
	Throttle *auth.Throttle
}

// Powers says whether an account holds a permission today
// (authz.Authority implements it).
type Powers interface {
	UserMay(ctx context.Context, userID int, p authz.Permission) (bool, error)
}

// Offices gives the mandates a member holds on a day or is due to hold
// after it (board.Service implements it).
type Offices interface {
	MandatesFrom(ctx context.Context, memberID int, on time.Time) ([]*ent.Mandate, error)
}

// EmailChangedEvent is the kind of the member history event that records
// a change of the member's email and who made it.
const EmailChangedEvent = "email_changed"

// NewLinks returns the links service.
func NewLinks(db *ent.Client, h *auth.Hasher, m mail.Queuer, baseURL *url.URL) *Links {
	return &Links{db: db, hasher: h, mailer: m, baseURL: baseURL, Now: auth.UTCNow}
}

// RequestPasswordReset mails a reset link to the account with that email.
// It says nothing about whether the account exists: the answer is the same,
// so the form cannot be used to find out who has an account here.
func (l *Links) RequestPasswordReset(ctx context.Context, email string) error {
	if err := textinput.InvalidLine("email", email); err != nil {
		return err
	}
	email = auth.NormalizeEmail(email)
	if !ValidEmail(email) {
		return apperr.Invalid("email", "error.email_invalid", nil)
	}
	u, err := database.Client(ctx, l.db).User.Query().Where(user.Email(email), user.Disabled(false)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	now := l.Now()
	return database.WithTx(ctx, l.db, func(ctx context.Context) error {
		db := database.Client(ctx, l.db)
		recent, err := db.AccountToken.Query().Where(accounttoken.UserID(u.ID),
			accounttoken.PurposeEQ(accounttoken.PurposePasswordReset), accounttoken.CreatedAtGT(now.Add(-time.Hour))).Count(ctx)
		if err != nil || recent >= resetsPerHour {
			return err
		}
		token, err := l.issue(ctx, u.ID, accounttoken.PurposePasswordReset, ResetLinkValidity, nil)
		if err != nil {
			return err
		}
		_, err = l.mailer.Queue(ctx, mail.Mail{
			Kind: "password_reset",
			To:   mail.Recipient{Address: u.Email, Name: u.DisplayName, UserID: u.ID},
			Data: map[string]any{"Link": l.baseURL.JoinPath("password", "reset", token).String(),
				"Minutes": int(ResetLinkValidity.Minutes())},
			RelatedType: "account", RelatedID: u.ID, Confidential: true,
		})
		return err
	})
}

// Invite creates the sign-in account of a member who has none and mails
// them a link to choose their password. The account is unusable until
// then: its password is random and never told to anyone.
//
// The account carries the member's roles, so no board member alone may
// choose where it goes: inviting a member who holds or is due to hold a
// mandate is reserved to the holders of authz.ManageMandates, and a board
// member who last changed the member's email cannot send the invitation
// unless they hold that permission too (they already decide who holds
// which office, and the previous address was told of the change).
func (l *Links) Invite(ctx context.Context, actorID, memberID int) error {
	return database.WithTx(ctx, l.db, func(ctx context.Context) error {
		db := database.Client(ctx, l.db)
		m, err := db.Member.Get(ctx, memberID)
		if ent.IsNotFound(err) {
			return fmt.Errorf("member %d: %w", memberID, apperr.ErrNotFound)
		}
		if err != nil {
			return err
		}
		switch {
		case m.UserID != nil:
			return apperr.Invalid("invite", "accounts.error.has_account", nil)
		case !statusset.Current.Has(m.Status):
			return apperr.Invalid("invite", "accounts.error.not_a_member", nil)
		case !ValidEmail(auth.NormalizeEmail(m.Email)):
			return apperr.Invalid("invite", "accounts.error.no_email", nil)
		}
		if err := l.checkInvitation(ctx, actorID, m.ID); err != nil {
			return err
		}
		secret, err := randomToken()
		if err != nil {
			return err
		}
		hash, err := l.hasher.Hash(secret)
		if err != nil {
			return err
		}
		name := m.FirstName + " " + m.LastName
		if m.Kind == member.KindOrganisation {
			name = m.RepresentativeName
		}
		u, err := db.User.Create().SetEmail(auth.NormalizeEmail(m.Email)).SetDisplayName(name).SetPasswordHash(hash).Save(ctx)
		if ent.IsConstraintError(err) {
			return apperr.Invalid("invite", "error.email_taken", nil)
		}
		if err != nil {
			return err
		}
		// Conditional on the member still having no account: two board
		// members inviting at once cannot create two.
		n, err := db.Member.Update().Where(member.ID(m.ID), member.UserIDIsNil()).SetUserID(u.ID).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.Invalid("invite", "accounts.error.has_account", nil)
		}
		token, err := l.issue(ctx, u.ID, accounttoken.PurposeInvitation, InvitationLinkValidity, &actorID)
		if err != nil {
			return err
		}
		_, err = l.mailer.Queue(ctx, mail.Mail{
			Kind: "invitation",
			To:   mail.Recipient{Address: u.Email, Name: name, MemberID: m.ID, UserID: u.ID},
			Data: map[string]any{"Link": l.baseURL.JoinPath("invitation", token).String(),
				"Days": int(InvitationLinkValidity.Hours() / 24)},
			RelatedType: "account", RelatedID: u.ID, Confidential: true,
		})
		return err
	})
}

// CheckLink reports whether a link still works, to show its form or say at
// once that it has expired.
func (l *Links) CheckLink(ctx context.Context, purpose accounttoken.Purpose, token string) error {
	_, err := database.Client(ctx, l.db).AccountToken.Query().Where(l.usable(purpose, token)).Only(ctx)
	if ent.IsNotFound(err) {
		return fmt.Errorf("%s link: %w", purpose, apperr.ErrNotFound)
	}
	return err
}

// SetPasswordWithLink sets a new password through a reset or invitation
// link, which then stops working, and ends every session of the account
// (whoever knew the old password is signed out).
func (l *Links) SetPasswordWithLink(ctx context.Context, purpose accounttoken.Purpose, token, password, confirm string) (*ent.User, error) {
	v := &apperr.ValidationError{}
	checkNewPassword(v, "new_password", password)
	if password != confirm {
		v.Add("confirm_password", "error.password_mismatch", nil)
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	hash, err := l.hasher.Hash(password)
	if err != nil {
		return nil, err
	}
	var u *ent.User
	err = database.WithTx(ctx, l.db, func(ctx context.Context) error {
		db := database.Client(ctx, l.db)
		t, err := db.AccountToken.Query().Where(l.usable(purpose, token)).Only(ctx)
		if ent.IsNotFound(err) {
			return fmt.Errorf("%s link: %w", purpose, apperr.ErrNotFound)
		}
		if err != nil {
			return err
		}
		// Conditional on the link being unused: clicked twice at once, it
		// works once.
		n, err := db.AccountToken.Update().Where(accounttoken.ID(t.ID), accounttoken.UsedAtIsNil()).SetUsedAt(l.Now()).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("%s link used meanwhile: %w", purpose, apperr.ErrNotFound)
		}
		if u, err = db.User.UpdateOneID(t.UserID).SetPasswordHash(hash).SetPasswordChangedAt(l.Now()).Save(ctx); err != nil {
			return err
		}
		// Any other link still out (three resets an hour are allowed)
		// stops working with the new password.
		if err := revokeLinks(ctx, l.db, t.UserID, l.Now()); err != nil {
			return err
		}
		_, err = db.Session.Delete().Where(session.UserID(t.UserID)).Exec(ctx)
		return err
	})
	if err == nil && l.Throttle != nil {
		err = l.Throttle.Forget(ctx, u.Email)
	}
	return u, err
}

// usable selects the unused, unexpired link of a purpose with that token.
func (l *Links) usable(purpose accounttoken.Purpose, token string) predicate.AccountToken {
	return accounttoken.And(accounttoken.TokenHash(hashToken(token)), accounttoken.PurposeEQ(purpose),
		accounttoken.UsedAtIsNil(), accounttoken.ExpiresAtGT(l.Now()))
}

// issue stores a new link and returns its token, which only the mail holds.
func (l *Links) issue(ctx context.Context, userID int, purpose accounttoken.Purpose, validity time.Duration, by *int) (string, error) {
	db := database.Client(ctx, l.db)
	token, err := randomToken()
	if err != nil {
		return "", err
	}
	now := l.Now()
	err = db.AccountToken.Create().SetTokenHash(hashToken(token)).SetUserID(userID).SetPurpose(purpose).
		SetCreatedAt(now).SetExpiresAt(now.Add(validity)).SetNillableCreatedByUserID(by).Exec(ctx)
	return token, err
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// revokeLinks ends every unused link of an account: a new password makes
// the old ways in void. db is the plain client: it joins the transaction
// ctx carries.
func revokeLinks(ctx context.Context, db *ent.Client, userID int, now time.Time) error {
	_, err := database.Client(ctx, db).AccountToken.Update().Where(accounttoken.UserID(userID), accounttoken.UsedAtIsNil()).SetUsedAt(now).Save(ctx)
	return err
}

// InviteReserved reports whether inviting a member is reserved to the
// holders of authz.ManageMandates: the member holds or is due to hold a
// mandate, whose roles the new account would carry.
func (l *Links) InviteReserved(ctx context.Context, memberID int) (bool, error) {
	if l.Offices == nil {
		return true, errNotConfigured
	}
	held, err := l.Offices.MandatesFrom(ctx, memberID, l.Now().UTC().Truncate(24*time.Hour))
	return len(held) > 0, err
}

// LastEmailChangeBy returns the account that last changed a member's email
// on the member's record, or 0 if nobody did since the record was made.
// It reads through the transaction ctx carries, if any.
func (l *Links) LastEmailChangeBy(ctx context.Context, memberID int) (int, error) {
	e, err := database.Client(ctx, l.db).MemberEvent.Query().Where(memberevent.MemberID(memberID), memberevent.Kind(EmailChangedEvent)).
		Order(ent.Desc(memberevent.FieldAt), ent.Desc(memberevent.FieldID)).First(ctx)
	if ent.IsNotFound(err) || (err == nil && e.ByUserID == nil) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return *e.ByUserID, nil
}

// checkInvitation refuses an invitation the actor may not send (see
// Invite). It reads through the transaction ctx carries.
func (l *Links) checkInvitation(ctx context.Context, actorID, memberID int) error {
	if l.Powers == nil || l.Offices == nil {
		return errNotConfigured
	}
	manager, err := l.Powers.UserMay(ctx, actorID, authz.ManageMandates)
	if err != nil {
		return err
	}
	reserved, err := l.InviteReserved(ctx, memberID)
	if err != nil {
		return err
	}
	if reserved && !manager {
		return fmt.Errorf("account %d may not invite member %d, who holds a mandate: %w", actorID, memberID, apperr.ErrForbidden)
	}
	by, err := l.LastEmailChangeBy(ctx, memberID)
	if err != nil {
		return err
	}
	if by == actorID && !manager {
		return apperr.Invalid("invite", "accounts.error.invite_own_email_change", nil)
	}
	return nil
}

// errNotConfigured refuses an invitation a service without its Powers or
// Offices cannot check: it fails closed.
var errNotConfigured = errors.New("accounts: the board's powers are not configured")
