package web

import (
	"context"
	"crypto/rand"
	"maps"
	"sync"
	"time"

	"github.com/omsn/majlis/internal/members"
)

// backgroundImportRows is the size from which a roster import runs in the
// background and shows its progress; smaller files are answered at once.
const backgroundImportRows = 1000

// importRunTTL is how long a finished import's report stays readable.
const importRunTTL = time.Hour

// maxRunningImports bounds the imports an instance runs at once: each
// holds its file in memory and, at the end, the write transaction.
const maxRunningImports = 2

// importRun is a roster import running in the background for one board
// member. The import itself writes all rows or none in one transaction;
// only its progress lives here, in this instance's memory, read by the
// page that refreshes itself until the report is ready.
type importRun struct {
	mu       sync.Mutex
	owner    int
	form     importForm
	progress members.ImportProgress
	report   *members.ImportReport
	err      error
	done     bool
	ended    time.Time
}

// snapshot returns a copy of the run's state, safe to render.
func (r *importRun) snapshot() importRunState {
	r.mu.Lock()
	defer r.mu.Unlock()
	// The mapping is copied: the page fills in guessed columns, and two
	// pages of one run may render at once.
	f := r.form
	f.Chosen = maps.Clone(f.Chosen)
	return importRunState{Form: f, Progress: r.progress, Report: r.report, Err: r.err, Done: r.done}
}

// importForm is what the import form asked, shown again with the report.
type importForm struct {
	DryRun, ChargeDues bool
	Chosen             map[string]string
}

type importRunState struct {
	Form     importForm
	Progress members.ImportProgress
	Report   *members.ImportReport
	Err      error
	Done     bool
}

// importRuns holds the imports of this instance by their unguessable id.
type importRuns struct {
	mu   sync.Mutex
	runs map[string]*importRun
}

// start runs fn in the background and returns the run's id, or false when
// maxRunningImports are running already. fn outlives the request that
// started it, so it gets a context without its cancellation.
func (rs *importRuns) start(ctx context.Context, owner int, form importForm,
	fn func(ctx context.Context, progress func(members.ImportProgress)) (*members.ImportReport, error)) (string, bool) {
	run := &importRun{owner: owner, form: form}
	id := rand.Text()
	rs.mu.Lock()
	if rs.runs == nil {
		rs.runs = map[string]*importRun{}
	}
	running := 0
	for k, r := range rs.runs {
		if r.finishedBefore(time.Now().Add(-importRunTTL)) {
			delete(rs.runs, k)
		} else if !r.finished() {
			running++
		}
	}
	if running >= maxRunningImports {
		rs.mu.Unlock()
		return "", false
	}
	rs.runs[id] = run
	rs.mu.Unlock()

	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Minute)
		defer cancel()
		rep, err := fn(ctx, func(p members.ImportProgress) {
			run.mu.Lock()
			run.progress = p
			run.mu.Unlock()
		})
		run.mu.Lock()
		run.report, run.err, run.done, run.ended = rep, err, true, time.Now()
		run.mu.Unlock()
	}()
	return id, true
}

func (r *importRun) finished() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.done
}

func (r *importRun) finishedBefore(t time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.done && r.ended.Before(t)
}

// get returns a run of this owner; others' runs do not exist for them.
func (rs *importRuns) get(id string, owner int) (*importRun, bool) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.runs[id]
	if !ok || r.owner != owner {
		return nil, false
	}
	return r, true
}
