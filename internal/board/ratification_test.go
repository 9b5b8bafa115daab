package board_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/mandate"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/board"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

func TestAnAssemblyRatifiesACoOptationOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		co, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "treasurer",
			Start: today.AddDate(0, -2, 0), Source: mandate.SourceCoOpted, Reference: "Bureau du 22 septembre 2026"})
		if err != nil {
			t.Fatal(err)
		}
		waiting, err := s.AwaitingRatification(ctx)
		if err != nil || len(waiting) != 1 || waiting[0].ID != co.ID || waiting[0].Edges.Member == nil {
			t.Fatalf("awaiting ratification: %v %v", waiting, err)
		}
		// The form's mistakes are named at their fields.
		err = s.DecideRatification(ctx, board.Ratification{MandateID: co.ID, Ratified: true})
		v, ok := apperr.AsValidation(err)
		if !ok || v.Fields["ratification_on"].Key == "" || v.Fields["ratification_reference"].Key != "error.required" {
			t.Fatalf("empty decision: %v", err)
		}
		err = s.DecideRatification(ctx, board.Ratification{MandateID: co.ID, On: co.StartOn.AddDate(0, 0, -1), Ratified: true, Reference: "AGO"})
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["ratification_on"].Key != "mandates.error.ratification_before_start" {
			t.Fatalf("decision before the co-optation: %v", err)
		}

		err = s.DecideRatification(ctx, board.Ratification{MandateID: co.ID, On: today.AddDate(0, 0, 1), Ratified: true, Reference: "AGO"})
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["ratification_on"].Key != "mandates.error.ratification_in_future" {
			t.Fatalf("decision in the future: %v", err)
		}
		if err := s.DecideRatification(ctx, board.Ratification{MandateID: co.ID, On: today, Ratified: true, Reference: "AGO 2026, résolution 4"}); err != nil {
			t.Fatal(err)
		}
		got := db.Ent.Mandate.GetX(ctx, co.ID)
		if got.RatifiedOn == nil || !got.RatifiedOn.Equal(today) || got.RatificationReference != "AGO 2026, résolution 4" || got.EndedOn != nil {
			t.Fatalf("ratified mandate: %+v", got)
		}
		if waiting, _ := s.AwaitingRatification(ctx); len(waiting) != 0 {
			t.Fatalf("still awaiting: %v", waiting)
		}
		// A second decision, either way, is a conflict.
		err = s.DecideRatification(ctx, board.Ratification{MandateID: co.ID, On: today, Ratified: false, Reference: "AGE"})
		if !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("second decision: %v", err)
		}
	})
}

func TestARefusedCoOptationEndsTheMandateThatDay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		co, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "treasurer",
			Start: today.AddDate(0, -2, 0), Source: mandate.SourceCoOpted, Reference: "Bureau"})
		if err != nil {
			t.Fatal(err)
		}
		decided := today.AddDate(0, 0, -1)
		if err := s.DecideRatification(ctx, board.Ratification{MandateID: co.ID, On: decided, Reference: "AGO, résolution 2"}); err != nil {
			t.Fatal(err)
		}
		got := db.Ent.Mandate.GetX(ctx, co.ID)
		if got.RatificationRefusedOn == nil || got.RatifiedOn != nil || got.EndedOn == nil || !got.EndedOn.Equal(decided) {
			t.Fatalf("refused mandate: %+v", got)
		}
		seats, _ := s.Current(ctx)
		for _, seat := range seats {
			if seat.Position.Code == "treasurer" && seat.Holder != "" {
				t.Fatalf("the refused treasurer still holds the seat: %s", seat.Holder)
			}
		}
	})
}

func TestACoOptationThatEndedIsNoLongerAwaitingRatification(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		co, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "treasurer",
			Start: today.AddDate(0, -2, 0), Source: mandate.SourceCoOpted, Reference: "Bureau"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.EndMandate(ctx, co.ID, today.AddDate(0, 0, -1)); err != nil {
			t.Fatal(err)
		}
		if waiting, _ := s.AwaitingRatification(ctx); len(waiting) != 0 {
			t.Fatalf("an ended co-optation awaits ratification: %v", waiting)
		}
	})
}

