// Package accounts manages sign-in accounts: creating them, changing a
// password, choosing a language, and disabling an account (which ends all
// its sessions at once).
package accounts

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/mail"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/session"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/textinput"
)

// Service is the accounts use cases.
type Service struct {
	db     *ent.Client
	hasher *auth.Hasher
	// Throttle limits how often a session may check its account's current
	// password (nil: no limit, as inside other use cases' transactions).
	Throttle *auth.Throttle
	// Sleep waits before answering a wrong current password (replaced in
	// tests).
	Sleep func(context.Context, time.Duration)
}

// NewService returns the accounts service.
func NewService(db *ent.Client, h *auth.Hasher) *Service {
	return &Service{db: db, hasher: h, Sleep: auth.SleepContext}
}

// NewAccount is the input to Create.
type NewAccount struct {
	Email       string
	DisplayName string
	Password    string
	Language    string
	Admin       bool
}

// Create validates and stores a new account. A taken email is reported on
// the email field.
func (s *Service) Create(ctx context.Context, in NewAccount) (*ent.User, error) {
	v := &apperr.ValidationError{}
	email := auth.NormalizeEmail(in.Email)
	if !ValidEmail(email) {
		v.Add("email", "error.email_invalid", nil)
	} else if taken, err := database.Client(ctx, s.db).User.Query().Where(user.Email(email)).Exist(ctx); err != nil {
		return nil, err
	} else if taken {
		// Said now so the form shows it with the other problems; the unique
		// index below still decides when two requests race.
		v.Add("email", "error.email_taken", nil)
	}
	name := strings.TrimSpace(in.DisplayName)
	if len([]rune(name)) > 200 {
		v.Add("display_name", "error.too_long", map[string]any{"Max": 200})
	}
	checkNewPassword(v, "password", in.Password)
	lang := in.Language
	if lang == "" {
		lang = i18n.Default
	}
	if !i18n.Supported(lang) {
		v.Add("language", "error.language_unknown", nil)
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	u, err := database.Client(ctx, s.db).User.Create().
		SetEmail(email).SetDisplayName(name).SetPasswordHash(hash).
		SetPreferredLanguage(lang).SetIsAdmin(in.Admin).
		Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apperr.Invalid("email", "error.email_taken", nil)
	}
	return u, err
}

// ChangePassword replaces a user's password after checking the current one,
// and ends every other session of the user (someone who knew the old
// password must not stay signed in). The current-password check is
// throttled per session: a session that guessed wrong too often is refused
// the check for a while, whatever it types.
func (s *Service) ChangePassword(ctx context.Context, userID, currentSessionID int, current, next, confirm string) error {
	u, err := database.Client(ctx, s.db).User.Get(ctx, userID)
	if err != nil {
		return fmt.Errorf("change password: %w", apperr.ErrNotFound)
	}
	v := &apperr.ValidationError{}
	if err := s.checkCurrentPassword(ctx, u, currentSessionID, current); err != nil {
		verr, ok := apperr.AsValidation(err)
		if !ok {
			return err
		}
		v = verr
	}
	checkNewPassword(v, "new_password", next)
	if next != confirm {
		v.Add("confirm_password", "error.password_mismatch", nil)
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return err
	}
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		if err := db.User.UpdateOneID(userID).SetPasswordHash(hash).SetPasswordChangedAt(auth.UTCNow()).Exec(ctx); err != nil {
			return err
		}
		if err := revokeLinks(ctx, s.db, userID, auth.UTCNow()); err != nil {
			return err
		}
		_, err := db.Session.Delete().Where(session.UserID(userID), session.IDNEQ(currentSessionID)).Exec(ctx)
		return err
	})
}

