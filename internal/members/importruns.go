package members

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/importrun"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/jobs"
)

// ImportJob is the kind of the job that runs a background roster import.
const ImportJob = "roster_import"

// ImportConcurrency is how many imports one instance runs at once. Each
// holds its file and parsed rows in memory, and its write transaction
// holds the member-number sequence (and, on SQLite, the database) until it
// commits, so more would only wait; further imports wait in the queue,
// durably, for a free worker on any instance.
const ImportConcurrency = 2

// MaxUnfinishedImports is how many imports one board member may have
// waiting or running: each stores its file in the database until it ends.
const MaxUnfinishedImports = 2

// importAttempts bounds the tries of an import that fails for a reason
// other than its file (the database unreachable, the instance stopped):
// the board member is watching the page, so it is not retried for hours.
const importAttempts = 3

// importTimeout bounds one attempt of an import.
const importTimeout = 30 * time.Minute

// ImportRunKeep is how long a finished run's report stays readable; the
// daily cleanup removes older ones (their reports name members).
const ImportRunKeep = 24 * time.Hour

// ImportRuns runs roster imports in the background on the durable job
// queue. The run, its file, its progress and its report are stored in the
// database: any instance's worker may run it, any instance shows it, and a
// restart loses nothing.
type ImportRuns struct {
	db      *database.DB
	members *Service
	queue   *jobs.Queue
	log     *slog.Logger
	// Now is the clock, in UTC.
	Now func() time.Time
}

// NewImportRuns returns the background imports of the members service.
func NewImportRuns(db *database.DB, members *Service, queue *jobs.Queue, log *slog.Logger) *ImportRuns {
	return &ImportRuns{db: db, members: members, queue: queue, log: log, Now: members.Now}
}

// ImportRunState is what a background import's page shows.
type ImportRunState struct {
	ID                 int
	DryRun, ChargeDues bool
	// Mapping is the header chosen for each field, as the form sent it.
	Mapping  map[string]string
	Progress ImportProgress
	// Waiting is set until a worker takes the run (or while it waits for
	// a retry).
	Waiting bool
	// Finished is set once the outcome is known: Report, Refusal or
	// Failed.
	Finished bool
	Report   *ImportReport
	// Refusal says why the file was refused as a whole.
	Refusal *apperr.ValidationError
	// Failed is set when the import could not be run, after its retries;
	// nothing was written.
	Failed bool
}

type importPayload struct {
	RunID int `json:"run_id"`
}

// Start stores a background import of file for the account opt.ActorID
// and queues its job, both or neither, and returns the run's id. A board
// member who already has MaxUnfinishedImports waiting or running is asked
// to wait for them.
func (r *ImportRuns) Start(ctx context.Context, file []byte, opt ImportOptions) (int, error) {
	var id int
	err := database.WithTx(ctx, r.db.Ent, func(ctx context.Context) error {
		db := database.Client(ctx, r.db.Ent)
		unfinished, err := db.ImportRun.Query().Where(importrun.OwnerID(opt.ActorID),
			importrun.StatusIn(importrun.StatusPending, importrun.StatusRunning)).Count(ctx)
		if err != nil {
			return err
		}
		if unfinished >= MaxUnfinishedImports {
			return apperr.Invalid("file", "import.error.busy", nil)
		}
		mapping, err := json.Marshal(opt.Mapping)
		if err != nil {
			return err
		}
		run, err := db.ImportRun.Create().SetOwnerID(opt.ActorID).SetDryRun(opt.DryRun).
			SetChargeDues(opt.ChargeOpenPeriods).SetMapping(mapping).SetFile(file).Save(ctx)
		if err != nil {
			return err
		}
		id = run.ID
		_, err = r.queue.Enqueue(ctx, ImportJob, importPayload{RunID: run.ID},
			jobs.Options{MaxAttempts: importAttempts})
		return err
	})
	return id, err
}

