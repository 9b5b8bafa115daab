package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/i18n/localefmt"
	"github.com/omsn/majlis/internal/payments"
)

type memberDuesView struct {
	*page
	Member   *ent.Member
	Charges  []*ent.DuesCharge
	Standing dues.Standing
	Online   bool
	// Checkout is "done" or "cancelled" when back from the payment page.
	Checkout string
}

// Money writes an amount, counted in the currency's smallest unit, in the
// page's language ("1 234,50 MAD"), isolated in Arabic pages.
func (p *layout) Money(amount int64, currency string) string {
	return p.isolate(localefmt.Money(amount, currency, p.Lang))
}

// showMemberDues shows a member what they owe, what they paid, their
// receipts and, when online payment is on, a pay button per debt.
func (s *Server) showMemberDues(c *fiber.Ctx) error {
	m, err := s.Members.ForUser(c.UserContext(), viewerOf(c).User.ID)
	if err != nil {
		return err
	}
	charges, err := s.Dues.Charges(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	standing, err := s.Dues.StandingOn(c.UserContext(), m.ID, s.Dues.Now())
	if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		return err
	}
	return s.render(c, fiber.StatusOK, "members/dues", &memberDuesView{page: s.newPage(c, "dues.title"), Member: m,
		Charges: charges, Standing: standing, Online: s.Dues.OnlinePaymentOpen(), Checkout: c.Query("checkout")})
}

// payDues sends the member to the payment page for one of their debts.
func (s *Server) payDues(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	url, err := s.Dues.StartCheckout(c.UserContext(), viewerOf(c).User.ID, id, s.translator(c).Code)
	if _, ok := apperr.AsValidation(err); ok {
		return s.redirectWithFlash(c, "/membership/dues", "error", "flash.dues_already_paid")
	}
	if err != nil {
		return err
	}
	return c.Redirect(url, fiber.StatusSeeOther)
}

// downloadOwnReceipt sends one of the member's receipts as a PDF.
func (s *Server) downloadOwnReceipt(c *fiber.Ctx) error {
	m, err := s.Members.ForUser(c.UserContext(), viewerOf(c).User.ID)
	if err != nil {
		return err
	}
	return s.sendReceipt(c, m.ID)
}

// downloadReceipt sends any receipt, for the treasurer.
func (s *Server) downloadReceipt(c *fiber.Ctx) error { return s.sendReceipt(c, 0) }

func (s *Server) sendReceipt(c *fiber.Ctx, memberID int) error {
	number := strings.TrimSuffix(c.Params("number"), ".pdf")
	name, pdf, err := s.Dues.ReceiptPDF(c.UserContext(), number, memberID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(pdf)
}

// stripeWebhook receives the provider's events. It answers 200 once an
// event is recorded (or was already), 400 to a forged or unreadable one,
// and 409 to one that must wait for another: the provider then retries.
func (s *Server) stripeWebhook(c *fiber.Ctx) error {
	ev, err := s.Dues.HandleWebhook(c.UserContext(), c.Body(), c.Get("Stripe-Signature"))
	switch {
	case errors.Is(err, payments.ErrBadSignature), errors.Is(err, payments.ErrMalformedEvent):
		s.Log.Warn("webhook refused", "err", err, "ip", c.IP())
		return c.Status(fiber.StatusBadRequest).SendString("invalid event")
	case errors.Is(err, dues.ErrRetryLater):
		return c.Status(fiber.StatusConflict).SendString("retry later")
	case errors.Is(err, apperr.ErrNotFound):
		return c.Status(fiber.StatusNotFound).SendString("online payment is off")
	case err != nil:
		return err
	}
	if ev.Outcome == "flagged" {
		s.Log.Warn("payment event flagged for the treasurer", "event", ev.EventID, "type", ev.Type, "reason", ev.Reason)
	}
	return c.SendString(string(ev.Outcome))
}