func TestOnlyACoOptationIsPutToRatification(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		el, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "president",
			Start: today.AddDate(0, -2, 0), Source: mandate.SourceElected, Reference: "AGO"})
		if err != nil {
			t.Fatal(err)
		}
		err = s.DecideRatification(ctx, board.Ratification{MandateID: el.ID, On: today, Ratified: true, Reference: "AGO"})
		if !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("ratifying an elected mandate: %v", err)
		}
		// The database holds the rule too, whatever the code path.
		_, err = db.Ent.Mandate.UpdateOneID(el.ID).SetRatifiedOn(today).Save(ctx)
		if err == nil {
			t.Fatal("the database let an elected mandate be ratified")
		}
		if err := s.DecideRatification(ctx, board.Ratification{MandateID: 99999, On: today, Reference: "AGO"}); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("unknown mandate: %v", err)
		}
	})
}

func TestRecordingTheFilingStopsTheDeclarationCountdownUntilTheNextChange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := setup(t, db)
		ctx := context.Background()
		start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		if _, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "president",
			Start: start, Source: mandate.SourceElected, Reference: "AGO"}); err != nil {
			t.Fatal(err)
		}
		d, err := s.DeclarationPack(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// 1 October + one month = 1 November, before today (22 November).
		if !d.Due() || !d.DeadlinePassed || d.Filed != nil {
			t.Fatalf("before filing: due %v passed %v", d.Due(), d.DeadlinePassed)
		}

		bad := []struct {
			in    board.Filing
			field string
		}{
			{board.Filing{CoversChangesOn: start, FiledOn: start}, "authority"},
			{board.Filing{CoversChangesOn: start, FiledOn: start.AddDate(0, 0, -1), Authority: "Pachalik"}, "filed_on"},
			{board.Filing{CoversChangesOn: start, FiledOn: today.AddDate(0, 0, 2), Authority: "Pachalik"}, "filed_on"},
			{board.Filing{FiledOn: start, Authority: "Pachalik"}, "covers_changes_on"},
		}
		for _, c := range bad {
			_, err := s.RecordFiling(ctx, c.in)
			if v, ok := apperr.AsValidation(err); !ok || v.Fields[c.field].Key == "" {
				t.Errorf("%+v: want an error at %s, got %v", c.in, c.field, err)
			}
		}

		// A filing prepared before the latest change is refused.
		_, err = s.RecordFiling(ctx, board.Filing{CoversChangesOn: d.ChangedOn.AddDate(0, 0, -5), FiledOn: today, Authority: "Pachalik"})
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["covers_changes_on"].Key != "declaration.error.stale" {
			t.Fatalf("stale filing: %v", err)
		}

		filed := time.Date(2026, 10, 20, 15, 30, 0, 0, time.UTC)
		if _, err := s.RecordFiling(ctx, board.Filing{CoversChangesOn: d.ChangedOn, FiledOn: filed,
			Authority: "Pachalik de Rabat-Agdal", ReceiptReference: "R-2026/118"}); err != nil {
			t.Fatal(err)
		}
		_, err = s.RecordFiling(ctx, board.Filing{CoversChangesOn: d.ChangedOn, FiledOn: filed, Authority: "Pachalik"})
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["covers_changes_on"].Key != "declaration.error.already_filed" {
			t.Fatalf("second filing for one change: %v", err)
		}
		d, _ = s.DeclarationPack(ctx)
		if d.Due() || d.DeadlinePassed || d.Filed == nil || d.Filed.ReceiptReference != "R-2026/118" ||
			!d.Filed.FiledOn.Equal(time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)) || len(d.Filings) != 1 {
			t.Fatalf("after filing: due %v passed %v filed %+v", d.Due(), d.DeadlinePassed, d.Filed)
		}

		// A new change (another office filled) needs a new declaration.
		if _, err := s.RecordMandate(ctx, board.NewMandate{MemberID: newMember(t, db, member.StatusActive).ID, Position: "treasurer",
			Start: today.AddDate(0, 0, -3), Source: mandate.SourceElected, Reference: "AGE"}); err != nil {
			t.Fatal(err)
		}
		d, _ = s.DeclarationPack(ctx)
		if !d.Due() || d.DeadlinePassed || d.Filed != nil || !d.ChangedOn.Equal(time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("after a new change: due %v passed %v changed %v", d.Due(), d.DeadlinePassed, d.ChangedOn)
		}
	})
}