// Get returns a run as its page shows it. Only the account that started it
// may see it: for anyone else it does not exist.
func (r *ImportRuns) Get(ctx context.Context, id, ownerID int) (*ImportRunState, error) {
	run, err := database.Client(ctx, r.db.Ent).ImportRun.Query().Where(importrun.ID(id), importrun.OwnerID(ownerID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("import run %d: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	st := &ImportRunState{ID: run.ID, DryRun: run.DryRun, ChargeDues: run.ChargeDues, Mapping: map[string]string{},
		Progress: ImportProgress{Checked: run.Checked, Written: run.Written, Rows: run.Rows},
		Waiting:  run.Status == importrun.StatusPending,
		Finished: run.Status == importrun.StatusDone || run.Status == importrun.StatusFailed,
		Failed:   run.Status == importrun.StatusFailed}
	if err := json.Unmarshal(run.Mapping, &st.Mapping); err != nil {
		return nil, fmt.Errorf("import run %d: mapping: %w", id, err)
	}
	if st.Mapping == nil {
		st.Mapping = map[string]string{}
	}
	if len(run.Report) > 0 {
		st.Report = &ImportReport{}
		if err := json.Unmarshal(run.Report, st.Report); err != nil {
			return nil, fmt.Errorf("import run %d: report: %w", id, err)
		}
	}
	if len(run.Refusal) > 0 {
		st.Refusal = &apperr.ValidationError{}
		if err := json.Unmarshal(run.Refusal, st.Refusal); err != nil {
			return nil, fmt.Errorf("import run %d: refusal: %w", id, err)
		}
	}
	return st, nil
}

// Register makes the worker run the import jobs, apart from the mail and
// ImportConcurrency at a time.
func (r *ImportRuns) Register(w *jobs.Worker) {
	w.HandleApart(ImportJob, ImportConcurrency, r.run)
}

// RegisterDaily adds the daily removal of the runs finished more than
// ImportRunKeep ago.
func (r *ImportRuns) RegisterDaily(d *jobs.Daily) {
	d.Register("import_runs_cleanup", func(ctx context.Context, _ time.Time) (int, error) {
		return database.Client(ctx, r.db.Ent).ImportRun.Delete().Where(importrun.FinishedAtLT(r.Now().Add(-ImportRunKeep))).Exec(ctx)
	})
}

// run is the job of one import. The import writes all its rows or none in
// one transaction, which also records the run as done: a worker that dies
// after the commit leaves a run that the next try finds finished, so no
// member is imported twice.
func (r *ImportRuns) run(ctx context.Context, j *ent.Job) error {
	var p importPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	run, err := database.Client(ctx, r.db.Ent).ImportRun.Get(ctx, p.RunID)
	if ent.IsNotFound(err) {
		return nil // removed with its owner's account: nothing to do
	}
	if err != nil {
		return err
	}
	if run.Status == importrun.StatusDone || run.Status == importrun.StatusFailed {
		return nil
	}
	if err := database.Client(ctx, r.db.Ent).ImportRun.UpdateOne(run).SetStatus(importrun.StatusRunning).Exec(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, importTimeout)
	defer cancel()
	recorded := false
	var mapping map[string]string
	if err := json.Unmarshal(run.Mapping, &mapping); err != nil {
		return jobs.Permanent(fmt.Errorf("import run %d: mapping: %w", run.ID, err))
	}
	rep, err := r.members.ImportCSV(ctx, bytes.NewReader(run.File), ImportOptions{
		Mapping: mapping, ActorID: run.OwnerID, DryRun: run.DryRun, ChargeOpenPeriods: run.ChargeDues,
		Progress: r.progress(ctx, run.ID),
		OnWritten: func(ctx context.Context, rep *ImportReport) error {
			recorded = true
			return r.finish(ctx, run.ID, rep, nil)
		},
	})
	// The outcome is recorded even when a shutdown cancels ctx.
	done := context.WithoutCancel(ctx)
	if verr, ok := apperr.AsValidation(err); ok {
		return r.finish(done, run.ID, nil, verr)
	}
	if err != nil {
		status := importrun.StatusPending
		if j.Attempts >= j.MaxAttempts {
			status = importrun.StatusFailed
		}
		u := database.Client(ctx, r.db.Ent).ImportRun.UpdateOneID(run.ID).SetStatus(status)
		if status == importrun.StatusFailed {
			u = u.SetFinishedAt(r.Now()).ClearFile()
		}
		if uerr := u.Exec(done); uerr != nil {
			r.log.Warn("record import failure", "run", run.ID, "err", uerr)
		}
		return fmt.Errorf("import run %d: %w", run.ID, err)
	}
	if recorded {
		return nil
	}
	return r.finish(done, run.ID, rep, nil)
}

// finish records a run's outcome, in the transaction ctx carries if any.
func (r *ImportRuns) finish(ctx context.Context, id int, rep *ImportReport, refusal *apperr.ValidationError) error {
	client := database.Client(ctx, r.db.Ent)
	u := client.ImportRun.UpdateOneID(id).SetStatus(importrun.StatusDone).SetFinishedAt(r.Now()).ClearFile()
	if rep != nil {
		raw, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		u = u.SetReport(raw).SetRows(rep.Rows).SetChecked(rep.Rows)
		if rep.Imported > 0 {
			u = u.SetWritten(rep.Imported)
		}
	}
	if refusal != nil {
		raw, err := json.Marshal(refusal)
		if err != nil {
			return err
		}
		u = u.SetRefusal(raw)
	}
	return u.Exec(ctx)
}

// progress returns the import's progress callback, which stores how far
// it is for the page to read. On SQLite the import's transaction holds the
// only write lock while it writes the rows, so that part of the progress
// cannot be stored before the commit; on PostgreSQL it is stored as it
// goes. Progress is advisory: a failed write of it is logged and the
// import goes on.
func (r *ImportRuns) progress(ctx context.Context, id int) func(ImportProgress) {
	return func(p ImportProgress) {
		if p.Written > 0 && r.db.Target.Dialect == database.SQLite {
			return
		}
		// The plain client, not database.Client: progress is written
		// beside the import's transaction, to be read before it commits.
		err := r.db.Ent.ImportRun.Update().Where(importrun.ID(id), importrun.StatusEQ(importrun.StatusRunning)).
			SetRows(p.Rows).SetChecked(p.Checked).SetWritten(p.Written).Exec(ctx)
		if err != nil && ctx.Err() == nil {
			r.log.Warn("record import progress", "run", id, "err", err)
		}
	}
}
