// Package statutes keeps the association's statutes: versions of the text
// with the governance rules the software enforces, exactly one in force. A
// new version is a draft until an adoption is recorded (date and the
// assembly resolution that adopted it); adopted versions are never edited.
package statutes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/statutesversion"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/textinput"
)

// Service is the statutes use cases.
type Service struct {
	db *ent.Client
	// Now is the clock, in UTC.
	Now func() time.Time
}

// NewService returns the statutes service.
func NewService(db *ent.Client) *Service {
	return &Service{db: db, Now: func() time.Time { return time.Now().UTC() }}
}

// Version is a stored version with its rules decoded.
type Version struct {
	*ent.StatutesVersion
	Rules governance.Rules
}

// Text returns the articles in a language, falling back to French.
func (v *Version) Text(lang string) string {
	switch {
	case lang == "ar" && v.TextAr != "":
		return v.TextAr
	case lang == "en" && v.TextEn != "":
		return v.TextEn
	}
	return v.TextFr
}

// Draft is the content of a version being prepared.
type Draft struct {
	Title                  string
	TextFr, TextAr, TextEn string
	Rules                  governance.Rules
}

// CreateDraft stores a new draft version after validating its rules.
func (s *Service) CreateDraft(ctx context.Context, d Draft) (*Version, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(d.Rules)
	if err != nil {
		return nil, err
	}
	var sv *ent.StatutesVersion
	err = database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		last, err := db.StatutesVersion.Query().Order(ent.Desc(statutesversion.FieldNumber)).First(ctx)
		next := 1
		switch {
		case err == nil:
			next = last.Number + 1
		case !ent.IsNotFound(err):
			return err
		}
		sv, err = db.StatutesVersion.Create().SetNumber(next).SetTitle(strings.TrimSpace(d.Title)).
			SetTextFr(d.TextFr).SetTextAr(d.TextAr).SetTextEn(d.TextEn).SetRules(raw).Save(ctx)
		if ent.IsConstraintError(err) {
			return fmt.Errorf("statutes version %d created meanwhile: %w", next, apperr.ErrConflict)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Version{StatutesVersion: sv, Rules: d.Rules}, nil
}

// UpdateDraft replaces the content of a draft. An adopted version is never
// edited: that is a conflict.
func (s *Service) UpdateDraft(ctx context.Context, id int, d Draft) error {
	if err := d.validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(d.Rules)
	if err != nil {
		return err
	}
	n, err := database.Client(ctx, s.db).StatutesVersion.Update().
		Where(statutesversion.ID(id), statutesversion.StatusEQ(statutesversion.StatusDraft)).
		SetTitle(strings.TrimSpace(d.Title)).SetTextFr(d.TextFr).SetTextAr(d.TextAr).SetTextEn(d.TextEn).SetRules(raw).
		Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("statutes version %d is not a draft: %w", id, apperr.ErrConflict)
	}
	return nil
}

// Adoption records how a draft was adopted.
type Adoption struct {
	AdoptedOn time.Time
	// Reference names the assembly resolution ("AGE du 12 juin 2027, résolution 2").
	Reference  string
	RecordedBy int
}

// Adopt puts a draft in force and the previous version out of force, in one
// transaction; the database's partial unique index guarantees that no two
// versions are ever in force together.
func (s *Service) Adopt(ctx context.Context, id int, a Adoption) error {
	v := &apperr.ValidationError{}
	if a.AdoptedOn.IsZero() {
		v.Add("adopted_on", "error.required", nil)
	} else if a.AdoptedOn.After(s.Now()) {
		v.Add("adopted_on", "statutes.error.adoption_in_future", nil)
	}
	if textinput.CheckLine(v, "reference", a.Reference) && strings.TrimSpace(a.Reference) == "" {
		v.Add("reference", "error.required", nil)
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		db := database.Client(ctx, s.db)
		sv, err := db.StatutesVersion.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fmt.Errorf("statutes version %d: %w", id, apperr.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if sv.Status != statutesversion.StatusDraft {
			return fmt.Errorf("statutes version %d is %s: %w", id, sv.Status, apperr.ErrConflict)
		}
		var rules governance.Rules
		if err := json.Unmarshal(sv.Rules, &rules); err != nil {
			return err
		}
		if err := rules.Validate(); err != nil {
			return err
		}
		// Versions take force in the order of their adoption dates, which
		// InForceOn reads: a version adopted before the one in force would
		// make the past ambiguous.
		current, err := db.StatutesVersion.Query().Where(statutesversion.StatusEQ(statutesversion.StatusInForce)).Only(ctx)
		switch {
		case err == nil && current.AdoptedOn != nil && a.AdoptedOn.Before(*current.AdoptedOn):
			return apperr.Invalid("adopted_on", "statutes.error.adoption_before_in_force",
				map[string]any{"Date": *current.AdoptedOn})
		case err != nil && !ent.IsNotFound(err):
			return err
		}
		now := s.Now()
		if _, err := db.StatutesVersion.Update().Where(statutesversion.StatusEQ(statutesversion.StatusInForce)).
			SetStatus(statutesversion.StatusSuperseded).SetSupersededAt(now).Save(ctx); err != nil {
			return err
		}
		n, err := db.StatutesVersion.Update().
			Where(statutesversion.ID(id), statutesversion.StatusEQ(statutesversion.StatusDraft)).
			SetStatus(statutesversion.StatusInForce).SetAdoptedOn(a.AdoptedOn).
			SetAdoptionReference(strings.TrimSpace(a.Reference)).SetRecordedByID(a.RecordedBy).SetInForceSince(now).
			Save(ctx)
		if ent.IsConstraintError(err) || err == nil && n == 0 {
			return fmt.Errorf("statutes version %d adopted concurrently: %w", id, apperr.ErrConflict)
		}
		return err
	})
}

