package web

import (
	"bytes"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/members"
)

type importView struct {
	*page
	Fields []string
	Report *members.ImportReport
	// Chosen is the header chosen for each field (for the mapping form).
	Chosen map[string]string
	DryRun bool
	// ChargeDues ticks the box that charges imported members the open
	// periods' dues.
	ChargeDues bool
	// Running is set while a large import runs in the background.
	Running *members.ImportProgress
	// Waiting is set while it waits for a worker.
	Waiting bool
}

// Percent is how far a running import is, from 0 to 100: checking the rows
// counts for the first half, writing them for the second (a dry run only
// checks).
func (v *importView) Percent() int {
	p := v.Running
	if p == nil || p.Rows == 0 {
		return 0
	}
	if v.DryRun {
		return 100 * p.Checked / p.Rows
	}
	return 50*p.Checked/p.Rows + 50*p.Written/p.Rows
}

// showImport shows the roster import form.
func (s *Server) showImport(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "board/import", &importView{page: s.newPage(c, "import.title"), Fields: members.ImportFields,
		ChargeDues: true})
}

// importRoster checks (dry run) or imports an uploaded CSV roster. Every
// row is checked first; an import writes all rows or none. A large file
// runs in the background and the page shows its progress.
func (s *Server) importRoster(c *fiber.Ctx) error {
	vm := &importView{page: s.newPage(c, "import.title"), Fields: members.ImportFields, Chosen: map[string]string{},
		DryRun: c.FormValue("action") != "import", ChargeDues: c.FormValue("charge_dues") != ""}
	for _, f := range members.ImportFields {
		vm.Chosen[f] = c.FormValue("map_" + f)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		vm.setFieldErrors(apperr.Invalid("file", "import.error.no_file", nil))
		return s.render(c, fiber.StatusUnprocessableEntity, "board/import", vm)
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	// The upload is at most the body limit (8 MiB): read it whole, so that a
	// background import does not depend on the request's temporary file.
	data, err := io.ReadAll(file)
	if err != nil {
		return err
	}
	opt := members.ImportOptions{Mapping: vm.Chosen, ActorID: viewerOf(c).User.ID, DryRun: vm.DryRun, ChargeOpenPeriods: vm.ChargeDues}
	if bytes.Count(data, []byte("\n")) > backgroundImportRows {
		return s.startImportRun(c, vm, data, opt)
	}
	rep, err := s.Members.ImportCSV(c.UserContext(), bytes.NewReader(data), opt)
	return s.renderImportOutcome(c, vm, rep, err)
}

func (s *Server) renderImportOutcome(c *fiber.Ctx, vm *importView, rep *members.ImportReport, err error) error {
	if verr, ok := apperr.AsValidation(err); ok {
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "board/import", vm)
	}
	if err != nil {
		return err
	}
	vm.Report = rep
	for f, i := range rep.Mapping {
		if i >= 0 && vm.Chosen[f] == "" {
			vm.Chosen[f] = rep.Headers[i]
		}
	}
	status := fiber.StatusOK
	if len(rep.Problems) > 0 {
		status = fiber.StatusUnprocessableEntity
	}
	return s.render(c, status, "board/import", vm)
}
