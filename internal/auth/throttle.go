package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/signinthrottle"
)

// ThrottlePolicy says how failed password checks slow down and then lock.
//
// Only the pair of an account and a client is ever locked: whoever guesses
// at an account locks themselves out of it, while its owner, signing in
// from their own client, is not held back. A client is a browser that
// signed in to the account before (it holds a device cookie for it), or
// else the client address. Failures of one account from every client
// together, and of one address for every account, only slow down the
// answers to further failures; they never refuse the right password.
type ThrottlePolicy struct {
	// Window is how long failures are remembered.
	Window time.Duration
	// LockPairAfter failures for one account from one client lock that
	// pair for LockFor.
	LockPairAfter int
	LockFor       time.Duration
	// SlowAfter failures of one account from one client, each further
	// failure is answered after a delay that doubles from BaseDelay up to
	// MaxDelay. AccountSlowAfter (failures of the account from every
	// client) and AddressSlowAfter (failures from one address, whatever the
	// account) do the same, later.
	SlowAfter        int
	AccountSlowAfter int
	AddressSlowAfter int
	BaseDelay        time.Duration
	MaxDelay         time.Duration
}

// DefaultThrottlePolicy is used in production.
var DefaultThrottlePolicy = ThrottlePolicy{
	Window:           15 * time.Minute,
	LockPairAfter:    10,
	LockFor:          15 * time.Minute,
	SlowAfter:        3,
	AccountSlowAfter: 10,
	AddressSlowAfter: 30,
	BaseDelay:        500 * time.Millisecond,
	MaxDelay:         4 * time.Second,
}

// Throttle counts failed password checks in the database, so every
// instance sees the same counts.
// It writes with the plain client, never database.Client: a failure
// counts even if a transaction around the check rolls back.
type Throttle struct {
	db     *ent.Client
	policy ThrottlePolicy
	clock  func() time.Time
	// DeviceKey signs the device cookies that tell a browser which signed
	// in to an account before from any other client at its address. With
	// no key, every client is known by its address alone.
	DeviceKey []byte
}

// now is the clock in UTC, whatever zone it reports (see UTCNow).
func (t *Throttle) now() time.Time { return t.clock().UTC() }

// NewThrottle returns a throttle applying the policy.
func NewThrottle(db *ent.Client, p ThrottlePolicy, now func() time.Time) *Throttle {
	return &Throttle{db: db, policy: p, clock: now}
}

// Keys of the counters. An account is named by its normalised email,
// whether or not an account has it, so locking reveals nothing.
func accountKey(email string) string { return "account:" + NormalizeEmail(email) }
func addressKey(ip string) string    { return "ip:" + ip }
func pairPrefix(email string) string { return "pair:" + NormalizeEmail(email) + "|" }

// pairKey names the account together with the client: the device the
// cookie proves for this account, or else the address.
func (t *Throttle) pairKey(email string, c Client) string {
	if id, ok := t.deviceID(email, c.Device); ok {
		return pairPrefix(email) + "device:" + id
	}
	return pairPrefix(email) + addressKey(c.IP)
}

// passwordCheckKey names one session checking its account's password.
func passwordCheckKey(userID, sessionID int) string {
	return "password-check:" + strconv.Itoa(userID) + "|session:" + strconv.Itoa(sessionID)
}

// LockedUntil returns when the lock on the account for this client ends,
// or the zero time if it is not locked.
func (t *Throttle) LockedUntil(ctx context.Context, email string, c Client) (time.Time, error) {
	return t.lockedUntil(ctx, t.pairKey(email, c))
}

