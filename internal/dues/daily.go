package dues

import (
	"context"
	"time"

	"github.com/omsn/majlis/internal/jobs"
)

// RegisterDaily adds the dues' daily steps, in the order they are meant to
// run: lapsing members past their grace period, rebuilding the arrears
// list (deadlines pass without any write), then queuing the reminders due.
// Each is retried alone if it fails.
func (s *Service) RegisterDaily(d *jobs.Daily) {
	d.Register("dues_lapse", func(ctx context.Context, _ time.Time) (int, error) { return s.Lapse(ctx) })
	d.Register("dues_arrears", func(ctx context.Context, _ time.Time) (int, error) { return 0, s.RebuildArrears(ctx) })
	d.Register("dues_reminders", s.SendReminders)
}
