package statutes_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/statutesversion"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

func draft() statutes.Draft {
	return statutes.Draft{Title: "Statuts", TextFr: "# Statuts\n\nArticle 1.", Rules: governance.OMSN()}
}

func adopt(t *testing.T, s *statutes.Service, id int) {
	t.Helper()
	if err := s.Adopt(context.Background(), id, statutes.Adoption{
		AdoptedOn: time.Date(2022, 3, 26, 0, 0, 0, 0, time.UTC), Reference: "AGC, résolution 1", RecordedBy: 1,
	}); err != nil {
		t.Fatal(err)
	}
}

// The rules themselves are checked in package governance; here, that the
// service refuses what they refuse, names the field, and stores nothing.
func TestInvalidRulesAreNeverStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := statutes.NewService(db.Ent)
		bad := draft()
		a := bad.Rules.Assemblies[governance.Ordinary]
		a.Quorum = governance.Frac(5, 4)
		bad.Rules.Assemblies[governance.Ordinary] = a
		bad.TextFr = " "
		_, err := s.CreateDraft(ctx, bad)
		v, ok := apperr.AsValidation(err)
		if !ok || v.Fields["assemblies.ordinary.quorum"].Key != "statutes.error.quorum_above_one" || v.Fields["text_fr"].Key != "error.required" {
			t.Fatalf("got %v", err)
		}
		if n := db.Ent.StatutesVersion.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d versions stored", n)
		}

		good, err := s.CreateDraft(ctx, draft())
		if err != nil {
			t.Fatal(err)
		}
		noPresident := draft()
		noPresident.Rules.Board.Positions = noPresident.Rules.Board.Positions[1:]
		noPresident.TextFr = "Texte modifié"
		err = s.UpdateDraft(ctx, good.ID, noPresident)
		if v, ok := apperr.AsValidation(err); !ok || v.Fields["board.positions"].Key != "statutes.error.no_president" {
			t.Fatalf("got %v", err)
		}
		got, _ := s.Get(ctx, good.ID)
		if got.TextFr != draft().TextFr || len(got.Rules.Board.Positions) != len(governance.OMSN().Board.Positions) {
			t.Fatal("a refused update changed the draft")
		}
	})
}

func TestExactlyOneVersionIsInForce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := statutes.NewService(db.Ent)
		if _, err := s.InForce(ctx); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("before adoption: %v", err)
		}
		v1, err := s.CreateDraft(ctx, draft())
		if err != nil {
			t.Fatal(err)
		}
		adopt(t, s, v1.ID)
		d := draft()
		d.Rules.Categories = d.Rules.Categories[:2]
		v2, err := s.CreateDraft(ctx, d)
		if err != nil || v2.Number != 2 {
			t.Fatalf("second draft: %v %v", v2, err)
		}
		if cur, _ := s.InForce(ctx); cur.ID != v1.ID {
			t.Fatal("a draft must not be in force")
		}
		if ok, _ := s.CategoryExists(ctx, "honorary"); !ok {
			t.Fatal("honorary exists in the version in force")
		}
		adopt(t, s, v2.ID)
		cur, _ := s.InForce(ctx)
		if cur.ID != v2.ID || len(cur.Rules.Categories) != 2 {
			t.Fatalf("in force: %+v", cur)
		}
		old, _ := s.Get(ctx, v1.ID)
		if old.Status != statutesversion.StatusSuperseded || old.SupersededAt == nil {
			t.Fatalf("v1 after v2: %s", old.Status)
		}
		if ok, _ := s.CategoryExists(ctx, "honorary"); ok {
			t.Fatal("honorary is gone from the version in force")
		}
	})
}

func TestAnAdoptedVersionIsNeverEdited(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := statutes.NewService(db.Ent)
		v, _ := s.CreateDraft(ctx, draft())
		adopt(t, s, v.ID)
		d := draft()
		d.TextFr = "Texte modifié"
		if err := s.UpdateDraft(ctx, v.ID, d); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("editing an adopted version: %v", err)
		}
		if err := s.Adopt(ctx, v.ID, statutes.Adoption{AdoptedOn: time.Now(), Reference: "x"}); !errors.Is(err, apperr.ErrConflict) {
			t.Fatalf("adopting twice: %v", err)
		}
		got, _ := s.Get(ctx, v.ID)
		if got.TextFr == "Texte modifié" {
			t.Fatal("the adopted text changed")
		}
	})
}

