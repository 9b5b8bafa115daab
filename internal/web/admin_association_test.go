package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

func associationForm(env *apptest.Env, t *testing.T) url.Values {
	a, err := env.Services.Association.Get(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{
		"name_fr": {a.NameFr}, "name_ar": {a.NameAr}, "name_en": {a.NameEn},
		"short_name_fr": {a.ShortNameFr}, "seat_city": {a.SeatCity}, "seat_country": {a.SeatCountry},
		"email": {a.Email}, "website": {a.Website},
	}
}

func TestAdministratorEditsTheAssociationIdentity(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.SignIn(demo.AdminEmail, demo.AdminPassword)
		if r := c.Get("/admin/association"); r.Status != http.StatusOK || !strings.Contains(r.Body, `value="Rabat"`) {
			t.Fatalf("form: %d", r.Status)
		}
		form := associationForm(env, t)
		form.Set("seat_city", "Casablanca")
		r := c.Post("/admin/association", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("save: %d", r.Status)
		}
		if home := c.Get("/"); !strings.Contains(home.Body, "Casablanca") {
			t.Fatal("the home page does not show the new seat")
		}
	})
}

func TestInvalidAssociationFormShowsTheFieldMessageInTheUsersLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.SignIn(demo.AdminEmail, demo.AdminPassword)
		c.Post("/language", url.Values{"lang": {"en"}})
		form := associationForm(env, t)
		form.Set("website", "ftp://omsn.example")
		form.Set("name_fr", "")
		r := c.Post("/admin/association", form)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", r.Status)
		}
		for _, want := range []string{"Enter a full web address starting with https://.", "This field is required.", `aria-invalid="true"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		a, _ := env.Services.Association.Get(t.Context())
		if a.NameFr == "" || a.Website != "https://omsn.example" {
			t.Fatal("the invalid form changed the stored identity")
		}
	})
}

func TestOnlyAdministratorsEditTheAssociation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		c := env.Client(t)
		c.SignIn("salma.idrissi@omsn.example", demo.AdminPassword)
		if r := c.Get("/admin/association"); r.Status != http.StatusForbidden {
			t.Fatalf("GET as a plain account: %d, want 403", r.Status)
		}
		form := associationForm(env, t)
		form.Set("name_fr", "Pirate")
		if r := c.Post("/admin/association", form); r.Status != http.StatusForbidden {
			t.Fatalf("POST as a plain account: %d, want 403", r.Status)
		}
		if a, _ := env.Services.Association.Get(t.Context()); a.NameFr == "Pirate" {
			t.Fatal("a refused request changed the association")
		}
	})
}
