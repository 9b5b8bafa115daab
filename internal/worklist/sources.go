package worklist

import (
	"context"
	"time"

	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/jobs"
	"github.com/omsn/majlis/internal/members"
)

// MandatesHorizon is how far ahead the board is told of mandates ending:
// enough to convene the assembly that elects successors (the statutes ask
// a notice of weeks) and to find candidates.
const MandatesHorizon = 90

// FlaggedHorizon is how far back provider events flagged for the
// treasurer are counted: they are never marked as checked, so older ones
// would stay on the home page for ever.
const FlaggedHorizon = 30

// Standard lists the sources of today's capabilities, in the order the
// home page shows them: the member's own dues, the board's work, the
// treasurer's, the administrator's.
func Standard(m *members.Service, b *board.Service, d *dues.Service, q *jobs.Queue) []Source {
	return []Source{
		OwnDues(m, d),
		Applications(m),
		LeaveRequests(m),
		MandatesEnding(b),
		Declaration(b),
		Arrears(d),
		FlaggedEvents(d),
		FailedJobs(q),
	}
}

// OwnDues is a member's standing and what they owe.
func OwnDues(m *members.Service, d *dues.Service) Source {
	return Source{Key: "own_dues", Link: "/membership/dues", Count: func(ctx context.Context, p Person) (Item, bool, error) {
		me, err := m.ForUser(ctx, p.UserID)
		if notFound(err) {
			return Item{}, false, nil
		}
		if err != nil {
			return Item{}, false, err
		}
		st, err := d.StandingOn(ctx, me.ID, d.Now())
		if err != nil {
			return Item{}, false, err
		}
		unpaid, err := d.UnpaidOf(ctx, me.ID)
		if err != nil {
			return Item{}, false, err
		}
		it := Item{Label: "work.own_dues", Count: unpaid.Charges, Amount: unpaid.Amount, Currency: unpaid.Currency}
		switch {
		case !st.Good:
			it.Detail, it.Urgency, it.Amount, it.Currency = "work.own_dues.behind", Late, st.Owed, st.Currency
		case unpaid.Charges > 0:
			it.Detail, it.Urgency = "work.own_dues.to_pay", Waiting
		case st.Exempt:
			it.Detail, it.Urgency = "work.own_dues.exempt", Calm
		default:
			it.Detail, it.Urgency = "work.own_dues.good", Calm
		}
		return it, true, nil
	}}
}

// Applications counts the applications the board has to decide.
func Applications(m *members.Service) Source {
	return Source{Key: "applications", Link: "/board/applications", Count: func(ctx context.Context, _ Person) (Item, bool, error) {
		n, err := m.CountPendingApplications(ctx)
		return Item{Label: "work.applications", Count: n}, err == nil, err
	}}
}

// LeaveRequests counts the requests to leave the board has not decided.
func LeaveRequests(m *members.Service) Source {
	return Source{Key: "leave_requests", Link: "/board/leave-requests", Count: func(ctx context.Context, _ Person) (Item, bool, error) {
		n, err := m.OpenLeaveRequests(ctx)
		return Item{Label: "work.leave_requests", Count: n}, err == nil, err
	}}
}

// MandatesEnding counts the running mandates whose term ends within
// MandatesHorizon days; the soonest end is the item's date.
func MandatesEnding(b *board.Service) Source {
	return Source{Key: "mandates_ending", Link: "/board/mandates", Count: func(ctx context.Context, _ Person) (Item, bool, error) {
		ending, err := b.EndingWithin(ctx, MandatesHorizon*24*time.Hour)
		if err != nil {
			return Item{}, false, err
		}
		it := Item{Label: "work.mandates_ending", Days: MandatesHorizon, Count: len(ending)}
		if len(ending) > 0 {
			it.Date, it.Detail = ending[0].EndOn, "work.mandates_ending.first"
		}
		return it, true, nil
	}}
}

// Declaration says whether a change of the board or of the statutes is
// still to be declared to the authority, and by when.
func Declaration(b *board.Service) Source {
	return Source{Key: "declaration", Link: "/board/declaration", Count: func(ctx context.Context, _ Person) (Item, bool, error) {
		d, err := b.DeclarationPack(ctx)
		if err != nil {
			return Item{}, false, err
		}
		it := Item{Label: "work.declaration", Detail: "work.declaration.none", Urgency: Calm}
		if d.Due() {
			it.Count, it.Date, it.Detail, it.Urgency = 1, d.Deadline, "work.declaration.due", Waiting
			if d.DeadlinePassed {
				it.Detail, it.Urgency = "work.declaration.late", Late
			}
		}
		return it, true, nil
	}}
}

// Arrears counts the members behind with their dues and what they owe.
func Arrears(d *dues.Service) Source {
	return Source{Key: "arrears", Link: "/treasurer/arrears", Count: func(ctx context.Context, _ Person) (Item, bool, error) {
		t, err := d.TotalArrears(ctx)
		if err != nil {
			return Item{}, false, err
		}
		it := Item{Label: "work.arrears", Count: t.Members, Amount: t.Owed, Currency: t.Currency}
		if t.Members > 0 {
			it.Detail = "work.arrears.owed"
		}
		return it, true, nil
	}}
}

// FlaggedEvents counts the payment provider's events flagged for the
// treasurer in the last FlaggedHorizon days.
func FlaggedEvents(d *dues.Service) Source {
	return Source{Key: "flagged_events", Link: "/treasurer#flagged", Count: func(ctx context.Context, _ Person) (Item, bool, error) {
		n, err := d.CountFlaggedSince(ctx, d.Now().AddDate(0, 0, -FlaggedHorizon))
		return Item{Label: "work.flagged_events", Days: FlaggedHorizon, Count: n}, err == nil, err
	}}
}

// FailedJobs counts the background jobs that gave up.
func FailedJobs(q *jobs.Queue) Source {
	return Source{Key: "failed_jobs", Link: "/admin/jobs?status=failed", Count: func(ctx context.Context, _ Person) (Item, bool, error) {
		counts, err := q.Counts(ctx)
		if err != nil {
			return Item{}, false, err
		}
		it := Item{Label: "work.failed_jobs", Count: counts[job.StatusFailed]}
		if it.Count > 0 {
			it.Urgency = Late
		}
		return it, true, nil
	}}
}
