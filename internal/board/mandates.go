package board

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board/mandaterule"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/members/statusset"
)

// NewMandate is a mandate to record.
type NewMandate struct {
	MemberID int
	Position string
	Start    time.Time
	// End defaults to Start plus the position's term.
	End       time.Time
	Source    mandate.Source
	Reference string
}

// RecordMandate gives a member a seat of a position of the statutes in
// force. The member must be active (or lapsed), a seat must be free for the
// whole term, and the mandate must not renew the member in the position
// more times in a row than the statutes allow (see renewalsInARow).
// Concurrent recordings for one position are serialised, so two board
// members cannot fill the last seat twice.
func (s *Service) RecordMandate(ctx context.Context, in NewMandate) (*ent.Mandate, error) {
	v := &apperr.ValidationError{}
	st, err := s.statutes.InForce(ctx)
	if err != nil {
		return nil, err
	}
	pos, ok := st.Rules.Position(in.Position)
	if !ok {
		v.Add("position", "error.choice_invalid", nil)
	}
	if in.Start.IsZero() {
		v.Add("start_on", "error.required", nil)
	}
	if in.End.IsZero() && ok {
		in.End = in.Start.AddDate(pos.TermYears, 0, 0)
	}
	if !in.End.After(in.Start) {
		v.Add("end_on", "board.error.end_before_start", nil)
	}
	switch in.Source {
	case mandate.SourceElected, mandate.SourceCoOpted, mandate.SourceConstitutive:
	default:
		v.Add("source", "error.choice_invalid", nil)
	}
	if strings.TrimSpace(in.Reference) == "" {
		v.Add("reference", "error.required", nil)
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	var out *ent.Mandate
	err = database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		// Taking a number of this sequence locks its row until commit: a
		// mutex per position shared by every instance.
		if _, err := database.NextInSequence(ctx, "mandate:"+pos.Code); err != nil {
			return err
		}
		m, err := db.Member.Get(ctx, in.MemberID)
		if ent.IsNotFound(err) {
			return apperr.Invalid("member_id", "error.choice_invalid", nil)
		}
		if err != nil {
			return err
		}
		if !statusset.WithRights.Has(m.Status) {
			return apperr.Invalid("member_id", "board.error.not_a_member", nil)
		}
		overlapping, err := db.Mandate.Query().Where(mandate.Position(pos.Code),
			mandate.StartOnLT(in.End), mandate.EndOnGT(in.Start),
			mandate.Or(mandate.EndedOnIsNil(), mandate.EndedOnGT(in.Start))).Count(ctx)
		if err != nil {
			return err
		}
		if overlapping >= pos.Seats {
			return apperr.Invalid("position", "board.error.no_free_seat", map[string]any{"Seats": pos.Seats})
		}
		if pos.MaxRenewals != governance.Unlimited {
			held, err := db.Mandate.Query().Where(mandate.MemberID(m.ID), mandate.Position(pos.Code)).All(ctx)
			if err != nil {
				return err
			}
			if renewalsInARow(held, in.Start, in.End) > pos.MaxRenewals {
				return apperr.Invalid("member_id", "board.error.renewal_limit", map[string]any{"Max": pos.MaxRenewals})
			}
		}
		out, err = db.Mandate.Create().SetMemberID(m.ID).SetPosition(pos.Code).SetOffice(mandate.Office(pos.Office)).
			SetStartOn(in.Start).SetEndOn(in.End).SetSource(in.Source).SetSourceReference(strings.TrimSpace(in.Reference)).
			Save(ctx)
		return err
	})
	return out, err
}

// renewalGap is how long a position may stay out of a member's hands and
// the next mandate still be a renewal. Elections are rarely held on the very
// day a term ends: an assembly postponed by a few weeks, or a second
// convocation, must not reset the count, while a member who sat out for
// more than half a year has genuinely left the office.
const renewalGap = 6 // months

