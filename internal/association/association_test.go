package association_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/association"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

func valid() association.Identity {
	return association.Identity{
		NameFr: "Association des amis de la bibliothèque", NameAr: "جمعية أصدقاء المكتبة",
		ShortNameFr: "AAB", SeatCity: "Fès", SeatCountry: "ma", Email: "Bureau@AAB.example",
		Website: "https://aab.example", RegistrationDate: "2021-05-03", FoundedOn: "2021-04-10",
	}
}

func TestANewInstallationGetsItsAssociationFromTheForm(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := association.NewService(db.Ent)
		if _, err := s.Get(ctx); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("before setup: %v, want not found", err)
		}
		a, err := s.Save(ctx, valid())
		if err != nil {
			t.Fatal(err)
		}
		if a.SeatCountry != "MA" || a.Email != "bureau@aab.example" || a.FoundedOn.Format("2006-01-02") != "2021-04-10" {
			t.Fatalf("stored %+v", a)
		}
		got, err := s.Get(ctx)
		if err != nil || got.ID != a.ID {
			t.Fatalf("get after save: %v %v", got, err)
		}
	})
}

func TestSavingAgainUpdatesTheOneAssociation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := association.NewService(db.Ent)
		if _, err := s.Save(ctx, valid()); err != nil {
			t.Fatal(err)
		}
		in := valid()
		in.NameEn = "Friends of the Library"
		in.FoundedOn = ""
		a, err := s.Save(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if a.NameEn != "Friends of the Library" || a.FoundedOn != nil {
			t.Fatalf("update not applied: %+v", a)
		}
		if n, _ := db.Ent.Association.Query().Count(ctx); n != 1 {
			t.Fatalf("%d associations, want 1", n)
		}
		// The cached identity is replaced at once.
		got, _ := s.Get(ctx)
		if got.NameEn != "Friends of the Library" {
			t.Fatalf("stale cache: %q", got.NameEn)
		}
	})
}

func TestInvalidFieldsAreNamedAndNothingIsWritten(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := association.NewService(db.Ent)
		in := valid()
		in.NameFr = "  "
		in.SeatCountry = "Maroc"
		in.Email = "not-an-email"
		in.Website = "javascript:alert(1)"
		in.RegistrationDate = "03/05/2021"
		in.NameAr = strings.Repeat("ج", 301) // 301 characters, 602 bytes
		_, err := s.Save(ctx, in)
		v, ok := apperr.AsValidation(err)
		if !ok {
			t.Fatalf("got %v, want a validation error", err)
		}
		want := map[string]string{
			"name_fr": "error.required", "seat_country": "error.country_code", "email": "error.email_invalid",
			"website": "error.url_invalid", "registration_date": "error.date_invalid", "name_ar": "error.too_long",
		}
		for f, key := range want {
			if v.Fields[f].Key != key {
				t.Errorf("%s: got %q, want %q", f, v.Fields[f].Key, key)
			}
		}
		if n, _ := db.Ent.Association.Query().Count(ctx); n != 0 {
			t.Fatal("an invalid identity was written")
		}
	})
}

// Lengths are characters, not bytes: 300 Arabic letters are accepted.
func TestArabicNamesUpToTheLimitAreAccepted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		in := valid()
		in.NameAr = strings.Repeat("م", 300)
		if _, err := association.NewService(db.Ent).Save(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAnIdentityReadInARolledBackTransactionIsNotCached(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := association.NewService(db.Ent)
		refused := errors.New("the change failed")
		err := database.WithTx(ctx, db.Ent, func(ctx context.Context) error {
			if _, err := s.Save(ctx, valid()); err != nil {
				return err
			}
			// Inside, the association is there: the read joins the
			// transaction.
			if _, err := s.Get(ctx); err != nil {
				t.Errorf("inside the transaction: %v", err)
			}
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("after the rollback: %v, want not found", err)
		}
	})
}
