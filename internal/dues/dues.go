// Package dues keeps the association's money from members: the periods the
// treasurer opens, what each member owes for each (from the statutes in
// force), the payments journal (online through a payment provider, or
// recorded by the treasurer), numbered receipts, good standing, and the
// treasurer's view of what was collected and who is behind.
//
// Money is in the currency's smallest unit (int64 centimes), never floats.
// Journal entries are never edited nor deleted: a mistake or a refund is a
// reversing entry. The database keeps the invariants that money needs: one
// charge per member and period, one active payment per charge, one reversal
// per payment, a cheque or a provider session recorded once, receipt
// numbers unique and without gaps within a year.
package dues

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/duesperiod"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members/statusset"
	"github.com/omsn/majlis/internal/payments"
	"github.com/omsn/majlis/internal/receipt"
	"github.com/omsn/majlis/internal/statutes"
)

// Service is the dues use cases.
type Service struct {
	db       *ent.Client
	sqlDB    *database.DB
	statutes *statutes.Service
	// Mail sends receipts and reminders (nil: none are sent).
	Mail mail.Queuer
	// Provider takes payments online (nil: online payment is off).
	Provider payments.Provider
	// BaseURL makes the links back from the payment page.
	BaseURL *url.URL
	// Association describes the association on receipts.
	Association func(context.Context) (Party, error)
	// Now is the clock, in UTC.
	Now func() time.Time
}

// NewService returns the dues service.
func NewService(db *database.DB, st *statutes.Service) *Service {
	return &Service{db: db.Ent, sqlDB: db, statutes: st, Now: func() time.Time { return time.Now().UTC() },
		Association: func(context.Context) (Party, error) { return Party{Name: "Majlis"}, nil }}
}

// YearToPropose is the year the treasurer is offered to open next, or 0
// for none. Periods follow the calendar: the current year's is proposed
// while it is not open; once it is, nothing is proposed, since next year's
// is opened early only by choice (OpenPeriod accepts it when typed), not as
// the obvious next step. periods may be in any order.
func YearToPropose(periods []*ent.DuesPeriod, now time.Time) int {
	if opened(periods, now.Year()) {
		return 0
	}
	return now.Year()
}

// YearAhead is the year the treasurer may still open early, next year, or 0
// once it is open: the box does not propose it, but the confirmation for
// it is prepared in case it is typed.
func YearAhead(periods []*ent.DuesPeriod, now time.Time) int {
	if opened(periods, now.Year()+1) {
		return 0
	}
	return now.Year() + 1
}

func opened(periods []*ent.DuesPeriod, year int) bool {
	for _, p := range periods {
		if p.Year == year {
			return true
		}
	}
	return false
}

// PeriodPreview is what opening a period would do, computed by the same
// rule as the opening itself: how many members it would charge, and for
// how much in all.
type PeriodPreview struct {
	Year     int
	Members  int
	Total    int64
	Currency string
}

// PreviewPeriod says what OpenPeriod(year) would do now, without doing it:
// the treasurer is asked to confirm with these figures. It refuses the same
// years OpenPeriod refuses.
func (s *Service) PreviewPeriod(ctx context.Context, year int) (PeriodPreview, error) {
	out := PeriodPreview{Year: year}
	rules, err := s.openable(ctx, year)
	if err != nil {
		return out, err
	}
	out.Currency = rules.Dues.CurrencyCode()
	start, _ := PeriodOf(year)
	err = s.eachOwing(ctx, rules, year, start, func(batch []owing) error {
		for _, o := range batch {
			out.Members++
			out.Total += o.terms.Amount
		}
		return nil
	})
	return out, err
}

// openable checks that a period may be opened for year (a year in range,
// not opened yet) and returns the rules in force that charge it.
func (s *Service) openable(ctx context.Context, year int) (governance.Rules, error) {
	now := s.Now()
	if year < 2000 || year > now.Year()+1 {
		return governance.Rules{}, apperr.Invalid("year", "dues.error.year_range", map[string]any{"Max": now.Year() + 1})
	}
	st, err := s.statutes.InForce(ctx)
	if err != nil {
		return governance.Rules{}, err
	}
	if exists, err := database.Client(ctx, s.db).DuesPeriod.Query().Where(duesperiod.Year(year)).Exist(ctx); err != nil {
		return governance.Rules{}, err
	} else if exists {
		return governance.Rules{}, apperr.Invalid("year", "dues.error.period_open", nil)
	}
	return st.Rules, nil
}

// owing is a member and what they owe for a period.
type owing struct {
	member *ent.Member
	terms  Terms
}

// eachOwing calls fn with the current members who owe dues for the period
// of year starting on start, in batches. Members are read in pages: SQLite
// takes at most 32,766 values per statement, so the caller writes each
// batch apart.
func (s *Service) eachOwing(ctx context.Context, rules governance.Rules, year int, start time.Time, fn func([]owing) error) error {
	db := database.Client(ctx, s.db)
	lastID := 0
	for {
		ms, err := db.Member.Query().Where(statusset.Current.Where(), member.IDGT(lastID)).
			Order(ent.Asc(member.FieldID)).Limit(500).All(ctx)
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			return nil
		}
		lastID = ms[len(ms)-1].ID
		batch := make([]owing, 0, len(ms))
		for _, m := range ms {
			if t, ok := termsOf(rules, year, start, m); ok {
				batch = append(batch, owing{member: m, terms: t})
			}
		}
		if len(batch) > 0 {
			if err := fn(batch); err != nil {
				return err
			}
		}
	}
}

