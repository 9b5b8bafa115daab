package members_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect/sql"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

type rosterEntry struct {
	first, last, org, email string
	status                  member.Status
	category                string
	joined                  int
}

var sample = []rosterEntry{
	{"Nadia", "Chraïbi", "", "nadia@example.ma", member.StatusActive, "active", 2022},
	{"Youssef", "Benali", "", "youssef@example.ma", member.StatusLapsed, "active", 2023},
	{"مُحَمَّد", "العلوي", "", "alaoui@example.ma", member.StatusActive, "founding", 2022},
	{"Élodie", "Noël", "", "elodie@example.fr", member.StatusSuspended, "honorary", 2024},
	{"", "", "Atlas Datacenter SA", "contact@atlas.example", member.StatusActive, "institutional", 2024},
	{"Karim", "Tazi", "", "karim@example.ma", member.StatusResigned, "active", 2021},
	{"Salma", "Idrissi", "", "salma@example.ma", member.StatusApplicant, "", 0},
}

func seedRoster(t *testing.T, db *database.DB) {
	t.Helper()
	ctx := context.Background()
	for i, e := range sample {
		kind := member.KindPerson
		if e.org != "" {
			kind = member.KindOrganisation
		}
		c := db.Ent.Member.Create().SetKind(kind).SetStatus(e.status).SetFirstName(e.first).SetLastName(e.last).
			SetOrganisationName(e.org).SetEmail(e.email).SetCategory(e.category)
		number := ""
		if e.status != member.StatusApplicant {
			number = fmt.Sprintf("OMSN-%05d", i+1)
			c.SetNumber(number).SetJoinedOn(time.Date(e.joined, 3, 1, 0, 0, 0, 0, time.UTC))
		}
		if err := members.Listed(c).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

func names(p members.RosterPage) []string {
	out := make([]string, len(p.Members))
	for i, m := range p.Members {
		out[i] = members.DisplayName(m)
	}
	return out
}

func TestRosterSearchFiltersSortsAndPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seedRoster(t, db)
		s := members.NewService(db.Ent, nil, omsnCategories)
		ctx := context.Background()
		cases := []struct {
			name  string
			q     members.RosterQuery
			want  []string
			total int
		}{
			{"every admitted member, by name", members.RosterQuery{}, nil, 6},
			{"accents ignored", members.RosterQuery{Search: "chraibi"}, []string{"Nadia Chraïbi"}, 1},
			{"accents in the query ignored", members.RosterQuery{Search: "NOËL élodie"}, []string{"Élodie Noël"}, 1},
			{"Arabic without vowel marks", members.RosterQuery{Search: "محمد"}, []string{"مُحَمَّد العلوي"}, 1},
			{"organisation", members.RosterQuery{Search: "atlas"}, []string{"Atlas Datacenter SA"}, 1},
			{"by number", members.RosterQuery{Search: "omsn-00002"}, []string{"Youssef Benali"}, 1},
			{"by email", members.RosterQuery{Search: "karim@"}, []string{"Karim Tazi"}, 1},
			{"applicants are not in the roster", members.RosterQuery{Search: "salma"}, []string{}, 0},
			{"status filter", members.RosterQuery{Status: []members.Status{members.Active}, Sort: "number"},
				[]string{"Nadia Chraïbi", "مُحَمَّد العلوي", "Atlas Datacenter SA"}, 3},
			{"category filter", members.RosterQuery{Category: "active", Sort: "number"}, []string{"Nadia Chraïbi", "Youssef Benali", "Karim Tazi"}, 3},
			{"year joined", members.RosterQuery{JoinedYear: 2024, Sort: "number"}, []string{"Élodie Noël", "Atlas Datacenter SA"}, 2},
			{"sort by joined, newest first, page 1 of 3", members.RosterQuery{Sort: "joined", Desc: true, PerPage: 2},
				[]string{"Atlas Datacenter SA", "Élodie Noël"}, 6},
			{"page 3", members.RosterQuery{Sort: "number", PerPage: 2, Page: 3}, []string{"Atlas Datacenter SA", "Karim Tazi"}, 6},
		}
		for _, c := range cases {
			p, err := s.Roster(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != c.total {
				t.Errorf("%s: total %d, want %d", c.name, p.Total, c.total)
			}
			if c.want != nil && fmt.Sprint(names(p)) != fmt.Sprint(c.want) {
				t.Errorf("%s: got %v, want %v", c.name, names(p), c.want)
			}
		}
	})
}

