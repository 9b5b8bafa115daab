package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/omsn/majlis/ent/duescharge"
	"github.com/omsn/majlis/ent/duesperiod"
	"github.com/omsn/majlis/ent/importrun"
	"github.com/omsn/majlis/ent/job"
	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/app"
	"github.com/omsn/majlis/internal/apptest"
	"github.com/omsn/majlis/internal/auth"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/demo"
	"github.com/omsn/majlis/internal/members"
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

// largeRoster is a clean roster of n people, large enough to be imported
// in the background.
func largeRoster(n int) []byte {
	var file strings.Builder
	file.WriteString("Nom;Prénom;Courriel;Catégorie\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&file, "Nom%d;Prénom%d;grand%d@example.ma;active\n", i, i, i)
	}
	return []byte(file.String())
}

// waitForImport reloads a run's page until it no longer shows it running.
func waitForImport(t *testing.T, c *apptest.Client, run string) *apptest.Response {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		r := c.Get(run)
		if r.Status != http.StatusOK && r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("progress page: %d", r.Status)
		}
		if !strings.Contains(r.Body, `id="import-running"`) {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatal("the import did not finish")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestALargeImportRunsOnTheJobQueueAndShowsItsProgressToItsAuthorOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		before := db.Ent.Member.Query().CountX(ctx)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		treasurer := env.Client(t)
		treasurer.SignIn("youssef.benali@omsn.example", demo.AdminPassword)
		r := sg.PostFile("/board/import", url.Values{"action": {"import"}}, "file", "grande-liste.csv", largeRoster(1500))
		run := r.Header.Get("Location")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(run, "/board/import/runs/") {
			t.Fatalf("large import: %d → %q", r.Status, run)
		}
		// The run waits in the queue, durably, until a worker takes it.
		if db.Ent.ImportRun.Query().CountX(ctx) != 1 || db.Ent.Job.Query().Where(job.Kind(members.ImportJob)).CountX(ctx) != 1 {
			t.Fatal("the import is not stored with its job")
		}
		r = sg.Get(run)
		if !strings.Contains(r.Body, `id="import-running"`) || !strings.Contains(r.Body, text("fr", "import.waiting")) {
			t.Fatalf("the queued import is not shown waiting: %d", r.Status)
		}
		// Another board member cannot follow someone else's import.
		if r := treasurer.Get(run); r.Status != http.StatusNotFound {
			t.Fatalf("someone else's import: %d", r.Status)
		}
		if r := sg.Get("/board/import/runs/999999"); r.Status != http.StatusNotFound {
			t.Fatalf("an unknown import: %d", r.Status)
		}
		if db.Target.Dialect == database.Postgres {
			// Hold the members table so that the import waits to write
			// once its rows are checked: the page shows the progress the
			// worker stored in the database.
			blocker, err := db.SQL.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer blocker.Rollback()
			if _, err := blocker.Exec("LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE"); err != nil {
				t.Fatal(err)
			}
			worked := make(chan error, 1)
			go func() { _, err := env.Worker.RunOnce(context.Background()); worked <- err }()
			for {
				r = sg.Get(run)
				if strings.Contains(r.Body, text("fr", "import.progress", map[string]any{"Checked": "1\u202f500", "Written": "0", "Rows": "1\u202f500"})) {
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
			if err := <-worked; err != nil {
				t.Fatal(err)
			}
		} else {
			env.RunJobs(t)
		}
		r = waitForImport(t, sg, run)
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
		// The uploaded file is not kept once the run has finished.
		if ir := db.Ent.ImportRun.Query().OnlyX(ctx); len(ir.File) != 0 {
			t.Fatalf("the finished run keeps its file (%d bytes)", len(ir.File))
		}
		// Running the job again (delivery is at least once) imports nothing twice.
		j := db.Ent.Job.Query().Where(job.Kind(members.ImportJob)).OnlyX(ctx)
		db.Ent.Job.UpdateOne(j).SetStatus(job.StatusPending).ExecX(ctx)
		env.RunJobs(t)
		if got := db.Ent.Member.Query().CountX(ctx); got != before+1500 {
			t.Fatalf("running the job again imported %d more", got-before-1500)
		}
	})
}

