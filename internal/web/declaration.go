package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/members"
)

type declarationView struct {
	*page
	Declaration *board.Declaration
	MayRecord   bool
	Form        filingForm
}

type filingForm struct{ CoversChangesOn, FiledOn, Authority, ReceiptReference string }

// Name names an officer in the template.
func (v *declarationView) Name(o board.Officer) string { return members.DisplayName(o.Member) }

// showDeclaration is the printable declaration of the board to the local
// authority, with the fields still missing highlighted, and the record of
// its filing.
func (s *Server) showDeclaration(c *fiber.Ctx) error {
	vm, err := s.declarationView(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/declaration", vm)
}

func (s *Server) declarationView(c *fiber.Ctx) (*declarationView, error) {
	d, err := s.Board.DeclarationPack(c.UserContext())
	if err != nil {
		return nil, err
	}
	vm := &declarationView{page: s.newPage(c, "declaration.title"), Declaration: d,
		MayRecord: s.Enforcer.Allowed(viewerOf(c).Roles, "mandate:manage")}
	if !d.ChangedOn.IsZero() {
		vm.Form.CoversChangesOn = d.ChangedOn.Format(time.DateOnly)
	}
	return vm, nil
}

// recordFiling records that the declaration was handed to the authority.
func (s *Server) recordFiling(c *fiber.Ctx) error {
	f := func(n string) string { return strings.Clone(strings.TrimSpace(c.FormValue(n))) }
	form := filingForm{CoversChangesOn: f("covers_changes_on"), FiledOn: f("filed_on"), Authority: f("authority"),
		ReceiptReference: f("receipt_reference")}
	in := board.Filing{Authority: form.Authority, ReceiptReference: form.ReceiptReference, ByUserID: viewerOf(c).User.ID}
	v := &apperr.ValidationError{}
	if t, err := time.Parse(time.DateOnly, form.CoversChangesOn); err == nil {
		in.CoversChangesOn = t
	} else {
		v.Add("covers_changes_on", "error.date_invalid", nil)
	}
	if t, err := time.Parse(time.DateOnly, form.FiledOn); err == nil {
		in.FiledOn = t
	} else {
		v.Add("filed_on", "error.date_invalid", nil)
	}
	if form.Authority == "" {
		// Also checked by the service; said here too so that a bad date
		// does not hide it.
		v.Add("authority", "error.required", nil)
	}
	err := v.OrNil()
	if err == nil {
		_, err = s.Board.RecordFiling(c.UserContext(), in)
	}
	if verr, ok := apperr.AsValidation(err); ok {
		vm, err := s.declarationView(c)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		// The form is shown again for the board as it is now.
		form.CoversChangesOn = vm.Form.CoversChangesOn
		vm.Form = form
		return s.render(c, fiber.StatusUnprocessableEntity, "board/declaration", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/board/declaration", "success", "flash.declaration_filed")
}
