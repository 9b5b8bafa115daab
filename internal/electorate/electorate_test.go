package electorate_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/ent/payment"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/dues"
	"github.com/omsn/majlis/internal/electorate"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// today is after the 2026 grace period (90 days from 1 January).
var today = date(2026, 5, 15)

type fixture struct {
	db         *database.DB
	statutes   *statutes.Service
	dues       *dues.Service
	electorate *electorate.Service
	serial     int
}

// setup adopts the OMSN statutes on 26 March 2022.
func setup(t testing.TB, db *database.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, statutes: statutes.NewService(db.Ent)}
	f.statutes.Now = func() time.Time { return today }
	v, err := f.statutes.CreateDraft(ctx, statutes.Draft{TextFr: "Statuts", Rules: governance.OMSN()})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.statutes.Adopt(ctx, v.ID, statutes.Adoption{AdoptedOn: date(2022, 3, 26), Reference: "AGC"}); err != nil {
		t.Fatal(err)
	}
	f.dues = dues.NewService(db, f.statutes)
	f.dues.Now = func() time.Time { return today }
	f.electorate = electorate.NewService(db.Ent, f.statutes, f.dues)
	return f
}

func (f *fixture) member(t testing.TB, category string, status member.Status, joined time.Time) *ent.Member {
	t.Helper()
	f.serial++
	return f.db.Ent.Member.Create().SetNumber(fmt.Sprintf("T-%05d", f.serial)).SetCategory(category).SetStatus(status).
		SetFirstName("Membre").SetLastName(fmt.Sprint(f.serial)).SetEmail(fmt.Sprintf("m%d@example.org", f.serial)).
		SetJoinedOn(joined).SaveX(context.Background())
}

func (f *fixture) pay(t testing.TB, m *ent.Member, on time.Time) {
	t.Helper()
	ctx := context.Background()
	c := f.db.Ent.DuesCharge.Query().Where(duescharge.MemberID(m.ID)).OnlyX(ctx)
	if _, err := f.dues.RecordOffline(ctx, dues.OfflinePayment{ChargeID: c.ID, Method: payment.MethodCash,
		Amount: c.Amount, ReceivedOn: on}); err != nil {
		t.Fatal(err)
	}
}

func TestTheRollGivesEachRightWithItsReasonAndAgreesWithMayVoteAndMayStand(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		payer := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		late := f.member(t, "active", member.StatusActive, date(2023, 1, 10))
		honorary := f.member(t, "honorary", member.StatusActive, date(2022, 3, 26))
		institution := f.member(t, "institutional", member.StatusActive, date(2022, 3, 26))
		newcomer := f.member(t, "active", member.StatusActive, date(2026, 3, 1))
		junior := f.member(t, "active", member.StatusActive, date(2025, 9, 1)) // votes, too recent to stand
		suspended := f.member(t, "active", member.StatusSuspended, date(2023, 1, 10))
		resigned := f.member(t, "active", member.StatusResigned, date(2023, 1, 10))
		applicant := f.db.Ent.Member.Create().SetCategory("active").SetStatus(member.StatusApplicant).
			SetFirstName("Candidat").SetLastName("X").SetEmail("x@example.org").SaveX(ctx)
		if _, _, err := f.dues.OpenPeriod(ctx, 2026, 0); err != nil {
			t.Fatal(err)
		}
		for _, m := range []*ent.Member{payer, institution, newcomer, junior} {
			f.pay(t, m, date(2026, 2, 1))
		}
		type want struct{ vote, stand, quorum string }
		cases := []struct {
			who  *ent.Member
			on   time.Time
			want want
		}{
			{payer, today, want{"", "", ""}},
			{late, date(2026, 3, 31), want{"", "", ""}}, // within the grace period
			{late, today, want{electorate.ReasonDues, electorate.ReasonDues, electorate.ReasonDues}},
			{honorary, today, want{electorate.ReasonCategory, electorate.ReasonCategory, electorate.ReasonCategory}},
			{institution, today, want{"", electorate.ReasonCategory, ""}}, // organisations do not stand
			{newcomer, today, want{electorate.ReasonSeniority, electorate.ReasonSeniority, ""}},
			{junior, today, want{"", electorate.ReasonSeniority, ""}},
			{junior, date(2025, 8, 31), want{electorate.ReasonNotAMember, electorate.ReasonNotAMember, electorate.ReasonNotAMember}},
			{suspended, today, want{electorate.ReasonNotAMember, electorate.ReasonNotAMember, electorate.ReasonNotAMember}},
		}
		rolls := map[time.Time]*electorate.Roll{}
		for i, c := range cases {
			roll := rolls[c.on]
			if roll == nil {
				var err error
				if roll, err = f.electorate.Roll(ctx, c.on, electorate.Rules{}); err != nil {
					t.Fatal(err)
				}
				rolls[c.on] = roll
			}
			r, ok := roll.Of(c.who.ID)
			got := want{r.Vote.Reason, r.Stand.Reason, r.Quorum.Reason}
			if !ok || got != c.want || r.Vote.Eligible != (got.vote == "") || r.Stand.Eligible != (got.stand == "") ||
				r.Quorum.Eligible != (got.quorum == "") {
				t.Errorf("case %d (%s on %s): %+v, want %+v", i, c.who.LastName, c.on.Format(time.DateOnly), r, c.want)
			}
		}
		for _, m := range []*ent.Member{applicant, resigned} {
			if _, ok := rolls[today].Of(m.ID); ok {
				t.Errorf("%s member on the roll", m.Status)
			}
		}
		if vote, stand, quorum := rolls[today].Counts(); vote != 3 || stand != 1 || quorum != 4 {
			t.Errorf("counts on %s: %d vote, %d stand, %d quorum", today.Format(time.DateOnly), vote, stand, quorum)
		}

		// One member's answer is the roll's, for every member and day.
		all := append([]*ent.Member{applicant}, payer, late, honorary, institution, newcomer, junior, suspended, resigned)
		for on, roll := range rolls {
			for _, m := range all {
				fromRoll, _ := roll.Of(m.ID)
				vote, err := f.electorate.MayVote(ctx, m.ID, on)
				if err != nil {
					t.Fatal(err)
				}
				stand, err := f.electorate.MayStand(ctx, m.ID, on)
				if err != nil {
					t.Fatal(err)
				}
				if m.ID == applicant.ID || m.ID == resigned.ID {
					if vote.Eligible || stand.Eligible || vote.Reason != electorate.ReasonNotAMember || stand.Reason != electorate.ReasonNotAMember {
						t.Errorf("%s member: vote %+v, stand %+v", m.Status, vote, stand)
					}
					continue
				}
				if vote != fromRoll.Vote || stand != fromRoll.Stand {
					t.Errorf("%s on %s: MayVote %+v, MayStand %+v; roll %+v", m.LastName, on.Format(time.DateOnly), vote, stand, fromRoll)
				}
			}
		}
	})
}

