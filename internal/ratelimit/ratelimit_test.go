package ratelimit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/ratelimit"
	"github.com/omsn/majlis/internal/testdb"
)

func TestALimitHoldsPerKeyAndStartsAgainAfterItsWindow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
		l := ratelimit.New(db.Ent, func() time.Time { return now })
		lim := ratelimit.Limit{Max: 3, Window: time.Hour}
		for i := 1; i <= 5; i++ {
			ok, err := l.Take(ctx, "k:a", lim)
			if err != nil || ok != (i <= 3) {
				t.Fatalf("use %d: %v %v", i, ok, err)
			}
		}
		if ok, _ := l.Take(ctx, "k:b", lim); !ok {
			t.Fatal("another key was refused")
		}
		now = now.Add(time.Hour)
		if ok, _ := l.Take(ctx, "k:a", lim); !ok {
			t.Fatal("refused after the window")
		}
		if n, err := l.PurgeOlderThan(ctx, 30*time.Minute); err != nil || n != 1 {
			t.Fatalf("purged %d %v, want the old k:b", n, err)
		}
	})
}

func TestConcurrentUsesAreAllCounted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		l := ratelimit.New(db.Ent, func() time.Time { return time.Now().UTC() })
		lim := ratelimit.Limit{Max: 5, Window: time.Hour}
		var wg sync.WaitGroup
		var mu sync.Mutex
		allowed := 0
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := l.Take(context.Background(), "k:burst", lim)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if allowed != 5 {
			t.Fatalf("%d of 20 concurrent uses allowed, want 5", allowed)
		}
	})
}