// checkCurrentPassword returns a validation error on current_password when
// the password is wrong or the session may not check it now.
func (s *Service) checkCurrentPassword(ctx context.Context, u *ent.User, sessionID int, current string) error {
	if s.Throttle == nil {
		if !s.hasher.Verify(current, u.PasswordHash) {
			return apperr.Invalid("current_password", "error.password_wrong", nil)
		}
		return nil
	}
	locked := func(until time.Time) error {
		minutes := int(math.Ceil(until.Sub(auth.UTCNow()).Minutes()))
		return apperr.Invalid("current_password", "error.password_checks_locked", map[string]any{"Minutes": max(minutes, 1)})
	}
	if until, err := s.Throttle.PasswordCheckLockedUntil(ctx, u.ID, sessionID); err != nil {
		return err
	} else if !until.IsZero() {
		return locked(until)
	}
	// Counted before the check, so parallel guesses cannot overtake the lock.
	attempt, err := s.Throttle.BeginPasswordCheck(ctx, u.ID, sessionID)
	if err != nil {
		return err
	}
	if attempt.Refused {
		until, err := s.Throttle.PasswordCheckLockedUntil(ctx, u.ID, sessionID)
		if err != nil {
			return err
		}
		return locked(until)
	}
	if !s.hasher.Verify(current, u.PasswordHash) {
		s.Sleep(ctx, attempt.Delay)
		return apperr.Invalid("current_password", "error.password_wrong", nil)
	}
	return s.Throttle.PasswordCheckSucceeded(ctx, u.ID, sessionID)
}

// CheckDisable says whether an actor may disable an account, as
// SetDisabled does, so that nobody is asked to confirm what would be
// refused.
func CheckDisable(actorID, userID int) error {
	if actorID == userID {
		return fmt.Errorf("disable own account: %w", apperr.ErrForbidden)
	}
	return nil
}

// SetDisabled disables or re-enables an account. Disabling ends all its
// sessions in the same transaction. An administrator cannot disable their
// own account (the installation would risk losing its last administrator).
func (s *Service) SetDisabled(ctx context.Context, actorID, userID int, disabled bool) error {
	if disabled {
		if err := CheckDisable(actorID, userID); err != nil {
			return err
		}
	}
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		n, err := db.User.Update().Where(user.ID(userID)).SetDisabled(disabled).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("user %d: %w", userID, apperr.ErrNotFound)
		}
		if disabled {
			_, err = db.Session.Delete().Where(session.UserID(userID)).Exec(ctx)
		}
		return err
	})
}

// SetLanguage stores the user's preferred language.
func (s *Service) SetLanguage(ctx context.Context, userID int, lang string) error {
	if !i18n.Supported(lang) {
		return apperr.Invalid("lang", "error.language_unknown", nil)
	}
	return database.Client(ctx, s.db).User.UpdateOneID(userID).SetPreferredLanguage(lang).Exec(ctx)
}

// List returns every account, administrators first, then by email.
func (s *Service) List(ctx context.Context) ([]*ent.User, error) {
	return database.Client(ctx, s.db).User.Query().Order(ent.Desc(user.FieldIsAdmin), ent.Asc(user.FieldEmail)).All(ctx)
}

// CountAdmins returns how many enabled administrators exist.
func (s *Service) CountAdmins(ctx context.Context) (int, error) {
	return database.Client(ctx, s.db).User.Query().Where(user.IsAdmin(true), user.Disabled(false)).Count(ctx)
}

// ValidEmail reports whether s is a plain address (no display name).
func ValidEmail(s string) bool {
	if s == "" || len(s) > 254 {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

func checkNewPassword(v *apperr.ValidationError, field, pw string) {
	if !textinput.CheckLine(v, field, pw) {
		return
	}
	switch err := auth.CheckPasswordShape(pw); {
	case errors.Is(err, auth.ErrPasswordTooShort):
		v.Add(field, "error.password_too_short", map[string]any{"Min": auth.MinPasswordLength})
	case errors.Is(err, auth.ErrPasswordTooLong):
		v.Add(field, "error.password_too_long", map[string]any{"Max": auth.MaxPasswordLength})
	}
}

// Get returns one account.
func (s *Service) Get(ctx context.Context, id int) (*ent.User, error) {
	u, err := database.Client(ctx, s.db).User.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("user %d: %w", id, apperr.ErrNotFound)
	}
	return u, err
}