// An amendment that changes who may vote applies from its adoption date:
// a roll for a day before it reads the rules of that day.
func TestTheRollReadsTheStatutesInForceOnTheDayAsked(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		f := setup(t, db)
		ctx := context.Background()
		m := f.member(t, "active", member.StatusActive, date(2024, 3, 1))
		honorary := f.member(t, "honorary", member.StatusActive, date(2022, 3, 26))
		amended := governance.OMSN()
		amended.Eligibility.MinSeniorityMonthsToVote = 24
		for i := range amended.Categories {
			if amended.Categories[i].Code == "honorary" {
				amended.Categories[i].MayVote = true
			}
		}
		v2, err := f.statutes.CreateDraft(ctx, statutes.Draft{TextFr: "Statuts modifiés", Rules: amended})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.statutes.Adopt(ctx, v2.ID, statutes.Adoption{AdoptedOn: date(2025, 6, 12), Reference: "AGE"}); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			on               time.Time
			member, honorary string
			version          int
		}{
			// Ten months a member: six are enough under the first version.
			{date(2025, 1, 1), "", electorate.ReasonCategory, 1},
			// Sixteen months: the amendment asks for 24, and lets honorary members vote.
			{date(2025, 7, 1), electorate.ReasonSeniority, "", 2},
			{date(2026, 3, 1), "", "", 2},
		}
		for _, c := range cases {
			roll, err := f.electorate.Roll(ctx, c.on, electorate.Rules{})
			if err != nil {
				t.Fatal(err)
			}
			r, _ := roll.Of(m.ID)
			h, _ := roll.Of(honorary.ID)
			if roll.Version.Number != c.version || r.Vote.Reason != c.member || h.Vote.Reason != c.honorary {
				t.Errorf("on %s: version %d, member %+v, honorary %+v", c.on.Format(time.DateOnly), roll.Version.Number, r.Vote, h.Vote)
			}
			if vote, err := f.electorate.MayVote(ctx, m.ID, c.on); err != nil || vote != r.Vote {
				t.Errorf("MayVote on %s: %+v %v, roll %+v", c.on.Format(time.DateOnly), vote, err, r.Vote)
			}
		}
		// Rules may name the version: the first, applied today.
		first, err := f.statutes.InForceOn(ctx, date(2024, 1, 1))
		if err != nil {
			t.Fatal(err)
		}
		roll, err := f.electorate.Roll(ctx, date(2026, 3, 1), electorate.Rules{Version: first})
		if h, _ := roll.Of(honorary.ID); err != nil || h.Vote.Reason != electorate.ReasonCategory {
			t.Errorf("first version named: %+v %v", h.Vote, err)
		}
		if _, err := f.electorate.Roll(ctx, date(2022, 3, 25), electorate.Rules{}); err == nil {
			t.Error("a roll before any statutes")
		}
	})
}

// maxRollStatements is what a roll costs whatever the number of members:
// the statutes version, the members, the members behind with their dues.
const maxRollStatements = 3

func TestTheRollTakesAFixedNumberOfStatements(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		counted, count := testdb.Counting(db)
		f := setup(t, counted)
		ctx := context.Background()
		var statements []int64
		for _, n := range []int{5, 60} {
			for f.serial < n {
				f.member(t, []string{"active", "founding", "honorary"}[f.serial%3], member.StatusActive, date(2023, 1, 10))
			}
			if n == 5 {
				if _, _, err := f.dues.OpenPeriod(ctx, 2026, 0); err != nil {
					t.Fatal(err)
				}
			}
			count.Store(0)
			roll, err := f.electorate.Roll(ctx, today, electorate.Rules{})
			if err != nil || len(roll.Members) != n {
				t.Fatalf("%d members on the roll, %v", len(roll.Members), err)
			}
			statements = append(statements, count.Load())
		}
		t.Logf("statements for 5 and 60 members: %v", statements)
		if statements[0] != statements[1] || statements[1] > maxRollStatements {
			t.Fatalf("statements for 5 and 60 members: %v, at most %d whatever the number", statements, maxRollStatements)
		}
		count.Store(0)
		if _, err := f.electorate.MayVote(ctx, 1, today); err != nil || count.Load() > maxRollStatements {
			t.Fatalf("MayVote: %d statements, %v", count.Load(), err)
		}
	})
}
