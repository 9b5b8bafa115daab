package auth_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/signinthrottle"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

type signInRig struct {
	auth     *auth.Authenticator
	sessions *auth.Sessions
	clock    *clock
	mu       sync.Mutex
	waits    []time.Duration
}

func newSignIn(db *database.DB, p auth.ThrottlePolicy) *signInRig {
	clk := newClock()
	s := newSessions(db, clk, time.Hour, 24*time.Hour)
	r := &signInRig{sessions: s, clock: clk}
	r.auth = auth.NewAuthenticator(db.Ent, fastHasher, s, auth.NewThrottle(db.Ent, p, clk.Now))
	r.auth.Sleep = func(_ context.Context, d time.Duration) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.waits = append(r.waits, d)
	}
	return r
}

func (r *signInRig) signIn(email, password, ip string) (string, *ent.User, error) {
	return r.auth.SignIn(context.Background(), email, password, auth.Client{IP: ip, UserAgent: "test"})
}

func TestSigningInWithTheRightPasswordOpensASession(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		u := newUser(t, db, "salma@example.ma")
		r := newSignIn(db, testPolicy)
		tok, got, err := r.signIn("  Salma@Example.MA ", goodPassword, "203.0.113.1")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID {
			t.Fatalf("signed in as %d, want %d", got.ID, u.ID)
		}
		sess, err := r.sessions.Lookup(context.Background(), tok)
		if err != nil || sess.UserID != u.ID {
			t.Fatalf("the returned token does not resolve to the user: %v", err)
		}
		stored, _ := db.Ent.User.Get(context.Background(), u.ID)
		if stored.LastSignInAt == nil || !stored.LastSignInAt.Equal(t0) {
			t.Errorf("last sign-in recorded as %v, want %v", stored.LastSignInAt, t0)
		}
		tok2, _, err := r.signIn("salma@example.ma", goodPassword, "203.0.113.1")
		if err != nil || tok2 == tok {
			t.Fatalf("a second sign-in must open a new session with a new token (%v)", err)
		}
	})
}

func TestAWrongPasswordAndAnUnknownEmailGiveTheSameError(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		newUser(t, db, "salma@example.ma")
		r := newSignIn(db, testPolicy)
		tok1, u1, wrongPw := r.signIn("salma@example.ma", "not the password", "203.0.113.1")
		tok2, u2, noUser := r.signIn("nobody@example.ma", "not the password", "203.0.113.1")
		if !errors.Is(wrongPw, auth.ErrBadCredentials) || !errors.Is(noUser, auth.ErrBadCredentials) {
			t.Fatalf("errors %v / %v, want ErrBadCredentials for both", wrongPw, noUser)
		}
		if wrongPw.Error() != noUser.Error() || fmt.Sprintf("%T", wrongPw) != fmt.Sprintf("%T", noUser) {
			t.Errorf("the errors differ (%T %q / %T %q): they tell whether the email exists", wrongPw, wrongPw, noUser, noUser)
		}
		if tok1 != "" || tok2 != "" || u1 != nil || u2 != nil {
			t.Error("a failed sign-in returned a token or a user")
		}
		if n := sessionCount(t, db); n != 0 {
			t.Errorf("%d sessions opened by failed sign-ins", n)
		}
	})
}

// A disabled account is told so, but only to whoever gave its password: a
// wrong password gets the ordinary answer, saying nothing of the account.
func TestADisabledAccountIsToldSoOnlyAfterTheRightPassword(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		u := newUser(t, db, "salma@example.ma")
		disable(t, db, u)
		r := newSignIn(db, testPolicy)
		if _, _, err := r.signIn("salma@example.ma", "not the password", "203.0.113.1"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("wrong password: err = %v, want ErrBadCredentials (saying nothing about the account)", err)
		}
		_, _, err := r.signIn("salma@example.ma", goodPassword, "203.0.113.1")
		if !errors.Is(err, auth.ErrDisabled) {
			t.Fatalf("right password: err = %v, want ErrDisabled", err)
		}
		if n := sessionCount(t, db); n != 0 {
			t.Errorf("a disabled account got %d sessions", n)
		}
	})
}

