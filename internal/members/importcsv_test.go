package members_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/apperr"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

const goodCSV = "\ufeffNuméro;Prénom;Nom;Courriel;Catégorie;Statut;Date d'adhésion\n" +
	"OMSN-00120;Amina;Bennani;amina@example.ma;active;active;15/03/2019\n" +
	";Omar;El Fassi;omar@example.ma;founding;;2020-01-10\n" +
	"OMSN-00007;Hajar;Amrani;hajar@example.ma;honorary;resigned;\n"

func TestACleanRosterImportsAllRowsWithLegacyNumbersKept(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		dry, err := s.ImportCSV(ctx, strings.NewReader(goodCSV), members.ImportOptions{ActorID: 1, DryRun: true})
		if err != nil || len(dry.Problems) != 0 || dry.Rows != 3 || dry.Imported != 0 {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		if n, _ := db.Ent.Member.Query().Count(ctx); n != 0 {
			t.Fatal("the dry run wrote members")
		}
		rep, err := s.ImportCSV(ctx, strings.NewReader(goodCSV), members.ImportOptions{ActorID: 1})
		if err != nil || rep.Imported != 3 {
			t.Fatalf("import: %+v %v", rep, err)
		}
		omar := db.Ent.Member.Query().Where(member.Email("omar@example.ma")).OnlyX(ctx)
		if *omar.Number != "OMSN-00121" || omar.Category != "founding" || omar.JoinedOn.Format("2006-01-02") != "2020-01-10" {
			t.Fatalf("new number must follow the highest legacy one: %s", *omar.Number)
		}
		amina := db.Ent.Member.Query().Where(member.Email("amina@example.ma")).OnlyX(ctx)
		if amina.JoinedOn.Format("2006-01-02") != "2019-03-15" {
			t.Fatalf("French date: %v", amina.JoinedOn)
		}
		// The next approval continues after the import.
		app := apply(t, s, "new@example.ma")
		if err := s.Approve(ctx, app.ID, "active", members.Decision{ActorID: 1}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, app.ID); *got.Number != "OMSN-00122" {
			t.Fatalf("next number %s", *got.Number)
		}
	})
}

func TestEveryBadRowIsReportedAndNothingIsWritten(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		apply(t, s, "taken@example.ma")
		csv := "email,last_name,first_name,category,joined_on,status\n" +
			"ok@example.ma,Tazi,Karim,active,2021-05-01,active\n" +
			"not-an-email,Lahlou,Imane,active,,\n" +
			"taken@example.ma,Kettani,Reda,active,,\n" +
			"ok@example.ma,Skalli,Ghita,active,,\n" +
			"ghita@example.ma,,Ghita,emeritus,31/31/2020,applicant\n"
		rep, err := s.ImportCSV(ctx, strings.NewReader(csv), members.ImportOptions{ActorID: 1})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, p := range rep.Problems {
			got[fmt.Sprintf("%d:%s:%s", p.Line, p.Field, p.Key)] = true
		}
		for _, want := range []string{"3:email:import.error.email", "4:email:import.error.email_exists",
			"5:email:import.error.duplicate_in_file", "6:name:import.error.name_missing", "6:category:import.error.category_accepted",
			"6:joined_on:import.error.date", "6:status:import.error.status_accepted"} {
			if !got[want] {
				t.Errorf("missing problem %s (got %v)", want, got)
			}
		}
		if rep.Imported != 0 {
			t.Fatal("rows were imported although some had problems")
		}
		if n, _ := db.Ent.Member.Query().Count(ctx); n != 1 {
			t.Fatalf("%d members: an import with problems wrote rows", n)
		}
	})
}

func TestAnUnreadableFileIsRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		for _, in := range []string{"", "only,a,header\n", "a,\"b\nc"} {
			_, err := s.ImportCSV(context.Background(), strings.NewReader(in), members.ImportOptions{ActorID: 1, DryRun: true})
			if _, ok := apperr.AsValidation(err); !ok {
				t.Errorf("%q: got %v, want a validation error on the file", in, err)
			}
		}
	})
}

// rosterCSV is a clean roster of n people.
func rosterCSV(n int) string {
	var b strings.Builder
	b.WriteString("Prénom;Nom;Courriel;Catégorie;Statut;Date d'adhésion\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Prénom%d;Nom%d;p%d@example.ma;active;active;2020-01-10\n", i, i, i)
	}
	return b.String()
}

func TestAnImportReportsItsProgressFromCheckingToWriting(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		var seen []members.ImportProgress
		rep, err := s.ImportCSV(context.Background(), strings.NewReader(rosterCSV(1200)), members.ImportOptions{
			ActorID: 1, Progress: func(p members.ImportProgress) { seen = append(seen, p) }})
		if err != nil || rep.Imported != 1200 {
			t.Fatalf("import: %+v %v", rep, err)
		}
		want := []members.ImportProgress{{Checked: 500, Rows: 1200}, {Checked: 1000, Rows: 1200}, {Checked: 1200, Rows: 1200}}
		for w := 200; w <= 1200; w += 200 {
			want = append(want, members.ImportProgress{Checked: 1200, Written: w, Rows: 1200})
		}
		if fmt.Sprint(seen) != fmt.Sprint(want) {
			t.Fatalf("progress\n got %v\nwant %v", seen, want)
		}
	})
}

// BenchmarkImport10k imports a clean roster of 10,000 rows on both
// databases: go test -run '^$' -bench Import10k -benchtime 1x ./internal/members/
func BenchmarkImport10k(b *testing.B) {
	file := rosterCSV(10_000)
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				var db *database.DB
				if dialect == "sqlite" {
					db = testdb.SQLite(b)
				} else {
					db = testdb.Postgres(b)
				}
				s := members.NewService(db.Ent, nil, omsnCategories)
				b.StartTimer()
				rep, err := s.ImportCSV(context.Background(), strings.NewReader(file), members.ImportOptions{ActorID: 1})
				if err != nil || rep.Imported != 10_000 {
					b.Fatalf("import: %+v %v", rep, err)
				}
			}
		})
	}
}