func TestExportWalksTheWholeSelection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seedRoster(t, db)
		s := members.NewService(db.Ent, nil, omsnCategories)
		var got []string
		err := s.EachInRoster(context.Background(), members.RosterQuery{Sort: "number"}, func(m *ent.Member) error {
			got = append(got, *m.Number)
			return nil
		})
		if err != nil || len(got) != 6 || got[0] != "OMSN-00001" || got[5] != "OMSN-00006" {
			t.Fatalf("%v %v", got, err)
		}
	})
}

// TestRosterMatchesThePlainQuery compares every roster page with what one
// plain query (count, then the page ordered in full) returns: the same
// members, in the same order, and the same total, whichever way Roster
// found them (a search's candidates collected first, or not).
func TestRosterMatchesThePlainQuery(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		statuses := []member.Status{member.StatusActive, member.StatusActive, member.StatusLapsed, member.StatusApplicant,
			member.StatusSuspended, member.StatusResigned, member.StatusExcluded, member.StatusDeceased}
		cats := []string{"active", "founding", "honorary", "institutional"}
		// Few distinct names, so that many members share one and only the
		// id tells them apart.
		first := []string{"Amina", "Omar", "Élodie", "مُحَمَّد", ""}
		last := []string{"Bennani", "Chraïbi", "العلوي", "Noël", ""}
		bulk := make([]*ent.MemberCreate, 0, 240)
		for i := range 240 {
			st := statuses[i%len(statuses)]
			c := db.Ent.Member.Create().SetStatus(st)
			f, l, org := first[i%5], last[(i/5)%5], ""
			if f == "" || l == "" {
				f, l, org = "", "", fmt.Sprintf("Coopérative %d", i%7)
				c.SetKind(member.KindOrganisation).SetOrganisationName(org)
			}
			email := fmt.Sprintf("m%d@example.ma", i)
			number := ""
			if st != member.StatusApplicant {
				number = members.FormatNumber("OMSN-", int64(1000-i))
				c.SetNumber(number).SetCategory(cats[i%4]).
					SetJoinedOn(time.Date(2018+i%5, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC))
			}
			bulk = append(bulk, members.Listed(c.SetFirstName(f).SetLastName(l).SetEmail(email)))
		}
		if err := db.Ent.Member.CreateBulk(bulk...).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		s := members.NewService(db.Ent, nil, omsnCategories)

		// Every search with every filter, each pair in one of the orders.
		orders := []members.RosterQuery{{Sort: "name"}, {Sort: "name", Desc: true}, {Sort: "number"}, {Sort: "joined", Desc: true},
			{Sort: "name", Lang: "ar"}, {Sort: "name", Lang: "ar", Desc: true}}
		var queries []members.RosterQuery
		for i, search := range []string{"", "chraibi", "CHRAÏBI amina", "محمد", "العلوي مُحَمَّد", "coopérative 3", "m1", "omsn-009", "@", "nobody"} {
			for j, filter := range []members.RosterQuery{
				{},
				{Status: []members.Status{members.Active}},
				{Status: []members.Status{members.Lapsed, members.Deceased}, Category: "honorary"},
				{Category: "active", JoinedYear: 2020},
				{JoinedYear: 2019},
				{Status: []members.Status{members.Applicant, members.Suspended}},
			} {
				for _, page := range []int{1, 3} {
					q, order := filter, orders[(i+j)%len(orders)]
					q.Search, q.Sort, q.Desc, q.Lang, q.Page, q.PerPage = search, order.Sort, order.Desc, order.Lang, page, 7
					queries = append(queries, q)
				}
			}
		}
		for _, candidates := range []int{5000, 3} {
			restore := members.SetSearchCandidates(candidates)
			for _, q := range queries {
				got, err := s.Roster(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				wantIDs, wantTotal := plainRoster(t, db, q)
				if got.Total != wantTotal || fmt.Sprint(ids(got.Members)) != fmt.Sprint(wantIDs) {
					t.Errorf("candidates %d, %+v:\n got %d %v\nwant %d %v", candidates, q, got.Total, ids(got.Members), wantTotal, wantIDs)
				}
			}
			var exported []int
			q := members.RosterQuery{Search: "chraibi", Sort: "number"}
			if err := s.EachInRoster(ctx, q, func(m *ent.Member) error {
				exported = append(exported, m.ID)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			q.PerPage = members.MaxPerPage
			if want, _ := plainRoster(t, db, q); fmt.Sprint(exported) != fmt.Sprint(want) {
				t.Errorf("candidates %d: export %v, want %v", candidates, exported, want)
			}
			restore()
		}
	})
}

// plainRoster is the roster as one plain query gives it.
func plainRoster(t *testing.T, db *database.DB, q members.RosterQuery) ([]int, int) {
	t.Helper()
	query := db.Ent.Member.Query()
	if len(q.Status) == 0 {
		query.Where(member.StatusNEQ(member.StatusApplicant))
	} else {
		st := make([]member.Status, len(q.Status))
		for i, s := range q.Status {
			st[i] = member.Status(s)
		}
		query.Where(member.StatusIn(st...))
	}
	if q.Category != "" {
		query.Where(member.Category(q.Category))
	}
	if q.JoinedYear > 0 {
		from := time.Date(q.JoinedYear, 1, 1, 0, 0, 0, 0, time.UTC)
		query.Where(member.JoinedOnGTE(from), member.JoinedOnLT(from.AddDate(1, 0, 0)))
	}
	for _, w := range strings.Fields(members.Fold(q.Search)) {
		query.Where(member.SearchTextContains(w))
	}
	total, err := query.Clone().Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dir := sql.OrderAsc()
	if q.Desc {
		dir = sql.OrderDesc()
	}
	switch q.Sort {
	case "number":
		query.Order(member.ByNumber(dir), member.ByID(dir))
	case "joined":
		query.Order(member.ByJoinedOn(dir), member.ByID(dir))
	default:
		// The name order is the language's collation, applied here to
		// the whole selection.
		all, err := query.All(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		tag := language.French
		if q.Lang == "ar" {
			tag = language.Arabic
		}
		col := collate.New(tag)
		name := func(m *ent.Member) string {
			if m.Kind == member.KindOrganisation {
				return m.OrganisationName
			}
			return strings.TrimSpace(m.LastName + " " + m.FirstName)
		}
		slices.SortFunc(all, func(a, b *ent.Member) int {
			c := cmp.Or(col.CompareString(name(a), name(b)), cmp.Compare(a.ID, b.ID))
			if q.Desc {
				return -c
			}
			return c
		})
		page := max(q.Page, 1)
		from := min((page-1)*q.PerPage, len(all))
		return ids(all[from:min(from+q.PerPage, len(all))]), total
	}
	page := max(q.Page, 1)
	got, err := query.Offset((page - 1) * q.PerPage).Limit(q.PerPage).IDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return got, total
}

func ids(ms []*ent.Member) []int {
	out := make([]int, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// collationRoster is a roster whose order a byte-by-byte sort gets wrong:
// an accent ("Aït"), a lower-case initial, an organisation among people,
// and Arabic names that the Arabic collation orders its own way (ة after
// ت, as a variant of it, where French and English put it first).
var collationRoster = []struct{ first, last, org string }{
	{"Zineb", "Zouiten", ""},
	{"Hajar", "Aït Taleb", ""},
	{"", "", "Association Tech Rabat"},
	{"Omar", "Abdallah", ""},
	{"Mehdi", "azizi", ""},
	{"سعاد", "عزة", ""},
	{"سعاد", "عزت", ""},
	{"محمد", "العلوي", ""},
	{"أمين", "بناني", ""},
}

func seedCollationRoster(t *testing.T, db *database.DB, listed bool) {
	t.Helper()
	for i, e := range collationRoster {
		c := db.Ent.Member.Create().SetStatus(member.StatusActive).SetCategory("active").
			SetNumber(members.FormatNumber("OMSN-", int64(i+1))).SetFirstName(e.first).SetLastName(e.last).
			SetEmail(fmt.Sprintf("m%d@example.ma", i))
		if e.org != "" {
			c.SetKind(member.KindOrganisation).SetOrganisationName(e.org)
		}
		if listed {
			c = members.Listed(c)
		}
		c.ExecX(t.Context())
	}
}

var collationOrder = map[string][]string{
	"fr": {"Omar Abdallah", "Hajar Aït Taleb", "Association Tech Rabat", "Mehdi azizi", "Zineb Zouiten",
		"محمد العلوي", "أمين بناني", "سعاد عزة", "سعاد عزت"},
	"en": {"Omar Abdallah", "Hajar Aït Taleb", "Association Tech Rabat", "Mehdi azizi", "Zineb Zouiten",
		"محمد العلوي", "أمين بناني", "سعاد عزة", "سعاد عزت"},
	"ar": {"Omar Abdallah", "Hajar Aït Taleb", "Association Tech Rabat", "Mehdi azizi", "Zineb Zouiten",
		"محمد العلوي", "أمين بناني", "سعاد عزت", "سعاد عزة"},
}

func TestTheRosterSortsNamesByTheLanguagesCollation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seedCollationRoster(t, db, true)
		s := members.NewService(db.Ent, nil, omsnCategories)
		for lang, want := range collationOrder {
			p, err := s.Roster(t.Context(), members.RosterQuery{Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(names(p)) != fmt.Sprint(want) {
				t.Errorf("%s order:\n got %v\nwant %v", lang, names(p), want)
			}
			// Pages cut the same order, and the reverse order is its mirror.
			p2, err := s.Roster(t.Context(), members.RosterQuery{Lang: lang, PerPage: 4, Page: 2})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(names(p2)) != fmt.Sprint(want[4:8]) {
				t.Errorf("%s page 2 of 4: %v, want %v", lang, names(p2), want[4:8])
			}
			desc, err := s.Roster(t.Context(), members.RosterQuery{Lang: lang, Desc: true, PerPage: 1})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(names(desc)) != fmt.Sprint(want[len(want)-1:]) {
				t.Errorf("%s reversed starts with %v, want %v", lang, names(desc), want[len(want)-1:])
			}
		}
	})
}

func TestARenamedMemberMovesToTheirNewPlaceInTheOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seedCollationRoster(t, db, true)
		s := newService(t, db)
		zineb := db.Ent.Member.Query().Where(member.LastName("Zouiten")).OnlyX(t.Context())
		in := members.IdentityOf(zineb)
		in.LastName = "Alami"
		if err := s.UpdateIdentity(t.Context(), zineb.ID, in, members.Decision{ActorID: decider(t, db), Reason: "état civil"}); err != nil {
			t.Fatal(err)
		}
		p, err := s.Roster(t.Context(), members.RosterQuery{PerPage: 3})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"Omar Abdallah", "Hajar Aït Taleb", "Zineb Alami"}; fmt.Sprint(names(p)) != fmt.Sprint(want) {
			t.Errorf("after the rename: %v, want %v", names(p), want)
		}
	})
}