// The job is in the database: an instance that did not start the import
// runs it, even after the one that took it died mid-way, and the page on
// the first instance shows the report.
func TestAnImportSurvivesItsWorkerAndIsRunByAnotherInstance(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		r := sg.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "grande-liste.csv", largeRoster(1200))
		run := r.Header.Get("Location")
		if r.Status != http.StatusSeeOther {
			t.Fatalf("large check: %d", r.Status)
		}
		// A worker took the job, then its instance was killed: the job is
		// left running under a lease that has expired.
		j := db.Ent.Job.Query().Where(job.Kind(members.ImportJob)).OnlyX(ctx)
		db.Ent.Job.UpdateOne(j).SetStatus(job.StatusRunning).SetLease("dead").SetAttempts(1).
			SetLockedUntil(time.Now().Add(-time.Second)).ExecX(ctx)
		db.Ent.ImportRun.Update().SetStatus(importrun.StatusRunning).SetRows(1200).SetChecked(500).ExecX(ctx)
		if r := sg.Get(run); !strings.Contains(r.Body, text("fr", "import.progress", map[string]any{"Checked": "500", "Written": "0", "Rows": "1\u202f200"})) {
			t.Fatal("the page does not show the progress stored")
		}
		// Another instance: its own services and worker on the same database.
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		other, err := app.NewServices(ctx, env.Config, log, db, app.Options{HashParams: auth.FastHashParams})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := app.NewWorker(env.Config, log, db, other).RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("the other instance ran %d jobs: %v", n, err)
		}
		r = waitForImport(t, sg, run)
		if !strings.Contains(r.Body, `id="import-checked"`) || !strings.Contains(r.Body, text("fr", "import.checked", map[string]any{"Rows": "1\u202f200"})) {
			t.Fatalf("the report is not shown: %d", r.Status)
		}
		if j := db.Ent.Job.GetX(ctx, j.ID); j.Status != job.StatusDone {
			t.Fatalf("job %s", j.Status)
		}
	})
}

// A board member has at most two imports waiting or running; the file of a
// refused one is not kept.
func TestABoardMemberWaitsForTwoUnfinishedImportsBeforeStartingAThird(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		file := largeRoster(1100)
		for i := range members.MaxUnfinishedImports {
			if r := sg.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "l.csv", file); r.Status != http.StatusSeeOther {
				t.Fatalf("import %d: %d", i+1, r.Status)
			}
		}
		r := sg.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "l.csv", file)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, text("fr", "import.error.busy")) {
			t.Fatalf("a third import: %d", r.Status)
		}
		if n := db.Ent.ImportRun.Query().CountX(t.Context()); n != members.MaxUnfinishedImports {
			t.Fatalf("%d runs stored", n)
		}
		env.RunJobs(t)
		if r := sg.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "l.csv", file); r.Status != http.StatusSeeOther {
			t.Fatalf("an import once the others finished: %d", r.Status)
		}
	})
}

// A background import refused as a whole says why on its page; one that
// cannot be run, once its tries are spent, says so and writes nothing.
func TestABackgroundImportShowsARefusedFileAndAFailureOnItsPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		unknown := []byte("A;B\n" + strings.Repeat("x;y\n", 1100))
		r := sg.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "l.csv", unknown)
		refused := r.Header.Get("Location")
		env.RunJobs(t)
		r = waitForImport(t, sg, refused)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, text("fr", "import.error.no_columns")) {
			t.Fatalf("refused file: %d", r.Status)
		}

		before := db.Ent.Member.Query().CountX(ctx)
		r = sg.PostFile("/board/import", url.Values{"action": {"import"}}, "file", "l.csv", largeRoster(1100))
		failing := r.Header.Get("Location")
		// The database loses the table of member events: the import cannot write.
		if _, err := db.SQL.ExecContext(ctx, "ALTER TABLE member_events RENAME TO member_events_away"); err != nil {
			t.Fatal(err)
		}
		j := db.Ent.Job.Query().Where(job.Kind(members.ImportJob), job.StatusEQ(job.StatusPending)).OnlyX(ctx)
		env.RunJobs(t)
		if r := sg.Get(failing); !strings.Contains(r.Body, `id="import-running"`) || !strings.Contains(r.Body, text("fr", "import.waiting")) {
			t.Fatal("a failed try is not shown waiting for the next")
		}
		// The last try fails too.
		db.Ent.Job.UpdateOneID(j.ID).SetAttempts(j.MaxAttempts - 1).SetRunAt(time.Now().Add(-time.Second)).ExecX(ctx)
		env.RunJobs(t)
		if _, err := db.SQL.ExecContext(ctx, "ALTER TABLE member_events_away RENAME TO member_events"); err != nil {
			t.Fatal(err)
		}
		r = waitForImport(t, sg, failing)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, text("fr", "import.error.failed")) {
			t.Fatalf("failed import: %d", r.Status)
		}
		if got := db.Ent.Job.GetX(ctx, j.ID); got.Status != job.StatusFailed {
			t.Fatalf("job %s", got.Status)
		}
		if db.Ent.Member.Query().CountX(ctx) != before {
			t.Fatal("a failed import wrote members")
		}
	})
}

