package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/internal/database"
)

// Handler does the work of one kind of job. Returning an error retries the
// job later, unless the error is Permanent.
type Handler func(ctx context.Context, j *ent.Job) error

// BatchHandler does the work of several jobs of one kind at once (mail goes
// out over one SMTP connection). It returns one error per job, in order.
type BatchHandler func(ctx context.Context, js []*ent.Job) []error

// permanentError marks a failure that retrying cannot cure.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent wraps an error so that the job fails at once instead of being
// retried (an address the mail server refuses, a payload that cannot be
// read).
func Permanent(err error) error { return permanentError{err} }

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Worker runs due jobs. Every app instance runs one; the lease taken on each
// job keeps two workers from running it at once.
type Worker struct {
	db    *database.DB
	log   *slog.Logger
	batch map[string]BatchHandler
	daily []string
	// lanes are the kinds of long jobs that run apart from the others,
	// each with how many may run at once on this instance.
	lanes   map[string]int
	queue   *Queue
	running sync.WaitGroup
	// lastSchedule is when Run last enqueued the daily jobs.
	lastSchedule time.Time

	// Now is the clock, in UTC.
	Now func() time.Time
	// Lease is how long a job is reserved for the worker that took it;
	// after that another worker may take it over.
	Lease time.Duration
	// Poll is how often an idle worker looks for due jobs.
	Poll time.Duration
	// BatchSize is how many jobs one round takes at most.
	BatchSize int
	// Backoff says how long to wait before the next try after the n-th
	// failed attempt (n ≥ 1).
	Backoff func(attempt int) time.Duration
}

// NewWorker returns a worker with production settings.
func NewWorker(db *database.DB, log *slog.Logger) *Worker {
	return &Worker{
		db: db, log: log, batch: map[string]BatchHandler{}, lanes: map[string]int{}, queue: NewQueue(db.Ent),
		Now:       func() time.Time { return time.Now().UTC() },
		Lease:     5 * time.Minute,
		Poll:      time.Second,
		BatchSize: 50,
		Backoff:   ExponentialBackoff(15*time.Second, 2*time.Hour),
	}
}

// ExponentialBackoff doubles the wait after each failure, from base up to
// max.
func ExponentialBackoff(base, max time.Duration) func(int) time.Duration {
	return func(attempt int) time.Duration {
		d := time.Duration(float64(base) * math.Pow(2, float64(attempt-1)))
		if d > max || d <= 0 {
			return max
		}
		return d
	}
}

// Handle registers the handler of a kind of job.
func (w *Worker) Handle(kind string, h Handler) {
	w.batch[kind] = func(ctx context.Context, js []*ent.Job) []error {
		errs := make([]error, len(js))
		for i, j := range js {
			errs[i] = h(ctx, j)
		}
		return errs
	}
}

// HandleApart registers the handler of a kind of long job (a roster
// import) that runs apart from the others: at most concurrency of them at
// once on this instance, each on its own, so that they neither hold up the
// mail nor wait behind it. The queue keeps the others waiting, durably.
func (w *Worker) HandleApart(kind string, concurrency int, h Handler) {
	w.Handle(kind, h)
	w.lanes[kind] = max(concurrency, 1)
}

// HandleBatch registers a handler that takes several jobs of a kind at once.
func (w *Worker) HandleBatch(kind string, h BatchHandler) { w.batch[kind] = h }

// Daily registers a handler run once a day, by whichever instance gets
// there first: the job's unique key is the kind and the date.
func (w *Worker) Daily(kind string, h Handler) {
	w.Handle(kind, h)
	w.daily = append(w.daily, kind)
}

// ScheduleDaily enqueues today's run of every daily job that is not
// enqueued yet. Run calls it every minute; it is idempotent.
func (w *Worker) ScheduleDaily(ctx context.Context) error {
	now := w.Now()
	for _, kind := range w.daily {
		key := kind + ":" + now.Format(time.DateOnly)
		if _, err := w.queue.Enqueue(ctx, kind, map[string]string{"day": now.Format(time.DateOnly)}, Options{UniqueKey: key, RunAt: now}); err != nil {
			return err
		}
	}
	return nil
}

