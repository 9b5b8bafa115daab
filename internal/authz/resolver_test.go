package authz_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/authz"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

var today = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

func day(d int) time.Time { return time.Date(2026, 11, 22+d, 0, 0, 0, 0, time.UTC) }

type mandateSpec struct {
	office     mandate.Office
	start, end time.Time
	endedOn    *time.Time
}

// person creates an account and its member record with the given status
// and mandates.
func person(t *testing.T, db *database.DB, status member.Status, admin bool, mandates ...mandateSpec) *ent.User {
	t.Helper()
	ctx := context.Background()
	n := time.Now().UnixNano()
	u, err := db.Ent.User.Create().SetEmail(fmt.Sprintf("u%d@example.ma", n)).SetPasswordHash("x").SetIsAdmin(admin).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mc := db.Ent.Member.Create().SetUserID(u.ID).SetStatus(status).SetFirstName("A").SetLastName("B")
	if status != member.StatusApplicant {
		mc.SetNumber(fmt.Sprintf("M-%d", n)).SetCategory("active")
	}
	m, err := mc.Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range mandates {
		err := db.Ent.Mandate.Create().SetMemberID(m.ID).SetPosition(string(s.office)).SetOffice(s.office).
			SetStartOn(s.start).SetEndOn(s.end).SetNillableEndedOn(s.endedOn).SetSource(mandate.SourceElected).Exec(ctx)
		if err != nil {
			t.Fatal(err)
		}
	}
	return u
}

func TestRolesFollowMembershipAndMandatesOnTheDay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		r := authz.NewResolver(db.Ent)
		r.Now = func() time.Time { return today }
		yesterday := day(-1)
		cases := []struct {
			name string
			user *ent.User
			want []authz.Role
		}{
			{"visitor", nil, []authz.Role{authz.Visitor}},
			{"account without membership", person0(t, db, false), []authz.Role{authz.Visitor}},
			{"administrator", person0(t, db, true), []authz.Role{authz.Visitor, authz.Admin}},
			{"applicant", person(t, db, member.StatusApplicant, false), []authz.Role{authz.Visitor, authz.Applicant}},
			{"active member", person(t, db, member.StatusActive, false), []authz.Role{authz.Visitor, authz.Member}},
			{"lapsed member", person(t, db, member.StatusLapsed, false), []authz.Role{authz.Visitor, authz.Member}},
			{"suspended member", person(t, db, member.StatusSuspended, false), []authz.Role{authz.Visitor}},
			{"resigned member", person(t, db, member.StatusResigned, false), []authz.Role{authz.Visitor}},
			{"treasurer in office", person(t, db, member.StatusActive, false, mandateSpec{mandate.OfficeTreasurer, day(-400), day(600), nil}),
				[]authz.Role{authz.Visitor, authz.Member, authz.Board, authz.Treasurer}},
			{"mandate ended yesterday", person(t, db, member.StatusActive, false, mandateSpec{mandate.OfficeTreasurer, day(-1000), day(-1), nil}),
				[]authz.Role{authz.Visitor, authz.Member}},
			{"mandate ending today at midnight", person(t, db, member.StatusActive, false, mandateSpec{mandate.OfficePresident, day(-1000), day(0), nil}),
				[]authz.Role{authz.Visitor, authz.Member}},
			{"mandate ended early", person(t, db, member.StatusActive, false, mandateSpec{mandate.OfficePresident, day(-100), day(900), &yesterday}),
				[]authz.Role{authz.Visitor, authz.Member}},
			{"mandate starting tomorrow", person(t, db, member.StatusActive, false, mandateSpec{mandate.OfficeSecretaryGeneral, day(1), day(1000), nil}),
				[]authz.Role{authz.Visitor, authz.Member}},
			{"assessor", person(t, db, member.StatusActive, false, mandateSpec{mandate.OfficeAssessor, day(-10), day(1000), nil}),
				[]authz.Role{authz.Visitor, authz.Member, authz.Board}},
			{"suspended officer loses the office", person(t, db, member.StatusSuspended, false, mandateSpec{mandate.OfficeTreasurer, day(-10), day(1000), nil}),
				[]authz.Role{authz.Visitor}},
			{"administrator and vice-president", person(t, db, member.StatusActive, true, mandateSpec{mandate.OfficeVicePresident, day(-10), day(1000), nil}),
				[]authz.Role{authz.Visitor, authz.Admin, authz.Member, authz.Board, authz.VicePresident}},
		}
		for _, c := range cases {
			got, err := r.RolesFor(context.Background(), c.user)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%s: roles %v, want %v", c.name, got, c.want)
			}
		}
	})
}

// The treasurer's roles end the day the mandate ends, with no manual step.
func TestATreasurerLosesTheRolesTheDayTheMandateEnds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		u := person(t, db, member.StatusActive, false, mandateSpec{mandate.OfficeTreasurer, day(-1095), day(1), nil})
		r := authz.NewResolver(db.Ent)
		enf, err := authz.NewEnforcer()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			at   time.Time
			want bool
		}{{today, true}, {day(1).Add(-time.Second), true}, {day(1), false}, {day(30), false}} {
			r.Now = func() time.Time { return c.at }
			roles, err := r.RolesFor(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			if got := enf.Allowed(roles, "dues:record"); got != c.want {
				t.Errorf("at %s: may record dues = %v, want %v", c.at, got, c.want)
			}
		}
	})
}

func person0(t *testing.T, db *database.DB, admin bool) *ent.User {
	t.Helper()
	u, err := db.Ent.User.Create().SetEmail(fmt.Sprintf("plain%d@example.ma", time.Now().UnixNano())).
		SetPasswordHash("x").SetIsAdmin(admin).Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return u
}
