package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/testdb"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// clock is a settable clock shared by a queue and its workers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func setup(db *database.DB) (*jobs.Queue, *jobs.Worker, *clock) {
	c := &clock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	q := jobs.NewQueue(db.Ent)
	q.Now = c.Now
	w := jobs.NewWorker(db, quiet)
	w.Now = c.Now
	return q, w, c
}

func TestAJobIsEnqueuedWithTheTransactionOrNotAtAll(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		q, _, _ := setup(db)
		failure := errors.New("the change failed")
		err := database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			if _, err := q.Enqueue(ctx, "mail.send", map[string]int{"id": 1}, jobs.Options{}); err != nil {
				return err
			}
			return failure
		})
		if !errors.Is(err, failure) || db.Ent.Job.Query().CountX(ctx) != 0 {
			t.Fatalf("a rolled-back change left its job: %v", err)
		}
		err = database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			_, err := q.Enqueue(ctx, "mail.send", map[string]int{"id": 2}, jobs.Options{})
			return err
		})
		if err != nil || db.Ent.Job.Query().CountX(ctx) != 1 {
			t.Fatalf("a committed change lost its job: %v", err)
		}
	})
}

func TestAUniqueKeyEnqueuesOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		q, w, c := setup(db)
		w.Daily("daily", func(context.Context, *ent.Job) error { return nil })
		for range 3 {
			if err := w.ScheduleDaily(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := db.Ent.Job.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d daily jobs for one day", n)
		}
		// In a transaction too: the conflict must not abort it.
		err := database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			j, err := q.Enqueue(ctx, "daily", nil, jobs.Options{UniqueKey: "daily:2026-11-28"})
			if j != nil {
				t.Error("a duplicate was created")
			}
			if err != nil {
				return err
			}
			_, err = database.Client(ctx, db.Ent).Job.Query().Count(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		c.Add(24 * time.Hour)
		if err := w.ScheduleDaily(ctx); err != nil {
			t.Fatal(err)
		}
		if n := db.Ent.Job.Query().CountX(ctx); n != 2 {
			t.Fatalf("%d daily jobs after two days", n)
		}
	})
}

func TestJobsRunAndFailuresAreRetriedWithBackoffThenFailed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		q, w, c := setup(db)
		w.Backoff = jobs.ExponentialBackoff(time.Minute, time.Hour)
		var calls int
		w.Handle("flaky", func(context.Context, *ent.Job) error { calls++; return errors.New("server busy") })
		w.Handle("fine", func(context.Context, *ent.Job) error { return nil })
		flaky, _ := q.Enqueue(ctx, "flaky", nil, jobs.Options{MaxAttempts: 3})
		fine, _ := q.Enqueue(ctx, "fine", nil, jobs.Options{})

		if n, err := w.RunOnce(ctx); n != 2 || err != nil {
			t.Fatalf("first round: %d %v", n, err)
		}
		if got := db.Ent.Job.GetX(ctx, fine.ID); got.Status != job.StatusDone || got.FinishedAt == nil {
			t.Fatalf("fine job: %s", got.Status)
		}
		got := db.Ent.Job.GetX(ctx, flaky.ID)
		if got.Status != job.StatusPending || got.LastError != "server busy" || !got.RunAt.Equal(c.Now().Add(time.Minute)) {
			t.Fatalf("after one failure: %s %q %s", got.Status, got.LastError, got.RunAt)
		}
		// Not due yet: nothing runs.
		if n, _ := w.RunOnce(ctx); n != 0 {
			t.Fatal("a job ran before its backoff")
		}
		c.Add(time.Minute)
		w.RunOnce(ctx)
		if got := db.Ent.Job.GetX(ctx, flaky.ID); !got.RunAt.Equal(c.Now().Add(2 * time.Minute)) {
			t.Fatalf("second backoff: %s", got.RunAt.Sub(c.Now()))
		}
		c.Add(2 * time.Minute)
		w.RunOnce(ctx)
		got = db.Ent.Job.GetX(ctx, flaky.ID)
		if got.Status != job.StatusFailed || got.Attempts != 3 || calls != 3 {
			t.Fatalf("after the last attempt: %s, %d attempts, %d calls", got.Status, got.Attempts, calls)
		}

		// An administrator retries it; it runs again.
		if err := q.Retry(ctx, flaky.ID); err != nil {
			t.Fatal(err)
		}
		w.Handle("flaky", func(context.Context, *ent.Job) error { return nil })
		w.RunOnce(ctx)
		if got := db.Ent.Job.GetX(ctx, flaky.ID); got.Status != job.StatusDone {
			t.Fatalf("after retry: %s", got.Status)
		}
		if err := q.Retry(ctx, fine.ID); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("retrying a done job: %v", err)
		}
		if err := q.Retry(ctx, 999999); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("retrying no job: %v", err)
		}
	})
}