func TestAnAdoptionNeedsADateAndAResolution(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := statutes.NewService(db.Ent)
		v, _ := s.CreateDraft(ctx, draft())
		err := s.Adopt(ctx, v.ID, statutes.Adoption{AdoptedOn: time.Now().AddDate(0, 0, 2)})
		ve, ok := apperr.AsValidation(err)
		if !ok || ve.Fields["adopted_on"].Key != "statutes.error.adoption_in_future" || ve.Fields["reference"].Key != "error.required" {
			t.Fatalf("got %v", err)
		}
		// The database refuses an in-force version without its adoption record.
		if err := db.Ent.StatutesVersion.UpdateOneID(v.ID).SetStatus(statutesversion.StatusInForce).Exec(ctx); err == nil {
			t.Fatal("the check constraint let a version in force without adoption")
		}
	})
}

func TestTheDatabaseKeepsAtMostOneVersionInForce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := statutes.NewService(db.Ent)
		a, _ := s.CreateDraft(ctx, draft())
		b, _ := s.CreateDraft(ctx, draft())
		adopt(t, s, a.ID)
		now := time.Now()
		err := db.Ent.StatutesVersion.UpdateOneID(b.ID).SetStatus(statutesversion.StatusInForce).
			SetAdoptedOn(now).SetAdoptionReference("forged").Exec(ctx)
		if err == nil {
			t.Fatal("the partial unique index let two versions be in force")
		}
	})
}

// The version in force on a day is the last one adopted by then, by its
// adoption date: a decision about a past day reads the rules of that day.
func TestTheVersionInForceOnADayIsTheLastAdoptedByThen(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := statutes.NewService(db.Ent)
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
		if _, err := s.InForceOn(ctx, day(2024, 1, 1)); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("before any adoption: %v", err)
		}
		first, _ := s.CreateDraft(ctx, draft())
		if err := s.Adopt(ctx, first.ID, statutes.Adoption{AdoptedOn: day(2022, 3, 26), Reference: "AGC", RecordedBy: 1}); err != nil {
			t.Fatal(err)
		}
		amended := draft()
		amended.Rules.Eligibility.MinSeniorityMonthsToVote = 12
		second, _ := s.CreateDraft(ctx, amended)
		early := statutes.Adoption{AdoptedOn: day(2021, 1, 1), Reference: "AGE", RecordedBy: 1}
		if err := s.Adopt(ctx, second.ID, early); apperrField(err, "adopted_on") != "statutes.error.adoption_before_in_force" {
			t.Fatalf("adopted before the version in force: %v", err)
		}
		if err := s.Adopt(ctx, second.ID, statutes.Adoption{AdoptedOn: day(2025, 6, 12), Reference: "AGE", RecordedBy: 1}); err != nil {
			t.Fatal(err)
		}
		for on, want := range map[time.Time]int{
			day(2022, 3, 25): 0, day(2022, 3, 26): first.ID, day(2025, 6, 11): first.ID,
			day(2025, 6, 12).Add(23 * time.Hour): second.ID, day(2026, 1, 1): second.ID,
		} {
			v, err := s.InForceOn(ctx, on)
			switch {
			case want == 0 && !errors.Is(err, apperr.ErrNotFound):
				t.Errorf("on %s: %v, want none", on, err)
			case want != 0 && (err != nil || v.ID != want):
				t.Errorf("on %s: %v %v, want version %d", on, v, err, want)
			}
		}
		v, _ := s.InForceOn(ctx, day(2024, 1, 1))
		if v.Rules.Eligibility.MinSeniorityMonthsToVote != governance.OMSN().Eligibility.MinSeniorityMonthsToVote {
			t.Fatalf("2024 read the amended rules: %+v", v.Rules.Eligibility)
		}
	})
}

func apperrField(err error, field string) string {
	if v, ok := apperr.AsValidation(err); ok {
		return v.Fields[field].Key
	}
	return ""
}
