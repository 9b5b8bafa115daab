package statutes_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/statutesversion"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/statutes"
	"github.com/omsn/majlis/internal/testdb"
)

func draft() statutes.Draft {
	return statutes.Draft{Title: "Statuts", TextFr: "# Statuts\n\nArticle 1.", Rules: demo.OMSNRules()}
}

func adopt(t *testing.T, s *statutes.Service, id int) {
	t.Helper()
	if err := s.Adopt(context.Background(), id, statutes.Adoption{
		AdoptedOn: time.Date(2022, 3, 26, 0, 0, 0, 0, time.UTC), Reference: "AGC, résolution 1", RecordedBy: 1,
	}); err != nil {
		t.Fatal(err)
	}
}

func TestTheDemoRulesAreValid(t *testing.T) {
	if err := demo.OMSNRules().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestInvalidRulesAreRefusedWithTheFieldNamed(t *testing.T) {
	cases := map[string]struct {
		change func(*statutes.Rules)
		field  string
		key    string
	}{
		"no president": {func(r *statutes.Rules) { r.Positions = r.Positions[1:] }, "positions", "statutes.error.no_president"},
		"zero seats":   {func(r *statutes.Rules) { r.Positions[4].Seats = 0 }, "positions.4.seats", "statutes.error.positive"},
		"zero term":    {func(r *statutes.Rules) { r.Positions[0].TermYears = 0 }, "positions.0.term_years", "statutes.error.positive"},
		"bad office":   {func(r *statutes.Rules) { r.Positions[1].Office = "emperor" }, "positions.1.office", "error.choice_invalid"},
		"duplicate category": {func(r *statutes.Rules) { r.Categories[1].Code = "founding" },
			"categories.1.code", "statutes.error.duplicate_code"},
		"negative dues": {func(r *statutes.Rules) { r.Categories[0].DuesAmount = -1 }, "categories.0.dues_amount", "statutes.error.negative"},
		"nobody votes": {func(r *statutes.Rules) {
			for i := range r.Categories {
				r.Categories[i].MayVote = false
			}
		}, "categories", "statutes.error.no_voting_category"},
		"unnamed category": {func(r *statutes.Rules) { r.Categories[2].Names.Fr = "" }, "categories.2.names.fr", "error.required"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := demo.OMSNRules()
			c.change(&r)
			v, ok := apperr.AsValidation(r.Validate())
			if !ok || v.Fields[c.field].Key != c.key {
				t.Fatalf("got %v, want %s on %s", r.Validate(), c.key, c.field)
			}
		})
	}
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
