package board_test

import (
	"context"
	"errors"
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

func TestADecisionEndsTheMandatesAMemberHoldsOrIsDueToHoldAndCitesIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		m := newMember(t, db, member.StatusActive)
		add := func(position string, office mandate.Office, start, end time.Time, endedOn *time.Time) *ent.Mandate {
			return db.Ent.Mandate.Create().SetMemberID(m.ID).SetPosition(position).SetOffice(office).
				SetStartOn(start).SetEndOn(end).SetNillableEndedOn(endedOn).SetSource(mandate.SourceElected).SaveX(ctx)
		}
		day := today.Truncate(24 * time.Hour)
		past := add("assessor", mandate.OfficeAssessor, day.AddDate(-6, 0, 0), day.AddDate(-3, 0, 0), nil)
		endedEarly := day.AddDate(-1, 0, 0)
		stepped := add("vice_president", mandate.OfficeVicePresident, day.AddDate(-2, 0, 0), day.AddDate(1, 0, 0), &endedEarly)
		running := add("treasurer", mandate.OfficeTreasurer, day.AddDate(-1, 0, 0), day.AddDate(2, 0, 0), nil)
		coming := add("secretary_general", mandate.OfficeSecretaryGeneral, day.AddDate(0, 2, 0), day.AddDate(3, 0, 0), nil)
		held, err := s.MandatesFrom(ctx, m.ID, day)
		if err != nil || len(held) != 2 || held[0].ID != running.ID || held[1].ID != coming.ID {
			t.Fatalf("held: %v %v", held, err)
		}
		if _, err := s.EndMandatesByDecision(ctx, m.ID, day, "  "); err == nil {
			t.Fatal("mandates ended without citing a decision")
		}
		// Inside a transaction that fails, nothing ends.
		boom := errors.New("the decision failed")
		err = database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			if _, err := s.EndMandatesByDecision(ctx, m.ID, day, "Bureau, décision 3"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) || db.Ent.Mandate.GetX(ctx, running.ID).EndedOn != nil {
			t.Fatalf("a rolled-back decision ended the mandate: %v", err)
		}
		ended, err := s.EndMandatesByDecision(ctx, m.ID, day, "Bureau, décision 3")
		if err != nil || len(ended) != 2 {
			t.Fatalf("ended %v: %v", ended, err)
		}
		for _, md := range []*ent.Mandate{running, coming} {
			got := db.Ent.Mandate.GetX(ctx, md.ID)
			if got.EndedOn == nil || !got.EndedOn.Equal(day) || got.EndReference != "Bureau, décision 3" {
				t.Errorf("%s: ended on %v by %q", md.Position, got.EndedOn, got.EndReference)
			}
		}
		for _, md := range []*ent.Mandate{past, stepped} {
			got := db.Ent.Mandate.GetX(ctx, md.ID)
			if got.EndReference != "" || (md.EndedOn == nil) != (got.EndedOn == nil) {
				t.Errorf("%s, over already, was changed: %+v", md.Position, got)
			}
		}
		if held, _ := s.MandatesFrom(ctx, m.ID, day); len(held) != 0 {
			t.Fatalf("still held: %v", held)
		}
		if all, _ := s.MandatesOf(ctx, m.ID); len(all) != 4 || all[0].ID != coming.ID {
			t.Fatalf("the member's mandates: %v", all)
		}
	})
}
