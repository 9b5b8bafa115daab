package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/association"
)

type associationView struct {
	*page
	Form association.Identity
}

// showAssociationForm shows the association's identity for editing, or an
// empty form on a new installation.
func (s *Server) showAssociationForm(c *fiber.Ctx) error {
	vm := &associationView{page: s.newPage(c, "association.title"), Form: association.Identity{SeatCountry: "MA"}}
	a, err := s.Association.Get(c.UserContext())
	switch {
	case err == nil:
		vm.Form = association.IdentityOf(a)
	case !errors.Is(err, apperr.ErrNotFound):
		return err
	}
	return s.render(c, fiber.StatusOK, "admin/association", vm)
}

// saveAssociation records the identity; invalid fields re-render the form
// with their messages and nothing is written.
func (s *Server) saveAssociation(c *fiber.Ctx) error {
	f := func(name string) string { return strings.Clone(c.FormValue(name)) }
	in := association.Identity{
		NameFr: f("name_fr"), NameAr: f("name_ar"), NameEn: f("name_en"),
		ShortNameFr: f("short_name_fr"), ShortNameAr: f("short_name_ar"), ShortNameEn: f("short_name_en"),
		PurposeFr: f("purpose_fr"), PurposeAr: f("purpose_ar"), PurposeEn: f("purpose_en"),
		SeatAddress: f("seat_address"), SeatCity: f("seat_city"), SeatCountry: f("seat_country"),
		Email: f("email"), Phone: f("phone"), Website: f("website"),
		RegistrationAuthority: f("registration_authority"), RegistrationNumber: f("registration_number"),
		RegistrationDate: f("registration_date"), FoundedOn: f("founded_on"),
	}
	_, err := s.Association.Save(c.UserContext(), in)
	if verr, ok := apperr.AsValidation(err); ok {
		vm := &associationView{page: s.newPage(c, "association.title"), Form: in}
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "admin/association", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/admin/association", "success", "flash.association_saved")
}
