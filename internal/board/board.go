// Package board answers who holds which office of the executive board, from
// the mandates recorded against the positions of the statutes in force.
package board

import (
	"context"
	"errors"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board/mandaterule"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/mail"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/statutes"
)

// Service reads the board.
type Service struct {
	db       *ent.Client
	statutes *statutes.Service
	// Mail queues reminders (nil: none are sent).
	Mail mail.Queuer
	// Now is the clock, in UTC.
	Now func() time.Time
}

// NewService returns the board service.
func NewService(db *ent.Client, st *statutes.Service) *Service {
	return &Service{db: db, statutes: st, Now: func() time.Time { return time.Now().UTC() }}
}

// Seat is one seat of a position and who holds it today (Holder is empty
// for a vacancy).
type Seat struct {
	Position governance.Position
	Holder   string
	Mandate  *ent.Mandate
}

// Current lists every seat of the statutes' positions, in the statutes'
// order, with today's holders; seats nobody holds are vacancies.
func (s *Service) Current(ctx context.Context) ([]Seat, error) {
	v, err := s.statutes.InForce(ctx)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.Now()
	running, err := database.Client(ctx, s.db).Mandate.Query().
		Where(mandaterule.RunningOn(now)).
		WithMember().Order(ent.Asc(mandate.FieldStartOn)).All(ctx)
	if err != nil {
		return nil, err
	}
	byPosition := map[string][]*ent.Mandate{}
	for _, m := range running {
		byPosition[m.Position] = append(byPosition[m.Position], m)
	}
	var seats []Seat
	for _, p := range v.Rules.Board.Positions {
		held := byPosition[p.Code]
		for i := 0; i < p.Seats; i++ {
			seat := Seat{Position: p}
			if i < len(held) {
				seat.Mandate = held[i]
				seat.Holder = members.DisplayName(held[i].Edges.Member)
			}
			seats = append(seats, seat)
		}
	}
	return seats, nil
}