func TestTheImportAcceptsCategoryNamesAndListsTheAcceptedOnesInThePagesLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		good := []byte("Nom;Prénom;Courriel;Catégorie\nTazi;Karim;karim@example.ma;Membre actif\n" +
			"Lahlou;Imane;imane@example.ma;Founding member\nالعلوي;محمد;alaoui@example.ma;عضو نشيط\nSkalli;Ghita;ghita@example.ma;honorary\n")
		if r := sg.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "liste.csv", good); r.Status != http.StatusOK ||
			!strings.Contains(r.Body, `id="import-checked"`) {
			t.Fatalf("names and codes of categories: %d", r.Status)
		}
		bad := []byte("Nom;Prénom;Courriel;Catégorie\nTazi;Karim;karim@example.ma;Membre émérite\n")
		for lang, want := range map[string][]string{
			"fr": {"Catégories acceptées : Membre fondateur, Membre actif, Membre d’honneur, Membre institutionnel.", "<td>Catégorie</td>"},
			// In Arabic a message's values are isolated (U+2068…U+2069).
			"ar": {"الفئات المقبولة: \u2068عضو مؤسس، عضو نشيط، عضو شرفي، عضو مؤسساتي\u2069.", "<td>الفئة</td>"},
			"en": {"Accepted categories: Founding member, Active member, Honorary member, Institutional member.", "<td>Category</td>"},
		} {
			sg.Post("/language", url.Values{"lang": {lang}})
			r := sg.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "liste.csv", bad)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: %d", lang, r.Status)
			}
			for _, w := range want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s: the problem lacks %q", lang, w)
				}
			}
			// The mapping names the columns in words.
			for _, code := range []string{">joined_on<", ">first_name<", ">organisation_name<", ">category<"} {
				if strings.Contains(r.Body, code) {
					t.Errorf("%s: the page shows the code %s", lang, code)
				}
			}
			mustSay(t, r.Body, lang, "import.column.joined_on")
			mustSay(t, r.Body, lang, "import.column.first_name")
		}
	})
}

func TestTheImportPageOffersASampleFileTheImportReads(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		env := apptest.New(t, db, nil)
		ctx := t.Context()
		sg := env.Client(t)
		sg.SignIn(secretaryGeneral, demo.AdminPassword)
		if page := sg.Get("/board/import"); !strings.Contains(page.Body, `href="/board/import/sample.csv"`) {
			t.Fatal("the import page offers no sample file")
		}
		for _, lang := range languages {
			sg.Post("/language", url.Values{"lang": {lang}})
			r := sg.Get("/board/import/sample.csv")
			if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
				!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
				t.Fatalf("%s: sample %d %v", lang, r.Status, r.Header)
			}
			if !strings.Contains(r.Body, text(lang, "import.column.last_name")) || !strings.Contains(r.Body, "Association Tech Rabat") {
				t.Errorf("%s: the sample lacks the translated header or the example rows:\n%s", lang, r.Body)
			}
			check := sg.PostFile("/board/import", url.Values{"action": {"check"}}, "file", "sample.csv", []byte(r.Body))
			if check.Status != http.StatusOK || !strings.Contains(check.Body, `id="import-checked"`) {
				t.Errorf("%s: the sample does not pass the check (%d)", lang, check.Status)
			}
		}
		sample := sg.Get("/board/import/sample.csv").Body
		r := sg.PostFile("/board/import", url.Values{"action": {"import"}}, "file", "sample.csv", []byte(sample))
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="import-done"`) {
			t.Fatalf("importing the sample: %d", r.Status)
		}
		if !db.Ent.Member.Query().Where(member.OrganisationName("Association Tech Rabat"), member.Category("institutional")).ExistX(ctx) {
			t.Error("the sample's organisation was not imported into the organisations' category")
		}
		// Only the board reads it.
		if r := env.Client(t).Get("/board/import/sample.csv"); r.Status == http.StatusOK {
			t.Error("a visitor downloads the sample")
		}
	})
}
