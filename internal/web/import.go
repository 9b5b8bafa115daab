package web

import (
	"bytes"
	"io"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/members"
)

type importView struct {
	*page
	Columns []members.ImportColumn
	Report  *members.ImportReport
	// accepted lists, for a field whose value must be one of a set, the
	// set in the page's language (the problems' messages name it).
	accepted map[string]string
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

// newImportView is the import page, with the words its messages use.
func (s *Server) newImportView(c *fiber.Ctx) (*importView, error) {
	vm := &importView{page: s.newPage(c, "import.title"), Columns: members.ImportColumns, Chosen: map[string]string{}}
	cats, err := s.Members.CategoryOptions(c.UserContext())
	if err != nil {
		return nil, err
	}
	names := make([]string, len(cats))
	for i, cat := range cats {
		names[i] = cat.Name(vm.Lang)
	}
	statuses := make([]string, len(members.ImportableStatuses))
	for i, st := range members.ImportableStatuses {
		statuses[i] = vm.T("member_status." + string(st))
	}
	sep := vm.T("import.list_separator")
	vm.accepted = map[string]string{"category": strings.Join(names, sep), "status": strings.Join(statuses, sep)}
	return vm, nil
}

// FieldLabel names a field of the roster file (or "name", a person's or
// an organisation's name) in the page's language.
func (v *importView) FieldLabel(field string) string {
	return v.T("import.column." + field)
}

// Problem says what is wrong with a row's field in the page's language,
// with the accepted values where there is a set of them.
func (v *importView) Problem(p members.ImportProblem) string {
	return v.T(p.Key, "Accepted", v.accepted[p.Field])
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
	vm, err := s.newImportView(c)
	if err != nil {
		return err
	}
	vm.ChargeDues = true
	return s.render(c, fiber.StatusOK, "board/import", vm)
}

// downloadImportSample offers a roster file the import reads as it is, in
// the page's language.
func (s *Server) downloadImportSample(c *fiber.Ctx) error {
	data, err := s.Members.ImportSample(c.UserContext(), s.translator(c).Code)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	// An ASCII name for every browser, the translated one for those that
	// read RFC 6266's filename*.
	name := s.translator(c).T("import.sample_file") + ".csv"
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="roster-sample.csv"; filename*=UTF-8''`+url.PathEscape(name))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(data)
}

// importRoster checks (dry run) or imports an uploaded CSV roster. Every
// row is checked first; an import writes all rows or none. A large file
// runs in the background and the page shows its progress.
func (s *Server) importRoster(c *fiber.Ctx) error {
	vm, err := s.newImportView(c)
	if err != nil {
		return err
	}
	vm.DryRun, vm.ChargeDues = c.FormValue("action") != "import", c.FormValue("charge_dues") != ""
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
