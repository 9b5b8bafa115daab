package dues

import (
	"time"

	"github.com/omsn/majlis/internal/governance"
)

// Terms are what one member owes for one period, as the statutes decide.
type Terms struct {
	Amount int64
	// CoversFrom and CoversTo bound what the dues pay for (CoversTo
	// excluded).
	CoversFrom, CoversTo time.Time
	// GraceUntil is the last day the member stays in good standing without
	// having paid.
	GraceUntil time.Time
}

// day truncates a time to its date, in UTC.
func day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// PeriodOf returns the bounds of a period year: January to December for
// calendar-year dues; for anniversary dues too, since each member's own
// year is then placed within it (see TermsFor).
func PeriodOf(year int) (start, end time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
}

// TermsFor computes what a member of a category who joined on joined owes
// for the period year, or false if they owe nothing (a category exempt
// from dues or without an amount, or a member who joins after the period).
//
//   - Calendar year: the dues cover the year; a member joining during it is
//     covered from that day and, if the statutes say so, pays pro rata for
//     the months left, the month of joining included.
//   - Anniversary: the dues cover a year from the anniversary of joining
//     that falls in the period (29 February is kept as 28 February).
//
// The grace period runs from the start of what is covered.
func TermsFor(r governance.Rules, cat governance.Category, year int, joined time.Time) (Terms, bool) {
	if cat.ExemptFromDues || cat.DuesAmount <= 0 {
		return Terms{}, false
	}
	start, end := PeriodOf(year)
	joined = day(joined)
	if !joined.Before(end) {
		return Terms{}, false
	}
	t := Terms{Amount: cat.DuesAmount}
	switch r.Dues.Period {
	case governance.Anniversary:
		m, d := joined.Month(), joined.Day()
		if m == time.February && d == 29 {
			d = 28
		}
		t.CoversFrom = time.Date(year, m, d, 0, 0, 0, 0, time.UTC)
		if t.CoversFrom.Before(joined) {
			// The year they join: their first year starts when they join.
			t.CoversFrom = joined
		}
		t.CoversTo = t.CoversFrom.AddDate(1, 0, 0)
	default:
		t.CoversFrom, t.CoversTo = start, end
		if joined.After(start) {
			t.CoversFrom = joined
			if r.Dues.ProRata {
				months := int64(12 - int(joined.Month()) + 1)
				// Rounded to the nearest centime, halves up.
				t.Amount = (cat.DuesAmount*months*2 + 12) / 24
			}
		}
	}
	t.GraceUntil = t.CoversFrom.AddDate(0, 0, r.Dues.GraceDays)
	return t, true
}
