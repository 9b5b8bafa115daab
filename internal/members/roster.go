package members

import (
	"context"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/predicate"
)

// RosterQuery selects and orders members for the board's roster.
type RosterQuery struct {
	// Search matches names, email, number and organisation, ignoring case
	// and accents (Latin and Arabic).
	Search string
	// Status limits to these statuses; empty means every admitted member
	// (applicants are listed with the applications, not here).
	Status []Status
	// Category limits to one membership category code.
	Category string
	// JoinedYear limits to members who joined that year (0 = any).
	JoinedYear int
	// Sort is name, number or joined; Desc reverses it.
	Sort string
	Desc bool
	// Page starts at 1; PerPage is capped at MaxPerPage.
	Page, PerPage int
}

// Roster page sizes.
const (
	DefaultPerPage = 50
	MaxPerPage     = 500
)

// RosterPage is one page of the roster and the size of the whole selection.
type RosterPage struct {
	Members []*ent.Member
	Total   int
	Page    int
	PerPage int
}

// Pages returns how many pages the selection has.
func (p RosterPage) Pages() int {
	if p.Total == 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// Roster returns one page of members matching the query.
func (s *Service) Roster(ctx context.Context, q RosterQuery) (RosterPage, error) {
	q = q.normalized()
	where := q.predicates()
	total, err := s.db.Member.Query().Where(where...).Count(ctx)
	if err != nil {
		return RosterPage{}, err
	}
	ms, err := s.db.Member.Query().Where(where...).
		Order(q.order()...).
		Offset((q.Page - 1) * q.PerPage).Limit(q.PerPage).
		All(ctx)
	if err != nil {
		return RosterPage{}, err
	}
	return RosterPage{Members: ms, Total: total, Page: q.Page, PerPage: q.PerPage}, nil
}

// EachInRoster calls fn for every member of the selection, in order, in
// batches, without holding the whole roster in memory (for exports).
func (s *Service) EachInRoster(ctx context.Context, q RosterQuery, fn func(*ent.Member) error) error {
	q = q.normalized()
	const batch = 1000
	for offset := 0; ; offset += batch {
		ms, err := s.db.Member.Query().Where(q.predicates()...).Order(q.order()...).
			Offset(offset).Limit(batch).All(ctx)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if err := fn(m); err != nil {
				return err
			}
		}
		if len(ms) < batch {
			return nil
		}
	}
}

func (q RosterQuery) normalized() RosterQuery {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 {
		q.PerPage = DefaultPerPage
	}
	q.PerPage = min(q.PerPage, MaxPerPage)
	switch q.Sort {
	case "name", "number", "joined":
	default:
		q.Sort = "name"
	}
	q.Search = Fold(q.Search)
	return q
}

func (q RosterQuery) predicates() []predicate.Member {
	var ps []predicate.Member
	if len(q.Status) > 0 {
		st := make([]member.Status, len(q.Status))
		for i, s := range q.Status {
			st[i] = member.Status(s)
		}
		ps = append(ps, member.StatusIn(st...))
	} else {
		ps = append(ps, member.StatusNEQ(member.StatusApplicant))
	}
	if q.Category != "" {
		ps = append(ps, member.Category(q.Category))
	}
	if q.JoinedYear > 0 {
		from := time.Date(q.JoinedYear, 1, 1, 0, 0, 0, 0, time.UTC)
		ps = append(ps, member.JoinedOnGTE(from), member.JoinedOnLT(from.AddDate(1, 0, 0)))
	}
	for _, word := range strings.Fields(q.Search) {
		ps = append(ps, member.SearchTextContains(word))
	}
	return ps
}

func (q RosterQuery) order() []member.OrderOption {
	dir := sql.OrderAsc()
	if q.Desc {
		dir = sql.OrderDesc()
	}
	switch q.Sort {
	case "number":
		return []member.OrderOption{member.ByNumber(dir), member.ByID(dir)}
	case "joined":
		return []member.OrderOption{member.ByJoinedOn(dir), member.ByID(dir)}
	}
	return []member.OrderOption{member.ByLastName(dir), member.ByFirstName(dir), member.ByOrganisationName(dir), member.ByID(dir)}
}