func TestMembersWrittenBeforeTheSortKeysGetThemAtStartUp(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seedCollationRoster(t, db, false)
		n, err := members.FillSortKeys(t.Context(), db.Ent)
		if err != nil || n != len(collationRoster) {
			t.Fatalf("filled %d, %v; want %d", n, err, len(collationRoster))
		}
		s := members.NewService(db.Ent, nil, omsnCategories)
		for lang, want := range collationOrder {
			p, err := s.Roster(t.Context(), members.RosterQuery{Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(names(p)) != fmt.Sprint(want) {
				t.Errorf("%s order after filling:\n got %v\nwant %v", lang, names(p), want)
			}
		}
		if n, err := members.FillSortKeys(t.Context(), db.Ent); err != nil || n != 0 {
			t.Errorf("a second start filled %d (%v), want none", n, err)
		}
	})
}

func TestAnAnonymisedMemberIsListedLastByNumber(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		seedCollationRoster(t, db, true)
		s := newService(t, db)
		abdallah := db.Ent.Member.Query().Where(member.LastName("Abdallah")).OnlyX(t.Context())
		db.Ent.Member.UpdateOne(abdallah).SetStatus(member.StatusResigned).ExecX(t.Context())
		if err := s.Anonymise(t.Context(), abdallah.ID, members.Decision{ActorID: decider(t, db), Reason: "demande écrite"}); err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"fr", "ar"} {
			p, err := s.Roster(t.Context(), members.RosterQuery{Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			if first, last := p.Members[0], p.Members[len(p.Members)-1]; last.ID != abdallah.ID || first.LastName != "Aït Taleb" {
				t.Errorf("%s: first %q, last %q; want Aït Taleb first and the anonymised member last", lang, first.LastName, last.LastName)
			}
		}
	})
}
