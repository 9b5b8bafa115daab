package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/members"
)

type applyView struct {
	*page
	Form       members.Application
	Categories []members.CategoryOption
}

// showApplication shows the public form to apply for membership.
func (s *Server) showApplication(c *fiber.Ctx) error {
	if viewerOf(c).SignedIn() {
		return c.Redirect("/membership", fiber.StatusSeeOther)
	}
	vm, err := s.applyView(c, members.Application{Kind: "person"})
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "members/apply", vm)
}

// submitApplication records the application and signs the applicant in, so
// they can follow it on their page.
func (s *Server) submitApplication(c *fiber.Ctx) error {
	f := func(name string) string { return strings.Clone(c.FormValue(name)) }
	in := members.Application{
		Kind: f("kind"), FirstName: f("first_name"), LastName: f("last_name"),
		OrganisationName: f("organisation_name"), RepresentativeName: f("representative_name"),
		Email: f("email"), Phone: f("phone"), City: f("city"), Profession: f("profession"),
		Category: f("category"), Motivation: f("motivation"),
		Password: c.FormValue("password"), Language: s.translator(c).Code,
	}
	m, err := s.Members.Apply(c.UserContext(), in)
	if verr, ok := apperr.AsValidation(err); ok {
		in.Password = ""
		vm, err := s.applyView(c, in)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "members/apply", vm)
	}
	if err != nil {
		return err
	}
	token, err := s.Sessions.Create(c.UserContext(), *m.UserID, auth.Client{IP: c.IP(), UserAgent: string(c.Request().Header.UserAgent())})
	if err != nil {
		return err
	}
	s.setSessionCookie(c, token)
	return s.redirectWithFlash(c, "/membership", "success", "flash.application_received")
}

func (s *Server) applyView(c *fiber.Ctx, form members.Application) (*applyView, error) {
	cats, err := s.Members.CategoryOptions(c.UserContext())
	if err != nil {
		return nil, err
	}
	return &applyView{page: s.newPage(c, "apply.title"), Form: form, Categories: cats}, nil
}