func TestRepeatedFailuresSlowDownThenLockTheClientEvenWithTheRightPassword(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		newUser(t, db, "salma@example.ma")
		r := newSignIn(db, testPolicy)
		const attacker = "203.0.113.66"
		for i := 0; i < testPolicy.LockPairAfter; i++ {
			if _, _, err := r.signIn("salma@example.ma", "wrong password", attacker); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
		if fmt.Sprint(r.waits) != fmt.Sprint(want) {
			t.Errorf("waited %v, want %v", r.waits, want)
		}
		_, _, err := r.signIn("salma@example.ma", goodPassword, attacker)
		var locked *auth.LockedError
		if !errors.As(err, &locked) || !errors.Is(err, auth.ErrLocked) {
			t.Fatalf("right password from the locked client: %v, want a LockedError", err)
		}
		if !locked.Until.Equal(t0.Add(testPolicy.LockFor)) {
			t.Errorf("lock until %v, want %v", locked.Until, t0.Add(testPolicy.LockFor))
		}
		if n := sessionCount(t, db); n != 0 {
			t.Fatalf("a locked client got a session")
		}
		r.clock.Advance(testPolicy.LockFor)
		if _, _, err := r.signIn("salma@example.ma", goodPassword, attacker); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
	})
}

// The attack of issue 11: fifty wrong passwords for a known account from
// one client must not keep its owner out, and must cost the attacker.
func TestTheOwnerSignsInFromTheirClientAfterAnAttackersFiftyFailuresFromAnother(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		u := newUser(t, db, "nadia@example.ma")
		r := newSignIn(db, auth.DefaultThrottlePolicy)
		const attacker, owner = "203.0.113.66", "198.51.100.7"
		refused := 0
		for i := 0; i < 50; i++ {
			_, _, err := r.signIn("nadia@example.ma", fmt.Sprintf("guess %d", i), attacker)
			if errors.Is(err, auth.ErrLocked) {
				refused++
			} else if !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("guess %d: %v", i+1, err)
			}
		}
		if limit := auth.DefaultThrottlePolicy.LockPairAfter; refused != 50-limit {
			t.Errorf("%d of 50 guesses refused unchecked, want all but the first %d", refused, limit)
		}
		var slept time.Duration
		for _, w := range r.waits {
			slept += w
		}
		if slept < 10*time.Second {
			t.Errorf("the attacker was held %v in all, want their failures slowed down", slept)
		}
		r.waits = nil
		_, got, err := r.signIn("nadia@example.ma", goodPassword, owner)
		if err != nil || got.ID != u.ID {
			t.Fatalf("the owner from their own client: %v", err)
		}
		if len(r.waits) != 0 {
			t.Errorf("the owner's right password waited %v", r.waits)
		}
		if _, _, err := r.signIn("nadia@example.ma", goodPassword, attacker); !errors.Is(err, auth.ErrLocked) {
			t.Errorf("the attacker's client with the right password: %v, want still locked", err)
		}
	})
}

func TestFiftyFailuresFromOneAddressDoNotRefuseAnotherAccountsRightPasswordFromThere(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		newUser(t, db, "admin@example.ma")
		r := newSignIn(db, testPolicy)
		const office = "203.0.113.10"
		for i := 0; i < 50; i++ {
			r.signIn(fmt.Sprintf("guess%d@example.ma", i%7), "wrong password", office)
		}
		if _, _, err := r.signIn("admin@example.ma", goodPassword, office); err != nil {
			t.Fatalf("the administrator's right password from the same address: %v", err)
		}
	})
}

// Behind a proxy that is not trusted every browser has the proxy's address.
// A browser that signed in to the account before carries a device cookie
// and is counted apart from the attacker's.
func TestBehindOneSharedAddressTheOwnersKnownBrowserStillSignsIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		newUser(t, db, "nadia@example.ma")
		r := newSignIn(db, testPolicy)
		r.auth.Throttle().DeviceKey = []byte("a key of thirty-two bytes, or so")
		const proxy = "10.0.0.1"
		if _, _, err := r.signIn("nadia@example.ma", goodPassword, proxy); err != nil {
			t.Fatal(err)
		}
		device, err := r.auth.DeviceCookie("nadia@example.ma")
		if err != nil || device == "" {
			t.Fatalf("device cookie %q: %v", device, err)
		}
		for i := 0; i < 20; i++ {
			r.signIn("nadia@example.ma", "wrong password", proxy)
		}
		if _, _, err := r.signIn("nadia@example.ma", goodPassword, proxy); !errors.Is(err, auth.ErrLocked) {
			t.Errorf("an unknown browser behind the proxy: %v, want locked", err)
		}
		c := auth.Client{IP: proxy, UserAgent: "test", Device: device}
		if _, _, err := r.auth.SignIn(context.Background(), "nadia@example.ma", goodPassword, c); err != nil {
			t.Fatalf("the owner's browser behind the same proxy: %v", err)
		}
	})
}

