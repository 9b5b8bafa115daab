package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/members"
)

type applyView struct {
	*page
	Form members.Application
	// PersonCategories and OrganisationCategories are the categories each
	// kind of applicant may ask for (the service refuses the others).
	PersonCategories, OrganisationCategories []members.CategoryOption
	// PasswordMin and PasswordMax are the password rule, stated before the
	// first error (auth.CheckPasswordShape).
	PasswordMin, PasswordMax int
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

// submitApplication takes the application and says to check one's
// mailbox: the application waits until the link mailed to its address is
// followed. The answer is the same whether or not an account has the
// address (its owner is mailed instead).
func (s *Server) submitApplication(c *fiber.Ctx) error {
	f := func(name string) string { return strings.Clone(c.FormValue(name)) }
	in := members.Application{
		Kind: f("kind"), FirstName: f("first_name"), LastName: f("last_name"),
		OrganisationName: f("organisation_name"), RepresentativeName: f("representative_name"),
		Email: f("email"), Phone: f("phone"), City: f("city"), Profession: f("profession"),
		Category: f("category"), Motivation: f("motivation"),
		Password: f("password"), Language: s.translator(c).Code, ClientAddress: strings.Clone(c.IP()),
	}
	if in.Category == "" {
		// Each kind's fieldset has its own list of categories.
		switch in.Kind {
		case "person":
			in.Category = f("category_person")
		case "organisation":
			in.Category = f("category_organisation")
		}
	}
	err := s.Members.Apply(c.UserContext(), in)
	status := fiber.StatusUnprocessableEntity
	verr, invalid := apperr.AsValidation(err)
	if errors.Is(err, members.ErrTooManyApplications) {
		verr, invalid, status = apperr.Invalid("email", "apply.error.too_many", nil), true, fiber.StatusTooManyRequests
	}
	if invalid {
		in.Password = ""
		vm, err := s.applyView(c, in)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		return s.render(c, status, "members/apply", vm)
	}
	if err != nil {
		return err
	}
	return c.Redirect("/apply/sent", fiber.StatusSeeOther)
}

// showApplicationSent says where the application now waits: in the
// applicant's mailbox.
func (s *Server) showApplicationSent(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "members/apply_sent", s.newPage(c, "apply_sent.title"))
}

type confirmApplicationView struct {
	*page
	Token string
	// Expired: the link no longer works; the page says so.
	Expired bool
}

// showConfirmApplication opens the link mailed to an application's
// address. Following it does nothing yet (mail scanners open links): the
// page asks to confirm with a button.
func (s *Server) showConfirmApplication(c *fiber.Ctx) error {
	vm := &confirmApplicationView{page: s.newPage(c, "apply_confirm.title"), Token: c.Params("token")}
	// The link is a secret, as a password link is: the same policy.
	c.Set("Referrer-Policy", linkPageReferrerPolicy)
	if err := s.Members.CheckApplicationLink(c.UserContext(), vm.Token); errors.Is(err, apperr.ErrNotFound) {
		vm.Expired = true
		return s.render(c, fiber.StatusGone, "members/apply_confirm", vm)
	} else if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "members/apply_confirm", vm)
}

// confirmApplication confirms the address: the application reaches the
// board, and the applicant, signed in, follows it on their page.
func (s *Server) confirmApplication(c *fiber.Ctx) error {
	vm := &confirmApplicationView{page: s.newPage(c, "apply_confirm.title"), Token: c.Params("token")}
	c.Set("Referrer-Policy", linkPageReferrerPolicy)
	m, err := s.Members.ConfirmApplication(c.UserContext(), vm.Token)
	if verr, ok := apperr.AsValidation(err); ok {
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusConflict, "members/apply_confirm", vm)
	}
	if errors.Is(err, apperr.ErrNotFound) {
		vm.Expired = true
		return s.render(c, fiber.StatusGone, "members/apply_confirm", vm)
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
	return &applyView{page: s.newPage(c, "apply.title"), Form: form,
		PersonCategories:       members.CategoriesFor(cats, member.KindPerson),
		OrganisationCategories: members.CategoriesFor(cats, member.KindOrganisation),
		PasswordMin:            auth.MinPasswordLength, PasswordMax: auth.MaxPasswordLength}, nil
}
