package members

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/leaverequest"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/textinput"
)

// LeaveRequestPath is the board's page of one request to leave, which the
// mail to the secretary general links to.
func LeaveRequestPath(id int) string { return "/board/leave-requests/" + strconv.Itoa(id) }

// RequestToLeave records that a member asks to leave the association and
// tells the secretary general, in one transaction. Moroccan law (dahir
// 1-58-376, art. 4) lets a member leave at any time, once the dues owed and
// the current year's are paid: the board records the resignation
// (AcceptLeaveRequest), which the member may withdraw until then. A member
// has one open request at a time (the database keeps it so).
func (s *Service) RequestToLeave(ctx context.Context, userID int, reason string) error {
	reason = strings.TrimSpace(reason)
	if !textinput.Text(reason) {
		return apperr.Invalid("reason", textinput.MessageKey, nil)
	}
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		m, err := s.ForUser(ctx, userID)
		if err != nil {
			return err
		}
		if !MayLeave(m) {
			return fmt.Errorf("member %d is %s: %w", m.ID, m.Status, apperr.ErrConflict)
		}
		open, err := db.LeaveRequest.Query().Where(leaverequest.MemberID(m.ID), leaverequest.StateEQ(leaverequest.StateOpen)).Exist(ctx)
		if err != nil {
			return err
		}
		if open {
			return apperr.Invalid("reason", "leaving.error.already_requested", nil)
		}
		now := s.Now()
		r, err := db.LeaveRequest.Create().SetMemberID(m.ID).SetReason(reason).SetRequestedAt(now).
			SetRequestedByUserID(userID).Save(ctx)
		if ent.IsConstraintError(err) {
			// Asked twice at once: the partial unique index kept one.
			return apperr.Invalid("reason", "leaving.error.already_requested", nil)
		}
		if err != nil {
			return err
		}
		if err := db.MemberEvent.Create().SetMemberID(m.ID).SetKind("leave_requested").
			SetFromStatus(string(m.Status)).SetAt(now).SetByUserID(userID).SetReason(reason).Exec(ctx); err != nil {
			return err
		}
		sg, err := s.officeHolderAccount(ctx, mandate.OfficeSecretaryGeneral)
		if err != nil {
			return err
		}
		if sg == nil {
			// A vacant office: the president is told instead.
			if sg, err = s.officeHolderAccount(ctx, mandate.OfficePresident); err != nil {
				return err
			}
		}
		return s.mailAccount(ctx, sg, "leave_requested", map[string]any{
			"Member": DisplayName(m), "Path": LeaveRequestPath(r.ID), "Reason": reason,
		}, "leave_request", r.ID)
	})
}

// WithdrawLeaveRequest withdraws the member's open request to leave; the
// row is chosen by the account.
func (s *Service) WithdrawLeaveRequest(ctx context.Context, userID int) error {
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		m, err := s.ForUser(ctx, userID)
		if err != nil {
			return err
		}
		now := s.Now()
		n, err := db.LeaveRequest.Update().Where(leaverequest.MemberID(m.ID), leaverequest.StateEQ(leaverequest.StateOpen)).
			SetState(leaverequest.StateWithdrawn).SetDecidedAt(now).SetDecidedByUserID(userID).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("member %d has no open request to leave: %w", m.ID, apperr.ErrConflict)
		}
		return db.MemberEvent.Create().SetMemberID(m.ID).SetKind("leave_withdrawn").
			SetFromStatus(string(m.Status)).SetToStatus(string(m.Status)).SetAt(now).SetByUserID(userID).Exec(ctx)
	})
}

