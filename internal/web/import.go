package web

import (
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
}

// showImport shows the roster import form.
func (s *Server) showImport(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "board/import", &importView{page: s.newPage(c, "import.title"), Fields: members.ImportFields})
}

// importRoster checks (dry run) or imports an uploaded CSV roster. Every
// row is checked first; an import writes all rows or none.
func (s *Server) importRoster(c *fiber.Ctx) error {
	vm := &importView{page: s.newPage(c, "import.title"), Fields: members.ImportFields, Chosen: map[string]string{},
		DryRun: c.FormValue("action") != "import"}
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
	rep, err := s.Members.ImportCSV(c.UserContext(), file, vm.Chosen, viewerOf(c).User.ID, vm.DryRun)
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