// InForce returns the version in force, or apperr.ErrNotFound before any
// adoption.
func (s *Service) InForce(ctx context.Context) (*Version, error) {
	sv, err := database.Client(ctx, s.db).StatutesVersion.Query().Where(statutesversion.StatusEQ(statutesversion.StatusInForce)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("statutes in force: %w", apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return decode(sv)
}

// InForceOn returns the version that was in force on a day: of the
// versions adopted, the last one adopted on or before that day (its
// adoption date, the assembly's, not the day it was recorded). Before the
// first adoption it returns apperr.ErrNotFound. Decisions about a date
// (who may vote at an assembly held then) read the statutes through it.
func (s *Service) InForceOn(ctx context.Context, on time.Time) (*Version, error) {
	on = on.UTC()
	next := time.Date(on.Year(), on.Month(), on.Day()+1, 0, 0, 0, 0, time.UTC)
	sv, err := database.Client(ctx, s.db).StatutesVersion.Query().
		Where(statutesversion.StatusNEQ(statutesversion.StatusDraft), statutesversion.AdoptedOnLT(next)).
		Order(ent.Desc(statutesversion.FieldAdoptedOn), ent.Desc(statutesversion.FieldNumber)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("statutes in force on %s: %w", on.Format(time.DateOnly), apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return decode(sv)
}

// Get returns one version.
func (s *Service) Get(ctx context.Context, id int) (*Version, error) {
	sv, err := database.Client(ctx, s.db).StatutesVersion.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("statutes version %d: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return decode(sv)
}

// List returns every version, newest first.
func (s *Service) List(ctx context.Context) ([]*ent.StatutesVersion, error) {
	return database.Client(ctx, s.db).StatutesVersion.Query().Order(ent.Desc(statutesversion.FieldNumber)).All(ctx)
}

// CategoryExists reports whether the statutes in force define a category.
func (s *Service) CategoryExists(ctx context.Context, code string) (bool, error) {
	v, err := s.InForce(ctx)
	if err != nil {
		return false, err
	}
	_, ok := v.Rules.Category(code)
	return ok, nil
}

// CategoryOptions lists the categories of the statutes in force (none
// before the statutes are adopted).
func (s *Service) CategoryOptions(ctx context.Context) ([]members.CategoryOption, error) {
	v, err := s.InForce(ctx)
	if err != nil {
		if errors.Is(err, apperr.ErrNotFound) {
			return nil, nil
		}
		return nil, err
	}
	out := make([]members.CategoryOption, len(v.Rules.Categories))
	for i, c := range v.Rules.Categories {
		out[i] = members.CategoryOption{Code: c.Code, Names: map[string]string{"fr": c.Names.Fr, "ar": c.Names.Ar, "en": c.Names.En},
			Organisation: c.Organisation}
	}
	return out, nil
}

func decode(sv *ent.StatutesVersion) (*Version, error) {
	var r governance.Rules
	if err := json.Unmarshal(sv.Rules, &r); err != nil {
		return nil, fmt.Errorf("statutes version %d: rules: %w", sv.ID, err)
	}
	return &Version{StatutesVersion: sv, Rules: r}, nil
}

func (d Draft) validate() error {
	err := d.Rules.Validate()
	v, ok := apperr.AsValidation(err)
	if err != nil && !ok {
		return err
	}
	if !ok {
		v = &apperr.ValidationError{}
	}
	textinput.CheckLine(v, "title", d.Title)
	for field, text := range map[string]string{"text_fr": d.TextFr, "text_ar": d.TextAr, "text_en": d.TextEn} {
		textinput.CheckText(v, field, text)
	}
	if strings.TrimSpace(d.TextFr) == "" {
		v.Add("text_fr", "error.required", nil)
	}
	return v.OrNil()
}
