package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/internal/jobs"
)

type jobsView struct {
	*page
	Counts   map[job.Status]int
	Statuses []job.Status
	Status   job.Status
	Jobs     []*ent.Job
}

// KindName names a kind of job in the page's language.
func (v *jobsView) KindName(kind string) string {
	key := jobs.KindKey(kind)
	if name := v.T(key); name != key {
		return name
	}
	return v.T(jobs.OtherKindKey)
}

// showJobs lists the background jobs, failed ones with their error.
func (s *Server) showJobs(c *fiber.Ctx) error {
	status := job.Status(c.Query("status"))
	if status != "" && job.StatusValidator(status) != nil {
		status = ""
	}
	counts, err := s.Queue.Counts(c.UserContext())
	if err != nil {
		return err
	}
	list, err := s.Queue.List(c.UserContext(), status, 200)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "admin/jobs", &jobsView{page: s.newPage(c, "jobs.title"), Counts: counts,
		Statuses: []job.Status{job.StatusPending, job.StatusRunning, job.StatusFailed, job.StatusDone}, Status: status, Jobs: list})
}

// retryJob puts a failed job back in the queue.
func (s *Server) retryJob(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	if err := s.Queue.Retry(c.UserContext(), id); err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/admin/jobs?status=pending", "success", "flash.job_retried")
}
