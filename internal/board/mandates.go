package board

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
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
// force. The member must be active (or lapsed) and a seat must be free for
// the whole term. Concurrent recordings for one position are serialised, so
// two board members cannot fill the last seat twice.
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
	err = database.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		// Taking a number of this sequence locks its row until commit: a
		// mutex per position shared by every instance.
		if _, err := database.NextInSequence(ctx, tx, "mandate:"+pos.Code); err != nil {
			return err
		}
		m, err := tx.Member.Get(ctx, in.MemberID)
		if ent.IsNotFound(err) {
			return apperr.Invalid("member_id", "error.choice_invalid", nil)
		}
		if err != nil {
			return err
		}
		if m.Status != member.StatusActive && m.Status != member.StatusLapsed {
			return apperr.Invalid("member_id", "board.error.not_a_member", nil)
		}
		overlapping, err := tx.Mandate.Query().Where(mandate.Position(pos.Code),
			mandate.StartOnLT(in.End), mandate.EndOnGT(in.Start),
			mandate.Or(mandate.EndedOnIsNil(), mandate.EndedOnGT(in.Start))).Count(ctx)
		if err != nil {
			return err
		}
		if overlapping >= pos.Seats {
			return apperr.Invalid("position", "board.error.no_free_seat", map[string]any{"Seats": pos.Seats})
		}
		out, err = tx.Mandate.Create().SetMemberID(m.ID).SetPosition(pos.Code).SetOffice(mandate.Office(pos.Office)).
			SetStartOn(in.Start).SetEndOn(in.End).SetSource(in.Source).SetSourceReference(strings.TrimSpace(in.Reference)).
			Save(ctx)
		return err
	})
	return out, err
}

// EndMandate ends a mandate early (resignation, death, revocation); its
// roles end that day.
func (s *Service) EndMandate(ctx context.Context, id int, on time.Time) error {
	n, err := s.db.Mandate.Update().Where(mandate.ID(id), mandate.EndedOnIsNil(), mandate.StartOnLT(on)).
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
	return s.db.Mandate.Query().
		Where(mandate.StartOnLTE(now), mandate.EndOnGT(now), mandate.EndOnLTE(now.Add(d)), mandate.EndedOnIsNil()).
		WithMember().Order(ent.Asc(mandate.FieldEndOn)).All(ctx)
}

// History lists every mandate of every position, newest first.
func (s *Service) History(ctx context.Context) ([]*ent.Mandate, error) {
	return s.db.Mandate.Query().WithMember().
		Order(ent.Asc(mandate.FieldPosition), ent.Desc(mandate.FieldStartOn)).All(ctx)
}