// renewalsInARow counts how many renewals in a row a mandate from start to
// end would make, given the member's other mandates in the same position
// (co-opted ones included: they are terms in office all the same). Two
// mandates are in a row when the later one starts no later than renewalGap
// after the earlier one ends, ended early or at its planned end. The run is
// followed both ways, so a past term recorded late is counted against the
// terms already recorded after it too. A run of n mandates is n-1 renewals.
func renewalsInARow(held []*ent.Mandate, start, end time.Time) int {
	type term struct {
		start, end time.Time
		recorded   bool // the mandate being recorded
	}
	terms := []term{{start, end, true}}
	for _, m := range held {
		t := term{start: m.StartOn, end: m.EndOn}
		if m.EndedOn != nil && m.EndedOn.Before(t.end) {
			t.end = *m.EndedOn
		}
		terms = append(terms, t)
	}
	slices.SortStableFunc(terms, func(a, b term) int { return a.start.Compare(b.start) })
	// Cut the terms into runs at each gap longer than renewalGap; the run
	// that holds the new mandate decides.
	runLen, runEnd, found := 0, time.Time{}, false
	for i, t := range terms {
		if i > 0 && t.start.After(runEnd.AddDate(0, renewalGap, 0)) {
			if found {
				break
			}
			runLen, runEnd = 0, time.Time{}
		}
		runLen++
		if t.end.After(runEnd) {
			runEnd = t.end
		}
		found = found || t.recorded
	}
	return runLen - 1
}

// EndMandate ends a mandate early (resignation, death, revocation) on a
// day: its roles end, and its seat is free, from the start of that day, so
// a successor may be recorded from the same day (mandaterule: the end is
// exclusive).
func (s *Service) EndMandate(ctx context.Context, id int, on time.Time) error {
	// A day, not an instant: ended at 14:30, the mandate would still
	// overlap a successor starting that day.
	on = dayOf(on)
	n, err := database.Client(ctx, s.db).Mandate.Update().Where(mandate.ID(id), endableOn(on)).
		SetEndedOn(on).Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("mandate %d cannot end on %s: %w", id, on.Format(time.DateOnly), apperr.ErrConflict)
	}
	return nil
}

// EndingWithin lists running mandates whose term ends within d, soonest
// first (the board prepares the next election).
func (s *Service) EndingWithin(ctx context.Context, d time.Duration) ([]*ent.Mandate, error) {
	now := s.Now()
	return database.Client(ctx, s.db).Mandate.Query().
		Where(mandaterule.RunningOn(now), mandate.EndOnLTE(now.Add(d)), mandate.EndedOnIsNil()).
		WithMember().Order(ent.Asc(mandate.FieldEndOn)).All(ctx)
}

// History lists every mandate of every position, newest first.
func (s *Service) History(ctx context.Context) ([]*ent.Mandate, error) {
	return database.Client(ctx, s.db).Mandate.Query().WithMember().
		Order(ent.Asc(mandate.FieldPosition), ent.Desc(mandate.FieldStartOn)).All(ctx)
}

// MandatesFrom lists the mandates a member holds on a day or is due to
// hold after it (recorded to start later), earliest first: what an office
// gives the member's account now or soon. The rules that protect an office
// (who may change the holder's email, invite them, suspend them) read them
// here. It reads through the transaction ctx carries, if any.
func (s *Service) MandatesFrom(ctx context.Context, memberID int, on time.Time) ([]*ent.Mandate, error) {
	return database.Client(ctx, s.db).Mandate.Query().Where(mandate.MemberID(memberID), mandaterule.HeldOrDueOn(on)).
		Order(ent.Asc(mandate.FieldStartOn), ent.Asc(mandate.FieldID)).All(ctx)
}

