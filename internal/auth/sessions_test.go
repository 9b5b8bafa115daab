package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/session"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

func newSessions(db *database.DB, clk *clock, idle, max time.Duration) *auth.Sessions {
	s := auth.NewSessions(db.Ent, idle, max)
	s.Now = clk.Now
	return s
}

func mustCreate(t *testing.T, s *auth.Sessions, userID int) string {
	t.Helper()
	tok, err := s.Create(context.Background(), userID, auth.Client{IP: "203.0.113.7", UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func mustResolve(t *testing.T, s *auth.Sessions, token string) {
	t.Helper()
	if _, err := s.Lookup(context.Background(), token); err != nil {
		t.Fatalf("live session does not resolve: %v", err)
	}
}

func mustNotResolve(t *testing.T, s *auth.Sessions, token string) {
	t.Helper()
	if sess, err := s.Lookup(context.Background(), token); !errors.Is(err, auth.ErrNoSession) {
		t.Fatalf("Lookup = %v, %v; want ErrNoSession", sess, err)
	}
}

func TestANewSessionResolvesToItsUserAndStoresOnlyATokenHash(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := newUser(t, db, "salma@example.ma")
		s := newSessions(db, newClock(), time.Hour, 24*time.Hour)
		tok := mustCreate(t, s, u.ID)
		if len(tok) < 40 {
			t.Errorf("token %q is too short to be unguessable", tok)
		}
		sess, err := s.Lookup(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if sess.Edges.User == nil || sess.Edges.User.ID != u.ID {
			t.Fatalf("session resolves to %+v, want user %d", sess.Edges.User, u.ID)
		}
		if sess.IP != "203.0.113.7" || sess.UserAgent != "test" {
			t.Errorf("session records ip %q agent %q", sess.IP, sess.UserAgent)
		}
		if !sess.ExpiresAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("expires at %v, want %v", sess.ExpiresAt, t0.Add(time.Hour))
		}
		n, err := db.Ent.Session.Query().Where(session.TokenHash(tok)).Count(ctx)
		if err != nil || n != 0 {
			t.Fatalf("the raw token is stored in the database (%d rows, %v)", n, err)
		}
		other := mustCreate(t, s, u.ID)
		if other == tok {
			t.Fatal("two sessions got the same token")
		}
	})
}

func TestLookupRejectsUnknownEmptyAndOverlongTokens(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		u := newUser(t, db, "salma@example.ma")
		s := newSessions(db, newClock(), time.Hour, 24*time.Hour)
		tok := mustCreate(t, s, u.ID)
		mustNotResolve(t, s, "")
		mustNotResolve(t, s, "not-a-token")
		mustNotResolve(t, s, tok+"x")
		mustNotResolve(t, s, strings.Repeat("A", 5000))
		mustResolve(t, s, tok)
	})
}

func TestASessionUnusedForTheIdleTimeEnds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		u := newUser(t, db, "salma@example.ma")
		clk := newClock()
		s := newSessions(db, clk, time.Hour, 24*time.Hour)
		tok := mustCreate(t, s, u.ID)

		// Used within the idle time, it stays and its deadline moves on.
		clk.Advance(50 * time.Minute)
		mustResolve(t, s, tok)
		clk.Advance(50 * time.Minute) // 100 min after sign-in, 50 after last use
		mustResolve(t, s, tok)

		// Then left alone for exactly the idle time, it is gone.
		clk.Advance(time.Hour)
		mustNotResolve(t, s, tok)
		if n := sessionCount(t, db); n != 0 {
			t.Errorf("expired session still stored (%d rows); it should be deleted on sight", n)
		}
		// Going back in time does not bring it back.
		clk.Advance(-2 * time.Hour)
		mustNotResolve(t, s, tok)
	})
}

func TestASessionEndsAtItsMaximumAgeEvenWhenInUse(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		u := newUser(t, db, "salma@example.ma")
		clk := newClock()
		s := newSessions(db, clk, time.Hour, 3*time.Hour)
		tok := mustCreate(t, s, u.ID)
		for i := 0; i < 5; i++ { // used every 35 minutes up to 2h55
			clk.Advance(35 * time.Minute)
			sess, err := s.Lookup(context.Background(), tok)
			if err != nil {
				t.Fatalf("after %v: %v", clk.Now().Sub(t0), err)
			}
			if sess.ExpiresAt.After(t0.Add(3 * time.Hour)) {
				t.Fatalf("deadline %v is past the maximum age", sess.ExpiresAt)
			}
		}
		clk.Advance(5 * time.Minute) // exactly 3h after sign-in
		mustNotResolve(t, s, tok)
	})
}

