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
	LockPairAfter:    5,
	LockFor:          10 * time.Minute,
	SlowAfter:        3,
	AccountSlowAfter: 6,
	AddressSlowAfter: 8,
	BaseDelay:        time.Second,
	MaxDelay:         4 * time.Second,
}

func from(ip string) auth.Client { return auth.Client{IP: ip} }

func fail(t *testing.T, th *auth.Throttle, email, ip string) time.Duration {
	t.Helper()
	d, err := th.Fail(context.Background(), email, from(ip))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func lockedUntil(t *testing.T, th *auth.Throttle, email, ip string) time.Time {
	t.Helper()
	until, err := th.LockedUntil(context.Background(), email, from(ip))
	if err != nil {
		t.Fatal(err)
	}
	return until
}

func TestFailuresBeyondSlowAfterAreAnsweredEverMoreSlowly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		p := testPolicy
		p.LockPairAfter = 100
		th := auth.NewThrottle(db.Ent, p, newClock().Now)
		want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}
		for i, w := range want {
			if got := fail(t, th, "salma@example.ma", "203.0.113.1"); got != w {
				t.Errorf("failure %d: wait %v, want %v", i+1, got, w)
			}
		}
	})
}

func TestAnAccountIsLockedOnlyForTheClientThatFailed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		clk := newClock()
		th := auth.NewThrottle(db.Ent, testPolicy, clk.Now)
		const attacker = "203.0.113.66"
		// Failures come in different spellings of the email.
		spellings := []string{"salma@example.ma", "Salma@Example.MA", " salma@example.ma ", "SALMA@EXAMPLE.MA"}
		for i := 0; i < testPolicy.LockPairAfter-1; i++ {
			fail(t, th, spellings[i%len(spellings)], attacker)
			if u := lockedUntil(t, th, "salma@example.ma", attacker); !u.IsZero() {
				t.Fatalf("locked after only %d failures", i+1)
			}
		}
		fail(t, th, "salma@example.ma", attacker)
		if u := lockedUntil(t, th, "SALMA@example.ma", attacker); !u.Equal(t0.Add(testPolicy.LockFor)) {
			t.Errorf("the failing client: locked until %v, want %v", u, t0.Add(testPolicy.LockFor))
		}
		if u := lockedUntil(t, th, "salma@example.ma", "198.51.100.1"); !u.IsZero() {
			t.Errorf("the owner's client is locked too (until %v)", u)
		}
		if u := lockedUntil(t, th, "youssef@example.ma", attacker); !u.IsZero() {
			t.Errorf("another account is locked for the failing client (until %v)", u)
		}
		// The lock ends after LockFor.
		clk.Advance(testPolicy.LockFor)
		if u := lockedUntil(t, th, "salma@example.ma", attacker); !u.IsZero() {
			t.Errorf("still locked (until %v) after LockFor", u)
		}
	})
}

func TestFailuresFromManyClientsSlowTheAccountDownButNeverLockIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		th := auth.NewThrottle(db.Ent, testPolicy, newClock().Now)
		var waits []time.Duration
		for i := 0; i < 10; i++ {
			waits = append(waits, fail(t, th, "salma@example.ma", fmt.Sprintf("203.0.113.%d", i)))
		}
		want := []time.Duration{0, 0, 0, 0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}
		if fmt.Sprint(waits) != fmt.Sprint(want) {
			t.Errorf("failures from ten clients wait %v, want %v", waits, want)
		}
		if u := lockedUntil(t, th, "salma@example.ma", "198.51.100.1"); !u.IsZero() {
			t.Errorf("the account is locked for a new client (until %v)", u)
		}
	})
}

