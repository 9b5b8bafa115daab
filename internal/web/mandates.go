package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/board/mandaterule"
	"github.com/omsn/majlis/internal/members"
)

type mandatesView struct {
	*page
	positionTitles
	Seats       []board.Seat
	Ending      []*ent.Mandate
	History     []*ent.Mandate
	Awaiting    []*ent.Mandate
	Declaration *board.Declaration
	MayManage   bool
	Form        mandateForm
	// Ratification is the ratification form being corrected, if any.
	Ratification ratificationForm
	Now          time.Time
}

type mandateForm struct{ MemberNumber, Position, Start, End, Source, Reference string }

type ratificationForm struct {
	MandateID               int
	On, Decision, Reference string
}

// HolderName names a mandate's holder in templates.
func (v *mandatesView) HolderName(m *ent.Mandate) string { return members.DisplayName(m.Edges.Member) }

// MayEnd says whether the page offers to end a mandate early: to those who
// manage mandates, for a running mandate with no end recorded, that started
// before today (EndMandate refuses to end one on its first day).
func (v *mandatesView) MayEnd(m *ent.Mandate) bool {
	return v.MayManage && m.EndedOn == nil && mandaterule.Running(m, v.Now) && m.StartOn.Before(dayOf(v.Now))
}

// EndConfirm asks before ending a mandate today.
func (v *mandatesView) EndConfirm(m *ent.Mandate) confirmation {
	return mandateEndConfirmation(v.page, m, v.positionTitle(m.Position), v.Now)
}

// positionTitle names a position in the page's language (its code if the
// statutes in force no longer have it).
func (v *mandatesView) positionTitle(code string) string {
	for _, seat := range v.Seats {
		if seat.Position.Code == code {
			return seat.Position.Titles.In(v.Lang)
		}
	}
	return code
}

// dayOf is the day of t, at midnight UTC.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// showMandates is the board's view of offices: seats and vacancies, terms
// ending within 90 days, and every mandate past and present.
func (s *Server) showMandates(c *fiber.Ctx) error {
	vm, err := s.mandatesView(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/mandates", vm)
}

func (s *Server) mandatesView(c *fiber.Ctx) (*mandatesView, error) {
	ctx := c.UserContext()
	seats, err := s.Board.Current(ctx)
	if err != nil {
		return nil, err
	}
	ending, err := s.Board.EndingWithin(ctx, 90*24*time.Hour)
	if err != nil {
		return nil, err
	}
	hist, err := s.Board.History(ctx)
	if err != nil {
		return nil, err
	}
	awaiting, err := s.Board.AwaitingRatification(ctx)
	if err != nil {
		return nil, err
	}
	decl, err := s.Board.DeclarationPack(ctx)
	if err != nil {
		return nil, err
	}
	titles, err := s.positionTitles(c)
	if err != nil {
		return nil, err
	}
	return &mandatesView{page: s.newPage(c, "mandates.title"), positionTitles: titles, Seats: seats, Ending: ending, History: hist,
		Awaiting: awaiting, Declaration: decl,
		MayManage: s.Enforcer.Allowed(viewerOf(c).Roles, "mandate:manage"), Now: time.Now().UTC(),
		Form: mandateForm{Source: "elected"}}, nil
}

// recordMandate gives a member a seat.
func (s *Server) recordMandate(c *fiber.Ctx) error {
	f := func(n string) string { return strings.Clone(strings.TrimSpace(c.FormValue(n))) }
	form := mandateForm{MemberNumber: f("member_number"), Position: f("position"), Start: f("start_on"), End: f("end_on"),
		Source: f("source"), Reference: f("reference")}
	in := board.NewMandate{Position: form.Position, Source: mandate.Source(form.Source), Reference: form.Reference}
	v := &apperr.ValidationError{}
	if m, err := s.Members.ByNumber(c.UserContext(), form.MemberNumber); err == nil {
		in.MemberID = m.ID
	} else {
		v.Add("member_number", "mandates.error.unknown_number", nil)
	}
	if t, err := time.Parse(time.DateOnly, form.Start); err == nil {
		in.Start = t
	} else {
		v.Add("start_on", "error.date_invalid", nil)
	}
	if form.End != "" {
		if t, err := time.Parse(time.DateOnly, form.End); err == nil {
			in.End = t
		} else {
			v.Add("end_on", "error.date_invalid", nil)
		}
	}
	err := v.OrNil()
	if err == nil {
		_, err = s.Board.RecordMandate(c.UserContext(), in)
	}
	if verr, ok := apperr.AsValidation(err); ok {
		vm, err := s.mandatesView(c)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		// The service names the member by id; the form asks for the
		// member's number.
		if msg, ok := vm.Errors["member_id"]; ok && vm.Errors["member_number"] == "" {
			vm.Errors["member_number"] = msg
		}
		vm.Form = form
		return s.render(c, fiber.StatusUnprocessableEntity, "board/mandates", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/board/mandates", "success", "flash.mandate_recorded")
}

// endMandate ends a mandate today.
func (s *Server) endMandate(c *fiber.Ctx) error {
	id, err := strconv.Atoi(c.Params("id"))
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	today := time.Now().UTC()
	if !confirmed(c) {
		m, err := s.Board.EndableMandate(c.UserContext(), id, today)
		if err != nil {
			return err
		}
		title := m.Position
		if pos, ok, err := s.Board.PositionOf(c.UserContext(), m.Position); err != nil {
			return err
		} else if ok {
			title = pos.Titles.In(s.translator(c).Code)
		}
		p := s.newPage(c, "")
		return s.askToConfirm(c, p, mandateEndConfirmation(p, m, title, today))
	}
	if err := s.Board.EndMandate(c.UserContext(), id, today); err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/board/mandates", "success", "flash.mandate_ended")
}

// decideRatification records an assembly's decision on a co-opted mandate.
func (s *Server) decideRatification(c *fiber.Ctx) error {
	id, err := strconv.Atoi(c.Params("id"))
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	f := func(n string) string { return strings.Clone(strings.TrimSpace(c.FormValue(n))) }
	form := ratificationForm{MandateID: id, On: f("ratification_on"), Decision: f("decision"), Reference: f("ratification_reference")}
	in := board.Ratification{MandateID: id, Reference: form.Reference, Ratified: form.Decision == "ratified"}
	v := &apperr.ValidationError{}
	if t, err := time.Parse(time.DateOnly, form.On); err == nil {
		in.On = t
	} else {
		v.Add("ratification_on", "error.date_invalid", nil)
	}
	if form.Decision != "ratified" && form.Decision != "refused" {
		v.Add("decision", "error.choice_invalid", nil)
	}
	if strings.TrimSpace(form.Reference) == "" {
		v.Add("ratification_reference", "error.required", nil)
	}
	err = v.OrNil()
	if err == nil {
		err = s.Board.DecideRatification(c.UserContext(), in)
	}
	if verr, ok := apperr.AsValidation(err); ok {
		vm, err := s.mandatesView(c)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		vm.Ratification = form
		return s.render(c, fiber.StatusUnprocessableEntity, "board/mandates", vm)
	}
	if err != nil {
		return err
	}
	key := "flash.coopted_ratified"
	if !in.Ratified {
		key = "flash.coopted_refused"
	}
	return s.redirectWithFlash(c, "/board/mandates", "success", key)
}
