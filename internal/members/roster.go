package members

import (
	"context"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/predicate"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/textinput"
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
	// Standing limits to members in good standing (StandingGood) or behind
	// with their dues (StandingBehind), as the arrears list has it: it is
	// refreshed on every payment and rebuilt daily, and agrees with
	// dues.StandingOn (exempt categories included). The two make up the
	// whole roster: members who left are not on the arrears list.
	Standing string
	// Sort is name, number or joined; Desc reverses it. Names are in the
	// order of Lang's collation (French when empty).
	Sort string
	Lang string
	Desc bool
	// Page starts at 1; PerPage is capped at MaxPerPage.
	Page, PerPage int
}

// Values of RosterQuery.Standing.
const (
	StandingGood   = "good"
	StandingBehind = "behind"
)

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

// searchCandidates is how many members a search may match for Roster to
// collect their ids first and then count and page among those ids only.
// Matching a word anywhere in search_text takes a scan (no index narrows
// LIKE '%word%'); collecting the ids makes it one scan instead of two (the
// count's and the page's). A broader search gives up after this many
// matches: its matches are dense, so the page is found early on the walk
// in name order anyway. (A variable for the tests.)
var searchCandidates = 5000

// Roster returns one page of members matching the query.
//
// It takes a few small queries rather than two large ones, each answered
// from an index (see the member indexes in ent/schema/member.go): the
// search's candidates, the total, the ids of the page in order, then the
// page's members. The results are those of counting and paging the
// selection in one query each.
func (s *Service) Roster(ctx context.Context, q RosterQuery) (RosterPage, error) {
	if err := q.Validate(); err != nil {
		return RosterPage{}, err
	}
	q = q.normalized()
	p := RosterPage{Members: []*ent.Member{}, Page: q.Page, PerPage: q.PerPage}
	where, none, err := s.rosterWhere(ctx, q)
	if err != nil {
		return RosterPage{}, err
	}
	if none {
		return p, nil
	}
	if p.Total, err = s.rosterTotal(ctx, q, where); err != nil {
		return RosterPage{}, err
	}
	offset := (q.Page - 1) * q.PerPage
	if offset >= p.Total {
		return p, nil
	}
	// The page's ids first: ordering and skipping carry only ids (and the
	// sort keys), not whole rows, which are read for the page alone.
	ids, err := database.Client(ctx, s.db).Member.Query().Where(where...).Order(q.order()...).
		Offset(offset).Limit(q.PerPage).IDs(ctx)
	if err != nil {
		return RosterPage{}, err
	}
	if p.Members, err = s.membersInOrder(ctx, ids); err != nil {
		return RosterPage{}, err
	}
	return p, nil
}

// Validate refuses a search or a category that is not one line of text
// (a NUL, a line break, bytes that are not UTF-8).
func (q RosterQuery) Validate() error {
	v := &apperr.ValidationError{}
	textinput.Lines(v, map[string]string{"q": q.Search, "category": q.Category})
	return v.OrNil()
}

// rosterWhere returns the query's predicates. A search first collects the
// ids of the members whose search_text holds every word (one scan); when
// they are few, the predicates also limit the selection to them, so the
// count and the page look these members up by id. none reports that the
// search matches nobody.
func (s *Service) rosterWhere(ctx context.Context, q RosterQuery) (where []predicate.Member, none bool, err error) {
	where = q.predicates()
	search := q.searchPredicates()
	if len(search) == 0 {
		return where, false, nil
	}
	ids, err := database.Client(ctx, s.db).Member.Query().Where(q.statusPredicate()).Where(search...).
		Limit(searchCandidates + 1).IDs(ctx)
	switch {
	case err != nil:
		return nil, false, err
	case len(ids) == 0:
		return nil, true, nil
	case len(ids) <= searchCandidates:
		where = append(where, member.IDIn(ids...))
	}
	return where, false, nil
}

