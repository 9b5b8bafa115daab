package dues

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/duesperiod"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/database"
)

// CategoryLine is what a category was asked and paid in a period.
type CategoryLine struct {
	Category            string
	Members             int
	Expected, Collected int64
}

// Rate is the share collected, in per cent.
func (l CategoryLine) Rate() float64 { return rate(l.Collected, l.Expected) }

// MonthLine is what was collected in one month.
type MonthLine struct {
	Month     string // YYYY-MM
	Collected int64
}

// Summary is a period at a glance.
type Summary struct {
	Period              *ent.DuesPeriod
	Expected, Collected int64
	Members, Paid       int
	ByCategory          []CategoryLine
	// ByMonth covers every month from the period's start to its end or to
	// today, months without payments included.
	ByMonth []MonthLine
}

// Rate is the share collected, in per cent.
func (s Summary) Rate() float64 { return rate(s.Collected, s.Expected) }

func rate(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

// Summarize totals a period: expected and collected, per category and per
// month of payment. Aggregates run in the database, so the cost does not
// grow with the members loaded in memory.
func (s *Service) Summarize(ctx context.Context, year int) (*Summary, error) {
	p, err := database.Client(ctx, s.db).DuesPeriod.Query().Where(duesperiod.Year(year)).Only(ctx)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		Category string `json:"category"`
		Status   string `json:"status"`
		Sum      int64  `json:"sum"`
		Count    int    `json:"count"`
	}
	if err := database.Client(ctx, s.db).DuesCharge.Query().Where(duescharge.PeriodID(p.ID)).
		GroupBy(duescharge.FieldCategory, duescharge.FieldStatus).
		Aggregate(ent.As(ent.Sum(duescharge.FieldAmount), "sum"), ent.Count()).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := &Summary{Period: p}
	byCat := map[string]*CategoryLine{}
	for _, r := range rows {
		l := byCat[r.Category]
		if l == nil {
			l = &CategoryLine{Category: r.Category}
			byCat[r.Category] = l
		}
		l.Members += r.Count
		l.Expected += r.Sum
		out.Members += r.Count
		out.Expected += r.Sum
		if r.Status == string(duescharge.StatusPaid) {
			l.Collected += r.Sum
			out.Collected += r.Sum
			out.Paid += r.Count
		}
	}
	for _, l := range byCat {
		out.ByCategory = append(out.ByCategory, *l)
	}
	sort.Slice(out.ByCategory, func(i, j int) bool { return out.ByCategory[i].Expected > out.ByCategory[j].Expected })

	var months []struct {
		Month string `json:"paid_month"`
		Sum   int64  `json:"sum"`
	}
	if err := database.Client(ctx, s.db).DuesCharge.Query().Where(duescharge.PeriodID(p.ID), duescharge.StatusEQ(duescharge.StatusPaid)).
		GroupBy(duescharge.FieldPaidMonth).Aggregate(ent.As(ent.Sum(duescharge.FieldAmount), "sum")).Scan(ctx, &months); err != nil {
		return nil, err
	}
	got := map[string]int64{}
	first := p.StartsOn
	for _, m := range months {
		got[m.Month] = m.Sum
		// Payments made before the period opened (paid in advance) show
		// from their month.
		if t, err := time.Parse("2006-01", m.Month); err == nil && t.Before(first) {
			first = t
		}
	}
	last := p.EndsOn.AddDate(0, -1, 0)
	if now := s.Now(); now.Before(last) {
		last = now
	}
	for t := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC); !t.After(last); t = t.AddDate(0, 1, 0) {
		k := t.Format("2006-01")
		out.ByMonth = append(out.ByMonth, MonthLine{Month: k, Collected: got[k]})
	}
	return out, nil
}

// Arrear is a member with dues unpaid past their grace period.
type Arrear struct {
	MemberID         int
	Number, Name     string
	Email, Category  string
	Owed             int64
	Currency         string
	Since            time.Time // the earliest unpaid period's start
	Charges          int
	MemberStatusCode string
}

// ArrearsQuery sorts and pages the arrears list.
type ArrearsQuery struct {
	// Sort is owed, since, name or number.
	Sort    string
	Desc    bool
	Page    int // from 1
	PerPage int
}

// arrearsSorts maps the sorts to SQL, each ending on the member's id so
// that pages never overlap.
var arrearsSorts = map[string]string{
	"owed":   "a.owed %s, a.member_id",
	"since":  "a.since %s, a.member_id",
	"name":   "m.last_name %[1]s, m.first_name %[1]s, m.organisation_name %[1]s, m.id",
	"number": "m.number %s, m.id",
}

