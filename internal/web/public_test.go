package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/testdb"
)

func TestVisitorsReadTheStatutesInTheirLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		for lang, want := range map[string]string{
			"fr": "<h2>Article 1 — Dénomination</h2>",
			"ar": "<h2>المادة 1 — التسمية</h2>",
			"en": "<h2>Article 1 — Name</h2>",
		} {
			c := env.Client(t)
			c.Header.Set("Accept-Language", lang)
			r := c.Get("/statutes")
			if r.Status != http.StatusOK || !strings.Contains(r.Body, want) || !strings.Contains(r.Body, "AGC du 26 mars 2022") {
				t.Errorf("%s: %d, missing %q", lang, r.Status, want)
			}
		}
	})
}

func TestThePublicBoardShowsEveryOfficeAndItsHolder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		r := env.Client(t).Get("/board")
		if r.Status != http.StatusOK {
			t.Fatal(r.Status)
		}
		for _, want := range []string{"Secrétaire général(e)", "Salma Idrissi", "Trésorier(ère)", "Youssef Benali", "Président(e)", "Assesseur(e)"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("board page lacks %q", want)
			}
		}
		if strings.Contains(r.Body, "poste vacant") {
			t.Error("the demo board has a vacancy")
		}
	})
}
