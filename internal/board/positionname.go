package board

import (
	"context"
	"errors"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/governance"
)

// PositionNames names the positions of mandates for people. A mandate
// records its position's code; people read the position's title in the
// statutes in force, or, for a position those statutes no longer have (a
// mandate of an earlier version), the title of its office.
type PositionNames struct {
	rules governance.Rules
}

// PositionNames returns the names of the positions of the statutes in
// force (none when no statutes are in force yet).
func (s *Service) PositionNames(ctx context.Context) (PositionNames, error) {
	v, err := s.statutes.InForce(ctx)
	if errors.Is(err, apperr.ErrNotFound) {
		return PositionNames{}, nil
	}
	if err != nil {
		return PositionNames{}, err
	}
	return PositionNames{rules: v.Rules}, nil
}

// Of returns the mandate's position title in a language, or else the
// translation key of its office's title (then key is true).
func (n PositionNames) Of(m *ent.Mandate, lang string) (name string, key bool) {
	if p, ok := n.rules.Position(m.Position); ok {
		if t := p.Titles.In(lang); t != "" {
			return t, false
		}
	}
	return governance.Office(m.Office).TitleKey(), true
}