// Run works until ctx is cancelled, then waits for the round in progress.
func (w *Worker) Run(ctx context.Context) {
	var lanes sync.WaitGroup
	var apart []string
	for kind, n := range w.lanes {
		apart = append(apart, kind)
		for range n {
			lanes.Go(func() { w.runLane(ctx, kind) })
		}
	}
	others := job.KindNotIn(apart...)
	for {
		if w.Now().Sub(w.lastSchedule) >= time.Minute {
			if err := w.ScheduleDaily(ctx); err != nil && ctx.Err() == nil {
				w.log.Warn("schedule daily jobs", "err", err)
			}
			w.lastSchedule = w.Now()
		}
		n, err := w.runRound(ctx, others, w.BatchSize)
		if err != nil && ctx.Err() == nil {
			w.log.Warn("job queue", "err", err)
		}
		if n > 0 && err == nil {
			continue // there may be more
		}
		select {
		case <-ctx.Done():
			lanes.Wait()
			w.running.Wait()
			return
		case <-time.After(w.Poll):
		}
	}
}

// runLane runs the jobs of one kind registered with HandleApart, one at a
// time, until ctx is cancelled.
func (w *Worker) runLane(ctx context.Context, kind string) {
	for {
		n, err := w.runRound(ctx, job.Kind(kind), 1)
		if err != nil && ctx.Err() == nil {
			w.log.Warn("job queue", "kind", kind, "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(w.Poll):
		}
	}
}

// RunOnce leases up to BatchSize due jobs of any kind, runs them and
// records the outcome. It returns how many jobs it ran.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	return w.runRound(ctx, nil, w.BatchSize)
}

// runRound leases up to limit due jobs that match only (any job if nil),
// runs them and records the outcome.
func (w *Worker) runRound(ctx context.Context, only predicate.Job, limit int) (int, error) {
	w.running.Add(1)
	defer w.running.Done()
	lease, err := newLease()
	if err != nil {
		return 0, err
	}
	js, err := w.claim(ctx, lease, only, limit)
	if err != nil || len(js) == 0 {
		return 0, err
	}
	// The lease is renewed while the batch runs, however long it takes,
	// so that no other worker takes these jobs meanwhile.
	stop := make(chan struct{})
	renewed := make(chan struct{})
	go w.renewLease(ctx, lease, stop, renewed)
	defer func() { close(stop); <-renewed }()
	byKind := map[string][]*ent.Job{}
	var kinds []string
	for _, j := range js {
		if _, seen := byKind[j.Kind]; !seen {
			kinds = append(kinds, j.Kind)
		}
		byKind[j.Kind] = append(byKind[j.Kind], j)
	}
	for _, kind := range kinds {
		group := byKind[kind]
		errs := w.runBatch(ctx, kind, group)
		for i, j := range group {
			if err := w.finish(ctx, j, lease, errs[i]); err != nil {
				return len(js), err
			}
		}
	}
	return len(js), nil
}

func (w *Worker) runBatch(ctx context.Context, kind string, group []*ent.Job) (errs []error) {
	h, ok := w.batch[kind]
	if !ok {
		errs = make([]error, len(group))
		for i := range errs {
			errs[i] = Permanent(fmt.Errorf("no handler for job kind %q", kind))
		}
		return errs
	}
	defer func() {
		// A panicking handler fails its batch, to be retried, instead of
		// taking the server down.
		if p := recover(); p != nil {
			w.log.Error("job handler panicked", "kind", kind, "panic", p, "stack", string(debug.Stack()))
			errs = make([]error, len(group))
			for i := range errs {
				errs[i] = fmt.Errorf("handler panicked: %v", p)
			}
		}
	}()
	errs = h(ctx, group)
	if len(errs) != len(group) {
		panic(fmt.Sprintf("job handler %q returned %d results for %d jobs", kind, len(errs), len(group)))
	}
	return errs
}

