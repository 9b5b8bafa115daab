// Package jobs is Majlis's durable job queue: work that must not run inside
// a request (sending mail, the daily checks) is stored as a row of the
// application's own database, in the same transaction as the change that
// causes it, and run by workers in every app instance.
//
// Why a table of our own rather than River: a job must be enqueued in the
// Ent transaction of the use case that causes it ("approve the application
// and queue its mail, or neither"). River's drivers take a pgx or
// database/sql transaction, which Ent does not hand out; its SQLite driver
// is recent, and its schema would live outside our versioned migrations.
// The queue needs little: a conditional UPDATE leases due jobs (FOR UPDATE
// SKIP LOCKED on PostgreSQL; SQLite serialises writers anyway), a lease that
// expires hands a crashed worker's jobs to another, failures are retried
// with exponential backoff, and administrators see and retry failed jobs.
//
// Delivery is at least once: a worker that dies after doing a job's work
// but before marking it done leaves it to be run again when its lease
// expires, so handlers are written to be idempotent (a mail already sent is
// not sent again).
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
)

// Queue enqueues jobs and lets administrators look at them.
type Queue struct {
	db *ent.Client
	// Now is the clock, in UTC.
	Now func() time.Time
}

// NewQueue returns the queue on a database.
func NewQueue(db *ent.Client) *Queue {
	return &Queue{db: db, Now: func() time.Time { return time.Now().UTC() }}
}

// Options tune one job.
type Options struct {
	// RunAt delays the job; zero means now.
	RunAt time.Time
	// MaxAttempts bounds the retries; zero means DefaultMaxAttempts.
	MaxAttempts int
	// UniqueKey makes enqueueing idempotent: a second job with the same key
	// is not created, whoever enqueues it.
	UniqueKey string
}

// DefaultMaxAttempts is how many times a job is tried before it is failed:
// with the default backoff the last try comes about seven hours after the
// first, long enough to outlast a mail server's maintenance.
const DefaultMaxAttempts = 10

// Enqueue stores a job. If ctx carries a transaction (database.WithTx),
// the job is part of it: committed with the change that
// caused it, or rolled back with it. It returns the job, or nil when a job
// with the same UniqueKey exists already.
func (q *Queue) Enqueue(ctx context.Context, kind string, payload any, o Options) (*ent.Job, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("job %s: payload: %w", kind, err)
	}
	client := database.Client(ctx, q.db)
	if o.MaxAttempts == 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	runAt := o.RunAt.UTC()
	if o.RunAt.IsZero() {
		runAt = q.Now()
	}
	create := client.Job.Create().SetKind(kind).SetPayload(raw).SetRunAt(runAt).SetMaxAttempts(o.MaxAttempts)
	if o.UniqueKey == "" {
		return create.Save(ctx)
	}
	// An upsert that does nothing on conflict keeps a surrounding
	// transaction usable on PostgreSQL, where a failed INSERT would abort it.
	err = create.SetUniqueKey(o.UniqueKey).OnConflictColumns(job.FieldUniqueKey).DoNothing().Exec(ctx)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return client.Job.Query().Where(job.UniqueKey(o.UniqueKey)).Only(ctx)
}

// Counts returns how many jobs are in each status.
func (q *Queue) Counts(ctx context.Context) (map[job.Status]int, error) {
	var rows []struct {
		Status job.Status `json:"status"`
		Count  int        `json:"count"`
	}
	if err := database.Client(ctx, q.db).Job.Query().GroupBy(job.FieldStatus).Aggregate(ent.Count()).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := map[job.Status]int{}
	for _, r := range rows {
		out[r.Status] = r.Count
	}
	return out, nil
}

// List returns the latest jobs in a status (all statuses if empty), newest
// first.
func (q *Queue) List(ctx context.Context, status job.Status, limit int) ([]*ent.Job, error) {
	query := database.Client(ctx, q.db).Job.Query().Order(ent.Desc(job.FieldID)).Limit(limit)
	if status != "" {
		query = query.Where(job.StatusEQ(status))
	}
	return query.All(ctx)
}

// Retry puts a failed job back in the queue, to run now with a fresh count
// of attempts. Only a failed job may be retried: a pending or running one
// is already on its way, and a done one must not run twice.
func (q *Queue) Retry(ctx context.Context, id int) error {
	n, err := database.Client(ctx, q.db).Job.Update().Where(job.ID(id), job.StatusEQ(job.StatusFailed)).
		SetStatus(job.StatusPending).SetAttempts(0).SetRunAt(q.Now()).ClearFinishedAt().Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := database.Client(ctx, q.db).Job.Get(ctx, id); ent.IsNotFound(err) {
			return fmt.Errorf("job %d: %w", id, apperr.ErrNotFound)
		}
		return fmt.Errorf("job %d is not failed: %w", id, apperr.ErrConflict)
	}
	return nil
}