func TestPermanentErrorsUnknownKindsAndPanicsAreHandled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		q, w, _ := setup(db)
		w.Handle("refused", func(context.Context, *ent.Job) error {
			return jobs.Permanent(errors.New("550 no such mailbox"))
		})
		w.Handle("panics", func(context.Context, *ent.Job) error { panic("bug") })
		refused, _ := q.Enqueue(ctx, "refused", nil, jobs.Options{})
		unknown, _ := q.Enqueue(ctx, "nobody.handles.this", nil, jobs.Options{})
		panics, _ := q.Enqueue(ctx, "panics", nil, jobs.Options{})
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if got := db.Ent.Job.GetX(ctx, refused.ID); got.Status != job.StatusFailed || got.Attempts != 1 || got.LastError != "550 no such mailbox" {
			t.Fatalf("permanent error: %s after %d, %q", got.Status, got.Attempts, got.LastError)
		}
		if got := db.Ent.Job.GetX(ctx, unknown.ID); got.Status != job.StatusFailed {
			t.Fatalf("unknown kind: %s", got.Status)
		}
		if got := db.Ent.Job.GetX(ctx, panics.ID); got.Status != job.StatusPending || got.LastError != "handler panicked: bug" {
			t.Fatalf("panic: %s %q", got.Status, got.LastError)
		}
		counts, _ := q.Counts(ctx)
		if counts[job.StatusFailed] != 2 || counts[job.StatusPending] != 1 {
			t.Fatalf("counts %v", counts)
		}
	})
}

func TestAJobLeftByADeadWorkerIsTakenOverWhenItsLeaseExpires(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		q, dead, c := setup(db)
		j, _ := q.Enqueue(ctx, "mail.send", nil, jobs.Options{})
		taken, deadLease, err := dead.Claim(ctx)
		if err != nil || len(taken) != 1 {
			t.Fatalf("claim: %v %d", err, len(taken))
		}
		_, alive, _ := setup(db)
		alive.Now = c.Now
		var ran int
		alive.Handle("mail.send", func(context.Context, *ent.Job) error { ran++; return nil })
		if n, _ := alive.RunOnce(ctx); n != 0 {
			t.Fatal("a leased job was taken before its lease expired")
		}
		c.Add(dead.Lease + time.Second)
		if n, _ := alive.RunOnce(ctx); n != 1 || ran != 1 {
			t.Fatalf("after the lease: %d run", ran)
		}
		// The dead worker's late report changes nothing.
		if err := dead.Finish(ctx, taken[0], deadLease, errors.New("late")); err != nil {
			t.Fatal(err)
		}
		if got := db.Ent.Job.GetX(ctx, j.ID); got.Status != job.StatusDone || got.Attempts != 2 {
			t.Fatalf("job: %s after %d attempts", got.Status, got.Attempts)
		}
	})
}

func TestConcurrentWorkersRunEachJobExactlyOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		q := jobs.NewQueue(db.Ent)
		const total = 300
		for i := range total {
			if _, err := q.Enqueue(ctx, "count", i, jobs.Options{}); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		seen := map[int]int{}
		var done atomic.Int64
		var wg sync.WaitGroup
		for range 4 {
			w := jobs.NewWorker(db, quiet)
			w.BatchSize = 7
			w.Handle("count", func(_ context.Context, j *ent.Job) error {
				mu.Lock()
				seen[j.ID]++
				mu.Unlock()
				done.Add(1)
				return nil
			})
			wg.Add(1)
			go func() {
				defer wg.Done()
				for done.Load() < total {
					if _, err := w.RunOnce(ctx); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if len(seen) != total {
			t.Fatalf("%d of %d jobs ran", len(seen), total)
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("job %d ran %d times", id, n)
			}
		}
		if n := db.Ent.Job.Query().Where(job.StatusEQ(job.StatusDone)).CountX(ctx); n != total {
			t.Fatalf("%d done", n)
		}
	})
}

func TestALongJobKeepsItsLease(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		q := jobs.NewQueue(db.Ent)
		if _, err := q.Enqueue(ctx, "slow", nil, jobs.Options{}); err != nil {
			t.Fatal(err)
		}
		var runs atomic.Int64
		slow := func(context.Context, *ent.Job) error { runs.Add(1); time.Sleep(1200 * time.Millisecond); return nil }
		a, b := jobs.NewWorker(db, quiet), jobs.NewWorker(db, quiet)
		for _, w := range []*jobs.Worker{a, b} {
			w.Lease = 300 * time.Millisecond
			w.Handle("slow", slow)
		}
		done := make(chan struct{})
		go func() { a.RunOnce(ctx); close(done) }()
		// Well past the first lease, the job is still taken.
		for range 8 {
			time.Sleep(100 * time.Millisecond)
			if n, err := b.RunOnce(ctx); err != nil || n != 0 {
				t.Fatalf("another worker took a running job: %d %v", n, err)
			}
		}
		<-done
		if runs.Load() != 1 {
			t.Fatalf("ran %d times", runs.Load())
		}
		if j := db.Ent.Job.Query().OnlyX(ctx); j.Status != job.StatusDone {
			t.Fatalf("status %s", j.Status)
		}
	})
}
