package auth_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
)

// t0 is the moment every test clock starts at. Whole seconds, so that
// PostgreSQL's microsecond precision changes nothing.
var t0 = time.Date(2026, time.March, 2, 10, 0, 0, 0, time.UTC)

// clock is a test clock that only moves when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var fastHasher = auth.NewHasher(auth.FastHashParams)

const goodPassword = "correct horse battery"

// newUser stores an enabled account with goodPassword.
func newUser(t *testing.T, db *database.DB, email string) *ent.User {
	t.Helper()
	hash, err := fastHasher.Hash(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.Ent.User.Create().SetEmail(email).SetPasswordHash(hash).Save(context.Background())
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func disable(t *testing.T, db *database.DB, u *ent.User) {
	t.Helper()
	if err := db.Ent.User.UpdateOneID(u.ID).SetDisabled(true).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func sessionCount(t *testing.T, db *database.DB) int {
	t.Helper()
	n, err := db.Ent.Session.Query().Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
