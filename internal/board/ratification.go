package board

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board/mandaterule"
	"github.com/omsn/majlis/internal/database"
)

// Ratification is an assembly's decision on a mandate the board co-opted
// to fill a vacancy: statutes commonly let the board co-opt a member until
// the next general assembly, which ratifies the choice or refuses it.
type Ratification struct {
	MandateID int
	// On is the date of the assembly's decision.
	On time.Time
	// Ratified is the decision; a refused co-optation ends the mandate
	// that day (what the member did in office remains valid).
	Ratified bool
	// Reference names the assembly resolution.
	Reference string
}

// DecideRatification records an assembly's decision on a co-opted mandate.
// Each co-optation is decided once; the database refuses a decision on any
// other kind of mandate and a second decision.
func (s *Service) DecideRatification(ctx context.Context, in Ratification) error {
	v := &apperr.ValidationError{}
	if in.On.IsZero() {
		v.Add("ratification_on", "error.date_invalid", nil)
	}
	in.Reference = strings.TrimSpace(in.Reference)
	if in.Reference == "" {
		v.Add("ratification_reference", "error.required", nil)
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	m, err := database.Client(ctx, s.db).Mandate.Get(ctx, in.MandateID)
	if ent.IsNotFound(err) {
		return fmt.Errorf("mandate %d: %w", in.MandateID, apperr.ErrNotFound)
	}
	if err != nil {
		return err
	}
	switch {
	case in.On.Before(m.StartOn):
		return apperr.Invalid("ratification_on", "mandates.error.ratification_before_start", nil)
	case in.On.After(s.Now()):
		return apperr.Invalid("ratification_on", "mandates.error.ratification_in_future", nil)
	}
	// The conditions are repeated in the update so that two board members
	// recording the decision at once cannot both succeed.
	u := database.Client(ctx, s.db).Mandate.Update().Where(mandate.ID(m.ID), mandate.SourceEQ(mandate.SourceCoOpted),
		mandate.RatifiedOnIsNil(), mandate.RatificationRefusedOnIsNil()).
		SetRatificationReference(in.Reference)
	if in.Ratified {
		u.SetRatifiedOn(in.On)
	} else {
		u.SetRatificationRefusedOn(in.On)
		if m.EndedOn == nil || m.EndedOn.After(in.On) {
			u.SetEndedOn(in.On)
		}
	}
	n, err := u.Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("mandate %d is not a co-optation awaiting its ratification: %w", m.ID, apperr.ErrConflict)
	}
	return nil
}

// AwaitingRatification lists running co-opted mandates no assembly has
// decided on yet, oldest first: the next ordinary assembly must put them to
// the vote. A co-optation that ended meanwhile has nothing left to ratify.
func (s *Service) AwaitingRatification(ctx context.Context) ([]*ent.Mandate, error) {
	now := s.Now()
	return database.Client(ctx, s.db).Mandate.Query().
		Where(mandate.SourceEQ(mandate.SourceCoOpted), mandate.RatifiedOnIsNil(), mandate.RatificationRefusedOnIsNil(),
			mandaterule.RunningOn(now)).
		WithMember().Order(ent.Asc(mandate.FieldStartOn), ent.Asc(mandate.FieldID)).All(ctx)
}