// termsOf is what a member owes for the period of year starting on start,
// if anything: by their category, from the day they joined.
func termsOf(rules governance.Rules, year int, start time.Time, m *ent.Member) (Terms, bool) {
	cat, ok := rules.Category(m.Category)
	if !ok {
		return Terms{}, false
	}
	joined := start
	if m.JoinedOn != nil {
		joined = *m.JoinedOn
	}
	return TermsFor(rules, cat, year, joined)
}

// OpenPeriod opens the dues period of a year and charges every member what
// they owe for it, in one transaction. It returns the period and how many
// charges were made.
func (s *Service) OpenPeriod(ctx context.Context, year, actorID int) (*ent.DuesPeriod, int, error) {
	now := s.Now()
	start, end := PeriodOf(year)
	var p *ent.DuesPeriod
	n := 0
	err := database.WithTx(ctx, s.db, func(ctx context.Context) error {
		rules, err := s.openable(ctx, year)
		if err != nil {
			return err
		}
		db := database.Client(ctx, s.db)
		create := db.DuesPeriod.Create().SetYear(year).SetStartsOn(start).SetEndsOn(end).
			SetCurrency(rules.Dues.CurrencyCode()).SetOpenedAt(now)
		if actorID != 0 {
			create.SetOpenedByUserID(actorID)
		}
		if p, err = create.Save(ctx); ent.IsConstraintError(err) {
			return apperr.Invalid("year", "dues.error.period_open", nil)
		} else if err != nil {
			return err
		}
		return s.eachOwing(ctx, rules, year, start, func(batch []owing) error {
			bulk := make([]*ent.DuesChargeCreate, len(batch))
			for i, o := range batch {
				bulk[i] = s.chargeCreate(ctx, p, o.member, o.terms)
			}
			n += len(bulk)
			return db.DuesCharge.CreateBulk(bulk...).Exec(ctx)
		})
	})
	if err != nil {
		return nil, 0, err
	}
	// A period opened after its grace period puts members behind at once.
	return p, n, s.RebuildArrears(ctx)
}

// chargeOf prepares the charge of a member for a period, or nil.
func (s *Service) chargeOf(ctx context.Context, rules governance.Rules, p *ent.DuesPeriod, m *ent.Member) *ent.DuesChargeCreate {
	t, owes := termsOf(rules, p.Year, p.StartsOn, m)
	if !owes {
		return nil
	}
	return s.chargeCreate(ctx, p, m, t)
}

// chargeCreate prepares the charge of a member for a period on terms.
func (s *Service) chargeCreate(ctx context.Context, p *ent.DuesPeriod, m *ent.Member, t Terms) *ent.DuesChargeCreate {
	return database.Client(ctx, s.db).DuesCharge.Create().SetMemberID(m.ID).SetPeriodID(p.ID).SetCategory(m.Category).
		SetAmount(t.Amount).SetCurrency(p.Currency).SetCoversFrom(t.CoversFrom).SetCoversTo(t.CoversTo).
		SetGraceUntil(t.GraceUntil).SetCreatedAt(s.Now())
}

// ChargeMember charges a newly admitted member for every period still
// running or to come (the current year's, and next year's if the treasurer
// opened it early), in the transaction ctx carries (the approval's).
func (s *Service) ChargeMember(ctx context.Context, memberID int) error {
	st, err := s.statutes.InForce(ctx)
	if err != nil {
		return err
	}
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		periods, err := db.DuesPeriod.Query().Where(duesperiod.EndsOnGT(s.Now())).All(ctx)
		if err != nil || len(periods) == 0 {
			return err // without a period, the treasurer's opening charges everyone
		}
		m, err := db.Member.Get(ctx, memberID)
		if err != nil {
			return err
		}
		for _, p := range periods {
			c := s.chargeOf(ctx, st.Rules, p, m)
			if c == nil {
				continue
			}
			exists, err := db.DuesCharge.Query().Where(duescharge.MemberID(m.ID), duescharge.PeriodID(p.ID)).Exist(ctx)
			if err != nil {
				return err
			}
			if !exists {
				if err := c.Exec(ctx); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Periods lists the periods opened, newest first.
func (s *Service) Periods(ctx context.Context) ([]*ent.DuesPeriod, error) {
	return database.Client(ctx, s.db).DuesPeriod.Query().Order(ent.Desc(duesperiod.FieldYear)).All(ctx)
}

// Charges lists a member's charges, newest first, with their payments.
func (s *Service) Charges(ctx context.Context, memberID int) ([]*ent.DuesCharge, error) {
	return database.Client(ctx, s.db).DuesCharge.Query().Where(duescharge.MemberID(memberID)).
		WithPeriod().WithPayments(func(q *ent.PaymentQuery) { q.WithReceipt() }).
		Order(ent.Desc(duescharge.FieldCoversFrom)).All(ctx)
}

// OpenOldestFirst returns the debts not yet paid among charges, the
// oldest first: a payment received settles the oldest debt unless the
// treasurer says otherwise, so the forms propose it first.
func OpenOldestFirst(charges []*ent.DuesCharge) []*ent.DuesCharge {
	var open []*ent.DuesCharge
	for _, c := range charges {
		if c.Status == duescharge.StatusOpen {
			open = append(open, c)
		}
	}
	sort.SliceStable(open, func(i, j int) bool { return open[i].CoversFrom.Before(open[j].CoversFrom) })
	return open
}

// Charge returns one charge.
func (s *Service) Charge(ctx context.Context, id int) (*ent.DuesCharge, error) {
	c, err := database.Client(ctx, s.db).DuesCharge.Query().Where(duescharge.ID(id)).WithPeriod().WithMember().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("charge %d: %w", id, apperr.ErrNotFound)
	}
	return c, err
}

// Party is a name and address on a receipt.
type Party = receipt.Party
