package board

import (
	"context"
	"time"

	"github.com/omsn/majlis/ent"
)

// Declaration is what Moroccan law (dahir of 1958, art. 5) asks the
// association to declare to the local authority within one month of a
// change of its board or statutes.
type Declaration struct {
	// ChangedOn is the latest change: a mandate starting or ending, or new
	// statutes adopted; Deadline is one month later.
	ChangedOn, Deadline time.Time
	// DeadlinePassed is true once the month is over (whether or not the
	// declaration was filed: Majlis does not record the filing yet).
	DeadlinePassed bool
	Officers       []Officer
}

// Officer is one board member as the declaration lists them, with the
// fields still missing from their record.
type Officer struct {
	Seat    Seat
	Member  *ent.Member
	Missing []string // field names: nationality, birth_date, birth_place, profession, address
}

// DeclarationPack gathers the declaration for the board in office today.
func (s *Service) DeclarationPack(ctx context.Context) (*Declaration, error) {
	seats, err := s.Current(ctx)
	if err != nil {
		return nil, err
	}
	d := &Declaration{}
	if v, err := s.statutes.InForce(ctx); err == nil && v.AdoptedOn != nil {
		d.ChangedOn = *v.AdoptedOn
	}
	ended, err := s.db.Mandate.Query().All(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	for _, m := range ended {
		for _, t := range []*time.Time{&m.StartOn, m.EndedOn, &m.EndOn} {
			if t != nil && !t.After(now) && t.After(d.ChangedOn) {
				d.ChangedOn = *t
			}
		}
	}
	d.Deadline = d.ChangedOn.AddDate(0, 1, 0)
	d.DeadlinePassed = now.After(d.Deadline)
	for _, seat := range seats {
		if seat.Mandate == nil {
			continue
		}
		m := seat.Mandate.Edges.Member
		o := Officer{Seat: seat, Member: m}
		for _, f := range []struct {
			name  string
			empty bool
		}{{"nationality", m.Nationality == ""}, {"birth_date", m.BirthDate == nil}, {"birth_place", m.BirthPlace == ""},
			{"profession", m.Profession == ""}, {"address", m.Address == ""}} {
			if f.empty {
				o.Missing = append(o.Missing, f.name)
			}
		}
		d.Officers = append(d.Officers, o)
	}
	return d, nil
}

// IsMissing reports whether a field must still be filled in for the
// declaration.
func (o Officer) IsMissing(field string) bool {
	for _, f := range o.Missing {
		if f == field {
			return true
		}
	}
	return false
}