func TestAnUnknownEmailIsLockedExactlyLikeAnExistingOne(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		newUser(t, db, "salma@example.ma")
		r := newSignIn(db, testPolicy)
		outcome := func(email string) []string {
			var out []string
			for i := 0; i <= testPolicy.LockPairAfter; i++ {
				_, _, err := r.signIn(email, "wrong password", "192.0.2.1")
				var locked *auth.LockedError
				if errors.As(err, &locked) {
					out = append(out, fmt.Sprintf("locked for %v", locked.Until.Sub(t0)))
				} else {
					out = append(out, fmt.Sprint(err))
				}
			}
			return out
		}
		known, unknown := outcome("salma@example.ma"), outcome("nobody@example.ma")
		if fmt.Sprint(known) != fmt.Sprint(unknown) {
			t.Errorf("an existing email answers\n  %q\nan unknown one\n  %q", known, unknown)
		}
		if last := unknown[len(unknown)-1]; last != fmt.Sprintf("locked for %v", testPolicy.LockFor) {
			t.Errorf("unknown email after %d failures: %s, want locked", testPolicy.LockPairAfter, last)
		}
	})
}

func TestASuccessfulSignInForgetsTheEmailsEarlierFailures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		newUser(t, db, "salma@example.ma")
		p := testPolicy
		r := newSignIn(db, p)
		for round := 0; round < 3; round++ {
			for i := 0; i < p.LockPairAfter-1; i++ {
				r.signIn("salma@example.ma", "wrong password", "203.0.113.1")
			}
			if _, _, err := r.signIn("salma@example.ma", goodPassword, "203.0.113.1"); err != nil {
				t.Fatalf("round %d: the right password after %d failures: %v", round, p.LockPairAfter-1, err)
			}
		}
	})
}

func TestConcurrentFailedSignInsAreAllCounted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		newUser(t, db, "salma@example.ma")
		p := testPolicy
		p.LockPairAfter = 1000
		r := newSignIn(db, p)
		const n = 16
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := r.signIn("salma@example.ma", "wrong password", "203.0.113.1")
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if !errors.Is(err, auth.ErrBadCredentials) {
				t.Errorf("concurrent failure answered %v", err)
			}
		}
		for _, key := range []string{"pair:salma@example.ma|ip:203.0.113.1", "account:salma@example.ma", "ip:203.0.113.1"} {
			row, err := db.Ent.SignInThrottle.Query().Where(signinthrottle.Key(key)).Only(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if row.Failures != n {
				t.Errorf("%s counts %d failures, want %d", key, row.Failures, n)
			}
		}
	})
}

// Guesses sent in parallel must not get around the lock: each must be
// counted before its password is checked, so no more than LockPairAfter
// passwords are ever tried in a window.
func TestParallelGuessesCannotExceedTheLockLimit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		newUser(t, db, "salma@example.ma")
		p := testPolicy
		r := newSignIn(db, p)
		const n = 12
		// Hold every recording of a failure until all guesses have reached
		// it (or a short timeout), as a burst of requests would.
		arrived := make(chan struct{}, n)
		release := make(chan struct{})
		go func() {
			defer close(release)
			timeout := time.After(3 * time.Second)
			for i := 0; i < n; i++ {
				select {
				case <-arrived:
				case <-timeout:
					return
				}
			}
		}()
		db.Ent.SignInThrottle.Use(func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				if mm, ok := m.(*ent.SignInThrottleMutation); ok && mm.Op().Is(ent.OpCreate) {
					if k, _ := mm.Key(); k == "pair:salma@example.ma|ip:203.0.113.1" {
						arrived <- struct{}{}
						<-release
					}
				}
				return next.Mutate(ctx, m)
			})
		})
		var wg sync.WaitGroup
		var mu sync.Mutex
		tried := 0
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := r.signIn("salma@example.ma", "wrong password", "203.0.113.1")
				if errors.Is(err, auth.ErrBadCredentials) {
					mu.Lock()
					tried++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if tried > p.LockPairAfter {
			t.Errorf("%d parallel guesses had their password checked; the lock allows %d", tried, p.LockPairAfter)
		}
	})
}
