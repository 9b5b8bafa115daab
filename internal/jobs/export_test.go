package jobs

import (
	"context"

	"github.com/omsn/majlis/ent"
)

// Claim leases due jobs without running them, as a worker that dies right
// after taking them would.
func (w *Worker) Claim(ctx context.Context) ([]*ent.Job, string, error) {
	lease, err := newLease()
	if err != nil {
		return nil, "", err
	}
	js, err := w.claim(ctx, lease, nil, w.BatchSize)
	return js, lease, err
}

// Finish records an outcome under a lease.
func (w *Worker) Finish(ctx context.Context, j *ent.Job, lease string, err error) error {
	return w.finish(ctx, j, lease, err)
}
