package jobs_test

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/testdb"
)

func TestAFailingDailyStepIsRetriedAloneAndTheOthersRun(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		_, w, c := setup(db)
		w.Backoff = jobs.ExponentialBackoff(time.Minute, time.Hour)
		var ran []string
		var days []time.Time
		broken := true
		step := func(name string) jobs.DailyStep {
			return func(_ context.Context, day time.Time) (int, error) {
				ran = append(ran, name)
				days = append(days, day)
				if name == "second" && broken {
					return 0, errors.New("database away")
				}
				return 1, nil
			}
		}
		var d jobs.Daily
		for _, name := range []string{"first", "second", "third"} {
			d.Register(name, step(name))
		}
		w.RunDaily(&d)
		if err := w.ScheduleDaily(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ran, []string{"first", "second", "third"}) {
			t.Fatalf("steps run: %v, want all three in order", ran)
		}
		for _, day := range days {
			if day.Format(time.DateOnly) != "2026-11-28" {
				t.Fatalf("step run for %v", day)
			}
		}
		failed := db.Ent.Job.Query().Where(job.Kind(jobs.DailyKind("second"))).OnlyX(ctx)
		if failed.Status != job.StatusPending || failed.LastError != "daily step second: database away" {
			t.Fatalf("the failing step: %s %q", failed.Status, failed.LastError)
		}
		if n := db.Ent.Job.Query().Where(job.StatusEQ(job.StatusDone)).CountX(ctx); n != 2 {
			t.Fatalf("%d steps done, want the two that succeeded", n)
		}
		// Once the cause is gone, the failed step alone runs again.
		broken, ran = false, nil
		c.Add(2 * time.Minute)
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ran, []string{"second"}) {
			t.Fatalf("retry ran %v, want only the failed step", ran)
		}
		if n := db.Ent.Job.Query().Where(job.StatusEQ(job.StatusDone)).CountX(ctx); n != 3 {
			t.Fatalf("%d steps done after the retry", n)
		}
		// The same day is not scheduled twice.
		if err := w.ScheduleDaily(ctx); err != nil {
			t.Fatal(err)
		}
		if n := db.Ent.Job.Query().CountX(ctx); n != 3 {
			t.Fatalf("%d daily jobs for one day", n)
		}
	})
}

func TestADailyStepNameIsRegisteredOnce(t *testing.T) {
	var d jobs.Daily
	d.Register("x", func(context.Context, time.Time) (int, error) { return 0, nil })
	defer func() {
		if recover() == nil {
			t.Fatal("a second step named x was accepted")
		}
	}()
	d.Register("x", func(context.Context, time.Time) (int, error) { return 0, nil })
}

// A long job registered apart runs beside the others: it neither holds up
// the mail nor runs more than its concurrency at once.
func TestLongJobsRunApartFromTheOthersAndAtMostTheirConcurrencyAtOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		q := jobs.NewQueue(db.Ent)
		w := jobs.NewWorker(db, quiet)
		w.Poll = 10 * time.Millisecond
		release := make(chan struct{})
		var running, most, finished atomic.Int32
		w.HandleApart("long", 1, func(context.Context, *ent.Job) error {
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			<-release
			running.Add(-1)
			finished.Add(1)
			return nil
		})
		mailed := make(chan struct{}, 1)
		w.Handle("mail", func(context.Context, *ent.Job) error { mailed <- struct{}{}; return nil })
		for _, kind := range []string{"long", "long", "mail"} {
			if _, err := q.Enqueue(ctx, kind, nil, jobs.Options{}); err != nil {
				t.Fatal(err)
			}
		}
		stopped := make(chan struct{})
		go func() { w.Run(ctx); close(stopped) }()
		select {
		case <-mailed:
		case <-time.After(10 * time.Second):
			t.Fatal("the mail waited behind the long job")
		}
		for wait := time.Now().Add(10 * time.Second); running.Load() == 0; {
			if time.Now().After(wait) {
				t.Fatal("no long job started")
			}
			time.Sleep(10 * time.Millisecond)
		}
		// Time enough for a second one to start, were it allowed.
		time.Sleep(200 * time.Millisecond)
		if m := most.Load(); m != 1 {
			t.Fatalf("%d long jobs at once, want 1", m)
		}
		close(release)
		deadline := time.Now().Add(10 * time.Second)
		for finished.Load() < 2 {
			if time.Now().After(deadline) {
				t.Fatal("the long jobs did not all run")
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		<-stopped
		if n := db.Ent.Job.Query().Where(job.StatusEQ(job.StatusDone)).CountX(context.Background()); n != 3 {
			t.Fatalf("%d jobs done, want 3", n)
		}
	})
}
