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
