package web

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/dues"
)

// bar is one month of the collections chart, in SVG units.
type bar struct {
	X, Y, W, H float64
	Month      string
	Label      string
}

// categoryNames shows membership categories by their name in the page's
// language rather than their code.
type categoryNames map[string]string

// CategoryName returns a category's name, or its code if the statutes in
// force no longer define it.
func (n categoryNames) CategoryName(code string) string {
	if name, ok := n[code]; ok {
		return name
	}
	return code
}

func (s *Server) categoryNames(c *fiber.Ctx) (categoryNames, error) {
	opts, err := s.Members.CategoryOptions(c.UserContext())
	if err != nil {
		return nil, err
	}
	lang := s.translator(c).Code
	out := categoryNames{}
	for _, o := range opts {
		out[o.Code] = o.Name(lang)
	}
	return out, nil
}

type treasurerView struct {
	*page
	categoryNames
	Periods []*ent.DuesPeriod
	Summary *dues.Summary
	Bars    []bar
	Arrears []dues.Arrear
	Total   int
	Flagged []*ent.WebhookEvent
	Steps   string
	Year    int
	// OpenYear is the year the open-period box proposes, 0 for none.
	OpenYear int
	// OpenConfirm asks before opening OpenYear (or next year, when none
	// is proposed), with its figures.
	OpenConfirm confirmation
}

// chart lays out the monthly collections as bars in a 600×200 box.
func chart(months []dues.MonthLine, format func(int64) string) []bar {
	var top int64 = 1
	for _, m := range months {
		top = max(top, m.Collected)
	}
	if len(months) == 0 {
		return nil
	}
	w := 600.0 / float64(len(months))
	out := make([]bar, len(months))
	for i, m := range months {
		h := math.Round(float64(m.Collected) * 180 / float64(top))
		out[i] = bar{X: float64(i)*w + 2, W: w - 4, H: h, Y: 190 - h, Month: m.Month, Label: format(m.Collected)}
	}
	return out
}

// showTreasurer is the treasurer's dashboard for a period: expected and
// collected, per category and per month, who is behind, what needs
// attention.
func (s *Server) showTreasurer(c *fiber.Ctx) error {
	ctx := c.UserContext()
	vm := &treasurerView{page: s.newPage(c, "treasurer.title")}
	var err error
	if vm.categoryNames, err = s.categoryNames(c); err != nil {
		return err
	}
	if vm.Periods, err = s.Dues.Periods(ctx); err != nil {
		return err
	}
	steps, err := s.Dues.ReminderSteps(ctx)
	if err != nil {
		return err
	}
	parts := make([]string, len(steps))
	for i, n := range steps {
		parts[i] = strconv.Itoa(n)
	}
	vm.Steps = strings.Join(parts, ", ")
	vm.Year = c.QueryInt("year")
	if vm.Year == 0 && len(vm.Periods) > 0 {
		vm.Year = vm.Periods[0].Year
	}
	if len(vm.Periods) > 0 {
		if vm.Summary, err = s.Dues.Summarize(ctx, vm.Year); ent.IsNotFound(err) {
			return fiber.ErrNotFound
		} else if err != nil {
			return err
		}
		cur := vm.Summary.Period.Currency
		vm.Bars = chart(vm.Summary.ByMonth, func(n int64) string { return vm.Money(n, cur) })
	}
	if vm.Arrears, vm.Total, err = s.Dues.Arrears(ctx, dues.ArrearsQuery{Sort: "owed", Desc: true, PerPage: 10}); err != nil {
		return err
	}
	if vm.Flagged, err = s.Dues.Flagged(ctx, 20); err != nil {
		return err
	}
	// The dialog's figures are for the year proposed or, when none is,
	// for next year, in case the treasurer types it.
	vm.OpenYear = dues.YearToPropose(vm.Periods, s.Dues.Now())
	confirmYear := vm.OpenYear
	if confirmYear == 0 {
		confirmYear = dues.YearAhead(vm.Periods, s.Dues.Now())
	}
	if confirmYear != 0 {
		// Without statutes in force there is nothing to preview: the
		// opening itself will say so.
		switch pv, err := s.Dues.PreviewPeriod(ctx, confirmYear); {
		case err == nil:
			vm.OpenConfirm = periodConfirmation(vm.page, pv)
		case !errors.Is(err, apperr.ErrNotFound):
			return err
		}
	}
	return s.render(c, fiber.StatusOK, "treasurer/dashboard", vm)
}

// periodConfirmation asks before opening a period, with the figures of its
// preview. The dialog holds only for the year it was computed for.
func periodConfirmation(p *page, pv dues.PeriodPreview) confirmation {
	year := strconv.Itoa(pv.Year)
	data := map[string]any{"Year": year, "Members": pv.Members, "Total": p.Money(pv.Total, pv.Currency)}
	msg := "confirm.period_message"
	switch pv.Members {
	case 0:
		msg = "confirm.period_message_none"
	case 1:
		msg = "confirm.period_message_one"
	}
	cf := newConfirmation(p, "/treasurer/periods", "/treasurer", "confirm.period_title", msg, "confirm.period_submit", data)
	cf.Fields = []hiddenField{{Name: "year", Value: year}}
	cf.OnlyIf = &hiddenField{Name: "year", Value: year}
	return cf
}

