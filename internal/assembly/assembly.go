package assembly

import (
	"context"
	"fmt"
	"time"

	"github.com/omsn/majlis/ent"
	dbassembly "github.com/omsn/majlis/ent/assembly"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/electorate"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/statutes"
)

// Service is the general assemblies' use cases.
type Service struct {
	db         *ent.Client
	store      *database.DB
	statutes   *statutes.Service
	electorate *electorate.Service
	// Now is the clock; tests set it.
	Now func() time.Time
	// Notify tells the assembly's open pages that something they show has
	// changed (see Topic); the application wires it to the live broker.
	// It is called after the change is committed, and never blocks.
	Notify func(assemblyID int, topic Topic)
}

// Topic names what changed in an assembly, for the pages that show it live.
type Topic string

// The topics of an assembly's live pages.
const (
	TopicState      Topic = "state"      // convened, opened, adjourned, closed, bureau changed
	TopicAttendance Topic = "attendance" // arrivals, departures, proxies: the register and the quorum
	TopicVote       Topic = "vote"       // a vote opened, or its participation count moved
	TopicResult     Topic = "result"     // a vote closed: its result is out
	TopicFloor      Topic = "floor"      // the queue of requests for the floor
)

// notify calls Notify if set. Call it after the transaction has committed.
func (s *Service) notify(assemblyID int, topic Topic) {
	if s.Notify != nil {
		s.Notify(assemblyID, topic)
	}
}

// NewService returns the assemblies service.
func NewService(store *database.DB, st *statutes.Service, el *electorate.Service) *Service {
	return &Service{db: store.Ent, store: store, statutes: st, electorate: el, Now: func() time.Time { return time.Now().UTC() }}
}

// postgres reports whether the database is PostgreSQL, where rows are
// locked explicitly; SQLite takes its write lock at the transaction's
// start and serialises writers by itself.
func (s *Service) postgres() bool { return s.store.Target.Dialect == database.Postgres }

// Assembly is a stored assembly with the rules it follows: those of its
// kind in the statutes version it is pinned to.
type Assembly struct {
	*ent.Assembly
	Version *statutes.Version
	Rules   governance.Assembly
}

// Second reports whether the assembly is a second convocation, held after
// a first one missed its quorum: its own quorum rule applies.
func (a *Assembly) Second() bool { return a.FirstConvocationID != nil }

// Closed reports whether nothing may change any more: closed or cancelled.
func (a *Assembly) Closed() bool {
	return a.State == dbassembly.StateClosed || a.State == dbassembly.StateCancelled
}

// The messages of the refusals every use case shares.
const (
	// KeyClosed: the assembly is closed (or cancelled); nothing changes.
	KeyClosed = "assembly.error.closed"
	// KeyNotOpen: the meeting is not open (not yet, or no more).
	KeyNotOpen = "assembly.error.not_open"
)

// ErrClosed returns the refusal to change a closed or cancelled assembly.
func ErrClosed() error { return apperr.Invalid("assembly", KeyClosed, nil) }

// ErrNotOpen returns the refusal of what needs the meeting open.
func ErrNotOpen() error { return apperr.Invalid("assembly", KeyNotOpen, nil) }

// Get returns an assembly with its rules.
func (s *Service) Get(ctx context.Context, id int) (*Assembly, error) {
	row, err := database.Client(ctx, s.db).Assembly.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("assembly %d: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return s.withRules(ctx, row)
}

// withRules decodes the pinned statutes version of a row.
func (s *Service) withRules(ctx context.Context, row *ent.Assembly) (*Assembly, error) {
	v, err := s.statutes.Get(ctx, row.StatutesVersionID)
	if err != nil {
		return nil, err
	}
	rules, ok := v.Rules.Assembly(governance.AssemblyKind(row.Kind))
	if !ok {
		return nil, fmt.Errorf("assembly %d: statutes version %d defines no %s assembly", row.ID, v.ID, row.Kind)
	}
	return &Assembly{Assembly: row, Version: v, Rules: rules}, nil
}

// change runs fn in a transaction on the assembly, its row locked (on
// PostgreSQL; SQLite serialises writers anyway) so that two instances
// deciding on the same assembly — two proxies to one holder, the chair
// closing a vote while a member casts — decide one after the other. A
// closed or cancelled assembly is refused before fn runs.
func (s *Service) change(ctx context.Context, id int, fn func(ctx context.Context, a *Assembly) error) error {
	return database.WithTx(ctx, s.db, func(ctx context.Context) error {
		a, err := s.lock(ctx, id)
		if err != nil {
			return err
		}
		if a.Closed() {
			return ErrClosed()
		}
		return fn(ctx, a)
	})
}

// lock reads the assembly FOR UPDATE inside the caller's transaction.
func (s *Service) lock(ctx context.Context, id int) (*Assembly, error) {
	q := database.Client(ctx, s.db).Assembly.Query().Where(dbassembly.ID(id))
	if s.postgres() {
		q = q.ForUpdate()
	}
	row, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("assembly %d: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return s.withRules(ctx, row)
}