// renewLease pushes back the end of a lease every third of its length
// until stop is closed.
func (w *Worker) renewLease(ctx context.Context, lease string, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(w.Lease / 3)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			// The plain client: the lease is the worker's, never part of
			// the job's own work.
			if _, err := w.db.Ent.Job.Update().Where(job.Lease(lease), job.StatusEQ(job.StatusRunning)).
				SetLockedUntil(w.Now().Add(w.Lease)).Save(context.WithoutCancel(ctx)); err != nil {
				w.log.Warn("renew job lease", "err", err)
			}
		}
	}
}

// claim leases due jobs: pending ones whose time has come, and running ones
// whose lease has expired (their worker died). The update re-checks the
// condition, so two workers racing for a job cannot both get it.
func (w *Worker) claim(ctx context.Context, lease string, only predicate.Job, limit int) ([]*ent.Job, error) {
	now := w.Now()
	due := job.Or(
		job.And(job.StatusEQ(job.StatusPending), job.RunAtLTE(now)),
		job.And(job.StatusEQ(job.StatusRunning), job.LockedUntilLT(now)),
	)
	if only != nil {
		due = job.And(due, only)
	}
	var out []*ent.Job
	err := database.WithTx(ctx, w.db.Ent, func(ctx context.Context) error {
		db := database.Client(ctx, w.db.Ent)
		q := db.Job.Query().Where(due).Order(ent.Asc(job.FieldRunAt), ent.Asc(job.FieldID)).Limit(limit)
		if w.db.Target.Dialect == database.Postgres {
			// Rows another worker is leasing right now are skipped, not
			// waited for.
			q = q.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
		}
		ids, err := q.IDs(ctx)
		if err != nil || len(ids) == 0 {
			return err
		}
		if _, err := db.Job.Update().Where(job.IDIn(ids...), due).
			SetStatus(job.StatusRunning).SetLease(lease).SetLockedUntil(now.Add(w.Lease)).AddAttempts(1).
			Save(ctx); err != nil {
			return err
		}
		out, err = db.Job.Query().Where(job.Lease(lease), job.StatusEQ(job.StatusRunning)).
			Order(ent.Asc(job.FieldRunAt), ent.Asc(job.FieldID)).All(ctx)
		return err
	})
	return out, err
}

// finish records a job's outcome, if the worker still holds its lease.
func (w *Worker) finish(ctx context.Context, j *ent.Job, lease string, runErr error) error {
	// The outcome is recorded even when ctx is being cancelled by a
	// shutdown: the work is done and must not be done again.
	ctx = context.WithoutCancel(ctx)
	now := w.Now()
	// The plain client: the outcome is the worker's bookkeeping, written
	// beside whatever the job did.
	u := w.db.Ent.Job.Update().Where(job.ID(j.ID), job.Lease(lease), job.StatusEQ(job.StatusRunning))
	switch {
	case runErr == nil:
		u = u.SetStatus(job.StatusDone).SetFinishedAt(now).SetLease("").ClearLockedUntil()
	case IsPermanent(runErr) || j.Attempts >= j.MaxAttempts:
		w.log.Warn("job failed", "id", j.ID, "kind", j.Kind, "attempts", j.Attempts, "err", runErr)
		u = u.SetStatus(job.StatusFailed).SetFinishedAt(now).SetLastError(runErr.Error()).SetLease("").ClearLockedUntil()
	default:
		next := now.Add(w.Backoff(j.Attempts))
		w.log.Info("job will be retried", "id", j.ID, "kind", j.Kind, "attempts", j.Attempts, "at", next, "err", runErr)
		u = u.SetStatus(job.StatusPending).SetRunAt(next).SetLastError(runErr.Error()).SetLease("").ClearLockedUntil()
	}
	n, err := u.Save(ctx)
	if err == nil && n == 0 {
		// The lease expired and another worker took the job over; its
		// outcome is the one that counts.
		w.log.Warn("job lease lost", "id", j.ID, "kind", j.Kind)
	}
	return err
}

func newLease() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Kinds lists the kinds of job this worker handles, sorted.
func (w *Worker) Kinds() []string {
	kinds := make([]string, 0, len(w.batch))
	for k := range w.batch {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}
