// Package ratelimit counts uses of something limited per key and window
// (applications per client address, per email) in the database, so that
// every app instance counts against the same limit and a restart forgets
// nothing.
package ratelimit

import (
	"context"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/ratecounter"
	"github.com/omsn/majlis/internal/database"
)

// Limit is at most Max uses per Window.
type Limit struct {
	Max    int
	Window time.Duration
}

// Limiter counts uses in the rate_counters table.
type Limiter struct {
	db *ent.Client
	// Now is the clock, in UTC.
	Now func() time.Time
}

// New returns a limiter on the database.
func New(db *ent.Client, now func() time.Time) *Limiter { return &Limiter{db: db, Now: now} }

// Take counts one use for key and reports whether it is within the limit.
// It joins the transaction ctx carries, if any (a use whose transaction
// rolls back is not counted), else runs in its own. The increment is one
// atomic statement, so uses counted at once on several instances are all
// counted.
func (l *Limiter) Take(ctx context.Context, key string, lim Limit) (bool, error) {
	var uses int
	// In a transaction, the upsert's row lock makes the count read back
	// this use's own, not one raised meanwhile by another.
	err := database.WithTx(ctx, l.db, func(ctx context.Context) error {
		db := database.Client(ctx, l.db)
		now := l.Now().UTC()
		// A window that is over starts again from this use.
		if _, err := db.RateCounter.Delete().
			Where(ratecounter.Key(key), ratecounter.WindowStartedAtLTE(now.Add(-lim.Window))).Exec(ctx); err != nil {
			return err
		}
		err := db.RateCounter.Create().SetKey(key).SetUses(1).SetWindowStartedAt(now).
			OnConflictColumns(ratecounter.FieldKey).
			Update(func(u *ent.RateCounterUpsert) { u.AddUses(1) }).
			Exec(ctx)
		if err != nil {
			return err
		}
		row, err := db.RateCounter.Query().Where(ratecounter.Key(key)).Only(ctx)
		if err != nil {
			return err
		}
		uses = row.Uses
		return nil
	})
	if err != nil {
		return false, err
	}
	return uses <= lim.Max, nil
}

// PurgeOlderThan deletes the counters whose window started before age ago:
// pass the longest window in use.
func (l *Limiter) PurgeOlderThan(ctx context.Context, age time.Duration) (int, error) {
	return database.Client(ctx, l.db).RateCounter.Delete().Where(ratecounter.WindowStartedAtLT(l.Now().UTC().Add(-age))).Exec(ctx)
}
