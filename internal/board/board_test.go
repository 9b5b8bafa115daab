package board_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

var today = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func setup(t *testing.T, db *database.DB) *board.Service {
	t.Helper()
	ctx := context.Background()
	st := statutes.NewService(db.Ent)
	v, err := st.CreateDraft(ctx, statutes.Draft{TextFr: "Statuts", Rules: governance.OMSN()})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Adopt(ctx, v.ID, statutes.Adoption{AdoptedOn: today.AddDate(-1, 0, 0), Reference: "AGC"}); err != nil {
		t.Fatal(err)
	}
	s := board.NewService(db.Ent, st)
	s.Now = func() time.Time { return today }
	return s
}

func newMember(t *testing.T, db *database.DB, status member.Status) *ent.Member {
	t.Helper()
	n := time.Now().UnixNano()
	return db.Ent.Member.Create().SetStatus(status).SetNumber(fmt.Sprint(n)).SetCategory("active").
		SetFirstName("Prénom").SetLastName(fmt.Sprint(n)).SaveX(context.Background())
}

func TestAMandateTakesAFreeSeatForThePositionsTerm(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		m, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "treasurer",
			Start: today.AddDate(0, -1, 0), Source: mandate.SourceElected, Reference: "AGO 2026"})
		if err != nil {
			t.Fatal(err)
		}
		if !m.EndOn.Equal(today.AddDate(3, -1, 0)) || m.Office != mandate.OfficeTreasurer {
			t.Fatalf("mandate %+v", m)
		}
		seats, _ := s.Current(ctx)
		held := 0
		for _, seat := range seats {
			if seat.Holder != "" {
				held++
			}
		}
		if len(seats) != 6 || held != 1 {
			t.Fatalf("%d seats, %d held; want 6 and 1", len(seats), held)
		}
		// The single treasurer seat is taken for that term.
		_, err = s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "treasurer",
			Start: today, Source: mandate.SourceCoOpted, Reference: "Bureau"})
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["position"].Key != "board.error.no_free_seat" {
			t.Fatalf("second treasurer: %v", err)
		}
		// Two assessor seats.
		for i := 0; i < 2; i++ {
			if _, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "assessor",
				Start: today, Source: mandate.SourceElected, Reference: "AGO"}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestOnlyCurrentMembersHoldOffice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		_, err := s.RecordMandate(context.Background(), board.NewMandate{MemberID: newMember(t, db, member.StatusResigned).ID,
			Position: "president", Start: today, Source: mandate.SourceElected, Reference: "AGO"})
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["member_id"].Key != "board.error.not_a_member" {
			t.Fatalf("got %v", err)
		}
	})
}

func TestConcurrentRecordingsNeverFillASeatTwice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ids := make([]int, 6)
		for i := range ids {
			ids[i] = newMember(t, db, member.StatusActive).ID
		}
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			go func(id int) {
				defer wg.Done()
				_, _ = s.RecordMandate(context.Background(), board.NewMandate{MemberID: id, Position: "president",
					Start: today, Source: mandate.SourceElected, Reference: "AGO"})
			}(id)
		}
		wg.Wait()
		if n := db.Ent.Mandate.Query().Where(mandate.Position("president")).CountX(context.Background()); n != 1 {
			t.Fatalf("%d presidents for one seat", n)
		}
	})
}

func TestEndingAMandateEarlyFreesTheSeatAndListsThoseEndingSoon(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		old, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "president",
			Start: today.AddDate(-3, 1, 0), Source: mandate.SourceElected, Reference: "AGO 2023"})
		if err != nil {
			t.Fatal(err)
		}
		soon, err := s.EndingWithin(ctx, 90*24*time.Hour)
		if err != nil || len(soon) != 1 || soon[0].ID != old.ID {
			t.Fatalf("ending within 90 days: %v %v", soon, err)
		}
		if err := s.EndMandate(ctx, old.ID, today); err != nil {
			t.Fatal(err)
		}
		if err := s.EndMandate(ctx, old.ID, today); err == nil {
			t.Fatal("a mandate ended twice")
		}
		if _, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "president",
			Start: today, Source: mandate.SourceCoOpted, Reference: "Bureau du 22 novembre 2026"}); err != nil {
			t.Fatalf("the seat freed early is still taken: %v", err)
		}
	})
}

func TestTheDeclarationListsTheBoardAndWhatIsMissingWithItsDeadline(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		complete := newMember(t, db, member.StatusActive)
		born := time.Date(1980, 5, 4, 0, 0, 0, 0, time.UTC)
		db.Ent.Member.UpdateOne(complete).SetNationality("marocaine").SetBirthDate(born).SetBirthPlace("Fès").
			SetProfession("Ingénieure").SetAddress("Rabat").ExecX(ctx)
		partial := newMember(t, db, member.StatusActive)
		start := today.AddDate(0, 0, -10)
		for pos, m := range map[string]*ent.Member{"president": complete, "treasurer": partial} {
			if _, err := s.RecordMandate(ctx, board.NewMandate{MemberID: m.ID, Position: pos, Start: start,
				Source: mandate.SourceElected, Reference: "AGO"}); err != nil {
				t.Fatal(err)
			}
		}
		d, err := s.DeclarationPack(ctx)
		if err != nil {
			t.Fatal(err)
		}
		startDay := start.Truncate(24 * time.Hour)
		if !d.ChangedOn.Equal(startDay) || !d.Deadline.Equal(startDay.AddDate(0, 1, 0)) || d.DeadlinePassed || !d.Due() {
			t.Fatalf("changed %v deadline %v passed %v", d.ChangedOn, d.Deadline, d.DeadlinePassed)
		}
		if len(d.Officers) != 2 {
			t.Fatalf("%d officers", len(d.Officers))
		}
		for _, o := range d.Officers {
			switch o.Member.ID {
			case complete.ID:
				if len(o.Missing) != 0 {
					t.Errorf("complete record reported missing %v", o.Missing)
				}
			case partial.ID:
				if len(o.Missing) != 5 || !o.IsMissing("birth_place") {
					t.Errorf("partial record: missing %v", o.Missing)
				}
			}
		}
	})
}
