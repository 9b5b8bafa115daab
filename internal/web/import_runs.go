package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/members"
)

// backgroundImportRows is the size from which a roster import runs in the
// background, on the job queue, and shows its progress; smaller files are
// answered at once.
const backgroundImportRows = 1000

// startImportRun queues a large import and sends its author to the page
// that follows it.
func (s *Server) startImportRun(c *fiber.Ctx, vm *importView, data []byte, opt members.ImportOptions) error {
	id, err := s.Imports.Start(c.UserContext(), data, opt)
	if err != nil {
		return s.renderImportOutcome(c, vm, nil, err)
	}
	return c.Redirect("/board/import/runs/"+strconv.Itoa(id), fiber.StatusSeeOther)
}

// showImportRun shows a background import, read from the database (any
// instance may have run it): its progress, refreshed every second, then
// its report. Only its author sees it.
func (s *Server) showImportRun(c *fiber.Ctx) error {
	id, err := strconv.Atoi(c.Params("id"))
	if err != nil {
		return fiber.ErrNotFound
	}
	st, err := s.Imports.Get(c.UserContext(), id, viewerOf(c).User.ID)
	if err != nil {
		return err
	}
	vm, err := s.newImportView(c)
	if err != nil {
		return err
	}
	vm.DryRun, vm.ChargeDues = st.DryRun, st.ChargeDues
	if st.Mapping != nil {
		vm.Chosen = st.Mapping
	}
	switch {
	case !st.Finished:
		vm.Running, vm.Waiting = &st.Progress, st.Waiting
		vm.RefreshSeconds = 1
		return s.render(c, fiber.StatusOK, "board/import", vm)
	case st.Failed:
		return s.renderImportOutcome(c, vm, nil, apperr.Invalid("file", "import.error.failed", nil))
	case st.Refusal != nil:
		return s.renderImportOutcome(c, vm, nil, st.Refusal)
	}
	return s.renderImportOutcome(c, vm, st.Report, nil)
}
