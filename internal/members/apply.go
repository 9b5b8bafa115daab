package members

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/pendingapplication"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/accounts"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/i18n"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/ratelimit"
	"github.com/omsn/majlis/internal/textinput"
)

// ApplicationLinkValidity is how long the link confirming an application's
// address works; an application not confirmed by then is forgotten.
const ApplicationLinkValidity = 48 * time.Hour

// ApplyLimits bounds how many applications the public form takes, so it
// cannot be used to send the association's mail to anyone, in bulk.
type ApplyLimits struct {
	// PerAddress is per client address, PerEmail per email applied with
	// (counted whether or not an account has that email, so the limit
	// reveals nothing).
	PerAddress, PerEmail ratelimit.Limit
}

// DefaultApplyLimits is used in production.
var DefaultApplyLimits = ApplyLimits{
	PerAddress: ratelimit.Limit{Max: 5, Window: time.Hour},
	PerEmail:   ratelimit.Limit{Max: 3, Window: 24 * time.Hour},
}

// ErrTooManyApplications is returned when a limit of ApplyLimits is
// reached; the form says to try again later.
var ErrTooManyApplications = errors.New("too many applications")

// ConfirmApplicationPath is the page a confirmation link opens.
func ConfirmApplicationPath(token string) string { return "/apply/confirm/" + token }

// Apply takes an application from the public form. Nothing reaches the
// board yet: the application waits, unconfirmed, and a link to confirm it
// is mailed to its address. If an account already has that address, its
// owner is mailed instead that someone tried to apply with it. The answer is
// the same in both cases, so the form cannot tell who has an account here.
// The mail is queued in the same transaction as what it announces.
func (s *Service) Apply(ctx context.Context, in Application) error {
	in = trimApplication(in)
	v, err := s.validateApplication(ctx, &in)
	if err != nil {
		return err
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	if s.Mail == nil {
		return errors.New("apply: no mailer to confirm the address")
	}
	email := auth.NormalizeEmail(in.Email)
	// The limits are taken first, in their own transaction, so that a
	// refused attempt costs no password hashing; an attempt counts even if
	// it fails later.
	for _, l := range []struct {
		key   string
		limit ratelimit.Limit
	}{{"apply-ip:" + in.ClientAddress, s.ApplyLimits.PerAddress}, {"apply-email:" + email, s.ApplyLimits.PerEmail}} {
		ok, err := s.limiter.Take(ctx, l.key, l.limit)
		if err != nil {
			return err
		}
		if !ok {
			return ErrTooManyApplications
		}
	}
	// Hashed whether or not an account has the email, so both answers take
	// the same time.
	hash, err := s.hasher.Hash(in.Password)
	if err != nil {
		return err
	}
	token, err := newLinkToken()
	if err != nil {
		return err
	}
	now := s.Now()
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		owner, err := db.User.Query().Where(user.Email(email)).Only(ctx)
		switch {
		case err == nil:
			_, err = s.Mail.Queue(ctx, mail.Mail{
				Kind: "application_account_exists",
				To:   mail.Recipient{Address: owner.Email, Name: owner.DisplayName, UserID: owner.ID},
				Data: map[string]any{}, RelatedType: "account", RelatedID: owner.ID,
			})
			return err
		case !ent.IsNotFound(err):
			return err
		}
		form, err := json.Marshal(in.form())
		if err != nil {
			return err
		}
		p, err := db.PendingApplication.Create().SetTokenHash(hashLinkToken(token)).SetEmail(email).
			SetForm(form).SetPasswordHash(hash).SetLanguage(in.Language).
			SetCreatedAt(now).SetExpiresAt(now.Add(ApplicationLinkValidity)).Save(ctx)
		if err != nil {
			return err
		}
		// No name in the greeting: nothing the visitor typed goes to an
		// address not yet known to be theirs.
		_, err = s.Mail.Queue(ctx, mail.Mail{
			Kind: "application_confirm",
			To:   mail.Recipient{Address: email, Lang: in.Language},
			Data: map[string]any{"Path": ConfirmApplicationPath(token),
				"Hours": int(ApplicationLinkValidity.Hours())},
			RelatedType: "pending_application", RelatedID: p.ID, Confidential: true,
		})
		return err
	})
}

// validateApplication checks an application's fields; every problem is
// named at once.
func (s *Service) validateApplication(ctx context.Context, in *Application) (*apperr.ValidationError, error) {
	v := &apperr.ValidationError{}
	textinput.Lines(v, map[string]string{
		"kind": in.Kind, "first_name": in.FirstName, "last_name": in.LastName,
		"organisation_name": in.OrganisationName, "representative_name": in.RepresentativeName,
		"email": in.Email, "phone": in.Phone, "city": in.City, "profession": in.Profession,
		"category": in.Category, "password": in.Password, "language": in.Language,
	})
	switch in.Kind {
	case "person":
		required(v, "first_name", in.FirstName, 100)
		required(v, "last_name", in.LastName, 100)
	case "organisation":
		required(v, "organisation_name", in.OrganisationName, 200)
		required(v, "representative_name", in.RepresentativeName, 200)
	default:
		v.Add("kind", "error.choice_invalid", nil)
	}
	checkPhone(v, "phone", &in.Phone)
	optional(v, "city", in.City, 120)
	optional(v, "profession", in.Profession, 200)
	optionalText(v, "motivation", in.Motivation, 2000)
	if in.Category != "" && textinput.Line(in.Category) {
		ok, err := s.categories.CategoryExists(ctx, in.Category)
		if err != nil {
			return nil, err
		}
		if !ok {
			v.Add("category", "error.choice_invalid", nil)
		}
	}
	if !accounts.ValidEmail(auth.NormalizeEmail(in.Email)) {
		v.Add("email", "error.email_invalid", nil)
	}
	switch err := auth.CheckPasswordShape(in.Password); {
	case errors.Is(err, auth.ErrPasswordTooShort):
		v.Add("password", "error.password_too_short", map[string]any{"Min": auth.MinPasswordLength})
	case errors.Is(err, auth.ErrPasswordTooLong):
		v.Add("password", "error.password_too_long", map[string]any{"Max": auth.MaxPasswordLength})
	}
	if in.Language == "" {
		in.Language = i18n.Default
	}
	if !i18n.Supported(in.Language) {
		v.Add("language", "error.language_unknown", nil)
	}
	return v, nil
}