// rosterTotal counts the selection. The whole roster (no filter, no search)
// is counted as every member less the applicants: a COUNT(*) without a
// condition is SQLite's fast path (it counts the b-tree's entries without
// decoding them) and the applicants are a lookup in a status index, where
// counting "status <> 'applicant'" reads and compares every row.
func (s *Service) rosterTotal(ctx context.Context, q RosterQuery, where []predicate.Member) (int, error) {
	if len(q.Status) > 0 || q.Category != "" || q.JoinedYear > 0 || q.Standing != "" || q.Search != "" {
		return database.Client(ctx, s.db).Member.Query().Where(where...).Aggregate(ent.Count()).Int(ctx)
	}
	all, err := database.Client(ctx, s.db).Member.Query().Aggregate(ent.Count()).Int(ctx)
	if err != nil {
		return 0, err
	}
	applicants, err := database.Client(ctx, s.db).Member.Query().Where(member.StatusEQ(member.StatusApplicant)).Aggregate(ent.Count()).Int(ctx)
	if err != nil {
		return 0, err
	}
	return all - applicants, nil
}

// membersInOrder loads the members with these ids, in the ids' order.
func (s *Service) membersInOrder(ctx context.Context, ids []int) ([]*ent.Member, error) {
	ms, err := database.Client(ctx, s.db).Member.Query().Where(member.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int]*ent.Member, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
	}
	out := make([]*ent.Member, 0, len(ids))
	for _, id := range ids {
		// A member deleted between the two queries is left out.
		if m := byID[id]; m != nil {
			out = append(out, m)
		}
	}
	return out, nil
}

// EachInRoster calls fn for every member of the selection, in order, in
// batches, without holding the whole roster in memory (for exports).
func (s *Service) EachInRoster(ctx context.Context, q RosterQuery, fn func(*ent.Member) error) error {
	if err := q.Validate(); err != nil {
		return err
	}
	q = q.normalized()
	where, none, err := s.rosterWhere(ctx, q)
	if err != nil || none {
		return err
	}
	// The ids in order first (a walk of an index, a few bytes a member),
	// then the members in batches by id: paging with OFFSET would read the
	// skipped rows again for every batch.
	ids, err := database.Client(ctx, s.db).Member.Query().Where(where...).Order(q.order()...).IDs(ctx)
	if err != nil {
		return err
	}
	// SQLite takes at most 32,766 values per statement.
	const batch = 1000
	for start := 0; start < len(ids); start += batch {
		ms, err := s.membersInOrder(ctx, ids[start:min(start+batch, len(ids))])
		if err != nil {
			return err
		}
		for _, m := range ms {
			if err := fn(m); err != nil {
				return err
			}
		}
	}
	return nil
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
	ps := []predicate.Member{q.statusPredicate()}
	if q.Category != "" {
		ps = append(ps, member.Category(q.Category))
	}
	switch q.Standing {
	case StandingGood:
		ps = append(ps, member.Not(member.HasArrear()))
	case StandingBehind:
		ps = append(ps, member.HasArrear())
	}
	if q.JoinedYear > 0 {
		from := time.Date(q.JoinedYear, 1, 1, 0, 0, 0, 0, time.UTC)
		ps = append(ps, member.JoinedOnGTE(from), member.JoinedOnLT(from.AddDate(1, 0, 0)))
	}
	return append(ps, q.searchPredicates()...)
}

// statusPredicate matches the statuses asked for, or every admitted member.
func (q RosterQuery) statusPredicate() predicate.Member {
	if len(q.Status) == 0 {
		return member.StatusNEQ(member.StatusApplicant)
	}
	st := make([]member.Status, len(q.Status))
	for i, s := range q.Status {
		st[i] = member.Status(s)
	}
	return member.StatusIn(st...)
}

// searchPredicates match the members whose search_text holds every word of
// the (folded) search.
func (q RosterQuery) searchPredicates() []predicate.Member {
	var ps []predicate.Member
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
	// Ent offers no ordering on a binary column; the keys order as bytes.
	key := member.FieldSortKey
	if q.Lang == "ar" {
		key = member.FieldSortKeyAr
	}
	return []member.OrderOption{sql.OrderByField(key, dir).ToFunc(), member.ByID(dir)}
}