func TestFailuresFromOneAddressSlowItDownButNeverLockOtherAccounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		th := auth.NewThrottle(db.Ent, testPolicy, newClock().Now)
		const ip = "203.0.113.5"
		var last time.Duration
		for i := 0; i < 50; i++ {
			last = fail(t, th, fmt.Sprintf("guess%d@example.ma", i), ip)
		}
		if last != testPolicy.MaxDelay {
			t.Errorf("the 50th failure from one address waits %v, want %v", last, testPolicy.MaxDelay)
		}
		if u := lockedUntil(t, th, "admin@example.ma", ip); !u.IsZero() {
			t.Errorf("an account nobody guessed at is locked from that address (until %v)", u)
		}
	})
}

func TestFurtherFailuresDoNotExtendALock(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		clk := newClock()
		th := auth.NewThrottle(db.Ent, testPolicy, clk.Now)
		for i := 0; i < testPolicy.LockPairAfter; i++ {
			fail(t, th, "salma@example.ma", "203.0.113.1")
		}
		clk.Advance(time.Minute)
		fail(t, th, "salma@example.ma", "203.0.113.1")
		if u := lockedUntil(t, th, "salma@example.ma", "203.0.113.1"); !u.Equal(t0.Add(testPolicy.LockFor)) {
			t.Errorf("locked until %v, want %v", u, t0.Add(testPolicy.LockFor))
		}
	})
}

func TestFailuresOlderThanTheWindowAreForgotten(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		clk := newClock()
		th := auth.NewThrottle(db.Ent, testPolicy, clk.Now)
		const ip = "203.0.113.1"
		for i := 0; i < testPolicy.LockPairAfter-1; i++ {
			fail(t, th, "salma@example.ma", ip)
		}
		clk.Advance(testPolicy.Window + time.Second)
		// A new window: the count starts again from one.
		if d := fail(t, th, "salma@example.ma", ip); d != 0 {
			t.Errorf("first failure of a new window waits %v", d)
		}
		if u := lockedUntil(t, th, "salma@example.ma", ip); !u.IsZero() {
			t.Fatalf("locked by failures from an old window (until %v)", u)
		}
		for i := 0; i < testPolicy.LockPairAfter-2; i++ {
			fail(t, th, "salma@example.ma", ip)
		}
		if u := lockedUntil(t, th, "salma@example.ma", ip); !u.IsZero() {
			t.Fatalf("locked after %d failures in the new window", testPolicy.LockPairAfter-1)
		}
		fail(t, th, "salma@example.ma", ip)
		if u := lockedUntil(t, th, "salma@example.ma", ip); u.IsZero() {
			t.Fatal("not locked after LockPairAfter failures in the new window")
		}
	})
}

func TestSuccessForgetsTheAccountsFailuresButNotAllTheAddresss(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		th := auth.NewThrottle(db.Ent, testPolicy, newClock().Now)
		const ip = "203.0.113.5"
		for i := 0; i < 4; i++ {
			fail(t, th, "salma@example.ma", ip)
		}
		if _, err := th.Begin(ctx, "Salma@Example.ma", from(ip)); err != nil {
			t.Fatal(err)
		}
		if err := th.Succeed(ctx, "Salma@Example.ma", from(ip)); err != nil {
			t.Fatal(err)
		}
		// The pair and the account count from zero again; the address
		// keeps its four failures (the success's attempt was given back).
		keys := counts(t, db)
		if n, ok := keys["pair:salma@example.ma|ip:"+ip]; ok {
			t.Errorf("the pair still counts %d failures after a success", n)
		}
		if n, ok := keys["account:salma@example.ma"]; ok {
			t.Errorf("the account still counts %d failures after a success", n)
		}
		if n := keys["ip:"+ip]; n != 4 {
			t.Errorf("the address counts %d failures after a success, want 4", n)
		}
	})
}

func counts(t *testing.T, db *database.DB) map[string]int {
	t.Helper()
	rows, err := db.Ent.SignInThrottle.Query().All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, r := range rows {
		m[r.Key] = r.Failures
	}
	return m
}

