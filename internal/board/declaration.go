package board

import (
	"context"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/declarationfiling"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
)

// Declaration is what Moroccan law (dahir of 1958, art. 5) asks the
// association to declare to the local authority within one month of a
// change of its board or statutes.
type Declaration struct {
	// ChangedOn is the latest change: a mandate starting or ending, or new
	// statutes adopted; Deadline is one month later.
	ChangedOn, Deadline time.Time
	// Filed is the filing that covers the latest change, if recorded.
	Filed *ent.DeclarationFiling
	// DeadlinePassed is true once the month is over without a filing.
	DeadlinePassed bool
	Officers       []Officer
	// Filings are every filing recorded, newest first.
	Filings []*ent.DeclarationFiling
}

// Due reports whether a change still has to be declared.
func (d *Declaration) Due() bool { return !d.ChangedOn.IsZero() && d.Filed == nil }

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
	ended, err := database.Client(ctx, s.db).Mandate.Query().All(ctx)
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
	d.ChangedOn = day(d.ChangedOn)
	d.Deadline = d.ChangedOn.AddDate(0, 1, 0)
	if d.Filings, err = database.Client(ctx, s.db).DeclarationFiling.Query().
		Order(ent.Desc(declarationfiling.FieldCoversChangesOn)).All(ctx); err != nil {
		return nil, err
	}
	if len(d.Filings) > 0 && !d.Filings[0].CoversChangesOn.Before(d.ChangedOn) {
		d.Filed = d.Filings[0]
	}
	d.DeadlinePassed = d.Due() && now.After(d.Deadline)
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

// Filing is the record of a declaration handed to the local authority.
type Filing struct {
	// CoversChangesOn is the date of the latest change declared (the
	// declaration pack's ChangedOn when the file was prepared).
	CoversChangesOn time.Time
	FiledOn         time.Time
	// Authority is the office the file was handed to.
	Authority string
	// ReceiptReference is the number of the authority's receipt, if given.
	ReceiptReference string
	ByUserID         int
}

// RecordFiling records that the declaration of the changes up to
// CoversChangesOn was filed. A filing cannot precede the change it
// declares, lie in the future, or be recorded twice for one change.
func (s *Service) RecordFiling(ctx context.Context, in Filing) (*ent.DeclarationFiling, error) {
	v := &apperr.ValidationError{}
	in.Authority = strings.TrimSpace(in.Authority)
	in.ReceiptReference = strings.TrimSpace(in.ReceiptReference)
	if in.Authority == "" {
		v.Add("authority", "error.required", nil)
	}
	if in.CoversChangesOn.IsZero() {
		v.Add("covers_changes_on", "error.date_invalid", nil)
	}
	switch {
	case in.FiledOn.IsZero():
		v.Add("filed_on", "error.date_invalid", nil)
	case in.FiledOn.After(s.Now()):
		v.Add("filed_on", "declaration.error.filed_in_future", nil)
	case day(in.FiledOn).Before(day(in.CoversChangesOn)):
		v.Add("filed_on", "declaration.error.filed_before_change", nil)
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	// The filing declares the board as the page showed it: if it changed
	// since, the file handed in is not the one to record.
	current, err := s.DeclarationPack(ctx)
	if err != nil {
		return nil, err
	}
	if !day(in.CoversChangesOn).Equal(current.ChangedOn) {
		return nil, apperr.Invalid("covers_changes_on", "declaration.error.stale", nil)
	}
	c := database.Client(ctx, s.db).DeclarationFiling.Create().SetCoversChangesOn(day(in.CoversChangesOn)).SetFiledOn(day(in.FiledOn)).
		SetAuthority(in.Authority).SetReceiptReference(in.ReceiptReference)
	if in.ByUserID > 0 {
		c.SetRecordedByUserID(in.ByUserID)
	}
	f, err := c.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apperr.Invalid("covers_changes_on", "declaration.error.already_filed", nil)
	}
	return f, err
}

// day is t's calendar day, in UTC.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
