package web

import (
	"errors"

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
	// MayLeave offers the form to ask to leave (members.MayLeave).
	MayLeave bool
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
	vm.Member, vm.Name, vm.History, vm.MayLeave = m, members.DisplayName(m), h, members.MayLeave(m)
	if vm.Category, err = s.categoryName(c, vm.Lang, m.Category); err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "members/membership", vm)
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
