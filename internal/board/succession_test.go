package board_test

import (
	"context"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/board/mandaterule"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"

	"github.com/omsn/majlis/ent/mandate"
)

// A mandate ended early on a day frees its seat from that day: the end is
// exclusive. Ended in the afternoon (the board ends it "today"), it frees
// the seat for a successor whose mandate starts that day, as the form
// records it (a date, at midnight), and not for one starting the day
// before.
func TestASuccessorMayStartOnTheDayAMandateEndedButNotTheDayBefore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		old, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "treasurer",
			Start: day.AddDate(-1, 0, 0), Source: mandate.SourceElected, Reference: "AGO 2025"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.EndMandate(ctx, old.ID, day.Add(14*time.Hour+30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		ended := db.Ent.Mandate.GetX(ctx, old.ID)
		if !ended.EndedOn.Equal(day) {
			t.Fatalf("ended on %s, want the day %s", ended.EndedOn, day)
		}
		if mandaterule.Running(ended, day) || !mandaterule.Running(ended, day.Add(-time.Second)) {
			t.Fatal("a mandate ended on a day still runs that day, or stopped before it")
		}

		_, err = s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "treasurer",
			Start: day.AddDate(0, 0, -1), Source: mandate.SourceCoOpted, Reference: "Bureau du 19 novembre"})
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["position"].Key != "board.error.no_free_seat" {
			t.Fatalf("a successor starting the day before the end: %v, want no free seat", err)
		}
		if _, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "treasurer",
			Start: day, Source: mandate.SourceCoOpted, Reference: "Bureau du 20 novembre"}); err != nil {
			t.Fatalf("a successor starting on the day of the end was refused: %v", err)
		}
		seats, err := s.Current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, seat := range seats {
			if seat.Position.Code == "treasurer" && seat.Mandate != nil && seat.Mandate.ID == old.ID {
				t.Fatal("the ended mandate still holds the seat")
			}
		}
	})
}
