package members_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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
		c.SetSearchText(members.Fold(strings.Join([]string{e.first, e.last, e.org, e.email, number}, " ")))
		if err := c.Exec(ctx); err != nil {
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