func TestForgetLiftsEveryLockOfTheAccountAndNoOther(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		th := auth.NewThrottle(db.Ent, testPolicy, newClock().Now)
		for _, ip := range []string{"203.0.113.1", "203.0.113.2"} {
			for i := 0; i < testPolicy.LockPairAfter; i++ {
				fail(t, th, "salma@example.ma", ip)
				fail(t, th, "salma@example.mar", ip)
			}
		}
		if err := th.Forget(context.Background(), "SALMA@example.ma"); err != nil {
			t.Fatal(err)
		}
		for _, ip := range []string{"203.0.113.1", "203.0.113.2"} {
			if u := lockedUntil(t, th, "salma@example.ma", ip); !u.IsZero() {
				t.Errorf("from %s: still locked until %v after Forget", ip, u)
			}
			if u := lockedUntil(t, th, "salma@example.mar", ip); u.IsZero() {
				t.Errorf("from %s: Forget lifted the lock of another account", ip)
			}
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
		for i := 0; i < p.LockPairAfter; i++ { // locks pair:locked@…
			fail(t, th, "locked@example.ma", "203.0.113.9")
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
		for _, k := range []string{"pair:locked@example.ma|ip:203.0.113.9", "account:recent@example.ma", "ip:198.51.100.2"} {
			if !have[k] {
				t.Errorf("PurgeStale deleted %s, which is still in use", k)
			}
		}
		for _, k := range []string{"account:once@example.ma", "ip:198.51.100.1", "account:locked@example.ma"} {
			if have[k] {
				t.Errorf("PurgeStale kept %s, whose window is over", k)
			}
		}
		if u := lockedUntil(t, th, "locked@example.ma", "203.0.113.9"); u.IsZero() {
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
		for i := 0; i < testPolicy.LockPairAfter; i++ {
			fail(t, th, "salma@example.ma", "203.0.113.1") // locked 10:00Z → 10:10Z
		}
		clk.Advance(5 * time.Minute)
		casablanca := time.FixedZone("+01", 3600)
		shifted := auth.NewThrottle(db.Ent, testPolicy, func() time.Time { return clk.Now().In(casablanca) })
		if u := lockedUntil(t, shifted, "salma@example.ma", "203.0.113.1"); !u.Equal(t0.Add(testPolicy.LockFor)) {
			t.Errorf("at 10:05Z (11:05+01) the lock reads as %v, want until %v", u, t0.Add(testPolicy.LockFor))
		}
	})
}

func TestADeviceCookieIsProofOnlyForItsAccountAndOnlyIfSigned(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		th := auth.NewThrottle(db.Ent, testPolicy, newClock().Now)
		th.DeviceKey = []byte("a key of thirty-two bytes, or so")
		const shared = "10.0.0.1" // a proxy's address
		cookie, err := th.DeviceCookie("Salma@example.ma")
		if err != nil || cookie == "" {
			t.Fatalf("device cookie %q, %v", cookie, err)
		}
		for i := 0; i < testPolicy.LockPairAfter; i++ {
			fail(t, th, "salma@example.ma", shared)
		}
		check := func(name, email, device string, wantLocked bool) {
			t.Helper()
			u, err := th.LockedUntil(context.Background(), email, auth.Client{IP: shared, Device: device})
			if err != nil {
				t.Fatal(err)
			}
			if u.IsZero() == wantLocked {
				t.Errorf("%s: locked until %v, want locked %v", name, u, wantLocked)
			}
		}
		check("the owner's browser", "salma@example.ma", cookie, false)
		check("no cookie", "salma@example.ma", "", true)
		forged := cookie[:22] + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		check("a forged cookie", "salma@example.ma", forged, true)
		other, _ := th.DeviceCookie("youssef@example.ma")
		check("another account's cookie", "salma@example.ma", other, true)
		stranger := auth.NewThrottle(db.Ent, testPolicy, newClock().Now)
		stranger.DeviceKey = []byte("another key of thirty-two bytes.")
		mine, _ := stranger.DeviceCookie("salma@example.ma")
		check("a cookie signed with another key", "salma@example.ma", mine, true)
	})
}
