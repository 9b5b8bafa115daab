package members_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/internal/database"
	"github.com/omsn/majlis/internal/members"
	"github.com/omsn/majlis/internal/testdb"
)

// The attack of issue 11: one imported number at the 64-bit maximum raised
// the member-number sequence to it, and every later approval failed.
func TestAnImportedNumberOutOfRangeIsRefusedAndApprovalsKeepWorking(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		csv := "Numéro;Prénom;Nom;Courriel;Catégorie\n" +
			"OMSN-00012;Amina;Bennani;amina@example.ma;active\n" +
			"OMSN-9223372036854775807;Omar;El Fassi;omar@example.ma;active\n" +
			"OMSN-99999999999999999999;Hajar;Amrani;hajar@example.ma;active\n" +
			"+212612345678;Karim;Tazi;karim@example.ma;active\n" +
			"OMSN-1000000001;Imane;Lahlou;imane@example.ma;active\n" +
			"OMSN-1000000000;Reda;Kettani;reda@example.ma;active\n"
		for _, dry := range []bool{true, false} {
			rep, err := s.ImportCSV(ctx, strings.NewReader(csv), members.ImportOptions{ActorID: 1, DryRun: dry})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.Field+"@"+strconv.Itoa(p.Line)+":"+p.Key)
			}
			want := "number@3:import.error.number_range number@4:import.error.number_range " +
				"number@5:import.error.number_range number@6:import.error.number_range"
			if strings.Join(got, " ") != want {
				t.Fatalf("dry run %v: problems %v, want %s", dry, got, want)
			}
			if rep.Imported != 0 {
				t.Fatal("a file with an out-of-range number was imported")
			}
		}
		if n, err := db.Ent.Sequence.Query().Count(ctx); err != nil || n != 0 {
			t.Fatalf("the refused import touched the sequence (%d, %v)", n, err)
		}
		// The largest number allowed is imported, and numbering goes on
		// after it.
		ok := "Numéro;Prénom;Nom;Courriel;Catégorie\nOMSN-1000000000;Reda;Kettani;reda@example.ma;active\n"
		if rep, err := s.ImportCSV(ctx, strings.NewReader(ok), members.ImportOptions{ActorID: 1}); err != nil || rep.Imported != 1 {
			t.Fatalf("import at the limit: %+v %v", rep, err)
		}
		app := apply(t, s, "new@example.ma")
		if err := s.Approve(ctx, app.ID, "active", members.Decision{ActorID: 1}); err != nil {
			t.Fatalf("approval after the import: %v", err)
		}
		if got, _ := s.Get(ctx, app.ID); *got.Number != "OMSN-1000000001" {
			t.Fatalf("next number %s", *got.Number)
		}
	})
}

// A database error while reading the number prefix fails the approval
// rather than numbering the member without the prefix.
func TestApprovalFailsWhenTheNumberPrefixCannotBeRead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(t, db)
		app := apply(t, s, "new@example.ma")
		// The association's table is renamed away: reading the prefix fails
		// with a database error, not "no association".
		if _, err := db.SQL.ExecContext(ctx, "ALTER TABLE associations RENAME TO associations_away"); err != nil {
			t.Fatal(err)
		}
		err := s.Approve(ctx, app.ID, "active", members.Decision{ActorID: 1})
		if err == nil || !strings.Contains(err.Error(), "member number prefix") {
			t.Fatalf("approval without a readable prefix: %v", err)
		}
		if _, err := db.SQL.ExecContext(ctx, "ALTER TABLE associations_away RENAME TO associations"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, app.ID); got.Number != nil {
			t.Fatalf("the member was numbered %s", *got.Number)
		}
		var nf *ent.NotFoundError
		if errors.As(err, &nf) {
			t.Fatal("the database error was taken for a missing association")
		}
	})
}