// CheckApplicationLink reports whether a confirmation link still works.
func (s *Service) CheckApplicationLink(ctx context.Context, token string) error {
	_, err := database.Client(ctx, s.db).PendingApplication.Query().Where(s.confirmable(token)).Only(ctx)
	if ent.IsNotFound(err) {
		return fmt.Errorf("application link: %w", apperr.ErrNotFound)
	}
	return err
}

// ConfirmApplication follows the link mailed to an application's address:
// the account (with the password chosen on the form) and the applicant are
// created, the board can now see the application, and the applicant is
// mailed that it was received. The link works once.
func (s *Service) ConfirmApplication(ctx context.Context, token string) (*ent.Member, error) {
	var m *ent.Member
	err := database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		p, err := db.PendingApplication.Query().Where(s.confirmable(token)).Only(ctx)
		if ent.IsNotFound(err) {
			return fmt.Errorf("application link: %w", apperr.ErrNotFound)
		}
		if err != nil {
			return err
		}
		// Conditional on the row still being there: followed twice at
		// once, the link works once.
		n, err := db.PendingApplication.Delete().Where(pendingapplication.ID(p.ID)).Exec(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("application link used meanwhile: %w", apperr.ErrNotFound)
		}
		var form map[string]string
		if err := json.Unmarshal(p.Form, &form); err != nil {
			return fmt.Errorf("pending application %d: %w", p.ID, err)
		}
		in := applicationFromForm(form)
		name := displayName(in.Kind, in.FirstName, in.LastName, in.OrganisationName)
		u, err := db.User.Create().SetEmail(p.Email).SetDisplayName(name).SetPasswordHash(p.PasswordHash).
			SetPreferredLanguage(p.Language).Save(ctx)
		if ent.IsConstraintError(err) {
			// An account took the address since: whoever holds the mailbox
			// may know it (it is theirs).
			return apperr.Invalid("email", "error.email_taken", nil)
		}
		if err != nil {
			return err
		}
		m, err = Listed(db.Member.Create().
			SetKind(member.Kind(in.Kind)).SetStatus(member.StatusApplicant).SetApplication(member.ApplicationPending).
			SetCategory(in.Category).
			SetFirstName(in.FirstName).SetLastName(in.LastName).
			SetOrganisationName(in.OrganisationName).SetRepresentativeName(in.RepresentativeName).
			SetEmail(u.Email).SetPhone(in.Phone).SetCity(in.City).SetProfession(in.Profession).
			SetUserID(u.ID)).
			Save(ctx)
		if err != nil {
			return err
		}
		if err := db.MemberEvent.Create().SetMemberID(m.ID).SetKind("applied").
			SetToStatus(string(Applicant)).SetAt(s.Now()).SetByUserID(u.ID).SetReason(in.Motivation).Exec(ctx); err != nil {
			return err
		}
		return s.notify(ctx, m, "application_received", nil)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// PurgeUnconfirmedApplications forgets the applications whose link expired
// unfollowed, and the application counters whose window is over.
func (s *Service) PurgeUnconfirmedApplications(ctx context.Context) (int, error) {
	n, err := database.Client(ctx, s.db).PendingApplication.Delete().Where(pendingapplication.ExpiresAtLTE(s.Now())).Exec(ctx)
	if err != nil {
		return 0, err
	}
	_, err = s.limiter.PurgeOlderThan(ctx, max(s.ApplyLimits.PerAddress.Window, s.ApplyLimits.PerEmail.Window))
	return n, err
}

func (s *Service) confirmable(token string) predicate.PendingApplication {
	return pendingapplication.And(pendingapplication.TokenHash(hashLinkToken(token)),
		pendingapplication.ExpiresAtGT(s.Now()))
}

func (in Application) form() map[string]string {
	return map[string]string{
		"kind": in.Kind, "first_name": in.FirstName, "last_name": in.LastName,
		"organisation_name": in.OrganisationName, "representative_name": in.RepresentativeName,
		"phone": in.Phone, "city": in.City, "profession": in.Profession,
		"category": in.Category, "motivation": in.Motivation,
	}
}

func applicationFromForm(f map[string]string) Application {
	return Application{
		Kind: f["kind"], FirstName: f["first_name"], LastName: f["last_name"],
		OrganisationName: f["organisation_name"], RepresentativeName: f["representative_name"],
		Phone: f["phone"], City: f["city"], Profession: f["profession"],
		Category: f["category"], Motivation: f["motivation"],
	}
}

func newLinkToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hashLinkToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// RegisterDaily adds the members' daily step: deleting the applications
// whose address was never confirmed once their link has expired.
func (s *Service) RegisterDaily(d *jobs.Daily) {
	d.Register("unconfirmed_applications_purge", func(ctx context.Context, _ time.Time) (int, error) {
		return s.PurgeUnconfirmedApplications(ctx)
	})
}
