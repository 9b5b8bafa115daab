package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/dues"
)

// exportFormat reads the format of an export from its path's extension
// (/treasurer/arrears.xlsx), CSV otherwise.
func exportFormat(c *fiber.Ctx) string {
	if strings.HasSuffix(c.Path(), "."+formatXLSX) || c.Query("format") == formatXLSX {
		return formatXLSX
	}
	return formatCSV
}

// exportArrears downloads the whole arrears list, in the chosen order.
func (s *Server) exportArrears(c *fiber.Ctx) error {
	q := arrearsQuery(c)
	ctx := c.UserContext()
	names, err := s.categoryNames(c)
	if err != nil {
		return err
	}
	tr := s.translator(c)
	return s.sendExport(c, exportFormat(c), export{
		File: "arrears", Sheet: "treasurer.arrears",
		Columns: []exportColumn{
			{Header: "membership.number"}, {Header: "treasurer.member_name", Width: 28}, {Header: "treasury.column.email", Width: 28},
			{Header: "membership.category", Width: 22}, {Header: "membership.status", Width: 18},
			{Header: "treasurer.owed", Kind: moneyCell}, {Header: "treasury.column.currency", Width: 8},
			{Header: "treasurer.since", Kind: dateCell, Width: 12}, {Header: "treasurer.periods", Kind: numberCell, Width: 10},
		},
		Fill: func(w exportRows) error {
			for page := 1; ; page++ {
				q.Page, q.PerPage = page, 500
				list, _, err := s.Dues.Arrears(ctx, q)
				if err != nil || len(list) == 0 {
					return err
				}
				for _, a := range list {
					if err := w.Row(a.Number, a.Name, a.Email, names.CategoryName(a.Category), tr.T("member_status."+a.MemberStatusCode),
						moneyValue{a.Owed, a.Currency}, a.Currency, a.Since, a.Charges); err != nil {
						return err
					}
				}
			}
		},
	})
}

// journalForm is the span of days of the journal, as typed; To is the
// last day, included.
type journalForm struct{ From, To string }

// journalDefaults is the span the journal's form proposes: the dashboard's
// year, or this year.
func journalDefaults(year int, now time.Time) (string, string) {
	if year == 0 {
		year = now.Year()
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	return from.Format(time.DateOnly), from.AddDate(1, 0, -1).Format(time.DateOnly)
}

// span reads the form's days: both required, the last not before the
// first. It returns the half-open range [from, to+1 day) of the journal.
func (f journalForm) span() (time.Time, time.Time, error) {
	v := &apperr.ValidationError{}
	day := func(field, value string) time.Time {
		if value == "" {
			v.Add(field, "error.required", nil)
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, value)
		if err != nil {
			v.Add(field, "error.date_invalid", nil)
		}
		return t
	}
	from, to := day("from", f.From), day("to", f.To)
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.Add("to", "treasury.journal.error.order", nil)
	}
	return from, to.AddDate(0, 0, 1), v.OrNil()
}

type journalView struct {
	*page
	Form journalForm
}

// showJournal is the form of the payments journal's export: a span of
// days, downloaded as CSV or as a workbook.
func (s *Server) showJournal(c *fiber.Ctx) error {
	vm := &journalView{page: s.newPage(c, "treasury.journal.title")}
	vm.Form.From, vm.Form.To = journalDefaults(c.QueryInt("year"), s.Dues.Now())
	return s.render(c, fiber.StatusOK, "treasurer/journal", vm)
}

// exportJournal downloads the payments journal of a span of days, for the
// accounts: every entry, reversals included, each named by its receipt's
// number. An invalid span shows the form again, with the errors at their
// fields.
func (s *Server) exportJournal(c *fiber.Ctx) error {
	form := journalForm{From: strings.Clone(strings.TrimSpace(c.Query("from"))), To: strings.Clone(strings.TrimSpace(c.Query("to")))}
	if form.From == "" && form.To == "" {
		// A bare link downloads this year's journal.
		form.From, form.To = journalDefaults(0, s.Dues.Now())
	}
	from, to, err := form.span()
	if verr, ok := apperr.AsValidation(err); ok {
		vm := &journalView{page: s.newPage(c, "treasury.journal.title"), Form: form}
		vm.setFieldErrors(verr)
		return s.render(c, fiber.StatusUnprocessableEntity, "treasurer/journal", vm)
	}
	ctx := c.UserContext()
	tr := s.translator(c)
	return s.sendExport(c, exportFormat(c), export{
		File: "journal-" + form.From + "-" + form.To, Sheet: "treasury.journal.title",
		Columns: []exportColumn{
			{Header: "treasury.column.date", Kind: dateCell, Width: 12}, {Header: "treasury.column.receipt", Width: 14},
			{Header: "treasury.column.kind", Width: 16}, {Header: "membership.number"}, {Header: "treasurer.member_name", Width: 28},
			{Header: "dues.period", Kind: numberCell, Width: 10}, {Header: "treasurer.method", Width: 16},
			{Header: "treasury.column.reference", Width: 24}, {Header: "dues.amount", Kind: moneyCell},
			{Header: "treasury.column.currency", Width: 8}, {Header: "treasury.column.reverses", Width: 14},
			{Header: "treasurer.reason", Width: 28},
		},
		Fill: func(w exportRows) error {
			return s.Dues.EachJournalEntry(ctx, from, to, func(e dues.JournalEntry) error {
				ref := strings.TrimSpace(e.ChequeNumber + " " + e.Bank + e.TransferReference)
				if e.Method == payment.MethodCard {
					ref = e.ProviderPaymentIntent
				}
				return w.Row(e.ReceivedOn, e.Receipt, tr.T("treasury.kind."+string(e.Kind)), e.MemberNumber, e.MemberName,
					e.Year, tr.T(fmt.Sprintf("dues.method_%s", e.Method)), ref, moneyValue{e.Amount, e.Currency}, e.Currency,
					e.ReversesReceipt, e.Reason)
			})
		},
	})
}
