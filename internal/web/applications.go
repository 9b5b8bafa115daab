package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/members"
)

type applicationsView struct {
	*page
	Applications []*ent.Member
}

// listApplications shows the board the applications awaiting a decision.
func (s *Server) listApplications(c *fiber.Ctx) error {
	list, err := s.Members.PendingApplications(c.UserContext())
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/applications", &applicationsView{page: s.newPage(c, "applications.title"), Applications: list})
}

type applicationView struct {
	*page
	Member     *ent.Member
	History    []*ent.MemberEvent
	Categories []members.CategoryOption
	// MayDecide is whether the viewer may approve or reject (the others
	// may only ask for information).
	MayDecide bool
	Reason    string
	Reference string
	Category  string
	// RejectConfirm asks before turning the application down.
	RejectConfirm confirmation
}

// showApplicationForReview shows one application with the decision forms.
func (s *Server) showApplicationForReview(c *fiber.Ctx) error {
	vm, err := s.applicationView(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/application", vm)
}

func (s *Server) applicationView(c *fiber.Ctx) (*applicationView, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	m, err := s.Members.Get(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	h, err := s.Members.History(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	cats, err := s.Members.CategoryOptions(c.UserContext())
	if err != nil {
		return nil, err
	}
	vm := &applicationView{
		page: s.newPage(c, "applications.review_title"), Member: m, History: h, Categories: cats, Category: m.Category,
		MayDecide: s.Enforcer.Allowed(viewerOf(c).Roles, "application:decide"),
	}
	vm.RejectConfirm = rejectionConfirmation(vm.page, m)
	return vm, nil
}

// approveApplication admits the applicant.
func (s *Server) approveApplication(c *fiber.Ctx) error {
	return s.decide(c, "flash.application_approved", func(id int, d members.Decision) error {
		return s.Members.Approve(c.UserContext(), id, strings.Clone(c.FormValue("category")), d)
	})
}

// errConfirmationAsked stops a decision whose confirmation page was just
// rendered: nothing was decided, and nothing is left to do.
var errConfirmationAsked = errors.New("confirmation asked")

// rejectApplication turns the application down, once confirmed.
func (s *Server) rejectApplication(c *fiber.Ctx) error {
	return s.decide(c, "flash.application_rejected", func(id int, d members.Decision) error {
		if confirmed(c) {
			return s.Members.Reject(c.UserContext(), id, d)
		}
		m, err := s.Members.CheckRejection(c.UserContext(), id, d)
		if err != nil {
			return err
		}
		p := s.newPage(c, "")
		if err := s.askToConfirm(c, p, rejectionConfirmation(p, m).carry(c, "reason", "reference", "category")); err != nil {
			return err
		}
		return errConfirmationAsked
	})
}

// requestInformation asks the applicant for more.
func (s *Server) requestInformation(c *fiber.Ctx) error {
	return s.decide(c, "flash.information_requested", func(id int, d members.Decision) error {
		return s.Members.RequestInformation(c.UserContext(), id, d)
	})
}

// decide runs one board decision on an application; invalid input re-renders
// the application with the field's message.
func (s *Server) decide(c *fiber.Ctx, flashKey string, act func(int, members.Decision) error) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	d := members.Decision{
		ActorID:   viewerOf(c).User.ID,
		Reason:    strings.Clone(c.FormValue("reason")),
		Reference: strings.Clone(c.FormValue("reference")),
	}
	err = act(id, d)
	if errors.Is(err, errConfirmationAsked) {
		return nil
	}
	if verr, ok := apperr.AsValidation(err); ok {
		vm, verrView := s.applicationView(c)
		if verrView != nil {
			return verrView
		}
		vm.setFieldErrors(verr)
		vm.Reason, vm.Reference = d.Reason, d.Reference
		vm.Category = strings.Clone(c.FormValue("category"))
		return s.render(c, fiber.StatusUnprocessableEntity, "board/application", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/board/applications", "success", flashKey)
}