// EndMandatesByDecision ends on a day every mandate a member holds or is
// due to hold, citing the board decision that ends them (one that suspends
// or excludes the member, for instance), and returns them as ended. It
// joins the transaction ctx carries, so that the decision and the end of
// the mandates are recorded together or not at all.
func (s *Service) EndMandatesByDecision(ctx context.Context, memberID int, on time.Time, reference string) ([]*ent.Mandate, error) {
	reference = strings.TrimSpace(reference)
	if reference == "" {
		return nil, apperr.Invalid("reference", "error.required", nil)
	}
	var ended []*ent.Mandate
	err := database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		held, err := db.Mandate.Query().Where(mandate.MemberID(memberID), mandaterule.HeldOrDueOn(on)).
			Order(ent.Asc(mandate.FieldStartOn), ent.Asc(mandate.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		for _, m := range held {
			// Conditional on the mandate still running, so that a mandate
			// ended meanwhile keeps the end it was given.
			u, err := db.Mandate.UpdateOneID(m.ID).Where(mandaterule.HeldOrDueOn(on)).
				SetEndedOn(on).SetEndReference(reference).Save(ctx)
			if ent.IsNotFound(err) {
				return fmt.Errorf("mandate %d ended meanwhile: %w", m.ID, apperr.ErrConflict)
			}
			if err != nil {
				return err
			}
			ended = append(ended, u)
		}
		return nil
	})
	return ended, err
}

// MandatesOf lists every mandate of a member, past, present and to come,
// newest first, for the member's page.
func (s *Service) MandatesOf(ctx context.Context, memberID int) ([]*ent.Mandate, error) {
	return database.Client(ctx, s.db).Mandate.Query().Where(mandate.MemberID(memberID)).
		Order(ent.Desc(mandate.FieldStartOn), ent.Desc(mandate.FieldID)).All(ctx)
}

// endableOn selects the mandates EndMandate may end on a day: not ended
// yet, and started before that day.
func endableOn(day time.Time) predicate.Mandate {
	return mandate.And(mandate.EndedOnIsNil(), mandate.StartOnLT(day))
}

// dayOf is the day of t, at midnight UTC.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// EndableMandate returns a mandate, with its holder, that EndMandate would
// end on that day, so that the board is asked to confirm only an end that
// would be recorded; a mandate it would refuse is a conflict.
func (s *Service) EndableMandate(ctx context.Context, id int, on time.Time) (*ent.Mandate, error) {
	m, err := database.Client(ctx, s.db).Mandate.Query().Where(mandate.ID(id)).WithMember().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("mandate %d: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	ok, err := database.Client(ctx, s.db).Mandate.Query().Where(mandate.ID(id), endableOn(dayOf(on))).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("mandate %d cannot end on %s: %w", id, on.Format(time.DateOnly), apperr.ErrConflict)
	}
	return m, nil
}

// PositionOf returns the position of the statutes in force that a mandate
// holds, to name it; ok is false when those statutes no longer have it.
func (s *Service) PositionOf(ctx context.Context, code string) (governance.Position, bool, error) {
	v, err := s.statutes.InForce(ctx)
	if errors.Is(err, apperr.ErrNotFound) {
		return governance.Position{}, false, nil
	}
	if err != nil {
		return governance.Position{}, false, err
	}
	p, ok := v.Rules.Position(code)
	return p, ok, nil
}

// OfficesByAccount lists, for each sign-in account whose member holds an
// office today, the positions held, in the statutes' order: what the
// administrators' list of accounts shows.
func (s *Service) OfficesByAccount(ctx context.Context) (map[int][]governance.Position, error) {
	v, err := s.statutes.InForce(ctx)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	running, err := database.Client(ctx, s.db).Mandate.Query().Where(mandaterule.RunningOn(s.Now())).WithMember().All(ctx)
	if err != nil {
		return nil, err
	}
	held := map[int]map[string]bool{}
	for _, m := range running {
		if m.Edges.Member == nil || m.Edges.Member.UserID == nil {
			continue
		}
		u := *m.Edges.Member.UserID
		if held[u] == nil {
			held[u] = map[string]bool{}
		}
		held[u][m.Position] = true
	}
	out := map[int][]governance.Position{}
	for u, codes := range held {
		for _, p := range v.Rules.Board.Positions {
			if codes[p.Code] {
				out[u] = append(out[u], p)
			}
		}
	}
	return out, nil
}
