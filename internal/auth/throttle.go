package auth

import (
	"context"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/signinthrottle"
)

// ThrottlePolicy says how failed sign-ins slow down and then lock.
type ThrottlePolicy struct {
	// Window is how long failures are remembered.
	Window time.Duration
	// SlowAfter failures for a key, each further failure is answered after
	// a delay that doubles, up to MaxDelay.
	SlowAfter int
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// LockAccountAfter failures for one email locks it for LockFor;
	// LockAddressAfter does the same for one client address.
	LockAccountAfter int
	LockAddressAfter int
	LockFor          time.Duration
}

// DefaultThrottlePolicy is used in production.
var DefaultThrottlePolicy = ThrottlePolicy{
	Window:           15 * time.Minute,
	SlowAfter:        3,
	BaseDelay:        500 * time.Millisecond,
	MaxDelay:         4 * time.Second,
	LockAccountAfter: 10,
	LockAddressAfter: 50,
	LockFor:          15 * time.Minute,
}

// Throttle counts failed sign-ins per email and per client address in the
// database, so every instance sees the same counts.
type Throttle struct {
	db     *ent.Client
	policy ThrottlePolicy
	clock  func() time.Time
}

// now is the clock in UTC, whatever zone it reports (see UTCNow).
func (t *Throttle) now() time.Time { return t.clock().UTC() }

// NewThrottle returns a throttle applying the policy.
func NewThrottle(db *ent.Client, p ThrottlePolicy, now func() time.Time) *Throttle {
	return &Throttle{db: db, policy: p, clock: now}
}

func emailKey(email string) string { return "email:" + strings.ToLower(strings.TrimSpace(email)) }
func addressKey(ip string) string  { return "ip:" + ip }

// LockedUntil returns the latest lock in force on the email or the address,
// or the zero time if neither is locked.
func (t *Throttle) LockedUntil(ctx context.Context, email, ip string) (time.Time, error) {
	rows, err := t.db.SignInThrottle.Query().
		Where(signinthrottle.KeyIn(emailKey(email), addressKey(ip)), signinthrottle.LockedUntilGT(t.now())).
		All(ctx)
	if err != nil {
		return time.Time{}, err
	}
	var until time.Time
	for _, r := range rows {
		if r.LockedUntil.After(until) {
			until = *r.LockedUntil
		}
	}
	return until, nil
}

// Attempt is what the throttle knows of a sign-in attempt once counted.
type Attempt struct {
	// EmailFailures and AddressFailures count this attempt and the earlier
	// failures of the window.
	EmailFailures, AddressFailures int
	// Refused is true when the attempt is beyond a limit: it must be
	// refused without checking the password.
	Refused bool
	// Delay is how long to wait before answering a failure.
	Delay time.Duration
}

// Begin counts a sign-in attempt as a failure before the password is
// checked, so that guesses sent in parallel cannot all be checked before
// the first failure is recorded: at most LockAccountAfter attempts per email
// (and LockAddressAfter per address) are ever checked in a window. A
// successful attempt is then taken back with Succeed and Refund.
func (t *Throttle) Begin(ctx context.Context, email, ip string) (Attempt, error) {
	ne, err := t.fail(ctx, emailKey(email), t.policy.LockAccountAfter)
	if err != nil {
		return Attempt{}, err
	}
	na, err := t.fail(ctx, addressKey(ip), t.policy.LockAddressAfter)
	if err != nil {
		return Attempt{}, err
	}
	return Attempt{
		EmailFailures:   ne,
		AddressFailures: na,
		Refused:         ne > t.policy.LockAccountAfter || na > t.policy.LockAddressAfter,
		Delay:           t.delay(ne),
	}, nil
}

// Fail records a failure for the email and the address and returns how long
// to wait before answering.
func (t *Throttle) Fail(ctx context.Context, email, ip string) (time.Duration, error) {
	a, err := t.Begin(ctx, email, ip)
	return a.Delay, err
}

// Refund takes back the attempt Begin counted for an address when it turned
// out to be a success: people signing in from one office must not lock it.
func (t *Throttle) Refund(ctx context.Context, ip string) error {
	return t.db.SignInThrottle.Update().
		Where(signinthrottle.Key(addressKey(ip)), signinthrottle.FailuresGT(0)).
		AddFailures(-1).Exec(ctx)
}

// Succeed forgets the failures of an email after a successful sign-in. The
// address keeps its count: one right password must not unlock guessing at
// other accounts from the same place.
func (t *Throttle) Succeed(ctx context.Context, email string) error {
	_, err := t.db.SignInThrottle.Delete().Where(signinthrottle.Key(emailKey(email))).Exec(ctx)
	return err
}

// PurgeStale deletes counters whose window and lock are both over.
func (t *Throttle) PurgeStale(ctx context.Context) (int, error) {
	now := t.now()
	return t.db.SignInThrottle.Delete().Where(
		signinthrottle.WindowStartedAtLT(now.Add(-t.policy.Window)),
		signinthrottle.Or(signinthrottle.LockedUntilIsNil(), signinthrottle.LockedUntilLT(now)),
	).Exec(ctx)
}

func (t *Throttle) fail(ctx context.Context, key string, lockAfter int) (int, error) {
	now := t.now()
	// The increment is one atomic statement, so concurrent failures on
	// several instances are all counted.
	err := t.db.SignInThrottle.Create().
		SetKey(key).SetFailures(1).SetWindowStartedAt(now).
		OnConflictColumns(signinthrottle.FieldKey).
		Update(func(u *ent.SignInThrottleUpsert) { u.AddFailures(1) }).
		Exec(ctx)
	if err != nil {
		return 0, err
	}
	row, err := t.db.SignInThrottle.Query().Where(signinthrottle.Key(key)).Only(ctx)
	if err != nil {
		return 0, err
	}
	n := row.Failures
	upd := row.Update()
	dirty := false
	locked := row.LockedUntil != nil && row.LockedUntil.After(now)
	lockOver := row.LockedUntil != nil && !locked
	if !locked && (lockOver || row.WindowStartedAt.Before(now.Add(-t.policy.Window))) {
		// The window or the lock is over: this failure starts a new count.
		n = 1
		upd.SetFailures(1).SetWindowStartedAt(now).ClearLockedUntil()
		dirty = true
	}
	if n >= lockAfter && !locked {
		upd.SetLockedUntil(now.Add(t.policy.LockFor))
		dirty = true
	}
	if dirty {
		if err := upd.Exec(ctx); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func (t *Throttle) delay(failures int) time.Duration {
	if failures <= t.policy.SlowAfter {
		return 0
	}
	d := t.policy.BaseDelay
	for i := t.policy.SlowAfter + 1; i < failures && d < t.policy.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.policy.MaxDelay)
}
