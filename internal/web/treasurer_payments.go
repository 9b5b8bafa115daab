package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/money"
)

type paymentForm struct {
	ChargeID, Method, Amount, ChequeNumber, Bank, TransferReference, ReceivedOn string
}

type memberAccountView struct {
	*page
	Number string
	// Query is the name or number searched for; Matches the first
	// members it found when it is not one member's number, of Found.
	Query    string
	Matches  []memberMatch
	Found    int
	Member   *ent.Member
	Name     string
	Charges  []*ent.DuesCharge
	Standing dues.Standing
	// Open are the debts to pay, the oldest first: the form proposes it.
	Open []*ent.DuesCharge
	Form paymentForm
}

// memberMatch is a member found by the treasurer's search: only what
// tells members apart and opens their account.
type memberMatch struct {
	Number string `json:"number"`
	Name   string `json:"name"`
}

// maxMatches is how many members a search lists, and suggestions at most.
const (
	maxMatches     = 20
	maxSuggestions = 8
)

// findMembers looks members up by a part of their name, email or number,
// ignoring case and accents (the roster's search), in name order.
func (s *Server) findMembers(c *fiber.Ctx, q string, limit int) ([]memberMatch, int, error) {
	res, err := s.Members.Roster(c.UserContext(), members.RosterQuery{Search: q, Sort: "name", PerPage: limit})
	if err != nil {
		return nil, 0, err
	}
	out := make([]memberMatch, 0, len(res.Members))
	for _, m := range res.Members {
		if m.Number == nil {
			continue
		}
		out = append(out, memberMatch{Number: *m.Number, Name: members.DisplayName(m)})
	}
	return out, res.Total, nil
}

// showMemberAccount is a member's dues account for the treasurer: charges,
// journal entries with their receipts, the form to record a payment and a
// button to reverse an entry. Without a number, it looks the member up by
// name or number (q): one member found opens their account, several are
// listed.
func (s *Server) showMemberAccount(c *fiber.Ctx) error {
	number := strings.Clone(strings.TrimSpace(c.Query("number")))
	q := strings.Clone(strings.TrimSpace(c.Query("q")))
	var found []memberMatch
	var total int
	if number == "" && q != "" {
		var err error
		found, total, err = s.findMembers(c, q, maxMatches)
		if verr, ok := apperr.AsValidation(err); ok {
			vm := &memberAccountView{page: s.newPage(c, "treasurer.member"), Query: q}
			vm.Errors = map[string]string{"q": vm.T(verr.Fields["q"].Key, verr.Fields["q"].Data)}
			return s.render(c, fiber.StatusUnprocessableEntity, "treasurer/member", vm)
		}
		if err != nil {
			return err
		}
		for _, m := range found {
			if strings.EqualFold(m.Number, q) {
				number = m.Number
			}
		}
		if number == "" && len(found) == 1 && total == 1 {
			number = found[0].Number
		}
	}
	vm, err := s.memberAccount(c, number)
	if err != nil {
		return err
	}
	if vm.Member == nil {
		vm.Query, vm.Matches, vm.Found = q, found, total
		if q != "" && len(found) == 0 {
			vm.Errors = map[string]string{"q": vm.T("treasury.find.none", "Query", q)}
		}
	}
	vm.Form.ReceivedOn = s.Dues.Now().Format(time.DateOnly)
	return s.render(c, fiber.StatusOK, "treasurer/member", vm)
}

// suggestMembers answers the search box's suggestions as one types: the
// first members whose name or number holds what was typed (two characters
// at least), as JSON.
func (s *Server) suggestMembers(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	q := strings.TrimSpace(c.Query("q"))
	if len([]rune(q)) < 2 {
		return c.JSON([]memberMatch{})
	}
	found, _, err := s.findMembers(c, q, maxSuggestions)
	if _, ok := apperr.AsValidation(err); ok {
		return c.JSON([]memberMatch{})
	}
	if err != nil {
		return err
	}
	return c.JSON(found)
}

func (s *Server) memberAccount(c *fiber.Ctx, number string) (*memberAccountView, error) {
	vm := &memberAccountView{page: s.newPage(c, "treasurer.member"), Number: number}
	if number == "" {
		return vm, nil
	}
	m, err := s.Members.ByNumber(c.UserContext(), number)
	if verr, ok := apperr.AsValidation(err); ok {
		vm.Number = ""
		vm.Errors = map[string]string{"q": vm.T(verr.Fields["number"].Key, verr.Fields["number"].Data)}
		return vm, nil
	}
	if errors.Is(err, apperr.ErrNotFound) {
		vm.Errors = map[string]string{"q": vm.T("treasurer.no_such_member")}
		vm.Query, vm.Number = number, ""
		return vm, nil
	}
	if err != nil {
		return nil, err
	}
	vm.Member, vm.Name, vm.Number = m, members.DisplayName(m), number
	if vm.Charges, err = s.Dues.Charges(c.UserContext(), m.ID); err != nil {
		return nil, err
	}
	vm.Open = dues.OpenOldestFirst(vm.Charges)
	if vm.Standing, err = s.Dues.StandingOn(c.UserContext(), m.ID, s.Dues.Now()); err != nil {
		return nil, err
	}
	return vm, nil
}

// recordPayment records a payment received by hand.
func (s *Server) recordPayment(c *fiber.Ctx) error {
	f := func(n string) string { return strings.Clone(strings.TrimSpace(c.FormValue(n))) }
	form := paymentForm{ChargeID: f("charge_id"), Method: f("method"), Amount: f("amount"), ChequeNumber: f("cheque_number"),
		Bank: f("bank"), TransferReference: f("transfer_reference"), ReceivedOn: f("received_on")}
	number := f("number")
	v := &apperr.ValidationError{}
	in := dues.OfflinePayment{Method: payment.Method(form.Method), ChequeNumber: form.ChequeNumber, Bank: form.Bank,
		TransferReference: form.TransferReference, ActorID: viewerOf(c).User.ID}
	var ok bool
	if in.ChargeID, _ = strconv.Atoi(form.ChargeID); in.ChargeID == 0 {
		v.Add("charge_id", "error.required", nil)
	}
	if in.Amount, ok = money.Parse(form.Amount, ""); !ok {
		v.Add("amount", "dues.error.amount_format", nil)
	}
	if t, err := time.Parse(time.DateOnly, form.ReceivedOn); err == nil {
		in.ReceivedOn = t
	} else {
		v.Add("received_on", "error.date_invalid", nil)
	}
	err := v.OrNil()
	if err == nil {
		_, err = s.Dues.RecordOffline(c.UserContext(), in)
	}
	if verr, isInvalid := apperr.AsValidation(err); isInvalid {
		vm, err := s.memberAccount(c, number)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		vm.Form = form
		return s.render(c, fiber.StatusUnprocessableEntity, "treasurer/member", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/treasurer/member?number="+url.QueryEscape(number), "success", "flash.payment_recorded")
}

// reversePayment cancels a journal entry by a reversing entry.
func (s *Server) reversePayment(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	number := strings.Clone(c.FormValue("number"))
	_, err = s.Dues.Reverse(c.UserContext(), id, strings.Clone(c.FormValue("reason")), viewerOf(c).User.ID)
	if verr, isInvalid := apperr.AsValidation(err); isInvalid {
		vm, err := s.memberAccount(c, number)
		if err != nil {
			return err
		}
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "treasurer/member", vm)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, "/treasurer/member?number="+url.QueryEscape(number), "success", "flash.payment_reversed")
}
