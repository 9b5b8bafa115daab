package assembly_test

import (
	"context"
	"testing"

	dbassembly "github.com/omsn/majlis/ent/assembly"
	"github.com/omsn/majlis/ent/attendance"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/testdb"
)

// onlineCounts sets whether online presence counts toward the ordinary
// assembly's quorum.
func onlineCounts(on bool) func(*governance.Rules) {
	return func(r *governance.Rules) {
		ord := r.Assemblies[governance.Ordinary]
		ord.OnlineCountsForQuorum = on
		r.Assemblies[governance.Ordinary] = ord
	}
}

func TestTheQuorumCountsThePresentTheRepresentedAndOnlineOnlyWhereTheStatutesSaySo(t *testing.T) {
	for _, online := range []bool{false, true} {
		name := map[bool]string{false: "online_does_not_count", true: "online_counts"}[online]
		t.Run(name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *database.DB) {
				ctx := context.Background()
				f := setup(t, db, onlineCounts(online))
				ms := f.members(t, 12) // the ordinary quorum is ¼ of 12: 3
				honorary := f.member(t, "honorary", date(2023, 1, 10))
				a := f.assembly(t, dbassembly.KindOrdinary, dbassembly.StateOpen)
				if err := f.assemblies.TakeRoll(ctx, a, today); err != nil {
					t.Fatal(err)
				}
				f.attend(t, a, ms[0], attendance.ModeInPerson)
				f.attend(t, a, ms[1], attendance.ModeOnline)
				f.attend(t, a, honorary, attendance.ModeInPerson) // votes nothing, counts for nothing
				f.proxy(t, a, ms[2], ms[0])                       // represented by a holder in the room
				f.proxy(t, a, ms[3], ms[1])                       // represented by a holder online
				f.proxy(t, a, ms[4], ms[5])                       // holder absent: not represented

				p, err := f.assemblies.Presence(ctx, a, "")
				if err != nil {
					t.Fatal(err)
				}
				if p.Basis != 12 || p.InPerson != 1 || p.Online != 1 || p.VotingMembers != 12 {
					t.Errorf("presence %+v: want basis 12, one in the room, one online", p)
				}
				if p.VotersPresent != 2 || p.ProxiesHeld != 2 || p.Electors != 4 {
					t.Errorf("votes %+v: two voters present holding two proxies make 4 votes", p)
				}
				if !p.NeedsQuorum || p.Required != 3 {
					t.Errorf("quorum %+v: ¼ of 12 is 3", p)
				}
				wantCounted, wantMet := 2, false // the one in the room and the one they represent
				if online {
					wantCounted, wantMet = 4, true
				}
				if p.Counted != wantCounted || p.Met != wantMet {
					t.Errorf("counted %d met %v, want %d %v", p.Counted, p.Met, wantCounted, wantMet)
				}
			})
		})
	}
}

func TestADissolutionNeedsItsOwnQuorumEvenAtTheSecondConvocation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		f := setup(t, db)
		ms := f.members(t, 10)
		first := f.assembly(t, dbassembly.KindExtraordinary, dbassembly.StateAdjourned)
		row := db.Ent.Assembly.Create().SetKind(dbassembly.KindExtraordinary).SetStatutesVersionID(f.version.ID).
			SetStartsAt(first.StartsAt.AddDate(0, 0, 15)).SetPlace("Rabat").SetState(dbassembly.StateOpen).
			SetConvenedAt(today).SetOpenedAt(today).SetFirstConvocationID(first.ID).SaveX(ctx)
		second, err := f.assemblies.Get(ctx, row.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !second.Second() {
			t.Fatal("a second convocation does not know it is one")
		}
		if err := f.assemblies.TakeRoll(ctx, second, today); err != nil {
			t.Fatal(err)
		}
		for _, m := range ms[:3] {
			f.attend(t, second, m, attendance.ModeInPerson)
		}
		// The OMSN extraordinary assembly needs ½ at the first meeting, ¼
		// at the second; a dissolution needs ½ of the members at both.
		meeting, err := f.assemblies.Presence(ctx, second, "")
		if err != nil {
			t.Fatal(err)
		}
		if meeting.Required != 3 || !meeting.Met {
			t.Errorf("second convocation: %+v, want ¼ of 10 (3) met by 3", meeting)
		}
		dissolution, err := f.assemblies.Presence(ctx, second, governance.Dissolution)
		if err != nil {
			t.Fatal(err)
		}
		if dissolution.Required != 5 || dissolution.Met {
			t.Errorf("dissolution: %+v, want ½ of 10 (5) not met by 3", dissolution)
		}
	})
}
