package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/user"
	"github.com/omsn/majlis/internal/database"
)

// Outcomes of a sign-in that the user is told about. Neither says whether
// the email belongs to an account.
var (
	ErrBadCredentials = errors.New("wrong email or password")
	ErrLocked         = errors.New("too many failed sign-ins")
	// ErrDisabled is returned only once the password was verified, so
	// that an account's state is told only to whoever knows its password.
	ErrDisabled = errors.New("account disabled")
)

// LockedError carries when a lock ends.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return ErrLocked.Error() }

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// Authenticator checks credentials and opens sessions.
type Authenticator struct {
	db       *ent.Client
	hasher   *Hasher
	sessions *Sessions
	throttle *Throttle
	// Sleep waits before a failed answer (replaced in tests).
	Sleep func(context.Context, time.Duration)
}

// NewAuthenticator wires the sign-in use case.
func NewAuthenticator(db *ent.Client, h *Hasher, s *Sessions, t *Throttle) *Authenticator {
	return &Authenticator{db: db, hasher: h, sessions: s, throttle: t, Sleep: SleepContext}
}

// SignIn checks the email and password and, if they match an enabled
// account, opens a new session and returns its token and the user.
func (a *Authenticator) SignIn(ctx context.Context, email, password string, c Client) (string, *ent.User, error) {
	email = NormalizeEmail(email)
	until, err := a.throttle.LockedUntil(ctx, email, c)
	if err != nil {
		return "", nil, err
	}
	if !until.IsZero() {
		return "", nil, &LockedError{Until: until}
	}
	attempt, err := a.throttle.Begin(ctx, email, c)
	if err != nil {
		return "", nil, err
	}
	if attempt.Refused {
		until, err := a.throttle.LockedUntil(ctx, email, c)
		if err != nil {
			return "", nil, err
		}
		return "", nil, &LockedError{Until: until}
	}
	u, err := database.Client(ctx, a.db).User.Query().Where(user.Email(email)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		a.hasher.VerifyNothing(password)
		return "", nil, a.fail(ctx, attempt)
	case err != nil:
		return "", nil, err
	case !a.hasher.Verify(password, u.PasswordHash):
		return "", nil, a.fail(ctx, attempt)
	case u.Disabled:
		// Counted and delayed like a failure, so the throttle and the
		// timing stay the same; only the answer differs.
		if err := a.fail(ctx, attempt); !errors.Is(err, ErrBadCredentials) {
			return "", nil, err
		}
		return "", nil, ErrDisabled
	}
	if err := a.throttle.Succeed(ctx, email, c); err != nil {
		return "", nil, err
	}
	// Recorded before the session exists, so that a failure leaves no
	// session nobody was told about.
	if err := database.Client(ctx, a.db).User.UpdateOneID(u.ID).SetLastSignInAt(a.sessions.now()).Exec(ctx); err != nil {
		return "", nil, err
	}
	token, err := a.sessions.Create(ctx, u.ID, c)
	if err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// Throttle returns the throttle the sign-in counts its failures on.
func (a *Authenticator) Throttle() *Throttle { return a.throttle }

// DeviceCookie returns a new device cookie for a browser that just signed
// in to the account with that email: from then on, its attempts on that
// account are counted apart from those of other clients at its address
// (empty when the throttle has no device key).
func (a *Authenticator) DeviceCookie(email string) (string, error) {
	return a.throttle.DeviceCookie(email)
}

// fail answers a failed attempt (already counted by Begin) after its delay.
func (a *Authenticator) fail(ctx context.Context, attempt Attempt) error {
	a.Sleep(ctx, attempt.Delay)
	return ErrBadCredentials
}

// NormalizeEmail trims and lower-cases an email address; accounts are
// stored and looked up in this form.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// SleepContext waits d, or until the context ends.
func SleepContext(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
