package auth_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/signinthrottle"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

var testPolicy = auth.ThrottlePolicy{
	Window:           15 * time.Minute,
	SlowAfter:        3,
	BaseDelay:        time.Second,
	MaxDelay:         4 * time.Second,
	LockAccountAfter: 5,
	LockAddressAfter: 8,
	LockFor:          10 * time.Minute,
}

func fail(t *testing.T, th *auth.Throttle, email, ip string) time.Duration {
	t.Helper()
	d, err := th.Fail(context.Background(), email, ip)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func lockedUntil(t *testing.T, th *auth.Throttle, email, ip string) time.Time {
	t.Helper()
	until, err := th.LockedUntil(context.Background(), email, ip)
	if err != nil {
		t.Fatal(err)
	}
	return until
}

func TestFailuresBeyondSlowAfterAreAnsweredEverMoreSlowly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		p := testPolicy
		p.LockAccountAfter, p.LockAddressAfter = 100, 100
		th := auth.NewThrottle(db.Ent, p, newClock().Now)
		want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}
		for i, w := range want {
			if got := fail(t, th, "salma@example.ma", "203.0.113.1"); got != w {
				t.Errorf("failure %d: wait %v, want %v", i+1, got, w)
			}
		}
	})
}

func TestAnEmailIsLockedAfterLockAccountAfterFailuresFromAnywhere(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		clk := newClock()
		th := auth.NewThrottle(db.Ent, testPolicy, clk.Now)
		// Failures come from different addresses and spellings of the email.
		spellings := []string{"salma@example.ma", "Salma@Example.MA", " salma@example.ma ", "SALMA@EXAMPLE.MA"}
		for i := 0; i < testPolicy.LockAccountAfter-1; i++ {
			fail(t, th, spellings[i%len(spellings)], fmt.Sprintf("203.0.113.%d", i))
			if u := lockedUntil(t, th, "salma@example.ma", "198.51.100.1"); !u.IsZero() {
				t.Fatalf("locked after only %d failures", i+1)
			}
		}
		fail(t, th, "salma@example.ma", "203.0.113.99")
		want := t0.Add(testPolicy.LockFor)
		for _, ip := range []string{"198.51.100.1", "203.0.113.99"} {
			if u := lockedUntil(t, th, "SALMA@example.ma", ip); !u.Equal(want) {
				t.Errorf("from %s: locked until %v, want %v", ip, u, want)
			}
		}
		if u := lockedUntil(t, th, "youssef@example.ma", "198.51.100.1"); !u.IsZero() {
			t.Errorf("another email is locked too (until %v)", u)
		}
		// The lock ends after LockFor.
		clk.Advance(testPolicy.LockFor)
		if u := lockedUntil(t, th, "salma@example.ma", "198.51.100.1"); !u.IsZero() {
			t.Errorf("still locked (until %v) after LockFor", u)
		}
	})
}

func TestFurtherFailuresDoNotExtendALock(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		clk := newClock()
		th := auth.NewThrottle(db.Ent, testPolicy, clk.Now)
		for i := 0; i < testPolicy.LockAccountAfter; i++ {
			fail(t, th, "salma@example.ma", fmt.Sprintf("203.0.113.%d", i))
		}
		clk.Advance(time.Minute)
		fail(t, th, "salma@example.ma", "203.0.113.50")
		if u := lockedUntil(t, th, "salma@example.ma", "198.51.100.1"); !u.Equal(t0.Add(testPolicy.LockFor)) {
			t.Errorf("locked until %v, want %v", u, t0.Add(testPolicy.LockFor))
		}
	})
}

func TestAnAddressIsLockedAfterLockAddressAfterFailuresWhateverTheEmail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		th := auth.NewThrottle(db.Ent, testPolicy, newClock().Now)
		const ip = "203.0.113.5"
		for i := 0; i < testPolicy.LockAddressAfter-1; i++ {
			fail(t, th, fmt.Sprintf("guess%d@example.ma", i), ip)
		}
		if u := lockedUntil(t, th, "fresh@example.ma", ip); !u.IsZero() {
			t.Fatalf("address locked after %d failures", testPolicy.LockAddressAfter-1)
		}
		fail(t, th, "last-guess@example.ma", ip)
		if u := lockedUntil(t, th, "fresh@example.ma", ip); !u.Equal(t0.Add(testPolicy.LockFor)) {
			t.Errorf("address lock until %v, want %v", u, t0.Add(testPolicy.LockFor))
		}
		if u := lockedUntil(t, th, "fresh@example.ma", "198.51.100.1"); !u.IsZero() {
			t.Errorf("another address is locked too (until %v)", u)
		}
	})
}