func (t *Throttle) lockedUntil(ctx context.Context, key string) (time.Time, error) {
	row, err := t.db.SignInThrottle.Query().
		Where(signinthrottle.Key(key), signinthrottle.LockedUntilGT(t.now())).
		Only(ctx)
	if ent.IsNotFound(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return *row.LockedUntil, nil
}

// Attempt is what the throttle knows of a password check once counted.
type Attempt struct {
	// PairFailures, AccountFailures and AddressFailures count this attempt
	// and the earlier failures of the window.
	PairFailures, AccountFailures, AddressFailures int
	// Refused is true when the attempt is beyond the pair's limit: it must
	// be refused without checking the password.
	Refused bool
	// Delay is how long to wait before answering a failure. The right
	// password is answered at once.
	Delay time.Duration
}

// Begin counts a sign-in attempt as a failure before the password is
// checked, so that guesses sent in parallel cannot all be checked before
// the first failure is recorded: at most LockPairAfter passwords per account
// and client are ever checked in a window. A successful attempt is then
// taken back with Succeed.
func (t *Throttle) Begin(ctx context.Context, email string, c Client) (Attempt, error) {
	np, err := t.fail(ctx, t.pairKey(email, c), t.policy.LockPairAfter)
	if err != nil {
		return Attempt{}, err
	}
	na, err := t.fail(ctx, accountKey(email), 0)
	if err != nil {
		return Attempt{}, err
	}
	nip, err := t.fail(ctx, addressKey(c.IP), 0)
	if err != nil {
		return Attempt{}, err
	}
	return Attempt{
		PairFailures:    np,
		AccountFailures: na,
		AddressFailures: nip,
		Refused:         np > t.policy.LockPairAfter,
		Delay: max(t.delay(np, t.policy.SlowAfter), t.delay(na, t.policy.AccountSlowAfter),
			t.delay(nip, t.policy.AddressSlowAfter)),
	}, nil
}

// Fail records a failure for the account from the client and returns how
// long to wait before answering.
func (t *Throttle) Fail(ctx context.Context, email string, c Client) (time.Duration, error) {
	a, err := t.Begin(ctx, email, c)
	return a.Delay, err
}

// Succeed takes back the attempt Begin counted when the password was
// right: the account's failures, from this client and overall, are
// forgotten, and the address gives back one failure (people signing in
// from one office must not slow it down). The address keeps the rest of
// its count: one right password must not hide guessing at other accounts.
func (t *Throttle) Succeed(ctx context.Context, email string, c Client) error {
	if _, err := t.db.SignInThrottle.Delete().
		Where(signinthrottle.KeyIn(t.pairKey(email, c), accountKey(email))).Exec(ctx); err != nil {
		return err
	}
	return t.db.SignInThrottle.Update().
		Where(signinthrottle.Key(addressKey(c.IP)), signinthrottle.FailuresGT(0)).
		AddFailures(-1).Exec(ctx)
}

// Forget lifts every lock and count of an account, from every client. It
// is for the owner proving who they are another way (a password reset
// link followed from their mailbox).
func (t *Throttle) Forget(ctx context.Context, email string) error {
	_, err := t.db.SignInThrottle.Delete().Where(signinthrottle.Or(
		signinthrottle.Key(accountKey(email)),
		signinthrottle.KeyHasPrefix(pairPrefix(email)),
	)).Exec(ctx)
	return err
}

// BeginPasswordCheck counts a check of the current password by a signed-in
// session (the change-password form) before the password is checked. The
// client is the session: a stolen session guessing at its account's
// password locks only itself.
func (t *Throttle) BeginPasswordCheck(ctx context.Context, userID, sessionID int) (Attempt, error) {
	n, err := t.fail(ctx, passwordCheckKey(userID, sessionID), t.policy.LockPairAfter)
	if err != nil {
		return Attempt{}, err
	}
	return Attempt{PairFailures: n, Refused: n > t.policy.LockPairAfter, Delay: t.delay(n, t.policy.SlowAfter)}, nil
}

// PasswordCheckLockedUntil returns when the session's lock on checking its
// account's password ends, or the zero time.
func (t *Throttle) PasswordCheckLockedUntil(ctx context.Context, userID, sessionID int) (time.Time, error) {
	return t.lockedUntil(ctx, passwordCheckKey(userID, sessionID))
}

// PasswordCheckSucceeded forgets the session's failed checks.
func (t *Throttle) PasswordCheckSucceeded(ctx context.Context, userID, sessionID int) error {
	_, err := t.db.SignInThrottle.Delete().Where(signinthrottle.Key(passwordCheckKey(userID, sessionID))).Exec(ctx)
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

// fail counts one failure for key and locks it when the count reaches
// lockAfter (never when lockAfter is 0).
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
	if lockAfter > 0 && n >= lockAfter && !locked {
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

// delay is the wait before answering the failures-th failure of a counter
// that slows down after slowAfter (never when slowAfter is 0).
func (t *Throttle) delay(failures, slowAfter int) time.Duration {
	if slowAfter <= 0 || failures <= slowAfter {
		return 0
	}
	d := t.policy.BaseDelay
	for i := slowAfter + 1; i < failures && d < t.policy.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.policy.MaxDelay)
}

// DeviceCookie returns the value of a device cookie proving that this
// browser signed in to the account with that email. It is random, signed
// with DeviceKey, and says nothing without the key; empty without a key.
func (t *Throttle) DeviceCookie(email string) (string, error) {
	if len(t.DeviceKey) == 0 {
		return "", nil
	}
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(nonce)
	return id + "." + base64.RawURLEncoding.EncodeToString(t.deviceMAC(email, id)), nil
}

// deviceID returns the id of a device cookie that is valid for the email.
// A forged or another account's cookie is no proof: that client is known
// by its address.
func (t *Throttle) deviceID(email, cookie string) (string, bool) {
	if len(t.DeviceKey) == 0 || cookie == "" {
		return "", false
	}
	id, sig, ok := strings.Cut(cookie, ".")
	if !ok || len(id) != 22 {
		return "", false
	}
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(mac, t.deviceMAC(email, id)) {
		return "", false
	}
	return id, true
}

func (t *Throttle) deviceMAC(email, id string) []byte {
	m := hmac.New(sha256.New, t.DeviceKey)
	m.Write([]byte("majlis device\x00" + NormalizeEmail(email) + "\x00" + id))
	return m.Sum(nil)
}
