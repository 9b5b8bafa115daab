package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/testdb"
)

func TestTheBoardChecksThenImportsARosterFile(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		bad := []byte("Nom;Prénom;Courriel;Catégorie\nTazi;Karim;karim-at-example;active\nLahlou;Imane;imane@example.ma;emeritus\n")
		r := sg.PostFile("/board/import", url.Values{"action": {"import"}}, "file", "liste.csv", bad)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Adresse électronique invalide.") ||
			!strings.Contains(r.Body, "Catégorie inconnue des statuts en vigueur.") {
			t.Fatalf("bad file: %d", r.Status)
		}
		before := db.Ent.Member.Query().CountX(ctx)
		good := []byte("Nom;Prénom;Courriel;Catégorie\nTazi;Karim;karim@example.ma;active\nLahlou;Imane;imane@example.ma;founding\n")
		r = sg.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "liste.csv", good)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="import-checked"`) {
			t.Fatalf("check: %d", r.Status)
		}
		if db.Ent.Member.Query().CountX(ctx) != before {
			t.Fatal("checking wrote members")
		}
		r = sg.PostFile("/board/import", url.Values{"action": {"import"}}, "file", "liste.csv", good)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="import-done"`) {
			t.Fatalf("import: %d", r.Status)
		}
		if !db.Ent.Member.Query().Where(member.Email("imane@example.ma"), member.NumberNotNil()).ExistX(ctx) {
			t.Fatal("the imported member has no number")
		}
		plain := env.Client(t)
		plain.SignIn(plainMember, demo.AdminPassword)
		if r := plain.PostFile("/board/import", url.Values{"action": {"import"}}, "file", "x.csv", good); r.Status != http.StatusForbidden {
			t.Fatalf("a member imports: %d", r.Status)
		}
	})
}