// OpenLeaveRequestOf returns a member's open request to leave, or nil.
func (s *Service) OpenLeaveRequestOf(ctx context.Context, memberID int) (*ent.LeaveRequest, error) {
	r, err := database.Client(ctx, s.db).LeaveRequest.Query().
		Where(leaverequest.MemberID(memberID), leaverequest.StateEQ(leaverequest.StateOpen)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return r, err
}

// OpenLeaveRequests counts the requests to leave the board has not
// decided yet, for the board's home page.
func (s *Service) OpenLeaveRequests(ctx context.Context) (int, error) {
	return database.Client(ctx, s.db).LeaveRequest.Query().Where(leaverequest.StateEQ(leaverequest.StateOpen)).Count(ctx)
}

// LeaveRequestFilters are the states the board's list filters on, in the
// order the page offers them ("all" lists every request).
var LeaveRequestFilters = []string{string(leaverequest.StateOpen), string(leaverequest.StateAccepted),
	string(leaverequest.StateWithdrawn), string(leaverequest.StateClosed), "all"}

// LeaveRequests lists the requests to leave in a state (or "all"), with
// their members: open ones oldest first, the others newest first.
func (s *Service) LeaveRequests(ctx context.Context, state string) ([]*ent.LeaveRequest, error) {
	q := database.Client(ctx, s.db).LeaveRequest.Query().WithMember()
	switch state {
	case "all":
		q = q.Order(ent.Desc(leaverequest.FieldRequestedAt), ent.Desc(leaverequest.FieldID))
	case string(leaverequest.StateOpen), "":
		q = q.Where(leaverequest.StateEQ(leaverequest.StateOpen)).
			Order(ent.Asc(leaverequest.FieldRequestedAt), ent.Asc(leaverequest.FieldID))
	default:
		if leaverequest.StateValidator(leaverequest.State(state)) != nil {
			return nil, apperr.Invalid("state", "error.choice_invalid", nil)
		}
		q = q.Where(leaverequest.StateEQ(leaverequest.State(state))).
			Order(ent.Desc(leaverequest.FieldRequestedAt), ent.Desc(leaverequest.FieldID))
	}
	return q.Limit(500).All(ctx)
}

// LeaveRequest returns one request to leave with its member.
func (s *Service) LeaveRequest(ctx context.Context, id int) (*ent.LeaveRequest, error) {
	r, err := database.Client(ctx, s.db).LeaveRequest.Query().Where(leaverequest.ID(id)).WithMember().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("leave request %d: %w", id, apperr.ErrNotFound)
	}
	return r, err
}

// LeaveDecision is the board's acceptance of a request to leave: the
// decision it rests on, and whether it also ends the member's mandates.
type LeaveDecision struct {
	Decision
	EndMandates bool
}

// AcceptLeaveRequest records the resignation a member asked for: the
// member becomes resigned through ChangeStatus (a decision of the board,
// with its powers, its reference and the mandates it ends), which closes
// the request as accepted in the same transaction.
func (s *Service) AcceptLeaveRequest(ctx context.Context, requestID int, d LeaveDecision) error {
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		r, err := s.LeaveRequest(ctx, requestID)
		if err != nil {
			return err
		}
		if r.State != leaverequest.StateOpen {
			return fmt.Errorf("leave request %d is %s: %w", requestID, r.State, apperr.ErrConflict)
		}
		return s.ChangeStatus(ctx, r.MemberID, StatusChange{Decision: d.Decision, To: Resigned, EndMandates: d.EndMandates})
	})
}

// closeLeaveRequests ends a member's open request when their membership
// ends: accepted if they resigned, closed otherwise (excluded, deceased).
// It runs in the transaction of the change of status.
func (s *Service) closeLeaveRequests(ctx context.Context, memberID int, to Status, d Decision) error {
	state := leaverequest.StateClosed
	if to == Resigned {
		state = leaverequest.StateAccepted
	}
	return database.Client(ctx, s.db).LeaveRequest.Update().
		Where(leaverequest.MemberID(memberID), leaverequest.StateEQ(leaverequest.StateOpen)).
		SetState(state).SetDecidedAt(s.Now()).SetDecidedByUserID(d.ActorID).
		SetDecisionReason(d.Reason).SetDecisionReference(d.Reference).Exec(ctx)
}