func TestLookupRecordsActivityAtMostOnceAMinute(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := newUser(t, db, "salma@example.ma")
		clk := newClock()
		s := newSessions(db, clk, time.Hour, 24*time.Hour)
		tok := mustCreate(t, s, u.ID)
		stored := func() (last, exp time.Time) {
			row, err := db.Ent.Session.Query().Only(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return row.LastSeenAt, row.ExpiresAt
		}

		clk.Advance(59 * time.Second)
		mustResolve(t, s, tok)
		if last, exp := stored(); !last.Equal(t0) || !exp.Equal(t0.Add(time.Hour)) {
			t.Fatalf("a lookup 59s after the last write changed the row: last %v exp %v", last, exp)
		}

		clk.Advance(time.Second)
		mustResolve(t, s, tok)
		want := t0.Add(time.Minute)
		if last, exp := stored(); !last.Equal(want) || !exp.Equal(want.Add(time.Hour)) {
			t.Fatalf("a lookup a minute later did not record activity: last %v exp %v", last, exp)
		}

		clk.Advance(30 * time.Second)
		mustResolve(t, s, tok)
		if last, _ := stored(); !last.Equal(want) {
			t.Fatalf("a lookup 30s after the last write changed it again: %v", last)
		}
	})
}

func TestRevokingASessionEndsOnlyThatSession(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		u := newUser(t, db, "salma@example.ma")
		s := newSessions(db, newClock(), time.Hour, 24*time.Hour)
		a, b := mustCreate(t, s, u.ID), mustCreate(t, s, u.ID)
		if err := s.Revoke(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		mustNotResolve(t, s, a)
		mustResolve(t, s, b)
		// Revoking an unknown or already revoked token is harmless.
		if err := s.Revoke(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		if err := s.Revoke(context.Background(), ""); err != nil {
			t.Fatal(err)
		}
		mustResolve(t, s, b)
	})
}

func TestRevokingAllButTheCurrentSessionKeepsOnlyTheCurrentOne(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := newUser(t, db, "salma@example.ma")
		other := newUser(t, db, "youssef@example.ma")
		s := newSessions(db, newClock(), time.Hour, 24*time.Hour)
		current, old1, old2 := mustCreate(t, s, u.ID), mustCreate(t, s, u.ID), mustCreate(t, s, u.ID)
		bystander := mustCreate(t, s, other.ID)
		cur, err := s.Lookup(ctx, current)
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.RevokeAll(ctx, u.ID, cur.ID)
		if err != nil || n != 2 {
			t.Fatalf("RevokeAll = %d, %v; want 2 sessions ended", n, err)
		}
		mustResolve(t, s, current)
		mustNotResolve(t, s, old1)
		mustNotResolve(t, s, old2)
		mustResolve(t, s, bystander)

		// keepID 0 ends them all (sign out everywhere).
		if n, err := s.RevokeAll(ctx, u.ID, 0); err != nil || n != 1 {
			t.Fatalf("RevokeAll(keep none) = %d, %v; want 1", n, err)
		}
		mustNotResolve(t, s, current)
		mustResolve(t, s, bystander)
	})
}

func TestADisabledUsersSessionNoLongerResolves(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := newUser(t, db, "salma@example.ma")
		s := newSessions(db, newClock(), time.Hour, 24*time.Hour)
		tok := mustCreate(t, s, u.ID)
		mustResolve(t, s, tok)
		// Disabled directly, without going through the accounts service.
		disable(t, db, u)
		mustNotResolve(t, s, tok)
		list, err := s.List(ctx, u.ID)
		if err != nil || len(list) != 0 {
			t.Fatalf("List shows %d sessions of a disabled account (%v)", len(list), err)
		}
		// Re-enabling the account does not revive the session.
		if err := db.Ent.User.UpdateOneID(u.ID).SetDisabled(false).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		mustNotResolve(t, s, tok)
	})
}