// openPeriod opens the dues period of a year, once the treasurer has
// confirmed it on the figures of its preview.
func (s *Server) openPeriod(c *fiber.Ctx) error {
	year, _ := strconv.Atoi(strings.TrimSpace(c.FormValue("year")))
	var err error
	if !confirmed(c) {
		var pv dues.PeriodPreview
		if pv, err = s.Dues.PreviewPeriod(c.UserContext(), year); err == nil {
			p := s.newPage(c, "")
			return s.askToConfirm(c, p, periodConfirmation(p, pv))
		}
	} else {
		_, _, err = s.Dues.OpenPeriod(c.UserContext(), year, viewerOf(c).User.ID)
	}
	if v, ok := apperr.AsValidation(err); ok {
		key := "flash.period_year_invalid"
		if v.Fields["year"].Key == "dues.error.period_open" {
			key = "flash.period_exists"
		}
		return s.redirectWithFlash(c, "/treasurer", "error", key)
	}
	if err != nil {
		return err
	}
	return s.redirectWithFlash(c, fmt.Sprintf("/treasurer?year=%d", year), "success", "flash.period_opened")
}

// saveReminderSteps sets the reminder schedule.
func (s *Server) saveReminderSteps(c *fiber.Ctx) error {
	if err := s.Dues.SetReminderSteps(c.UserContext(), c.FormValue("steps")); err != nil {
		if _, ok := apperr.AsValidation(err); ok {
			return s.redirectWithFlash(c, "/treasurer", "error", "flash.reminder_steps_invalid")
		}
		return err
	}
	return s.redirectWithFlash(c, "/treasurer", "success", "flash.reminders_saved")
}

type arrearsView struct {
	*page
	categoryNames
	Query   dues.ArrearsQuery
	Arrears []dues.Arrear
	Total   int
	Pages   int
}

func arrearsQuery(c *fiber.Ctx) dues.ArrearsQuery {
	return dues.ArrearsQuery{Sort: c.Query("sort", "owed"), Desc: c.Query("dir", "desc") == "desc", Page: c.QueryInt("page", 1), PerPage: 50}
}

// showArrears lists the members behind with their dues, sortable.
func (s *Server) showArrears(c *fiber.Ctx) error {
	q := arrearsQuery(c)
	list, total, err := s.Dues.Arrears(c.UserContext(), q)
	if err != nil {
		return err
	}
	names, err := s.categoryNames(c)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "treasurer/arrears", &arrearsView{page: s.newPage(c, "treasurer.arrears"), categoryNames: names,
		Query: q, Arrears: list, Total: total, Pages: (total + q.PerPage - 1) / q.PerPage})
}

// exportArrears downloads the whole arrears list, in the chosen order.
func (s *Server) exportArrears(c *fiber.Ctx) error {
	q := arrearsQuery(c)
	ctx := c.UserContext()
	return s.csvResponse(c, "arrears.csv", func(w csvRows) error {
		if err := w.Write([]string{"number", "name", "email", "category", "status", "owed", "currency", "since", "periods"}); err != nil {
			return err
		}
		for page := 1; ; page++ {
			q.Page, q.PerPage = page, 500
			list, _, err := s.Dues.Arrears(ctx, q)
			if err != nil || len(list) == 0 {
				return err
			}
			for _, a := range list {
				if err := w.Write([]string{a.Number, a.Name, a.Email, a.Category, a.MemberStatusCode,
					decimal(a.Owed), a.Currency, a.Since.Format(time.DateOnly), strconv.Itoa(a.Charges)}); err != nil {
					return err
				}
			}
		}
	})
}

// decimal writes centimes as a plain decimal number for spreadsheets.
func decimal(n int64) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return fmt.Sprintf("%s%d.%02d", sign, n/100, n%100)
}

// exportJournal downloads the payments journal of a span of days, for the
// accounts: every entry, reversals included, with its receipt.
func (s *Server) exportJournal(c *fiber.Ctx) error {
	from, err1 := time.Parse(time.DateOnly, c.Query("from"))
	to, err2 := time.Parse(time.DateOnly, c.Query("to"))
	if err1 != nil || err2 != nil || !to.After(from) {
		y := s.Dues.Now().Year()
		from, to = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	ctx := c.UserContext()
	return s.csvResponse(c, fmt.Sprintf("journal-%s-%s.csv", from.Format(time.DateOnly), to.Format(time.DateOnly)), func(w csvRows) error {
		if err := w.Write([]string{"date", "receipt", "kind", "member_number", "member", "period", "method", "reference", "amount", "currency", "reverses", "reason"}); err != nil {
			return err
		}
		return s.Dues.EachJournalEntry(ctx, from, to, func(e dues.JournalEntry) error {
			ref := e.ChequeNumber + " " + e.Bank + e.TransferReference
			if e.Method == payment.MethodCard {
				ref = e.ProviderPaymentIntent
			}
			reverses := ""
			if e.ReversesID != nil {
				reverses = strconv.Itoa(*e.ReversesID)
			}
			return w.Write([]string{e.ReceivedOn.Format(time.DateOnly), e.Receipt, string(e.Kind), e.MemberNumber, e.MemberName,
				strconv.Itoa(e.Year), string(e.Method), strings.TrimSpace(ref), decimal(e.Amount), e.Currency, reverses, e.Reason})
		})
	})
}
