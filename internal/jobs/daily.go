package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/omsn/majlis/ent"
)

// DailyStep is one piece of the work done once a day (reminding mandate
// holders, lapsing members, …), for the day given. done counts what it did,
// for the log.
type DailyStep func(ctx context.Context, day time.Time) (done int, err error)

// Daily is the registry of the daily steps. Each domain registers its own
// under a name; the worker runs each as a job of its own, so that one
// failing step is recorded, logged and retried alone while the others run.
type Daily struct {
	names []string
	steps map[string]DailyStep
}

// Register adds a daily step. Steps run in the order they are registered
// (when all succeed); a name is registered once.
func (d *Daily) Register(name string, step DailyStep) {
	if d.steps == nil {
		d.steps = map[string]DailyStep{}
	}
	if _, dup := d.steps[name]; dup {
		panic(fmt.Sprintf("daily step %q registered twice", name))
	}
	d.names = append(d.names, name)
	d.steps[name] = step
}

// Names lists the registered steps in their order.
func (d *Daily) Names() []string { return append([]string(nil), d.names...) }

// DailyKind is the job kind of a daily step.
func DailyKind(name string) string { return "daily:" + name }

// RunDaily makes every step of d a daily job of the worker: enqueued once a
// day by whichever instance gets there first, its failure retried with
// backoff like any job's, and visible to administrators with the others.
func (w *Worker) RunDaily(d *Daily) {
	for _, name := range d.names {
		step := d.steps[name]
		w.Daily(DailyKind(name), func(ctx context.Context, j *ent.Job) error {
			var p struct {
				Day string `json:"day"`
			}
			if err := json.Unmarshal(j.Payload, &p); err != nil {
				return Permanent(err)
			}
			day, err := time.Parse(time.DateOnly, p.Day)
			if err != nil {
				return Permanent(err)
			}
			done, err := step(ctx, day)
			if err != nil {
				return fmt.Errorf("daily step %s: %w", name, err)
			}
			w.log.Info("daily step", "step", name, "day", p.Day, "done", done)
			return nil
		})
	}
}