// Arrears lists the members behind with their dues, with the total count,
// from the arrears table (see RebuildArrears): as of the last daily run,
// and of every payment since.
func (s *Service) Arrears(ctx context.Context, q ArrearsQuery) ([]Arrear, int, error) {
	db := s.sqlDB
	order, ok := arrearsSorts[q.Sort]
	if !ok {
		q.Sort, order = "owed", arrearsSorts["owed"]
		q.Desc = true
	}
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	if q.PerPage <= 0 || q.PerPage > 500 {
		q.PerPage = 50
	}
	if q.Page < 1 {
		q.Page = 1
	}
	var total int
	if err := db.SQL.QueryRowContext(ctx, "SELECT COUNT(*) FROM arrears").Scan(&total); err != nil {
		return nil, 0, err
	}
	query := rebind(db, `SELECT m.id, COALESCE(m.number, ''), m.kind, m.first_name, m.last_name, m.organisation_name, m.email, m.category, m.status,
		a.owed AS owed, a.since AS since, a.charges, a.currency
		FROM arrears a JOIN members m ON m.id = a.member_id
		ORDER BY `+fmt.Sprintf(order, dir)+` LIMIT ? OFFSET ?`)
	rows, err := db.SQL.QueryContext(ctx, query, q.PerPage, (q.Page-1)*q.PerPage)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Arrear
	for rows.Next() {
		var a Arrear
		var kind, first, last, org string
		var since any
		if err := rows.Scan(&a.MemberID, &a.Number, &kind, &first, &last, &org, &a.Email, &a.Category, &a.MemberStatusCode,
			&a.Owed, &since, &a.Charges, &a.Currency); err != nil {
			return nil, 0, err
		}
		a.Name = strings.TrimSpace(first + " " + last)
		if kind == "organisation" {
			a.Name = org
		}
		a.Since = scanTime(since)
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// scanTime reads a time an aggregate returned: PostgreSQL gives a time,
// SQLite the text it stores.
func scanTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t.UTC()
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999 -0700 MST", "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05-07:00", time.RFC3339Nano, "2006-01-02"} {
			if p, err := time.Parse(layout, t); err == nil {
				return p.UTC()
			}
		}
	case []byte:
		return scanTime(string(t))
	}
	return time.Time{}
}

// rebind writes ? placeholders as $1, $2… for PostgreSQL.
func rebind(db *database.DB, q string) string {
	if db.Target.Dialect != database.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// JournalEntry is a line of the payments journal export.
type JournalEntry struct {
	*ent.Payment
	Receipt string
	// ReversesReceipt is, for a reversal, the receipt number of the entry
	// it cancels: the accounts know entries by their receipts.
	ReversesReceipt string
	MemberNumber    string
	MemberName      string
	Year            int
}

// EachJournalEntry calls fn for every journal entry received in [from, to),
// in order, reading in pages so that memory stays flat.
func (s *Service) EachJournalEntry(ctx context.Context, from, to time.Time, fn func(JournalEntry) error) error {
	lastID := 0
	for {
		ps, err := database.Client(ctx, s.db).Payment.Query().Where(payment.ReceivedOnGTE(day(from)), payment.ReceivedOnLT(day(to)), payment.IDGT(lastID)).
			Order(ent.Asc(payment.FieldID)).Limit(1000).WithReceipt().WithReverses(func(q *ent.PaymentQuery) { q.WithReceipt() }).WithMember().WithCharge(func(q *ent.DuesChargeQuery) { q.WithPeriod() }).All(ctx)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return nil
		}
		for _, p := range ps {
			e := JournalEntry{Payment: p}
			if r := p.Edges.Receipt; r != nil {
				e.Receipt = r.Number
			}
			if r := p.Edges.Reverses; r != nil && r.Edges.Receipt != nil {
				e.ReversesReceipt = r.Edges.Receipt.Number
			}
			if m := p.Edges.Member; m != nil {
				if m.Number != nil {
					e.MemberNumber = *m.Number
				}
				e.MemberName = strings.TrimSpace(m.FirstName + " " + m.LastName + " " + m.OrganisationName)
			}
			if c := p.Edges.Charge; c != nil && c.Edges.Period != nil {
				e.Year = c.Edges.Period.Year
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		lastID = ps[len(ps)-1].ID
	}
}