func TestListShowsOnlyLiveSessionsMostRecentlyUsedFirst(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := newUser(t, db, "salma@example.ma")
		clk := newClock()
		s := newSessions(db, clk, time.Hour, 24*time.Hour)
		stale := mustCreate(t, s, u.ID)
		clk.Advance(40 * time.Minute)
		older := mustCreate(t, s, u.ID)
		clk.Advance(10 * time.Minute)
		newer := mustCreate(t, s, u.ID)
		clk.Advance(25 * time.Minute) // stale is now 75 min idle
		list, err := s.List(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("List returned %d sessions, want the 2 live ones", len(list))
		}
		n, o := mustID(t, s, newer), mustID(t, s, older)
		if list[0].ID != n || list[1].ID != o {
			t.Errorf("List order %d,%d; want newest-used %d first then %d", list[0].ID, list[1].ID, n, o)
		}
		_ = stale
	})
}

func mustID(t *testing.T, s *auth.Sessions, tok string) int {
	t.Helper()
	sess, err := s.Lookup(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	return sess.ID
}

func TestPurgeDeletesExpiredSessionsAndKeepsLiveOnes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := newUser(t, db, "salma@example.ma")
		clk := newClock()
		s := newSessions(db, clk, time.Hour, 24*time.Hour)
		mustCreate(t, s, u.ID)
		mustCreate(t, s, u.ID)
		clk.Advance(30 * time.Minute)
		live := mustCreate(t, s, u.ID)
		clk.Advance(30 * time.Minute) // the first two reach their deadline now
		n, err := s.PurgeExpired(ctx)
		if err != nil || n != 2 {
			t.Fatalf("PurgeExpired = %d, %v; want 2", n, err)
		}
		if c := sessionCount(t, db); c != 1 {
			t.Fatalf("%d sessions left, want 1", c)
		}
		mustResolve(t, s, live)
		if n, err := s.PurgeExpired(ctx); err != nil || n != 0 {
			t.Fatalf("second PurgeExpired = %d, %v; want 0", n, err)
		}
	})
}

// Servers in Morocco change UTC offset around Ramadan; the stored deadlines
// must be compared as instants, whatever zone the clock reports them in.
func TestSessionDeadlinesDoNotDependOnTheClocksTimeZone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := newUser(t, db, "salma@example.ma")
		clk := newClock()
		s := newSessions(db, clk, time.Hour, 24*time.Hour)
		tok := mustCreate(t, s, u.ID) // at 10:00Z, deadline 11:00Z
		casablanca := time.FixedZone("+01", 3600)
		clk.Advance(30 * time.Minute)
		s.Now = func() time.Time { return clk.Now().In(casablanca) } // 10:30Z shown as 11:30+01
		list, err := s.List(ctx, u.ID)
		if err != nil || len(list) != 1 {
			t.Errorf("List at 10:30Z shows %d sessions (%v); the session lives until 11:00Z", len(list), err)
		}
		if n, err := s.PurgeExpired(ctx); err != nil || n != 0 {
			t.Errorf("PurgeExpired at 10:30Z deleted %d sessions (%v); none has expired", n, err)
		}
		mustResolve(t, s, tok)
	})
}

// refuseSessionWrites makes the database refuse every change to sessions,
// as a failing database would.
func refuseSessionWrites(t *testing.T, db *database.DB) {
	t.Helper()
	stmts := []string{
		"CREATE TRIGGER sessions_frozen_u BEFORE UPDATE ON sessions BEGIN SELECT RAISE(ABORT, 'sessions frozen'); END",
		"CREATE TRIGGER sessions_frozen_d BEFORE DELETE ON sessions BEGIN SELECT RAISE(ABORT, 'sessions frozen'); END",
	}
	if db.Target.Dialect == database.Postgres {
		stmts = []string{
			"CREATE FUNCTION sessions_frozen() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'sessions frozen'; END $$ LANGUAGE plpgsql",
			"CREATE TRIGGER sessions_frozen BEFORE UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_frozen()",
		}
	}
	for _, q := range stmts {
		if _, err := db.SQL.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAFailedSessionWriteIsAnErrorNotAShorterOrLingeringSession(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		u := newUser(t, db, "salma@example.ma")
		clk := newClock()
		s := newSessions(db, clk, time.Hour, 24*time.Hour)
		tok := mustCreate(t, s, u.ID)
		refuseSessionWrites(t, db)
		clk.Advance(2 * time.Minute)
		if _, err := s.Lookup(context.Background(), tok); err == nil || errors.Is(err, auth.ErrNoSession) {
			t.Fatalf("activity not recorded, yet the lookup answered %v", err)
		}
		clk.Advance(2 * time.Hour)
		if _, err := s.Lookup(context.Background(), tok); err == nil || errors.Is(err, auth.ErrNoSession) {
			t.Fatalf("an ended session not deleted, yet the lookup answered %v", err)
		}
	})
}
