// Package association reads and records the identity of the association
// this installation serves (names in three languages, seat, contact,
// registration).
package association

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
)

// Service gives access to the association's identity. The identity is read
// on every page, so it is cached for a few seconds; a change made on another
// instance shows up after at most cacheFor.
type Service struct {
	db    *ent.Client
	cache atomic.Pointer[cached]
}

type cached struct {
	a   *ent.Association
	exp time.Time
}

const cacheFor = 10 * time.Second

// NewService returns the association service.
func NewService(db *ent.Client) *Service { return &Service{db: db} }

// Get returns the association, or apperr.ErrNotFound before it is set up.
func (s *Service) Get(ctx context.Context) (*ent.Association, error) {
	if c := s.cache.Load(); c != nil && time.Now().Before(c.exp) {
		return c.a, nil
	}
	db := database.Client(ctx, s.db)
	a, err := db.Association.Query().First(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("association: %w", apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	// Only what is committed is cached: a transaction's read may yet be
	// rolled back.
	if db == s.db {
		s.cache.Store(&cached{a: a, exp: time.Now().Add(cacheFor)})
	}
	return a, nil
}

// Forget drops the cached identity (after a change).
func (s *Service) Forget() { s.cache.Store(nil) }
