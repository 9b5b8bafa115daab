package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/members"
)

type membershipView struct {
	*page
	Member  *ent.Member
	Name    string
	History []*ent.MemberEvent
	// Category names the member's category in the page's language.
	Category string
	// MayLeave offers the form to ask to leave (members.MayLeave), unless
	// LeaveRequest, the member's open request, is waiting: the page then
	// offers to withdraw it.
	MayLeave     bool
	LeaveRequest *ent.LeaveRequest
	// MayAnswer offers the form answering Question, the board's
	// question (members.MayAnswer), filled with Answer.
	MayAnswer bool
	Question  *ent.MemberEvent
	Answer    members.InformationAnswer
	// AnswerFields are the application's fields the answer may correct,
	// those of the applicant's kind, filled from Answer.
	AnswerFields []answerField
}

// answerField is one field of the answer form.
type answerField struct {
	Name, Label, Type, Value, Error string
	Required                        bool
}

// answerFields lays out the fields an applicant of a kind corrects.
func (vm *membershipView) answerFields() []answerField {
	a := vm.Answer
	f := func(name, value string, required bool) answerField {
		typ := "text"
		if name == "phone" {
			typ = "tel"
		}
		return answerField{Name: name, Label: "apply." + name, Type: typ, Value: value, Error: vm.Errors[name], Required: required}
	}
	var out []answerField
	if vm.Member.Kind == "organisation" {
		out = append(out, f("organisation_name", a.OrganisationName, true), f("representative_name", a.RepresentativeName, true))
	} else {
		out = append(out, f("first_name", a.FirstName, true), f("last_name", a.LastName, true))
	}
	return append(out, f("phone", a.Phone, false), f("city", a.City, false), f("profession", a.Profession, false))
}

// showMembership shows a signed-in person their own membership: the
// application's progress, then number, category, status and history. Only
// the viewer's own record is ever read here.
func (s *Server) showMembership(c *fiber.Ctx) error {
	vm := &membershipView{page: s.newPage(c, "membership.title")}
	m, err := s.Members.ForUser(c.UserContext(), viewerOf(c).User.ID)
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		return s.render(c, fiber.StatusOK, "members/membership", vm)
	case err != nil:
		return err
	}
	h, err := s.Members.History(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	if err := s.fillMembership(c, vm, m, h); err != nil {
		return err
	}
	vm.Answer = members.AnswerFormOf(m)
	vm.AnswerFields = vm.answerFields()
	return s.render(c, fiber.StatusOK, "members/membership", vm)
}

func (s *Server) fillMembership(c *fiber.Ctx, vm *membershipView, m *ent.Member, h []*ent.MemberEvent) error {
	var err error
	vm.Member, vm.Name, vm.History, vm.MayLeave = m, members.DisplayName(m), h, members.MayLeave(m)
	if vm.Category, err = s.categoryName(c, vm.Lang, m.Category); err != nil {
		return err
	}
	if vm.LeaveRequest, err = s.Members.OpenLeaveRequestOf(c.UserContext(), m.ID); err != nil {
		return err
	}
	if vm.MayAnswer = members.MayAnswer(m); vm.MayAnswer {
		if vm.Question, err = s.Members.BoardQuestion(c.UserContext(), m.ID); err != nil {
			return err
		}
	}
	return nil
}

// answerBoardQuestion takes the applicant's answer to the board's question
// and their corrections; the application goes back to the board. Invalid
// input re-renders the page with each message at its field, as typed.
func (s *Server) answerBoardQuestion(c *fiber.Ctx) error {
	f := func(name string) string { return strings.Clone(c.FormValue(name)) }
	a := members.InformationAnswer{Answer: f("answer"), FirstName: f("first_name"), LastName: f("last_name"),
		OrganisationName: f("organisation_name"), RepresentativeName: f("representative_name"),
		Phone: f("phone"), City: f("city"), Profession: f("profession")}
	uid := viewerOf(c).User.ID
	err := s.Members.AnswerInformationRequest(c.UserContext(), uid, a)
	if verr, ok := apperr.AsValidation(err); ok {
		m, err := s.Members.ForUser(c.UserContext(), uid)
		if err != nil {
			return err
		}
		h, err := s.Members.History(c.UserContext(), m.ID)
		if err != nil {
			return err
		}
		vm := &membershipView{page: s.newPage(c, "membership.title"), Answer: a}
		if err := s.fillMembership(c, vm, m, h); err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		vm.AnswerFields = vm.answerFields()
		return s.render(c, fiber.StatusUnprocessableEntity, "members/membership", vm)
	}
	if errors.Is(err, apperr.ErrConflict) {
		return s.redirectWithFlash(c, "/membership", "error", "flash.leaving_answer_not_expected")
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/membership", "success", "flash.leaving_answer_sent")
}

// categoryName names a membership category of the statutes in force in the
// page's language; a code the statutes no longer define is shown as is.
func (s *Server) categoryName(c *fiber.Ctx, lang, code string) (string, error) {
	cats, err := s.Members.CategoryOptions(c.UserContext())
	if err != nil {
		return "", err
	}
	for _, o := range cats {
		if o.Code == code {
			return o.Name(lang), nil
		}
	}
	return code, nil
}
