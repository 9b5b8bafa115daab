package board

import "github.com/omsn/majlis/internal/jobs"

// RegisterDaily adds the board's daily step: reminding holders whose
// mandate ends soon.
func (s *Service) RegisterDaily(d *jobs.Daily) {
	d.Register("mandate_reminders", s.RemindMandatesEnding)
}
