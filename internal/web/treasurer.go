package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/dues"
)

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
	// Chart is the collections by month; Chart.Empty when the year has
	// no payment.
	Chart   collectionsChart
	Arrears []dues.Arrear
	Total   int
	Flagged []flaggedEvent
	Steps   string
	Year    int
	// JournalTo is the last day of the year, for the journal's form.
	JournalFrom, JournalTo string
	// OpenYear is the year the open-period box proposes, 0 for none.
	OpenYear int
	// OpenConfirm asks before opening OpenYear (or next year, when none
	// is proposed), with its figures.
	OpenConfirm confirmation
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
		vm.Chart = chart(vm.Summary.ByMonth, vm.MonthName, func(n int64) string { return vm.Money(n, cur) })
	}
	vm.JournalFrom, vm.JournalTo = journalDefaults(vm.Year, s.Dues.Now())
	if vm.Arrears, vm.Total, err = s.Dues.Arrears(ctx, dues.ArrearsQuery{Sort: "owed", Desc: true, PerPage: 10}); err != nil {
		return err
	}
	flagged, err := s.Dues.Flagged(ctx, 20)
	if err != nil {
		return err
	}
	vm.Flagged = s.flaggedEvents(vm.page, flagged)
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
