package web

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/members"
)

type leaveRequestsView struct {
	*page
	Requests []*ent.LeaveRequest
	// Filter is the state listed, Filters every one the page offers
	// (members.LeaveRequestFilters).
	Filter  string
	Filters []string
}

// listLeaveRequests shows the board the members' requests to leave: the
// open ones first, or those of another state (?state=accepted…).
func (s *Server) listLeaveRequests(c *fiber.Ctx) error {
	filter := strings.Clone(c.Query("state", "open"))
	list, err := s.Members.LeaveRequests(c.UserContext(), filter)
	if _, invalid := apperr.AsValidation(err); invalid {
		filter = "open"
		list, err = s.Members.LeaveRequests(c.UserContext(), filter)
	}
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/leave_requests", &leaveRequestsView{page: s.newPage(c, "leaving.title"),
		Requests: list, Filter: filter, Filters: members.LeaveRequestFilters})
}

type leaveRequestView struct {
	*page
	Request *ent.LeaveRequest
	Name    string
	// Dues is what the member still owes to leave (dahir 1-58-376, art. 4).
	Dues dues.LeavingDues
	// Holding are the mandates the resignation would end.
	Holding []*ent.Mandate
	// MayDecide: the viewer may record the resignation (a decision of the
	// board, authz.DecideStatus).
	MayDecide   bool
	Reason      string
	Reference   string
	EndMandates bool
}

// showLeaveRequest shows one request to leave, what the member still owes,
// and the form recording the resignation.
func (s *Server) showLeaveRequest(c *fiber.Ctx) error {
	vm, err := s.leaveRequestView(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/leave_request", vm)
}

func (s *Server) leaveRequestView(c *fiber.Ctx) (*leaveRequestView, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	ctx := c.UserContext()
	r, err := s.Members.LeaveRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	vm := &leaveRequestView{page: s.newPage(c, "leaving.request_title"), Request: r,
		Name:      members.DisplayName(r.Edges.Member),
		MayDecide: s.Enforcer.Allowed(viewerOf(c).Roles, authz.DecideStatus)}
	today := s.Dues.Now()
	if vm.Dues, err = s.Dues.OwedOnLeaving(ctx, r.MemberID, today); err != nil {
		return nil, err
	}
	if vm.Holding, err = s.Board.MandatesFrom(ctx, r.MemberID, today.UTC().Truncate(24*time.Hour)); err != nil {
		return nil, err
	}
	return vm, nil
}

// acceptLeaveRequest records the resignation the member asked for.
func (s *Server) acceptLeaveRequest(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	d := members.LeaveDecision{EndMandates: c.FormValue("end_mandates") == "1",
		Decision: members.Decision{ActorID: viewerOf(c).User.ID, Reason: strings.Clone(c.FormValue("reason")),
			Reference: strings.Clone(c.FormValue("reference"))}}
	err = s.Members.AcceptLeaveRequest(c.UserContext(), id, d)
	if verr, ok := apperr.AsValidation(err); ok {
		vm, err := s.leaveRequestView(c)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		vm.Reason, vm.Reference, vm.EndMandates = d.Reason, d.Reference, d.EndMandates
		return s.render(c, fiber.StatusUnprocessableEntity, "board/leave_request", vm)
	}
	if errors.Is(err, apperr.ErrConflict) {
		return s.redirectWithFlash(c, members.LeaveRequestPath(id), "error", "flash.leaving_already_decided")
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/board/leave-requests", "success", "flash.leaving_accepted")
}