func TestFailuresOlderThanTheWindowAreForgotten(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		clk := newClock()
		th := auth.NewThrottle(db.Ent, testPolicy, clk.Now)
		for i := 0; i < testPolicy.LockAccountAfter-1; i++ {
			fail(t, th, "salma@example.ma", fmt.Sprintf("203.0.113.%d", i))
		}
		clk.Advance(testPolicy.Window + time.Second)
		// A new window: the count starts again from one.
		if d := fail(t, th, "salma@example.ma", "203.0.113.50"); d != 0 {
			t.Errorf("first failure of a new window waits %v", d)
		}
		if u := lockedUntil(t, th, "salma@example.ma", "198.51.100.1"); !u.IsZero() {
			t.Fatalf("locked by failures from an old window (until %v)", u)
		}
		for i := 0; i < testPolicy.LockAccountAfter-2; i++ {
			fail(t, th, "salma@example.ma", fmt.Sprintf("203.0.113.%d", 60+i))
		}
		if u := lockedUntil(t, th, "salma@example.ma", "198.51.100.1"); !u.IsZero() {
			t.Fatalf("locked after %d failures in the new window", testPolicy.LockAccountAfter-1)
		}
		fail(t, th, "salma@example.ma", "203.0.113.70")
		if u := lockedUntil(t, th, "salma@example.ma", "198.51.100.1"); u.IsZero() {
			t.Fatal("not locked after LockAccountAfter failures in the new window")
		}
	})
}

func TestSuccessResetsTheEmailCountButNotTheAddressCount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		th := auth.NewThrottle(db.Ent, testPolicy, newClock().Now)
		const ip = "203.0.113.5"
		for i := 0; i < 4; i++ {
			fail(t, th, "salma@example.ma", ip)
		}
		if err := th.Succeed(ctx, "Salma@Example.ma"); err != nil {
			t.Fatal(err)
		}
		// Four more: the email is at 4 (< 5) again, the address at 8.
		for i := 0; i < 4; i++ {
			if d := fail(t, th, "salma@example.ma", ip); i < 3 && d != 0 {
				t.Errorf("failure %d after a success waits %v; the email count should have restarted", i+1, d)
			}
		}
		if u := lockedUntil(t, th, "salma@example.ma", "198.51.100.1"); !u.IsZero() {
			t.Errorf("email locked (until %v): the success should have reset its count", u)
		}
		if u := lockedUntil(t, th, "other@example.ma", ip); u.IsZero() {
			t.Error("address not locked: a success must not reset the address count")
		}
	})
}

func TestPurgeStaleForgetsOnlyCountersWhoseWindowAndLockAreOver(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		clk := newClock()
		p := testPolicy
		p.LockFor = time.Hour // longer than the window
		th := auth.NewThrottle(db.Ent, p, clk.Now)
		for i := 0; i < p.LockAccountAfter; i++ { // locks email:locked@…
			fail(t, th, "locked@example.ma", fmt.Sprintf("203.0.113.%d", i))
		}
		fail(t, th, "once@example.ma", "198.51.100.1")
		clk.Advance(p.Window + time.Minute)
		fail(t, th, "recent@example.ma", "198.51.100.2")
		if _, err := th.PurgeStale(ctx); err != nil {
			t.Fatal(err)
		}
		keys, err := db.Ent.SignInThrottle.Query().Select(signinthrottle.FieldKey).Strings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, k := range keys {
			have[k] = true
		}
		for _, k := range []string{"email:locked@example.ma", "email:recent@example.ma", "ip:198.51.100.2"} {
			if !have[k] {
				t.Errorf("PurgeStale deleted %s, which is still in use", k)
			}
		}
		for _, k := range []string{"email:once@example.ma", "ip:198.51.100.1"} {
			if have[k] {
				t.Errorf("PurgeStale kept %s, whose window is over", k)
			}
		}
		if u := lockedUntil(t, th, "locked@example.ma", "192.0.2.1"); u.IsZero() {
			t.Error("the purge lifted a lock in force")
		}
	})
}

// A lock must last its full time even if the server's clock reports another
// UTC offset meanwhile (Morocco moves between +01 and +00 around Ramadan).
func TestALockHoldsWhateverTheClocksTimeZone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		clk := newClock()
		th := auth.NewThrottle(db.Ent, testPolicy, clk.Now)
		for i := 0; i < testPolicy.LockAccountAfter; i++ {
			fail(t, th, "salma@example.ma", "203.0.113.1") // locked 10:00Z → 10:10Z
		}
		clk.Advance(5 * time.Minute)
		casablanca := time.FixedZone("+01", 3600)
		shifted := auth.NewThrottle(db.Ent, testPolicy, func() time.Time { return clk.Now().In(casablanca) })
		if u := lockedUntil(t, shifted, "salma@example.ma", "198.51.100.1"); !u.Equal(t0.Add(testPolicy.LockFor)) {
			t.Errorf("at 10:05Z (11:05+01) the lock reads as %v, want until %v", u, t0.Add(testPolicy.LockFor))
		}
	})
}
