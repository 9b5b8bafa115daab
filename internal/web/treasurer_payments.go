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
	Number   string
	Member   *ent.Member
	Name     string
	Charges  []*ent.DuesCharge
	Standing dues.Standing
	Form     paymentForm
}

// showMemberAccount is a member's dues account for the treasurer: charges,
// journal entries with their receipts, the form to record a payment and a
// button to reverse an entry.
func (s *Server) showMemberAccount(c *fiber.Ctx) error {
	vm, err := s.memberAccount(c, strings.TrimSpace(c.Query("number")))
	if err != nil {
		return err
	}
	vm.Form.ReceivedOn = s.Dues.Now().Format(time.DateOnly)
	return s.render(c, fiber.StatusOK, "treasurer/member", vm)
}

func (s *Server) memberAccount(c *fiber.Ctx, number string) (*memberAccountView, error) {
	vm := &memberAccountView{page: s.newPage(c, "treasurer.member"), Number: number}
	if number == "" {
		return vm, nil
	}
	m, err := s.Members.ByNumber(c.UserContext(), number)
	if verr, ok := apperr.AsValidation(err); ok {
		vm.Number = ""
		vm.setFieldErrors(verr)
		return vm, nil
	}
	if errors.Is(err, apperr.ErrNotFound) {
		vm.Errors = map[string]string{"number": vm.T("treasurer.no_such_member")}
		return vm, nil
	}
	if err != nil {
		return nil, err
	}
	vm.Member, vm.Name = m, members.DisplayName(m)
	if vm.Charges, err = s.Dues.Charges(c.UserContext(), m.ID); err != nil {
		return nil, err
	}
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
