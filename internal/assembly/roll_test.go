package assembly_test

import (
	"context"
	"testing"
	"time"

	dbassembly "github.com/omsn/majlis/ent/assembly"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/assembly"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/electorate"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/testdb"
)

func TestTheRollIsFrozenWithItsHashAndTheReasonOfEachExclusion(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		f := setup(t, db, func(r *governance.Rules) { r.Eligibility.MinSeniorityMonthsToVote = 6 })
		voter := f.member(t, "active", date(2023, 1, 10))
		recent := f.member(t, "active", today.AddDate(0, -2, 0))
		honorary := f.member(t, "honorary", date(2023, 1, 10))
		gone := f.member(t, "active", date(2023, 1, 10))
		db.Ent.Member.UpdateOne(gone).SetStatus(member.StatusResigned).ExecX(ctx)

		a := f.assembly(t, dbassembly.KindOrdinary, dbassembly.StateConvened)
		if err := f.assemblies.TakeRoll(ctx, a, today); err != nil {
			t.Fatal(err)
		}
		lines, err := f.assemblies.Roll(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int]assembly.RollLine{}
		for _, l := range lines {
			got[l.MemberID] = l
		}
		if len(lines) != 3 {
			t.Fatalf("the roll has %d lines, want the 3 current members (not the one who resigned): %+v", len(lines), lines)
		}
		if l := got[voter.ID]; !l.MayVote || !l.CountsForQuorum || l.Reason != "" {
			t.Errorf("voter: %+v", l)
		}
		if l := got[recent.ID]; l.MayVote || l.Reason != electorate.ReasonSeniority {
			t.Errorf("member of two months: %+v, want refused for seniority", l)
		}
		if l := got[honorary.ID]; l.MayVote || l.Reason != electorate.ReasonCategory {
			t.Errorf("honorary member: %+v, want refused for the category", l)
		}
		if _, on := got[gone.ID]; on {
			t.Error("a member who resigned is on the roll")
		}

		if a.RollHash != assembly.RollHash(a.ID, today, lines) || len(a.RollHash) != 64 {
			t.Errorf("stored hash %q is not the roll's", a.RollHash)
		}
		if ok, err := f.assemblies.RollIntact(ctx, a); err != nil || !ok {
			t.Fatalf("a roll just taken is not intact: %v %v", ok, err)
		}
		// A line changed behind the app's back no longer matches the hash.
		if _, err := db.SQL.ExecContext(ctx, "UPDATE roll_entries SET may_vote = true, reason = ''"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := f.assemblies.RollIntact(ctx, a); ok {
			t.Error("a tampered roll still matches its hash")
		}

		err = f.assemblies.TakeRoll(ctx, a, today)
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["assembly"].Key != assembly.KeyRollTaken {
			t.Errorf("taking the roll twice: %v, want refused as taken", err)
		}
	})
}

func TestAMemberSeesWhetherTheyAreOnTheRollAndWhetherPayingRestoresTheirVote(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		f := setup(t, db, func(r *governance.Rules) {
			ord := r.Assemblies[governance.Ordinary]
			ord.RollCutoff = governance.RollAtOpening
			r.Assemblies[governance.Ordinary] = ord
		})
		behind := f.member(t, "active", date(2023, 1, 10))
		if _, _, err := f.dues.OpenPeriod(ctx, 2026, 0); err != nil {
			t.Fatal(err)
		}
		a := f.assembly(t, dbassembly.KindOrdinary, dbassembly.StateConvened)
		st, err := f.assemblies.StandingOf(ctx, a, behind.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !st.OnRoll || st.MayVote || st.Reason != electorate.ReasonDues || st.Frozen {
			t.Fatalf("before the cut-off: %+v", st)
		}
		if !st.MayRegain || !st.Cutoff.Equal(a.StartsAt) {
			t.Errorf("the roll is taken at the opening, so paying before it restores the vote: %+v", st)
		}

		if err := f.assemblies.TakeRoll(ctx, a, a.StartsAt.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		st, err = f.assemblies.StandingOf(ctx, a, behind.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Frozen || st.MayRegain || st.MayVote || st.Reason != electorate.ReasonDues {
			t.Errorf("after the cut-off the answer is final: %+v", st)
		}
	})
}
