package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/duesperiod"
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
		r = sg.PostFile("/board/import", url.Values{"action": {"import"}, "charge_dues": {"on"}}, "file", "liste.csv", good)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="import-done"`) {
			t.Fatalf("import: %d", r.Status)
		}
		if !db.Ent.Member.Query().Where(member.Email("imane@example.ma"), member.NumberNotNil()).ExistX(ctx) {
			t.Fatal("the imported member has no number")
		}
		// Imported members owe the periods already open, like admitted ones.
		open := db.Ent.DuesPeriod.Query().Where(duesperiod.EndsOnGT(time.Now())).CountX(ctx)
		if open == 0 {
			t.Fatal("the demo has no open dues period")
		}
		for _, email := range []string{"karim@example.ma", "imane@example.ma"} {
			n := db.Ent.DuesCharge.Query().Where(duescharge.HasMemberWith(member.Email(email))).CountX(ctx)
			if n != open {
				t.Errorf("%s has %d charges, want one per open period (%d)", email, n, open)
			}
		}
		plain := env.Client(t)
		plain.SignIn(plainMember, demo.AdminPassword)
		if r := plain.PostFile("/board/import", url.Values{"action": {"import"}}, "file", "x.csv", good); r.Status != http.StatusForbidden {
			t.Fatalf("a member imports: %d", r.Status)
		}
	})
}

func TestALargeImportRunsInTheBackgroundAndShowsItsProgressToItsAuthorOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		var file strings.Builder
		file.WriteString("Nom;Prénom;Courriel;Catégorie\n")
		for i := 0; i < 1500; i++ {
			fmt.Fprintf(&file, "Nom%d;Prénom%d;grand%d@example.ma;active\n", i, i, i)
		}
		before := db.Ent.Member.Query().CountX(ctx)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		treasurer := env.Client(t)
		treasurer.SignIn("youssef.benali@omsn.example", demo.AdminPassword)
		// Hold the database's write lock so that the import waits to write
		// once its rows are checked, and its progress can be seen.
		blocker, err := db.SQL.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer blocker.Rollback()
		lock := "UPDATE members SET updated_at = updated_at WHERE id = (SELECT MIN(id) FROM members)"
		if db.Target.Dialect == database.Postgres {
			lock = "LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE"
		}
		if _, err := blocker.Exec(lock); err != nil {
			t.Fatal(err)
		}
		r := sg.PostFile("/board/import", url.Values{"action": {"import"}}, "file", "grande-liste.csv", []byte(file.String()))
		run := r.Header.Get("Location")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(run, "/board/import/runs/") {
			t.Fatalf("large import: %d → %q", r.Status, run)
		}
		// Another board member cannot follow someone else's import.
		if r := treasurer.Get(run); r.Status != http.StatusNotFound {
			t.Fatalf("someone else's import: %d", r.Status)
		}
		for {
			r = sg.Get(run)
			if strings.Contains(r.Body, text("fr", "import.progress", map[string]any{"Checked": 1500, "Written": 0, "Rows": 1500})) {
				break
			}
			if !strings.Contains(r.Body, `id="import-running"`) {
				t.Fatalf("the import is not shown running: %d", r.Status)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !strings.Contains(r.Body, `<meta http-equiv="refresh" content="1">`) || !strings.Contains(r.Body, `<progress id="import-progress" value="50"`) {
			t.Fatal("the running import's page neither refreshes nor shows its progress")
		}
		if err := blocker.Rollback(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(2 * time.Minute)
		for {
			r = sg.Get(run)
			if r.Status != http.StatusOK {
				t.Fatalf("progress page: %d", r.Status)
			}
			if !strings.Contains(r.Body, `id="import-running"`) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the import did not finish")
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !strings.Contains(r.Body, `id="import-done"`) || strings.Contains(r.Body, `http-equiv="refresh"`) {
			t.Fatal("the finished import shows no report")
		}
		if got := db.Ent.Member.Query().CountX(ctx); got != before+1500 {
			t.Fatalf("%d members imported, want 1500", got-before)
		}
		// The box to charge the open periods was left unticked.
		if n := db.Ent.DuesCharge.Query().Where(duescharge.HasMemberWith(member.EmailHasPrefix("grand"))).CountX(ctx); n != 0 {
			t.Fatalf("%d charges for members imported without them", n)
		}
	})
}
